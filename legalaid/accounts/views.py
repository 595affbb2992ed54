"""Administration of users and organisations (admins only)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from legalaid.accounts import bp
from legalaid.accounts.forms import (
    ConfirmForm,
    OrganisationForm,
    UserFilterForm,
    UserForm,
)
from legalaid.accounts.models import Organisation, User
from legalaid.accounts.services import (
    AccountError,
    NewAccount,
    create_user,
    find_organisation,
    normalise_email,
    reset_password,
    revoke_access,
    save_organisation,
    set_active,
    unlock,
    update_user,
)
from legalaid.audit.services import audit_now
from legalaid.auth.mfa import reset_second_factor
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.formutils import choices
from legalaid.permissions import Permission, requires
from legalaid.queryargs import page_arg
from legalaid.reference.models import Prison
from legalaid.timeutils import utcnow


def _get_or_404(model: type, object_id: int):
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def _organisation_choices() -> list[tuple[int, str]]:
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    return [(0, _("— none (administrators; prison officers: the prison administration) —"))] + [
        (o.id, o.name) for o in organisations
    ]


def _prepare_user_form(form: UserForm) -> None:
    form.organisation_id.choices = choices(_organisation_choices())
    prisons = db.session.scalars(select(Prison).order_by(Prison.name))
    form.prison_ids.choices = choices((p.id, p.name) for p in prisons)


def _user_fields(form: UserForm) -> dict:
    """The submitted user fields, as model attributes."""
    organisation = db.session.get(Organisation, form.organisation_id.data or 0)
    chosen = form.prison_ids.data or []
    prisons = list(db.session.scalars(select(Prison).where(Prison.id.in_(chosen))))
    return {
        "email": normalise_email(form.email.data),
        "full_name": form.full_name.data.strip(),
        "role": form.role.data,
        "organisation": organisation,
        "prisons": prisons,
        "phone": (form.phone.data or "").strip() or None,
        "preferred_language": form.preferred_language.data,
    }


@bp.get("/users")
@requires(Permission.MANAGE_ACCOUNTS)
def users():
    """All accounts, searchable and filtered, 50 to a page."""
    filters = UserFilterForm(request.args)
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name))
    filters.organisation_id.choices = choices(
        [("", _("All organisations")), *((str(o.id), o.name) for o in organisations)]
    )
    query = select(User).order_by(User.full_name, User.id)
    if filters.validate():
        if filters.q.data:
            pattern = f"%{filters.q.data.strip().lower()}%"
            query = query.where(
                or_(func.lower(User.full_name).like(pattern), User.email.like(pattern))
            )
        if filters.role.data:
            query = query.where(User.role == filters.role.data)
        if filters.organisation_id.data:
            query = query.where(User.organisation_id == int(filters.organisation_id.data))
        status_filters = {
            "active": User.active.is_(True),
            "inactive": User.active.is_(False),
            "locked": User.locked_until > utcnow(),
        }
        if filters.status.data in status_filters:
            query = query.where(status_filters[filters.status.data])
    page = db.paginate(query, page=page_arg(), per_page=50, error_out=False)
    return render_template("accounts/users.html", page=page, filters=filters, now=utcnow())


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_ACCOUNTS)
def new_user():
    """Create an account; its first password is shown once."""
    form = UserForm()
    _prepare_user_form(form)
    if form.validate_on_submit():
        fields = _user_fields(form)
        try:
            account = create_user(**fields, by=current_user)
        except AccountError as error:
            form.form_errors.append(str(error))
        else:
            return render_template("accounts/password_once.html", account=account)
    return render_template("accounts/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_ACCOUNTS)
def edit_user(user_id: int):
    """Edit an account; a save by someone else in between is shown, not overwritten."""
    user = _get_or_404(User, user_id)
    form = UserForm(obj=user)
    _prepare_user_form(form)
    if request.method == "GET":
        form.organisation_id.data = user.organisation_id or 0
        form.prison_ids.data = [prison.id for prison in user.prisons]
    conflict = None
    if form.validate_on_submit():
        fields = _user_fields(form)
        try:
            update_user(user, fields, form.version.data or 0, by=current_user)
        except AccountError as error:
            form.form_errors.append(str(error))
        except EditConflict as error:
            conflict = user
            form.version.data = error.current_version
        else:
            flash(_("The account has been saved."), "success")
            return redirect(url_for("accounts.edit_user", user_id=user.id))
    return render_template(
        "accounts/user_form.html",
        form=form,
        user=user,
        conflict=conflict,
        confirm_form=ConfirmForm(),
        now=utcnow(),
    )


@bp.route(
    '/users/<int:user_id>/<any(deactivate, reactivate, "reset-password", "end-sessions", '
    '"reset-second-factor"):action>',
    methods=["GET", "POST"],
)
@requires(Permission.MANAGE_ACCOUNTS)
def confirm_user_action(user_id: int, action: str):
    """Deactivate, reactivate or reset a password, after a confirmation page."""
    user = _get_or_404(User, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            if action == "reset-password":
                account = NewAccount(user, reset_password(user, by=current_user))
                return render_template("accounts/password_once.html", account=account)
            if action == "end-sessions":
                revoke_access(user)
                audit_now("session_end_all", by=current_user, obj=user)
            elif action == "reset-second-factor":
                reset_second_factor(user)
                audit_now("mfa_reset", by=current_user, obj=user)
            else:
                set_active(user, action == "reactivate", by=current_user)
        except AccountError as error:
            flash(str(error), "danger")
        else:
            flash(_("The account has been saved."), "success")
        return redirect(url_for("accounts.edit_user", user_id=user.id))
    return render_template("accounts/confirm.html", form=form, user=user, action=action)


@bp.post("/users/<int:user_id>/unlock")
@requires(Permission.MANAGE_ACCOUNTS)
def unlock_user(user_id: int):
    """Lift a lockout after failed logins."""
    user = _get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        unlock(user, by=current_user)
        flash(_("The account is unlocked."), "success")
    return redirect(url_for("accounts.edit_user", user_id=user.id))


@bp.get("/organisations")
@requires(Permission.MANAGE_ACCOUNTS)
def organisations():
    """Partner organisations with their number of users."""
    rows = db.session.execute(
        select(Organisation, func.count(User.id))
        .outerjoin(User, User.organisation_id == Organisation.id)
        .group_by(Organisation.id)
        .order_by(Organisation.name)
    ).all()
    return render_template("accounts/organisations.html", rows=rows)


@bp.route("/organisations/new", methods=["GET", "POST"])
@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_ACCOUNTS)
def edit_organisation(organisation_id: int | None = None):
    """Create or edit an organisation (deactivate by unticking Active)."""
    organisation = _get_or_404(Organisation, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=organisation)
    conflict = None
    if form.validate_on_submit():
        fields = {
            "name": form.name.data.strip(),
            "kind": form.kind.data,
            "active": form.active.data,
        }
        namesake = find_organisation(fields["name"])
        if namesake is not None and namesake is not organisation:
            form.name.errors.append(_("An organisation with this name already exists."))
        else:
            try:
                save_organisation(organisation, fields, form.version.data or 0, by=current_user)
            except EditConflict as error:
                conflict = organisation
                form.version.data = error.current_version
            else:
                flash(_("The organisation has been saved."), "success")
                return redirect(url_for("accounts.organisations"))
    return render_template(
        "accounts/organisation_form.html",
        form=form,
        organisation=organisation,
        conflict=conflict,
    )
