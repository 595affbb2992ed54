"""Detention rules: the roll of a prison, alerts, custody facts, extension orders, censuses."""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from math import ceil
from typing import TypeVar

from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Row, Select, and_, exists, func, select
from sqlalchemy.orm import joinedload

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.cases.models import (
    OPEN_STATUSES,
    Assignment,
    AssignmentRole,
    Beneficiary,
    Case,
    CaseEvent,
    CaseKind,
    EventKind,
)
from legalaid.cases.timeline import moment
from legalaid.detention import engine
from legalaid.detention.models import DetentionOrder, DetentionRecord, PrisonCensus
from legalaid.detention.verdictcache import prison_verdicts
from legalaid.extensions import db
from legalaid.notifications.models import NotificationKind
from legalaid.notifications.services import notify
from legalaid.reference.models import DetentionRule, Prison
from legalaid.roles import Role
from legalaid.timeutils import utcnow
from legalaid.workflow.models import Hearing, live_hearing

URGENCY = {
    engine.State.BEYOND_CAP: 0,
    engine.State.OVERDUE: 1,
    engine.State.RENEWAL_DUE: 2,
    engine.State.RULES_NOT_CONFIGURED: 3,
    engine.State.NO_START_DATE: 4,
    engine.State.OK: 5,
    engine.State.RELEASED: 6,
}
ALERT_FILTERS = ("no_counsel", "overdue", "renewal_due", "beyond_cap", "no_hearing")
DETAINEES_PER_PAGE = 50


class CustodyRefused(ValueError):
    """A custody fact or order the rules do not accept; the message says why."""


def _duration(amount: int | None, unit: str | None) -> engine.Duration | None:
    if amount is None or unit is None:
        return None
    return engine.Duration(amount, engine.Unit(unit))


def engine_rule(rule: DetentionRule) -> engine.Rule:
    """The engine's view of a rule row."""
    return engine.Rule(
        offence_class=rule.offence_class,
        base=_duration(rule.base_amount, rule.base_unit),
        extension=_duration(rule.extension_amount, rule.extension_unit),
        max_extensions=rule.max_extensions,
        cap=_duration(rule.cap_amount, rule.cap_unit),
        renewal_window_working_days=rule.renewal_window_working_days,
    )


@dataclass(frozen=True)
class _Period:
    """When one rule is in force, with the rule already in the engine's terms."""

    effective_from: date
    effective_to: date | None
    rule: engine.Rule
    legal_basis: str

    def covers(self, day: date | None) -> bool:
        """Whether the rule applies to a detention starting on `day` (any, when unknown)."""
        return day is None or (
            self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)
        )


class RuleBook:
    """All detention rules, loaded and converted once per request or command (a handful)."""

    def __init__(self) -> None:
        self._rules: dict[tuple[str, str], list[_Period]] = defaultdict(list)
        for rule in db.session.scalars(
            select(DetentionRule).order_by(DetentionRule.effective_from)
        ):
            self._rules[(rule.code_regime, rule.offence_class)].append(
                _Period(rule.effective_from, rule.effective_to, engine_rule(rule), rule.legal_basis)
            )

    def _period(self, regime: str, offence_class: str, start: date | None) -> _Period | None:
        candidates = [p for p in self._rules.get((regime, offence_class), []) if p.covers(start)]
        return candidates[-1] if candidates else None

    def find(self, regime: str, offence_class: str, start: date | None) -> engine.Rule | None:
        """The rule in force on `start` (the latest one when the start is unknown)."""
        period = self._period(regime, offence_class, start)
        return period.rule if period else None

    def legal_basis(self, regime: str, offence_class: str, start: date | None) -> str | None:
        """The article that sets the rule in force on `start`, as the rules table cites it."""
        period = self._period(regime, offence_class, start)
        return period.legal_basis if period else None


@dataclass(frozen=True)
class Verdict:
    """The engine's verdict on one detention, from columns alone: enough to count, sort, page."""

    case_id: int
    record_id: int
    prison_id: int
    has_counsel: bool
    assessment: engine.Assessment

    @cached_property
    def flags(self) -> frozenset[str]:
        """The alert filters this detainee falls under (asked once per filter and page)."""
        found = set()
        if not self.has_counsel:
            found.add("no_counsel")
        if self.assessment.no_hearing:
            found.add("no_hearing")
        state = self.assessment.state
        if state in ("overdue", "renewal_due", "beyond_cap"):
            found.add(str(state))
        return frozenset(found)

    def urgency(self) -> tuple:
        """Most urgent first: state, then no counsel, then the nearest limit (then the case)."""
        days = self.assessment.days_to_limit
        return (
            URGENCY[self.assessment.state],
            self.has_counsel,
            days if days is not None else 10**6,
            self.case_id,
        )


@dataclass(frozen=True)
class Detainee:
    """One line of a roll or alert list: a verdict with its case, person, prison and counsel."""

    verdict: Verdict
    case: Case
    record: DetentionRecord
    beneficiary: Beneficiary
    prison: Prison
    lawyers: list[User] = field(default_factory=list)
    next_hearing: datetime | None = None
    orders: list[DetentionOrder] = field(default_factory=list)

    @property
    def assessment(self) -> engine.Assessment:
        """What the engine found."""
        return self.verdict.assessment

    @property
    def has_counsel(self) -> bool:
        """Whether a lawyer is assigned now."""
        return self.verdict.has_counsel

    @property
    def flags(self) -> frozenset[str]:
        """The alert filters this detainee falls under."""
        return self.verdict.flags


def held(condition: ColumnElement[bool] | None = None) -> ColumnElement[bool]:
    """Open detention cases whose detainee has not been released (plus `condition`)."""
    base = and_(
        Case.kind == CaseKind.DETENTION,
        Case.status.in_(OPEN_STATUSES),
        DetentionRecord.released_on.is_(None),
    )
    return base if condition is None else and_(base, condition)


def _day_start(on: date) -> datetime:
    return datetime(on.year, on.month, on.day)


def _extension_orders(condition: ColumnElement[bool]) -> dict[int, list[engine.ExtensionOrder]]:
    """The orders of every matching record, in one query, as the engine takes them."""
    orders: dict[int, list[engine.ExtensionOrder]] = defaultdict(list)
    for record_id, ordered_on, months in db.session.execute(
        select(DetentionOrder.record_id, DetentionOrder.ordered_on, DetentionOrder.length_months)
        .join(DetentionRecord, DetentionRecord.id == DetentionOrder.record_id)
        .join(Case, Case.id == DetentionRecord.case_id)
        .where(condition)
        .order_by(DetentionOrder.ordered_on)
    ):
        orders[record_id].append(
            engine.ExtensionOrder(ordered_on, engine.Duration(months, engine.Unit.MONTHS))
        )
    return orders


def _verdict_columns(condition: ColumnElement[bool], on: date) -> Select:
    """The columns the engine needs, plus counsel and the last hearing, one row per case."""
    has_counsel = exists().where(
        Assignment.case_id == Case.id,
        Assignment.ended_at.is_(None),
        Assignment.role_on_case == AssignmentRole.LAWYER,
    )
    tomorrow = _day_start(on + timedelta(1))
    last_hearing = (
        select(func.max(Hearing.scheduled_at))
        .where(Hearing.case_id == Case.id, Hearing.scheduled_at < tomorrow, live_hearing())
        .scalar_subquery()
    )
    next_hearing = (
        select(func.min(Hearing.scheduled_at))
        .where(Hearing.case_id == Case.id, Hearing.scheduled_at >= tomorrow, live_hearing())
        .scalar_subquery()
    )
    return (
        select(
            Case.id,
            DetentionRecord.id.label("record_id"),
            DetentionRecord.prison_id,
            DetentionRecord.arrested_on,
            DetentionRecord.committal_on,
            DetentionRecord.released_on,
            DetentionRecord.custody_started_at,
            DetentionRecord.offence_class,
            DetentionRecord.code_regime,
            has_counsel.label("has_counsel"),
            last_hearing.label("last_hearing"),
            next_hearing.label("next_hearing"),
        )
        .join(DetentionRecord, DetentionRecord.case_id == Case.id)
        .where(condition)
    )


def _verdict(row: Row, orders: list[engine.ExtensionOrder], rules: RuleBook, on: date) -> Verdict:
    facts = engine.DetentionFacts(
        arrested_on=row.arrested_on,
        committal_on=row.committal_on,
        released_on=row.released_on,
        custody_started_at=row.custody_started_at,
        last_hearing_on=row.last_hearing.date() if row.last_hearing else None,
        next_hearing_on=row.next_hearing.date() if row.next_hearing else None,
    )
    assessment = engine.assess(
        facts,
        orders,
        rules.find(row.code_regime, row.offence_class, facts.committal_on or facts.arrested_on),
        on,
        custody_rule=rules.find(row.code_regime, "police_custody", None),
    )
    return Verdict(row.id, row.record_id, row.prison_id, bool(row.has_counsel), assessment)


def verdicts(condition: ColumnElement[bool], on: date) -> list[Verdict]:
    """Assess every detention case matching `condition` on `on`, most urgent first.

    Columns only, three queries whatever the number of cases: the roll's totals and the
    indicators need the verdict of every detainee, but the details of none.
    """
    rows = db.session.execute(_verdict_columns(condition, on)).all()
    orders = _extension_orders(condition)
    rules = RuleBook()
    return sorted(
        (_verdict(row, orders[row.record_id], rules, on) for row in rows), key=Verdict.urgency
    )


def _with_details(
    rows: Sequence[Verdict], on: date, case_ids: Select | list[int]
) -> list[Detainee]:
    """`rows` with their case, person, prison, counsel, orders and next hearing, in order."""
    loaded = {
        case.id: (case, record, beneficiary, prison)
        for case, record, beneficiary, prison in db.session.execute(
            select(Case, DetentionRecord, Beneficiary, Prison)
            .join(DetentionRecord, DetentionRecord.case_id == Case.id)
            .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
            .join(Prison, Prison.id == DetentionRecord.prison_id)
            .where(Case.id.in_(case_ids))
            .options(joinedload(Case.organisation))
        )
    }
    orders = defaultdict(list)
    for order in db.session.scalars(
        select(DetentionOrder)
        .join(DetentionRecord, DetentionRecord.id == DetentionOrder.record_id)
        .where(DetentionRecord.case_id.in_(case_ids))
        .order_by(DetentionOrder.ordered_on)
    ):
        orders[order.record_id].append(order)
    lawyers = defaultdict(list)
    for case_id, lawyer in db.session.execute(
        select(Assignment.case_id, User)
        .join(User, User.id == Assignment.user_id)
        .where(
            Assignment.case_id.in_(case_ids),
            Assignment.ended_at.is_(None),
            Assignment.role_on_case == AssignmentRole.LAWYER,
        )
    ):
        lawyers[case_id].append(lawyer)
    next_hearing = dict(
        db.session.execute(
            select(Hearing.case_id, func.min(Hearing.scheduled_at))
            .where(
                Hearing.case_id.in_(case_ids),
                Hearing.scheduled_at >= _day_start(on),
                live_hearing(),
            )
            .group_by(Hearing.case_id)
        ).all()
    )
    return [
        Detainee(
            row,
            *loaded[row.case_id],
            lawyers=lawyers[row.case_id],
            next_hearing=next_hearing.get(row.case_id),
            orders=orders[row.record_id],
        )
        for row in rows
    ]


def with_details(rows: Sequence[Verdict], on: date) -> list[Detainee]:
    """The details of the verdicts shown (a page, or a printed roll), in four queries."""
    return _with_details(rows, on, [row.case_id for row in rows])


def detainees(condition: ColumnElement[bool], on: date) -> list[Detainee]:
    """Assess every detention case matching `condition` on `on`, with all its details."""
    case_ids = (
        select(Case.id).join(DetentionRecord, DetentionRecord.case_id == Case.id).where(condition)
    )
    return _with_details(verdicts(condition, on), on, case_ids)


def case_detainee(case_id: int, on: date) -> Detainee | None:
    """One case's detainee assessed on `on`, once per request however many cards ask (the
    cache lives in the request's environ: nothing outlives the request)."""
    if not has_request_context():
        return next(iter(detainees(Case.id == case_id, on)), None)
    cache = request.environ.setdefault("legalaid.case_detainees", {})
    if (case_id, on) not in cache:
        cache[(case_id, on)] = next(iter(detainees(Case.id == case_id, on)), None)
    return cache[(case_id, on)]


Listed = TypeVar("Listed", Verdict, Detainee)


def filter_detainees(rows: list[Listed], wanted: Iterable[str]) -> list[Listed]:
    """Keep the detainees that fall under every one of the `wanted` alert filters."""
    wanted = {name for name in wanted if name in ALERT_FILTERS}
    return [row for row in rows if wanted <= row.flags]


def needs_attention(row: Verdict | Detainee) -> bool:
    """Whether a detainee belongs on an alert list."""
    return row.assessment.state != engine.State.OK or bool(row.flags)


def counts_per_prison(rows: Iterable[Verdict]) -> list[tuple[Prison, dict[str, int]]]:
    """Alert counts per prison, for the alerts page."""
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        bucket = counts.setdefault(row.prison_id, dict.fromkeys(ALERT_FILTERS, 0))
        for flag in row.flags:
            bucket[flag] += 1
    prisons = db.session.scalars(
        select(Prison).where(Prison.id.in_(list(counts))).order_by(Prison.name)
    )
    return [(prison, counts[prison.id]) for prison in prisons]


@dataclass(frozen=True)
class DetaineePage:
    """One page of detainees, most urgent first, loaded in full."""

    rows: list[Detainee]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        """Whether a page comes before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a page comes after this one."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        """The number of the page before."""
        return self.page - 1

    @property
    def next_num(self) -> int:
        """The number of the page after."""
        return self.page + 1


@dataclass(frozen=True)
class RollPage(DetaineePage):
    """One page of a prison's roll, with the totals of the whole prison."""

    held: int
    by_state: dict[str, int]
    by_filter: dict[str, int]


def detainee_page(matching: Sequence[Verdict], page: int, on: date) -> DetaineePage:
    """The `page`-th DETAINEES_PER_PAGE of `matching` (the last one when past the end).

    Only the rows shown are loaded in full, so a page costs the same for 50 or 5,000 detainees.
    """
    pages = max(1, ceil(len(matching) / DETAINEES_PER_PAGE))
    page = min(max(page, 1), pages)
    shown = matching[(page - 1) * DETAINEES_PER_PAGE : page * DETAINEES_PER_PAGE]
    return DetaineePage(with_details(shown, on), page, pages, len(matching))


def _held_in(prison: Prison, on: date) -> list[Verdict]:
    return prison_verdicts(
        prison.id, on, lambda: verdicts(held(DetentionRecord.prison_id == prison.id), on)
    )


def roll_page(prison: Prison, wanted: Iterable[str], page: int, on: date) -> RollPage:
    """A page of a prison's detainees matching `wanted`, with the whole prison's totals."""
    everyone = _held_in(prison, on)
    listing = detainee_page(filter_detainees(everyone, wanted), page, on)
    states = Counter(row.assessment.state for row in everyone)
    return RollPage(
        **vars(listing),
        held=len(everyone),
        by_state={str(state): states[state] for state in URGENCY if states[state]},
        by_filter={name: sum(name in row.flags for row in everyone) for name in ALERT_FILTERS},
    )


def full_roll(prison: Prison, wanted: Iterable[str], on: date) -> list[Detainee]:
    """Every detainee of a prison matching `wanted`, for the print view and the exports."""
    return with_details(filter_detainees(_held_in(prison, on), wanted), on)


@dataclass(frozen=True)
class Told:
    """Who was notified of a custody fact and in which capacity, so that the officer is shown
    exactly that: the case's lawyers, or its coordinators when no lawyer is assigned."""

    people: list[User]
    capacity: Role | None = None


def custody_recipients(case: Case) -> Told:
    """The case's lawyers; with none assigned, its organisation's active coordinators, so that
    a detainee without counsel is not moved or released unnoticed."""
    lawyers = [
        a.user
        for a in case.active_assignments
        if a.role_on_case == AssignmentRole.LAWYER and a.user.active
    ]
    if lawyers:
        return Told(lawyers, Role.LAWYER)
    coordinators = list(
        db.session.scalars(
            select(User)
            .where(
                User.organisation_id == case.organisation_id,
                User.role == Role.COORDINATOR,
                User.active.is_(True),
            )
            .order_by(User.full_name, User.id)
        )
    )
    return Told(coordinators, Role.COORDINATOR if coordinators else None)


def _custody_event(case: Case, by: User, facts: dict, text: str = "") -> Told:
    """A custody fact on the timeline (read through cases.timeline), audited, told to counsel."""
    db.session.add(
        CaseEvent(case_id=case.id, kind=EventKind.CUSTODY, author=by, text=text, facts=facts)
    )
    audit("custody_fact", by=by, obj=case)
    case.last_activity_at = utcnow()
    told = custody_recipients(case)
    notify(told.people, NotificationKind.CUSTODY_UPDATE, case)
    return told


def _check_fact_date(record: DetentionRecord, day: date, today: date) -> None:
    if day > today:
        raise CustodyRefused(_("This date is in the future."))
    start = record.committal_on or record.arrested_on
    if start and day < start:
        raise CustodyRefused(_("This date is before the detention started."))


def record_release(
    case: Case, record: DetentionRecord, by: User, *, on: date, reason: str, today: date
) -> Told:
    """The detainee left the prison (seen in the register); the lawyer (or coordinator) is told."""
    if record.released_on is not None:
        raise CustodyRefused(_("The release is already recorded."))
    _check_fact_date(record, on, today)
    record.released_on, record.release_reason = on, reason.strip()
    told = _custody_event(case, by, {"fact": "release", "on": on.isoformat()}, text=reason.strip())
    db.session.commit()
    return told


def record_transfer(
    case: Case, record: DetentionRecord, by: User, *, to: Prison, on: date, today: date
) -> Told:
    """The detainee moved to another prison; the lawyer (or coordinator) is told."""
    if to.id == record.prison_id:
        raise CustodyRefused(_("The detainee is already held in this prison."))
    _check_fact_date(record, on, today)
    previous = record.prison.name
    record.prison_id = to.id
    told = _custody_event(
        case, by, {"fact": "transfer", "on": on.isoformat(), "from": previous, "to": to.name}
    )
    db.session.commit()
    return told


def record_hearing_seen(case: Case, by: User, *, at: datetime) -> Told:
    """A hearing date read in the prison register: it goes on the case's calendar."""
    db.session.add(
        Hearing(case_id=case.id, scheduled_at=at, purpose=_("Prison register"), created_by_id=by.id)
    )
    told = _custody_event(case, by, {"fact": "hearing", "at": moment(at)})
    db.session.commit()
    return told


@dataclass(frozen=True)
class OrderRecorded:
    """An extension order as saved, with the warning it was saved under, if any."""

    order: DetentionOrder
    outside_window: str | None = None


def renewal_window_warning(case: Case, ordered_on: date) -> str | None:
    """Why an order dated `ordered_on` falls outside the renewal window of its rule (art. 135:
    the 8 working days before expiry), or None when it falls inside or the rule has no window.

    The window is the one in force that day, from the orders already on file: the law asks for
    the renewal just before the limit the detainee is held under.
    """
    found = verdicts(Case.id == case.id, ordered_on)
    window = found[0].assessment.renewal_window if found else None
    if window is None:
        return None
    first, last = window
    if ordered_on < first:
        return _(
            "Outside the renewal window (%(first)s to %(last)s): too early.",
            first=first.isoformat(),
            last=last.isoformat(),
        )
    if ordered_on > last:
        return _(
            "Outside the renewal window (%(first)s to %(last)s): too late.",
            first=first.isoformat(),
            last=last.isoformat(),
        )
    return None


def add_order(
    record: DetentionRecord,
    case: Case,
    by: User,
    *,
    ordered_on: date,
    months: int,
    body: str,
    today: date,
) -> OrderRecorded:
    """Record an extension order; the engine counts it within the rule's limits.

    An order outside the renewal window is accepted, as the judge made it, and recorded as such
    on the timeline and the audit trail, so that counsel can raise it.
    """
    _check_fact_date(record, ordered_on, today)
    warning = renewal_window_warning(case, ordered_on)
    order = DetentionOrder(
        record_id=record.id,
        ordered_on=ordered_on,
        length_months=months,
        deciding_body=body,
        created_by_id=by.id,
    )
    db.session.add(order)
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.CUSTODY,
            author=by,
            text=warning or "",
            facts={"fact": "order", "on": ordered_on.isoformat(), "months": months},
        )
    )
    case.last_activity_at = utcnow()
    details = f"{months} months" + (", outside the renewal window" if warning else "")
    audit("detention_order", by=by, obj=case, details=details)
    db.session.commit()
    return OrderRecorded(order, warning)


def record_census(
    prison: Prison, by: User, *, counted_on: date, total: int, pretrial: int
) -> PrisonCensus:
    """The officer's count of a day; a second count of the same day replaces the first."""
    if pretrial > total:
        raise CustodyRefused(_("Pre-trial detainees cannot outnumber all detainees."))
    census = db.session.scalar(
        select(PrisonCensus).where(
            PrisonCensus.prison_id == prison.id, PrisonCensus.counted_on == counted_on
        )
    )
    if census is None:
        census = PrisonCensus(prison_id=prison.id, counted_on=counted_on, recorded_by_id=by.id)
        db.session.add(census)
    census.total_held, census.pretrial_held, census.recorded_by_id = total, pretrial, by.id
    audit("prison_census", by=by, obj=prison, details=counted_on.isoformat())
    db.session.commit()
    return census


def censuses(prison: Prison) -> list[PrisonCensus]:
    """A prison's counts, oldest first (the remand share over time)."""
    return list(
        db.session.scalars(
            select(PrisonCensus)
            .where(PrisonCensus.prison_id == prison.id)
            .order_by(PrisonCensus.counted_on)
        )
    )


def latest_censuses() -> list[tuple[Prison, PrisonCensus]]:
    """The latest count of every prison that has one."""
    latest = (
        select(PrisonCensus.prison_id, func.max(PrisonCensus.counted_on).label("day"))
        .group_by(PrisonCensus.prison_id)
        .subquery()
    )
    return list(
        db.session.execute(
            select(Prison, PrisonCensus)
            .join(PrisonCensus, PrisonCensus.prison_id == Prison.id)
            .join(
                latest,
                and_(
                    latest.c.prison_id == PrisonCensus.prison_id,
                    latest.c.day == PrisonCensus.counted_on,
                ),
            )
            .order_by(Prison.name)
        ).all()
    )


def alert_record(row: Detainee) -> dict:
    """One detainee as the JSON of `flask detention-alerts` and the alerts export."""
    assessment = row.assessment
    return {
        "reference": row.case.reference,
        "organisation": row.case.organisation.name,
        "prison": row.prison.name,
        "state": str(assessment.state),
        "days_held": assessment.days_held,
        "limit_date": assessment.limit_date.isoformat() if assessment.limit_date else None,
        "cap_date": assessment.cap_date.isoformat() if assessment.cap_date else None,
        "has_counsel": row.has_counsel,
        "no_hearing": assessment.no_hearing,
        "custody": str(assessment.custody) if assessment.custody else None,
    }
