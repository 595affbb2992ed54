"""Detention pages: prison roll and exports, census, custody facts, orders, alerts, rules."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from legalaid.audit.services import audit
from legalaid.cases.intake import court_options
from legalaid.cases.models import Case, CaseKind
from legalaid.detention import bp
from legalaid.detention.forms import (
    CensusForm,
    HearingSeenForm,
    OrderForm,
    ReleaseForm,
    RuleForm,
    TransferForm,
)
from legalaid.detention.models import DetentionRecord
from legalaid.detention.services import (
    ALERT_FILTERS,
    CustodyRefused,
    Told,
    add_order,
    censuses,
    counts_per_prison,
    detainee_page,
    filter_detainees,
    full_roll,
    held,
    needs_attention,
    record_census,
    record_hearing_seen,
    record_release,
    record_transfer,
    roll_page,
    verdicts,
)
from legalaid.drafting.services import documents_due
from legalaid.editing import EditConflict, save_changes
from legalaid.exports import csv_bytes, table_pdf
from legalaid.extensions import db
from legalaid.formutils import at_time, choices, local_today
from legalaid.i18n import format_day
from legalaid.labels import label
from legalaid.permissions import (
    Permission,
    allows,
    case_scope,
    cases_showing_identity,
    load_case,
    load_prison,
    prison_scope,
    requires,
)
from legalaid.queryargs import page_arg
from legalaid.reference.models import DetentionRule, Prison
from legalaid.roles import Role


@bp.get("/prisons/")
@requires(Permission.PRISON_ROLL)
def prisons():
    """The prisons whose roll the user reads."""
    rows = db.session.scalars(
        select(Prison).where(prison_scope(current_user)).order_by(Prison.name)
    )
    return render_template("detention/prisons.html", prisons=list(rows))


def _wanted() -> list[str]:
    return [name for name in request.args.getlist("filter") if name in ALERT_FILTERS]


def _named(rows) -> set[int]:
    """The roll's cases that may show their detainee's name to the user (restricted persons)."""
    return cases_showing_identity(current_user, (row.case.id for row in rows))


def _roll_table(rows) -> tuple[list[str], list[list]]:
    header = [
        _("Reference"),
        _("Name"),
        _("Days held"),
        _("State"),
        _("Limit date"),
        _("Counsel"),
        _("Next hearing"),
    ]
    named, restricted = _named(rows), _("Restricted")
    body = [
        [
            row.case.reference,
            row.beneficiary.full_name if row.case.id in named else restricted,
            row.assessment.days_held,
            label("state", row.assessment.state),
            format_day(row.assessment.limit_date, "short") if row.assessment.limit_date else "",
            ", ".join(f"{lawyer.full_name} {lawyer.phone or ''}".strip() for lawyer in row.lawyers)
            or _("No counsel"),
            format_day(row.next_hearing, "short") if row.next_hearing else "",
        ]
        for row in rows
    ]
    return header, body


@bp.get("/prisons/<int:prison_id>/roll")
@requires(Permission.PRISON_ROLL)
def roll(prison_id: int):
    """Every detention case held in the prison, of every organisation, most urgent first.

    The page shows DETAINEES_PER_PAGE rows and the totals of the whole prison; the print view, the
    CSV and the PDF list every row.
    """
    prison = load_prison(current_user, prison_id)
    wanted, export = _wanted(), request.args.get("format")
    if export in ("csv", "pdf"):
        return _roll_export(prison, wanted, export)
    if export == "print":
        rows = full_roll(prison, wanted, local_today())
        return render_template(
            "detention/roll_print.html",
            prison=prison,
            rows=rows,
            named=_named(rows),
            today=local_today(),
        )
    page = roll_page(prison, wanted, page_arg(), local_today())
    return render_template(
        "detention/roll.html",
        prison=prison,
        page=page,
        named=_named(page.rows),
        due=documents_due(current_user, page.rows, local_today()),
        wanted=wanted,
        today=local_today(),
    )


def _roll_export(prison: Prison, wanted: list[str], export: str) -> Response:
    """The whole roll (every page) as CSV or PDF, audited."""
    rows = full_roll(prison, wanted, local_today())
    header, body = _roll_table(rows)
    stamp = local_today().isoformat()
    audit(f"export_roll_{export}", by=current_user, obj=prison, details=",".join(wanted))
    db.session.commit()
    if export == "csv":
        content, mimetype = csv_bytes(header, body), "text/csv"
    else:
        subtitle = _(
            "%(count)d detainees, %(date)s",
            count=len(rows),
            date=format_day(local_today(), "long"),
        )
        content = table_pdf(prison.name, subtitle, header, body, (30, 55, 18, 42, 24, 68, 28))
        mimetype = "application/pdf"
    return Response(
        content,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f"attachment; filename=roll-{prison.code}-{stamp}.{export}"
        },
    )


@bp.route("/prisons/<int:prison_id>", methods=["GET", "POST"])
@requires(Permission.PRISON_ROLL)
def prison(prison_id: int):
    """The prison page: population counts and the remand share over time."""
    prison = load_prison(current_user, prison_id)
    form = CensusForm()
    if request.method == "POST":
        if not allows(current_user, Permission.CUSTODY_FACTS):
            abort(403)
        if form.validate_on_submit():
            try:
                record_census(
                    prison,
                    current_user,
                    counted_on=form.counted_on.data,
                    total=form.total_held.data,
                    pretrial=form.pretrial_held.data or 0,
                )
            except CustodyRefused as error:
                form.pretrial_held.errors.append(str(error))
            else:
                flash(_("Count recorded."), "success")
                return redirect(url_for("detention.prison", prison_id=prison.id))
    return render_template(
        "detention/prison.html", prison=prison, form=form, censuses=censuses(prison)
    )


CUSTODY_FORMS = {"release": ReleaseForm, "transfer": TransferForm, "hearing": HearingSeenForm}


@bp.route(
    "/cases/<int:case_id>/custody/<any(release, transfer, hearing):fact>", methods=["GET", "POST"]
)
@requires(Permission.CUSTODY_FACTS)
def custody_fact(case_id: int, fact: str):
    """A prison officer records what the register says: a release, a transfer, a hearing date."""
    case = load_case(current_user, case_id).case
    record = _record_of(case)
    form = CUSTODY_FORMS[fact]()
    if fact == "transfer":
        form.prison_id.choices = choices(
            [(0, _("— choose —"))]
            + [(p.id, p.name) for p in db.session.scalars(select(Prison).order_by(Prison.name))]
        )
    if fact == "hearing":
        form.court_id.choices = court_options()
    if form.validate_on_submit():
        today, left = local_today(), record.prison_id
        try:
            if fact == "release":
                told = record_release(
                    case,
                    record,
                    current_user,
                    on=form.released_on.data,
                    reason=form.reason.data,
                    today=today,
                )
            elif fact == "transfer":
                to = db.session.get(Prison, form.prison_id.data)
                told = record_transfer(
                    case, record, current_user, to=to, on=form.transferred_on.data, today=today
                )
            else:
                at = at_time(form.day.data, form.time.data)
                told = record_hearing_seen(case, current_user, at=at)
        except CustodyRefused as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            flash(_told_message(told), "success" if told.people else "warning")
            return redirect(_landing(case, left))
    return render_template("detention/custody_fact.html", form=form, case=case, fact=fact)


def _told_message(told: Told) -> str:
    """Who the notification reached, by name and capacity, exactly as `notify` was called."""
    names, count = ", ".join(person.full_name for person in told.people), len(told.people)
    if told.capacity == Role.LAWYER:
        return ngettext(
            "Recorded; %(names)s, the lawyer, is told.",
            "Recorded; %(names)s, the lawyers, are told.",
            count,
            names=names,
        )
    if told.capacity == Role.COORDINATOR:
        return ngettext(
            "Recorded; no lawyer is assigned: %(names)s, the coordinator, is told.",
            "Recorded; no lawyer is assigned: %(names)s, the coordinators, are told.",
            count,
            names=names,
        )
    return _(
        "Recorded; no lawyer is assigned and the organisation has no coordinator: nobody is told."
    )


def _landing(case: Case, left_prison_id: int) -> str:
    """Where the officer goes next: the case while they still see it (a transfer may take it out
    of their prisons), else the roll of the prison it left, else their list of prisons."""
    if db.session.scalar(select(Case.id).where(Case.id == case.id, case_scope(current_user))):
        return url_for("cases.show", case_id=case.id)
    readable = select(Prison.id).where(Prison.id == left_prison_id, prison_scope(current_user))
    if db.session.scalar(readable):
        return url_for("detention.roll", prison_id=left_prison_id)
    return url_for("detention.prisons")


def _record_of(case: Case) -> DetentionRecord:
    if case.kind != CaseKind.DETENTION:
        abort(404)
    return db.session.scalar(select(DetentionRecord).where(DetentionRecord.case_id == case.id))


@bp.route("/cases/<int:case_id>/orders/new", methods=["GET", "POST"])
@requires(Permission.DETENTION_ORDERS)
def new_order(case_id: int):
    """A lawyer or coordinator enters an extension order."""
    access = load_case(current_user, case_id)
    if not access.may_work:
        abort(403)
    record = _record_of(access.case)
    form = OrderForm()
    if form.validate_on_submit():
        try:
            recorded = add_order(
                record,
                access.case,
                current_user,
                ordered_on=form.ordered_on.data,
                months=form.length_months.data,
                body=form.deciding_body.data,
                today=local_today(),
            )
        except CustodyRefused as error:
            db.session.rollback()
            form.ordered_on.errors.append(str(error))
        else:
            if recorded.outside_window:
                flash(
                    _("Extension order recorded. %(warning)s", warning=recorded.outside_window),
                    "warning",
                )
            else:
                flash(_("Extension order recorded."), "success")
            return redirect(url_for("cases.show", case_id=case_id))
    return render_template("detention/order_form.html", form=form, case=access.case)


@bp.get("/detention/alerts")
@requires(Permission.DETENTION_ALERTS)
def alerts():
    """Detainees of the user's cases who need attention, a page at a time; counts per prison."""
    today = local_today()
    everyone = [
        row for row in verdicts(held(case_scope(current_user)), today) if needs_attention(row)
    ]
    wanted = _wanted()
    page = detainee_page(filter_detainees(everyone, wanted), page_arg(), today)
    return render_template(
        "detention/alerts.html",
        page=page,
        named=_named(page.rows),
        due=documents_due(current_user, page.rows, today),
        per_prison=counts_per_prison(everyone),
        wanted=wanted,
    )


@bp.get("/admin/detention-rules")
@requires(Permission.MANAGE_REFERENCE)
def rules():
    """The legal limits as data, by code regime."""
    rows = db.session.scalars(
        select(DetentionRule).order_by(
            DetentionRule.code_regime, DetentionRule.offence_class, DetentionRule.effective_from
        )
    )
    return render_template("detention/rules.html", rules=list(rows))


RULE_FIELDS = (
    "code_regime",
    "offence_class",
    "base_amount",
    "base_unit",
    "extension_amount",
    "extension_unit",
    "max_extensions",
    "cap_amount",
    "cap_unit",
    "renewal_window_working_days",
    "legal_basis",
    "effective_from",
    "effective_to",
)


@bp.route("/admin/detention-rules/new", methods=["GET", "POST"])
@bp.route("/admin/detention-rules/<int:rule_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE)
def edit_rule(rule_id: int | None = None):
    """Correct a rule or add one (e.g. for the 2024 code); every change is audited."""
    rule = db.session.get(DetentionRule, rule_id) if rule_id else None
    if rule_id and rule is None:
        abort(404)
    form = RuleForm(obj=rule)
    conflict = None
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in RULE_FIELDS}
        if not values["extension_amount"]:
            values["extension_amount"] = values["extension_unit"] = None
        try:
            if rule is None:
                rule = DetentionRule(**values)
                db.session.add(rule)
                db.session.flush()
                audit("detention_rule_create", by=current_user, obj=rule)
                db.session.commit()
            else:
                expected = form.version.data or 0
                changed = [name for name, value in values.items() if getattr(rule, name) != value]
                if changed and rule.version == expected:
                    # Written by save_changes' commit, together with the change itself.
                    audit(
                        "detention_rule_update",
                        by=current_user,
                        obj=rule,
                        details=", ".join(changed),
                    )
                save_changes(rule, values, expected)
        except EditConflict as error:
            conflict = rule
            form.version.data = error.current_version
        except IntegrityError:  # the same regime, class and start date as another rule
            db.session.rollback()
            rule = db.session.get(DetentionRule, rule_id) if rule_id else None
            form.form_errors.append(
                _("A rule for this code and offence class already starts on this date.")
            )
        else:
            flash(_("The rule has been saved."), "success")
            return redirect(url_for("detention.rules"))
    return render_template("detention/rule_form.html", form=form, rule=rule, conflict=conflict)
