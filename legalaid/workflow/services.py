"""Workflow rules: who may move a case where, assignments, lawyers' requests, hearings."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select, true
from sqlalchemy.orm import joinedload

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.casekinds import case_kind
from legalaid.cases.models import (
    OPEN_STATUSES,
    Assignment,
    AssignmentRole,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    EventKind,
)
from legalaid.cases.timeline import moment, status_facts
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.notifications.models import NotificationKind
from legalaid.notifications.services import notify
from legalaid.permissions import works_on_case
from legalaid.roles import Role
from legalaid.timeutils import utcnow
from legalaid.unitofwork import unit_of_work
from legalaid.workflow.models import (
    AssignmentRequest,
    CloseReason,
    GbvClosure,
    Hearing,
    HearingPlace,
    HearingResult,
    RequestStatus,
    live_hearing,
)

S = CaseStatus
WORKERS = frozenset({Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL})


@dataclass(frozen=True)
class Transition:
    """A move of the workflow: from which states, to which, and for which roles."""

    sources: frozenset[str]
    target: str
    roles: frozenset[Role]


# The transition table of DESIGN.md. Assignment moves intake to assigned (see `assign`).
TRANSITIONS: dict[str, Transition] = {
    "start": Transition(frozenset({S.ASSIGNED}), S.IN_PROGRESS, WORKERS),
    "resolve": Transition(frozenset({S.IN_PROGRESS}), S.RESOLVED, WORKERS),
    "close": Transition(
        frozenset({S.INTAKE, S.ASSIGNED, S.IN_PROGRESS, S.RESOLVED}),
        S.CLOSED,
        frozenset({Role.COORDINATOR}),
    ),
    "reopen": Transition(
        frozenset({S.RESOLVED, S.CLOSED}), S.IN_PROGRESS, frozenset({Role.COORDINATOR})
    ),
}
OPEN_CLOSE_REASONS = (
    CloseReason.WITHDRAWN,
    CloseReason.NO_CONTACT,
    CloseReason.TRANSFERRED,
    CloseReason.OTHER,
)


class WorkflowRefused(ValueError):
    """A transition, assignment or hearing the rules do not allow now; the message says why."""

    status = 409


class NotAllowed(WorkflowRefused):
    """The user's role or place on the case does not allow this at all."""

    status = 403


def _works_on(user: User, case: Case) -> bool:
    return bool(db.session.scalar(select(works_on_case(user)).where(Case.id == case.id)))


def allowed_actions(user: User, case: Case) -> list[str]:
    """The transitions `user` may apply to `case` now (buttons; the service checks again)."""
    if user.role not in WORKERS or not _works_on(user, case):
        return []
    return [
        name
        for name, transition in TRANSITIONS.items()
        if case.status in transition.sources and Role(user.role) in transition.roles
    ]


@dataclass
class TransitionRequest:
    """What the user asked for, as sent by the client (never trusted)."""

    action: str
    expected_version: int
    outcome: str | None = None
    resolved_on: date | None = None
    reason: str | None = None
    note: str = ""
    checklist: dict[str, bool] | None = None


def allowed_outcomes(user: User, case: Case) -> tuple[str, ...]:
    """The outcomes `user` may record on `case`: its kind's, or those its kind leaves to
    paralegals (conciliation for litigation)."""
    kind = case_kind(case.kind)
    return kind.paralegal_outcomes if user.role == Role.PARALEGAL else kind.outcomes


def _check_resolution(case: Case, user: User, request: TransitionRequest, today: date) -> None:
    if request.outcome not in allowed_outcomes(user, case):
        raise WorkflowRefused(_("Choose an outcome that fits this case."))
    resolved_on = request.resolved_on or today
    if resolved_on > today:
        raise WorkflowRefused(_("The resolution date cannot be in the future."))
    if resolved_on < case.opened_on:
        raise WorkflowRefused(_("The resolution date cannot be before the case was opened."))
    request.resolved_on = resolved_on


def _check_closure(case: Case, request: TransitionRequest) -> None:
    if case.status == S.RESOLVED:
        request.reason = request.reason or CloseReason.RESOLVED
    elif request.reason not in OPEN_CLOSE_REASONS:
        raise WorkflowRefused(_("Give the reason for closing the case."))
    if case.kind == CaseKind.GBV and request.checklist is None:
        raise WorkflowRefused(_("Answer the GBV closure checklist."))


@unit_of_work(versioned="case")
def change_status(case: Case, user: User, request: TransitionRequest, *, today: date) -> None:
    """Apply one transition of the table, or refuse it with a message; writes the timeline."""
    transition = TRANSITIONS.get(request.action)
    if transition is None or Role(user.role) not in transition.roles or not _works_on(user, case):
        raise NotAllowed(_("You may not do this on this case."))
    if case.status not in transition.sources:
        raise WorkflowRefused(_("This change is not possible from the case's current status."))
    if case.version != request.expected_version:
        raise EditConflict(case.version)
    previous = case.status
    if request.action == "resolve":
        _check_resolution(case, user, request, today)
        case.outcome, case.resolved_on = request.outcome, request.resolved_on
    elif request.action == "close":
        _check_closure(case, request)
        case.close_reason, case.closed_on = request.reason, today
        if case.kind == CaseKind.GBV:
            db.session.add(GbvClosure(case_id=case.id, recorded_by_id=user.id, **request.checklist))
    elif request.action == "reopen":
        if not (request.note or "").strip():
            raise WorkflowRefused(_("Give the reason for reopening the case."))
        case.outcome = case.resolved_on = case.closed_on = case.close_reason = None
    if request.action in ("resolve", "close"):
        _cancel_future_hearings(case, user, request.action)
    case.status = transition.target
    _record_status_change(case, user, previous, request)


def _record_status_change(case: Case, user: User, previous: str, request) -> None:
    outcome = request.outcome if request.action == "resolve" else None
    reason = request.reason if request.action == "close" else None
    case.last_activity_at = utcnow()
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.STATUS_CHANGE,
            author=user,
            text=(request.note or "").strip(),
            facts=status_facts(previous, case.status, outcome, reason),
        )
    )
    audit("case_status", by=user, obj=case, details=f"{previous} -> {case.status}")
    others = [a.user for a in case.active_assignments if a.user_id != user.id]
    kind = (
        NotificationKind.REOPENED if request.action == "reopen" else NotificationKind.STATUS_CHANGED
    )
    notify(others, kind, case, detail=case.status)


def assignable_people(case: Case) -> list[tuple[User, int]]:
    """Active lawyers and paralegals of the case's organisation, with their open-case counts."""
    open_counts = (
        select(Assignment.user_id, func.count(Assignment.id).label("open_cases"))
        .join(Case, Case.id == Assignment.case_id)
        .where(Assignment.ended_at.is_(None), Case.status.in_(OPEN_STATUSES))
        .group_by(Assignment.user_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, func.coalesce(open_counts.c.open_cases, 0))
        .outerjoin(open_counts, open_counts.c.user_id == User.id)
        .where(
            User.organisation_id == case.organisation_id,
            User.active.is_(True),
            User.role.in_([Role.LAWYER, Role.PARALEGAL]),
        )
        .order_by(User.role, User.full_name)
    ).all()
    return [(user, count) for user, count in rows]


@unit_of_work(versioned="case")
def assign(case: Case, person: User, by: User, *, expected_version: int) -> Assignment:
    """Put `person` on `case` as its lawyer or paralegal, ending whoever held that place, unless
    the case changed since the coordinator's page was loaded (another coordinator assigned)."""
    if case.version != expected_version:
        raise EditConflict(case.version)
    return _assign(case, person, by)


def _assign(case: Case, person: User, by: User) -> Assignment:
    if by.role != Role.COORDINATOR or by.organisation_id != case.organisation_id:
        raise NotAllowed(_("Only the coordinator of the case's organisation assigns it."))
    if (
        not person.active
        or person.organisation_id != case.organisation_id
        or person.role not in (Role.LAWYER, Role.PARALEGAL)
    ):
        raise WorkflowRefused(_("Choose an active lawyer or paralegal of the organisation."))
    if case.status not in OPEN_STATUSES:
        raise WorkflowRefused(_("Reopen the case before assigning it."))
    if person.id in {a.user_id for a in case.active_assignments}:
        raise WorkflowRefused(_("This person already works on the case."))
    now = utcnow()
    assignment = place_on_case(case, person, by, now)
    if case.status == S.INTAKE:
        case.status = S.ASSIGNED
    case.last_activity_at = now  # also bumps the version: a concurrent assignment conflicts
    notify([person], NotificationKind.ASSIGNED, case)
    audit("case_assign", by=by, obj=case, details=f"user {person.id} as {assignment.role_on_case}")
    return assignment


def place_on_case(case: Case, person: User, by: User, now: datetime) -> Assignment:
    """Put `person` on `case` in their role, ending whoever held that place (history is kept),
    with its timeline entry; the caller has checked that the assignment is allowed."""
    role_on_case = AssignmentRole(person.role)
    for current in case.active_assignments:
        if current.role_on_case == role_on_case:
            current.ended_at = now
    assignment = Assignment(
        case=case, user=person, role_on_case=role_on_case, assigned_by_id=by.id, started_at=now
    )
    db.session.add(assignment)
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.ASSIGNMENT,
            author=by,
            text=person.full_name,
            facts={"role": role_on_case},
        )
    )
    return assignment


def request_case(case: Case, lawyer: User) -> AssignmentRequest:
    """A lawyer asks to take a case of their organisation that waits for a lawyer."""
    waiting = case.status == S.INTAKE and not any(
        a.role_on_case == AssignmentRole.LAWYER for a in case.active_assignments
    )
    if lawyer.role != Role.LAWYER or lawyer.organisation_id != case.organisation_id or not waiting:
        raise WorkflowRefused(_("This case is not waiting for a lawyer."))
    pending = db.session.scalar(
        select(AssignmentRequest).where(
            AssignmentRequest.case_id == case.id,
            AssignmentRequest.lawyer_id == lawyer.id,
            AssignmentRequest.status == RequestStatus.PENDING,
        )
    )
    if pending is not None:
        return pending
    request = AssignmentRequest(case_id=case.id, lawyer_id=lawyer.id)
    db.session.add(request)
    coordinators = db.session.scalars(
        select(User).where(
            User.organisation_id == case.organisation_id,
            User.role == Role.COORDINATOR,
            User.active.is_(True),
        )
    )
    notify(coordinators, NotificationKind.CASE_REQUESTED, case)
    db.session.commit()
    return request


@unit_of_work()
def decide_request(request: AssignmentRequest, accept: bool, by: User) -> None:
    """The coordinator accepts (the lawyer is assigned) or declines a lawyer's request."""
    if request.status != RequestStatus.PENDING:
        raise WorkflowRefused(_("This request has already been decided."))
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.decided_by_id, request.decided_at = by.id, utcnow()
    if accept:
        _assign(request.case, request.lawyer, by)


def pending_requests(case: Case) -> list[AssignmentRequest]:
    """Lawyers' pending requests for a case."""
    return list(
        db.session.scalars(
            select(AssignmentRequest).where(
                AssignmentRequest.case_id == case.id,
                AssignmentRequest.status == RequestStatus.PENDING,
            )
        )
    )


def schedule_hearing(
    case: Case, by: User, *, scheduled_at: datetime, where: HearingPlace, purpose: str
) -> Hearing:
    """Put a hearing on the case's calendar."""
    if not _works_on(by, case):
        raise NotAllowed(_("You may not do this on this case."))
    if problems := where.problems():
        raise WorkflowRefused(" ".join(problems.values()))
    hearing = Hearing(
        case_id=case.id,
        forum=where.forum,
        court_id=where.court_id,
        place=where.place.strip() or None,
        scheduled_at=scheduled_at,
        purpose=purpose.strip(),
        created_by_id=by.id,
    )
    db.session.add(hearing)
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.HEARING,
            author=by,
            text=purpose.strip(),
            facts={"at": moment(scheduled_at)},
        )
    )
    case.last_activity_at = utcnow()
    audit("hearing_create", by=by, obj=case)
    db.session.commit()
    return hearing


def record_hearing_result(
    hearing: Hearing,
    by: User,
    *,
    result: str,
    adjournment_reason: str | None,
    decision: str | None,
    next_at: datetime | None,
) -> Hearing | None:
    """Record what happened; a next date creates the next hearing, which is returned."""
    case = hearing.case
    if not _works_on(by, case):
        raise NotAllowed(_("You may not do this on this case."))
    if hearing.is_cancelled:
        raise WorkflowRefused(_("This hearing was cancelled."))
    if result not in tuple(HearingResult):
        raise WorkflowRefused(_("Choose what happened at the hearing."))
    if result == HearingResult.ADJOURNED and not (adjournment_reason or "").strip():
        raise WorkflowRefused(_("Give the reason for the adjournment."))
    if next_at is not None and next_at <= hearing.scheduled_at:
        raise WorkflowRefused(_("The next hearing must come after this one."))
    hearing.result = result
    hearing.adjournment_reason = (adjournment_reason or "").strip() or None
    hearing.decision = (decision or "").strip() or None
    following = None
    if next_at is not None:
        following = Hearing(
            case_id=case.id,
            forum=hearing.forum,
            court_id=hearing.court_id,
            place=hearing.place,
            scheduled_at=next_at,
            purpose=hearing.purpose,
            created_by_id=by.id,
        )
        db.session.add(following)
        db.session.flush()
        hearing.next_hearing_id = following.id
    facts = {"held_on": hearing.scheduled_at.date().isoformat(), "result": result}
    if following is not None:
        facts["next_at"] = moment(following.scheduled_at)
    db.session.add(CaseEvent(case_id=case.id, kind=EventKind.HEARING, author=by, facts=facts))
    case.last_activity_at = utcnow()
    audit("hearing_result", by=by, obj=case, details=result)
    db.session.commit()
    return following


def _check_movable(hearing: Hearing, by: User) -> None:
    """Only a coming hearing, neither held nor cancelled, is cancelled or moved."""
    if not _works_on(by, hearing.case):
        raise NotAllowed(_("You may not do this on this case."))
    if not hearing.is_coming:
        raise WorkflowRefused(_("Only a coming hearing can be cancelled or moved."))


def _required_reason(reason: str | None, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowRefused(message)
    return reason


def _cancel(hearing: Hearing, by: User, reason: str) -> None:
    """Mark the hearing cancelled, on the timeline and in the audit trail (no commit)."""
    hearing.cancelled_at, hearing.cancelled_by_id = utcnow(), by.id
    hearing.cancellation_reason = reason
    hearing.calendar_sequence += 1  # calendar clients replace their copy by the cancelled one
    db.session.add(
        CaseEvent(
            case_id=hearing.case_id,
            kind=EventKind.HEARING_CANCELLED,
            author=by,
            text=reason,
            facts={"at": moment(hearing.scheduled_at)},
        )
    )
    audit("hearing_cancel", by=by, obj=hearing.case, details=f"hearing {hearing.id}")


def cancel_hearing(hearing: Hearing, by: User, *, reason: str | None) -> None:
    """Take a coming hearing off every calendar; it stays in the case history with the reason."""
    _check_movable(hearing, by)
    _cancel(hearing, by, _required_reason(reason, _("Give the reason for cancelling.")))
    hearing.case.last_activity_at = utcnow()
    db.session.commit()


def reschedule_hearing(
    hearing: Hearing, by: User, *, scheduled_at: datetime, reason: str | None
) -> None:
    """Move a coming hearing to a new date; calendars update the same event."""
    _check_movable(hearing, by)
    reason = _required_reason(reason, _("Give the reason for the new date."))
    if scheduled_at <= utcnow():
        raise WorkflowRefused(_("The new date must be in the future."))
    if scheduled_at == hearing.scheduled_at:
        raise WorkflowRefused(_("Choose a date or time other than the current one."))
    previous, hearing.scheduled_at = hearing.scheduled_at, scheduled_at
    hearing.calendar_sequence += 1
    db.session.add(
        CaseEvent(
            case_id=hearing.case_id,
            kind=EventKind.HEARING_RESCHEDULED,
            author=by,
            text=reason,
            facts={"from": moment(previous), "to": moment(scheduled_at)},
        )
    )
    audit(
        "hearing_reschedule",
        by=by,
        obj=hearing.case,
        details=f"hearing {hearing.id}: {previous:%Y-%m-%d %H:%M} -> {scheduled_at:%Y-%m-%d %H:%M}",
    )
    hearing.case.last_activity_at = utcnow()
    db.session.commit()


def _cancel_future_hearings(case: Case, by: User, action: str) -> None:
    """A resolved or closed case goes to no more hearings: its coming ones are cancelled in the
    same unit of work as the transition (the transition commits)."""
    reason = _("Case resolved") if action == "resolve" else _("Case closed")
    coming = select(Hearing).where(
        Hearing.case_id == case.id,
        Hearing.scheduled_at > utcnow(),
        Hearing.result.is_(None),
        live_hearing(),
    )
    # No flush of the case here: its version is checked once, when the transition commits.
    with db.session.no_autoflush:
        hearings = list(db.session.scalars(coming))
    for hearing in hearings:
        _cancel(hearing, by, reason)


def hearings_between(
    user: User, start: datetime, end: datetime, *, with_cancelled: bool = False
) -> list[Hearing]:
    """Hearings in [start, end) of the cases `user` works on, in time order; cancelled ones
    only for the calendar feed, which must tell clients they are cancelled."""
    return list(
        db.session.scalars(
            select(Hearing)
            .join(Case, Case.id == Hearing.case_id)
            .where(
                Hearing.scheduled_at >= start,
                Hearing.scheduled_at < end,
                works_on_case(user),
                true() if with_cancelled else live_hearing(),
            )
            .options(
                joinedload(Hearing.case).joinedload(Case.beneficiary), joinedload(Hearing.court)
            )
            .order_by(Hearing.scheduled_at)
        )
    )


def day_start(day: date) -> datetime:
    """Midnight at the start of `day`."""
    return datetime(day.year, day.month, day.day)


def next_days(day: date, days: int) -> tuple[datetime, datetime]:
    """[start of day, start of day + days)."""
    return day_start(day), day_start(day) + timedelta(days=days)


def case_hearings(case: Case) -> list[Hearing]:
    """All hearings of a case, latest first."""
    return list(
        db.session.scalars(
            select(Hearing)
            .where(Hearing.case_id == case.id)
            .options(joinedload(Hearing.court))
            .order_by(Hearing.scheduled_at.desc())
        )
    )


def may_request(user: User, case: Case) -> bool:
    """Whether the request-to-take button makes sense for `user` on `case`."""
    return (
        user.role == Role.LAWYER
        and case.organisation_id == user.organisation_id
        and case.status == S.INTAKE
        and not any(a.role_on_case == AssignmentRole.LAWYER for a in case.active_assignments)
    )
