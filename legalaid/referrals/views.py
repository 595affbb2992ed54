"""Referral pages: sending a case, the lists of both sides, a referral's page and its steps,
and the admins' directory of outside services."""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from legalaid.accounts.models import User
from legalaid.audit.services import audit_now
from legalaid.cases.services import details_of
from legalaid.cases.timeline import event_sentence
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.formutils import choices, local_today
from legalaid.land.services import region_choices
from legalaid.permissions import Permission, load_case, load_referral, requires
from legalaid.queryargs import page_arg
from legalaid.referrals import bp
from legalaid.referrals.forms import (
    ORGANISATION,
    OUTSIDE,
    AssignForm,
    DeclineForm,
    ListFilterForm,
    OutcomeForm,
    OutsideServiceForm,
    ReferralForm,
    StepForm,
)
from legalaid.referrals.models import OutsideService
from legalaid.referrals.services import (
    OutsideServiceData,
    ReferralData,
    ReferralRefused,
    accept,
    assign_worker,
    assignable_workers,
    complete,
    deactivate_outside_service,
    decline,
    organisation_choices,
    outside_choices,
    print_slip,
    referral_list,
    revoke,
    save_outside_service,
    send,
    steps,
)
from legalaid.workflow.models import Hearing


def _destinations(case) -> list[tuple[str, str]]:
    organisations = [(f"{ORGANISATION}:{id_}", name) for id_, name in organisation_choices(case)]
    outside = [
        (
            f"{OUTSIDE}:{service.id}",
            _("%(name)s (outside, %(region)s)", name=service.name, region=service.region.name),
        )
        for service in outside_choices()
    ]
    return [("", _("— choose —")), *organisations, *outside]


def _referral_data(form: ReferralForm) -> ReferralData:
    kind, number = form.destination_id()
    return ReferralData(
        mode=form.mode.data,
        service=form.service.data,
        to_organisation_id=number if kind == ORGANISATION else None,
        outside_service_id=number if kind == OUTSIDE else None,
        urgency=form.urgency.data,
        reason=form.reason.data or "",
        message=form.message.data or "",
        consent_to_share=bool(form.consent_to_share.data),
        consent_given_on=form.consent_given_on.data,
    )


@bp.route("/cases/<int:case_id>/refer", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def new(case_id: int):
    """Refer or transfer a case, with the person's consent (refused, saying which, without)."""
    access = load_case(current_user, case_id)
    if not access.may_work:
        abort(404)
    form = ReferralForm()
    form.destination.choices = _destinations(access.case)
    if form.validate_on_submit():
        details = details_of(access.case)
        try:
            referral = send(access, details, _referral_data(form), by=current_user)
        except ReferralRefused as refusal:
            form.form_errors.append(str(refusal))
        else:
            flash(_("The referral has been sent."), "success")
            if form.print_slip.data and referral.outside:
                return _printed(access, details, referral)
            return redirect(url_for("referrals.show", referral_id=referral.id))
    status = 400 if request.method == "POST" else 200
    return render_template("referrals/new.html", form=form, case=access.case), status


def _printed(access, details, referral):
    try:
        generated = print_slip(access, details, referral, by=current_user, on=local_today())
    except (ReferralRefused, ValueError) as refusal:
        flash(str(refusal), "warning")
        return redirect(url_for("referrals.show", referral_id=referral.id))
    return redirect(
        url_for("drafting.generated", case_id=access.case.id, generated_id=generated.id)
    )


def _list(direction: str):
    filters = ListFilterForm(request.args)
    wanted = {"state": filters.state.data, "service": filters.service.data}
    if not filters.validate():
        wanted = {}
    query = referral_list(current_user, direction, **wanted)
    page = db.paginate(query, page=page_arg(), per_page=50, error_out=False)
    return render_template("referrals/list.html", page=page, direction=direction, filters=filters)


@bp.get("/referrals/to-us")
@requires(Permission.WORK_ON_CASES)
def incoming():
    """Referrals to the user's organisation (a coordinator's), or put in their hands."""
    return _list("incoming")


@bp.get("/referrals/ours")
@requires(Permission.WORK_ON_CASES)
def outgoing():
    """Referrals the user's organisation sent (a coordinator's), or that the user sent."""
    return _list("outgoing")


@bp.get("/referrals/<int:referral_id>")
@requires(Permission.WORK_ON_CASES)
def show(referral_id: int):
    """A referral as its side sees it: the summary, then what the service needs once taken."""
    access = load_referral(current_user, referral_id)
    referral = access.referral
    audit_now("referral_view", by=current_user, obj=referral, details=f"case {referral.case_id}")
    details = details_of(referral.case)
    hearings = list(
        db.session.scalars(
            select(Hearing)
            .where(Hearing.case_id == referral.case_id)
            .order_by(Hearing.scheduled_at)
        )
    )
    assign_form = AssignForm(version=referral.version)
    if access.may("assign"):
        assign_form.person_id.choices = [
            (user.id, user.full_name) for user in assignable_workers(referral)
        ]
    return render_template(
        "referrals/show.html",
        access=access,
        referral=referral,
        case=referral.case,
        details=details,
        hearings=hearings,
        steps=steps(referral),
        step_form=StepForm(version=referral.version),
        decline_form=DeclineForm(version=referral.version),
        assign_form=assign_form,
        outcome_form=OutcomeForm(version=referral.version),
        event_sentence=event_sentence,
    )


def _take_step(referral_id: int, make_form: Callable, service: Callable, done: str, read=None):
    """One step of a referral: its form (`make_form(access)`), the service with the values
    `read(form)` gives, then back to the referral's page saying how it went."""
    access = load_referral(current_user, referral_id)
    form = make_form(access)
    if not form.validate_on_submit():
        flash(_("Check the form: %(errors)s", errors=_errors(form)), "danger")
        return redirect(url_for("referrals.show", referral_id=referral_id))
    values = read(form) if read else []
    try:
        service(access, *values, expected_version=form.version.data, by=current_user)
    except ReferralRefused as refusal:
        flash(str(refusal), "danger")
    except EditConflict:
        flash(_("Someone changed this referral meanwhile: read it again."), "warning")
    else:
        flash(done, "success")
    return redirect(url_for("referrals.show", referral_id=referral_id))


def _errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _assign_form(access) -> AssignForm:
    form = AssignForm()
    form.person_id.choices = [
        (user.id, user.full_name) for user in assignable_workers(access.referral)
    ]
    return form


@bp.post("/referrals/<int:referral_id>/accept")
@requires(Permission.ASSIGN_CASES)
def accept_referral(referral_id: int):
    """The receiving coordinator accepts."""
    return _take_step(
        referral_id, lambda _access: StepForm(), accept, _("The referral has been accepted.")
    )


@bp.post("/referrals/<int:referral_id>/decline")
@requires(Permission.ASSIGN_CASES)
def decline_referral(referral_id: int):
    """The receiving coordinator declines, with a reason."""
    return _take_step(
        referral_id,
        lambda _access: DeclineForm(),
        decline,
        _("The referral has been declined."),
        lambda form: [form.reason.data],
    )


@bp.post("/referrals/<int:referral_id>/assign")
@requires(Permission.ASSIGN_CASES)
def assign_referral(referral_id: int):
    """The receiving coordinator puts a lawyer or paralegal on the referral."""
    return _take_step(
        referral_id,
        _assign_form,
        assign_worker,
        _("The worker has been put on the referral."),
        lambda form: [db.session.get(User, form.person_id.data)],
    )


@bp.post("/referrals/<int:referral_id>/complete")
@requires(Permission.WORK_ON_CASES)
def complete_referral(referral_id: int):
    """The service was delivered: its outcome."""
    return _take_step(
        referral_id,
        lambda _access: OutcomeForm(),
        complete,
        _("The outcome has been recorded."),
        lambda form: [form.outcome.data],
    )


@bp.post("/referrals/<int:referral_id>/revoke")
@requires(Permission.WORK_ON_CASES)
def revoke_referral(referral_id: int):
    """The sending side takes the referral back while it waits."""
    return _take_step(
        referral_id, lambda _access: StepForm(), revoke, _("The referral has been revoked.")
    )


# Reference data: the outside services ------------------------------------------------------


@bp.get("/admin/outside-services")
@requires(Permission.MANAGE_REFERENCE)
def outside_services():
    """The services outside the platform, per region, active or not."""
    rows = db.session.scalars(
        select(OutsideService).order_by(
            OutsideService.active.desc(), OutsideService.region_id, OutsideService.name
        )
    )
    return render_template("referrals/services.html", services=list(rows))


@bp.route("/admin/outside-services/new", methods=["GET", "POST"])
@bp.route("/admin/outside-services/<int:service_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE)
def edit_outside_service(service_id: int | None = None):
    """Add an outside service, or correct one (every change audited)."""
    outside = db.session.get(OutsideService, service_id) if service_id else None
    if service_id and outside is None:
        abort(404)
    form = OutsideServiceForm(obj=outside)
    form.region_id.choices = choices(region_choices())
    if form.validate_on_submit():
        data = OutsideServiceData(
            name=form.name.data,
            service=form.service.data,
            region_id=form.region_id.data,
            address=form.address.data or "",
            phone=form.phone.data or "",
        )
        try:
            save_outside_service(outside, data, current_user)
        except ReferralRefused as error:
            form.form_errors.append(str(error))
        else:
            flash(_("The service has been saved."), "success")
            return redirect(url_for("referrals.outside_services"))
    status = 400 if request.method == "POST" else 200
    return render_template("referrals/service_form.html", form=form, outside=outside), status


@bp.post("/admin/outside-services/<int:service_id>/deactivate")
@requires(Permission.MANAGE_REFERENCE)
def deactivate_service(service_id: int):
    """Take a service out of the referral form (its referrals keep it)."""
    outside = db.session.get(OutsideService, service_id)
    if outside is None:
        abort(404)
    deactivate_outside_service(outside, current_user)
    flash(_("The service has been deactivated."), "success")
    return redirect(url_for("referrals.outside_services"))
