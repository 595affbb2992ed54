"""Workflow pages: assign, request, status changes, hearings, my hearings, calendar feed."""

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from legalaid.audit.services import audit_now
from legalaid.casekinds import case_kind
from legalaid.cases.intake import court_options
from legalaid.cases.models import Case, CaseKind
from legalaid.cases.services import details_of
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.formutils import at_time, choices, local_today
from legalaid.labels import label, options
from legalaid.permissions import CaseAccess, Permission, load_case, public, requires
from legalaid.queryargs import date_arg
from legalaid.roles import Role
from legalaid.workflow import bp
from legalaid.workflow.calendar import calendar_feed, regenerate_calendar_token, user_for_token
from legalaid.workflow.forms import (
    HEARING_TIME,
    AssignForm,
    CancelHearingForm,
    HearingForm,
    HearingResultForm,
    RescheduleHearingForm,
    TransitionForm,
)
from legalaid.workflow.models import AssignmentRequest, Hearing
from legalaid.workflow.services import (
    TransitionRequest,
    WorkflowRefused,
    allowed_outcomes,
    assign,
    assignable_people,
    cancel_hearing,
    change_status,
    decide_request,
    hearings_between,
    record_hearing_result,
    request_case,
    reschedule_hearing,
    schedule_hearing,
)


def _back_to_case(case: Case, anchor: str = ""):
    return redirect(url_for("cases.show", case_id=case.id) + anchor)


@bp.route("/cases/<int:case_id>/assign", methods=["GET", "POST"])
@requires(Permission.ASSIGN_CASES)
def assign_case(case_id: int):
    """The coordinator puts a lawyer and/or a paralegal on the case (picker with workloads)."""
    case = load_case(current_user, case_id).case
    people = assignable_people(case)
    form = AssignForm(data={"version": case.version})
    form.person_id.choices = choices(
        [(0, _("— choose —"))]
        + [
            (
                person.id,
                _(
                    "%(name)s (%(role)s, %(count)d open cases)",
                    name=person.full_name,
                    role=_("lawyer") if person.role == Role.LAWYER else _("paralegal"),
                    count=count,
                ),
            )
            for person, count in people
        ]
    )
    if form.validate_on_submit():
        person = next((p for p, _count in people if p.id == form.person_id.data), None)
        try:
            if person is None:
                raise WorkflowRefused(
                    _("Choose an active lawyer or paralegal of the organisation.")
                )
            assign(case, person, current_user, expected_version=form.version.data or 0)
        except WorkflowRefused as error:
            form.person_id.errors.append(str(error))
        except EditConflict as error:
            form.version.data = error.current_version
            return render_template(
                "workflow/assign.html", form=form, case=case, people=people, conflict=True
            ), 409
        else:
            flash(_("%(name)s now works on the case.", name=person.full_name), "success")
            return _back_to_case(case)
    return render_template("workflow/assign.html", form=form, case=case, people=people)


@bp.post("/cases/<int:case_id>/request")
@requires(Permission.WORK_ON_CASES)
def request_to_take(case_id: int):
    """A lawyer asks to take a case waiting for one."""
    case = load_case(current_user, case_id).case
    try:
        request_case(case, current_user)
    except WorkflowRefused as error:
        flash(str(error), "danger")
    else:
        flash(_("Your request has been sent to the coordinator."), "success")
    return _back_to_case(case)


@bp.post("/cases/<int:case_id>/requests/<int:request_id>/<any(accept, decline):decision>")
@requires(Permission.ASSIGN_CASES)
def decide(case_id: int, request_id: int, decision: str):
    """The coordinator accepts or declines a lawyer's request."""
    case = load_case(current_user, case_id).case
    pending = db.session.get(AssignmentRequest, request_id)
    if pending is None or pending.case_id != case.id:
        abort(404)
    try:
        decide_request(pending, decision == "accept", current_user)
    except WorkflowRefused as error:
        flash(str(error), "danger")
    return _back_to_case(case)


def _outcome_choices(case: Case) -> list:
    outcomes = allowed_outcomes(current_user, case)
    return choices([("", _("— choose —")), *options("outcome", *outcomes)])


@bp.route(
    "/cases/<int:case_id>/status/<any(start, resolve, close, reopen):action>",
    methods=["GET", "POST"],
)
@requires(Permission.WORK_ON_CASES)
def transition(case_id: int, action: str):
    """Move the case along the workflow; the service refuses what the rules forbid."""
    access = load_case(current_user, case_id)
    case = access.case
    form = TransitionForm(data={"version": case.version})
    form.outcome.choices = _outcome_choices(case)
    if form.validate_on_submit():
        checklist = None
        if action == "close" and case.kind == CaseKind.GBV:
            checklist = {
                name: getattr(form, name).data
                for name in (
                    "needs_met_or_no_contact",
                    "safety_plan_reviewed",
                    "survivor_informed",
                    "supervisor_reviewed",
                )
            }
        wanted = TransitionRequest(
            action=action,
            expected_version=form.version.data or 0,
            outcome=form.outcome.data or None,
            resolved_on=form.resolved_on.data,
            reason=form.reason.data or None,
            note=(form.note.data or "").strip(),
            checklist=checklist,
        )
        try:
            change_status(case, current_user, wanted, today=local_today())
        except WorkflowRefused as error:
            db.session.rollback()
            form.form_errors.append(str(error))
            return _render_transition(form, case, action, error.status)
        except EditConflict as error:
            form.version.data = error.current_version
            form.form_errors.append(
                _("Someone else changed this case meanwhile; check it, then confirm again.")
            )
            return _render_transition(form, case, action, 409)
        flash(_("The case status has been updated."), "success")
        return _back_to_case(case)
    return _render_transition(form, case, action, 400 if request.method == "POST" else 200)


def _render_transition(form, case: Case, action: str, status: int):
    return (
        render_template(
            "workflow/transition.html",
            form=form,
            case=case,
            action=action,
            action_label=label("transition", action),
        ),
        status,
    )


@bp.route("/cases/<int:case_id>/hearings/new", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def new_hearing(case_id: int):
    """Schedule a hearing of the case."""
    access = load_case(current_user, case_id)
    if not access.may_work:
        abort(403)
    form = HearingForm()
    form.court_id.choices = court_options()
    if request.method == "GET":  # what the case's kind proposes, until the user changes it
        proposed = case_kind(access.case.kind).hearing_defaults(
            access.case, details_of(access.case)
        )
        for name, value in proposed.items():
            getattr(form, name).data = value
    if form.validate_on_submit() and _saved(
        form,
        schedule_hearing,
        access.case,
        current_user,
        scheduled_at=at_time(form.day.data, form.time.data),
        where=form.where(),
        purpose=form.purpose.data or "",
    ):
        flash(_("Hearing scheduled."), "success")
        return _back_to_case(access.case, "#hearings")
    return render_template("workflow/hearing_form.html", form=form, case=access.case)


def _saved(form, service: Callable[..., object], *args, **kwargs) -> bool:
    """Call a hearing service; a refusal is rolled back and shown at the top of the form."""
    try:
        service(*args, **kwargs)
    except WorkflowRefused as error:
        db.session.rollback()
        form.form_errors.append(str(error))
        return False
    return True


def _load_hearing(hearing_id: int) -> tuple[Hearing, CaseAccess]:
    """The hearing and its case, for a user who works on that case: 404 if they may not see
    the case (no IDOR), 403 if they see it but do not work on it."""
    hearing = db.session.get(Hearing, hearing_id)
    if hearing is None:
        abort(404)
    access = load_case(current_user, hearing.case_id)
    if not access.may_work:
        abort(403)
    return hearing, access


@bp.route("/hearings/<int:hearing_id>/result", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def hearing_result(hearing_id: int):
    """Record what happened at a hearing and, if given, the next date."""
    hearing, access = _load_hearing(hearing_id)
    form = HearingResultForm()
    if form.validate_on_submit():
        next_at = (
            at_time(form.next_day.data, form.next_time.data or HEARING_TIME)
            if form.next_day.data
            else None
        )
        if _saved(
            form,
            record_hearing_result,
            hearing,
            current_user,
            result=form.result.data,
            adjournment_reason=form.adjournment_reason.data,
            decision=form.decision.data,
            next_at=next_at,
        ):
            flash(_("Hearing result recorded."), "success")
            return _back_to_case(access.case, "#hearings")
    return render_template(
        "workflow/hearing_result.html", form=form, case=access.case, hearing=hearing
    )


@bp.route("/hearings/<int:hearing_id>/cancel", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def hearing_cancel(hearing_id: int):
    """Confirm, with a reason, that a coming hearing is cancelled (it stays in the history)."""
    hearing, access = _load_hearing(hearing_id)
    form = CancelHearingForm()
    if form.validate_on_submit() and _saved(
        form, cancel_hearing, hearing, current_user, reason=form.reason.data
    ):
        flash(_("Hearing cancelled."), "success")
        return _back_to_case(access.case, "#hearings")
    return render_template(
        "workflow/hearing_cancel.html", form=form, case=access.case, hearing=hearing
    )


@bp.route("/hearings/<int:hearing_id>/reschedule", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def hearing_reschedule(hearing_id: int):
    """Move a coming hearing to a new date and time, with the reason."""
    hearing, access = _load_hearing(hearing_id)
    form = RescheduleHearingForm()
    if form.validate_on_submit() and _saved(
        form,
        reschedule_hearing,
        hearing,
        current_user,
        scheduled_at=at_time(form.day.data, form.time.data),
        reason=form.reason.data,
    ):
        flash(_("Hearing moved to its new date."), "success")
        return _back_to_case(access.case, "#hearings")
    return render_template(
        "workflow/hearing_reschedule.html", form=form, case=access.case, hearing=hearing
    )


@bp.get("/hearings")
@requires(Permission.WORK_ON_CASES)
def my_hearings():
    """My hearings by week or by month."""
    period = request.args.get("period", "week")
    start = date_arg("start") or local_today()
    if period == "month":
        first = start.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        previous = (first - timedelta(days=1)).replace(day=1)
    else:
        period = "week"
        first = start - timedelta(days=start.weekday())
        following, previous = first + timedelta(days=7), first - timedelta(days=7)
    hearings = hearings_between(
        current_user,
        datetime.combine(first, datetime.min.time()),
        datetime.combine(following, datetime.min.time()),
    )
    return render_template(
        "workflow/hearings.html",
        hearings=hearings,
        period=period,
        first=first,
        last=following - timedelta(days=1),
        previous=previous,
        following=following,
        feed_token=current_user.calendar_token,
    )


@bp.post("/hearings/calendar-address")
@requires(Permission.WORK_ON_CASES)
def new_calendar_address():
    """Create or replace the secret address of my calendar feed."""
    regenerate_calendar_token(current_user)
    flash(_("New calendar address created; the old one no longer works."), "success")
    return redirect(url_for("workflow.my_hearings"))


@bp.get("/calendar/<token>.ics")
@public
def calendar(token: str):
    """The private feed: the secret address is the credential (phones cannot sign in)."""
    user = user_for_token(token)
    if user is None:
        abort(404)
    audit_now("export_calendar", by=user, obj=user)
    return Response(
        calendar_feed(user),
        mimetype="text/calendar",
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": "inline; filename=legalaid.ics",
        },
    )
