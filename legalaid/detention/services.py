"""Detention rules: the roll of a prison, alerts, custody facts, extension orders, censuses."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, select
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
from legalaid.detention import engine
from legalaid.detention.models import DetentionOrder, DetentionRecord, PrisonCensus
from legalaid.extensions import db
from legalaid.notifications.models import NotificationKind
from legalaid.notifications.services import notify
from legalaid.reference.models import DetentionRule, Prison
from legalaid.timeutils import utcnow
from legalaid.workflow.models import Hearing

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


class RuleBook:
    """All detention rules, loaded once per request or command (a handful of rows)."""

    def __init__(self) -> None:
        self._rules: dict[tuple[str, str], list[DetentionRule]] = defaultdict(list)
        for rule in db.session.scalars(
            select(DetentionRule).order_by(DetentionRule.effective_from)
        ):
            self._rules[(rule.code_regime, rule.offence_class)].append(rule)

    def find(self, regime: str, offence_class: str, start: date | None) -> engine.Rule | None:
        """The rule in force on `start` (the latest one when the start is unknown)."""
        candidates = [
            rule
            for rule in self._rules.get((regime, offence_class), [])
            if start is None
            or (
                rule.effective_from <= start
                and (rule.effective_to is None or start <= rule.effective_to)
            )
        ]
        return engine_rule(candidates[-1]) if candidates else None


def _facts(record: DetentionRecord, last_hearing: datetime | None) -> engine.DetentionFacts:
    return engine.DetentionFacts(
        arrested_on=record.arrested_on,
        committal_on=record.committal_on,
        released_on=record.released_on,
        custody_started_at=record.custody_started_at,
        last_hearing_on=last_hearing.date() if last_hearing else None,
    )


def _orders(record_orders: Iterable[DetentionOrder]) -> list[engine.ExtensionOrder]:
    return [
        engine.ExtensionOrder(
            order.ordered_on, engine.Duration(order.length_months, engine.Unit.MONTHS)
        )
        for order in record_orders
    ]


@dataclass
class Detainee:
    """One line of a roll or alert list: the case, the person, the engine's verdict, counsel."""

    case: Case
    record: DetentionRecord
    beneficiary: Beneficiary
    prison: Prison
    assessment: engine.Assessment
    lawyers: list[User] = field(default_factory=list)
    next_hearing: datetime | None = None
    orders: list[DetentionOrder] = field(default_factory=list)

    @property
    def has_counsel(self) -> bool:
        """Whether a lawyer is assigned now."""
        return bool(self.lawyers)

    @property
    def flags(self) -> set[str]:
        """The alert filters this detainee falls under."""
        found = set()
        if not self.has_counsel:
            found.add("no_counsel")
        if self.assessment.no_hearing:
            found.add("no_hearing")
        state = self.assessment.state
        if state in ("overdue", "renewal_due", "beyond_cap"):
            found.add(str(state))
        return found

    def urgency(self) -> tuple:
        """Most urgent first: state, then no counsel, then the nearest limit."""
        days = self.assessment.days_to_limit
        return (
            URGENCY[self.assessment.state],
            self.has_counsel,
            days if days is not None else 10**6,
        )


def held(condition: ColumnElement[bool] | None = None) -> ColumnElement[bool]:
    """Open detention cases whose detainee has not been released (plus `condition`)."""
    base = and_(
        Case.kind == CaseKind.DETENTION,
        Case.status.in_(OPEN_STATUSES),
        DetentionRecord.released_on.is_(None),
    )
    return base if condition is None else and_(base, condition)


def detainees(condition: ColumnElement[bool], on: date) -> list[Detainee]:
    """Assess every detention case matching `condition` on `on`, in a fixed number of queries."""
    rows = db.session.execute(
        select(Case, DetentionRecord, Beneficiary, Prison)
        .join(DetentionRecord, DetentionRecord.case_id == Case.id)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .join(Prison, Prison.id == DetentionRecord.prison_id)
        .where(condition)
        .options(joinedload(Case.organisation))
    ).all()
    case_ids = (
        select(Case.id).join(DetentionRecord, DetentionRecord.case_id == Case.id).where(condition)
    )
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
    day_start = datetime(on.year, on.month, on.day)
    next_hearing = dict(
        db.session.execute(
            select(Hearing.case_id, func.min(Hearing.scheduled_at))
            .where(Hearing.case_id.in_(case_ids), Hearing.scheduled_at >= day_start)
            .group_by(Hearing.case_id)
        ).all()
    )
    last_hearing = dict(
        db.session.execute(
            select(Hearing.case_id, func.max(Hearing.scheduled_at))
            .where(
                Hearing.case_id.in_(case_ids), Hearing.scheduled_at < day_start + timedelta(days=1)
            )
            .group_by(Hearing.case_id)
        ).all()
    )
    rules = RuleBook()
    custody_rules = {}
    result = []
    for case, record, beneficiary, prison in rows:
        start = record.committal_on or record.arrested_on
        regime = record.code_regime
        if regime not in custody_rules:
            custody_rules[regime] = rules.find(regime, "police_custody", None)
        assessment = engine.assess(
            _facts(record, last_hearing.get(case.id)),
            _orders(orders[record.id]),
            rules.find(regime, record.offence_class, start),
            on,
            custody_rule=custody_rules[regime],
        )
        result.append(
            Detainee(
                case=case,
                record=record,
                beneficiary=beneficiary,
                prison=prison,
                assessment=assessment,
                lawyers=lawyers[case.id],
                next_hearing=next_hearing.get(case.id),
                orders=orders[record.id],
            )
        )
    return sorted(result, key=Detainee.urgency)


def filter_detainees(rows: list[Detainee], wanted: Iterable[str]) -> list[Detainee]:
    """Keep the detainees that fall under every one of the `wanted` alert filters."""
    wanted = {name for name in wanted if name in ALERT_FILTERS}
    return [row for row in rows if wanted <= row.flags]


def needs_attention(row: Detainee) -> bool:
    """Whether a detainee belongs on an alert list."""
    return row.assessment.state != engine.State.OK or bool(row.flags)


def counts_per_prison(rows: Iterable[Detainee]) -> list[tuple[Prison, dict[str, int]]]:
    """Alert counts per prison, for the alerts page."""
    counts: dict[int, dict[str, int]] = {}
    prisons: dict[int, Prison] = {}
    for row in rows:
        prisons[row.prison.id] = row.prison
        bucket = counts.setdefault(row.prison.id, dict.fromkeys(ALERT_FILTERS, 0))
        for flag in row.flags:
            bucket[flag] += 1
    return [(prisons[pid], counts[pid]) for pid in sorted(prisons, key=lambda p: prisons[p].name)]


def _custody_event(case: Case, by: User, text: str) -> None:
    db.session.add(CaseEvent(case_id=case.id, kind=EventKind.CUSTODY, author=by, text=text))
    audit("custody_fact", by=by, obj=case)
    case.last_activity_at = utcnow()
    lawyers = [a.user for a in case.active_assignments if a.role_on_case == AssignmentRole.LAWYER]
    notify(lawyers, NotificationKind.CUSTODY_UPDATE, case)


def _check_fact_date(record: DetentionRecord, day: date, today: date) -> None:
    if day > today:
        raise CustodyRefused(_("This date is in the future."))
    start = record.committal_on or record.arrested_on
    if start and day < start:
        raise CustodyRefused(_("This date is before the detention started."))


def record_release(
    case: Case, record: DetentionRecord, by: User, *, on: date, reason: str, today: date
) -> None:
    """The detainee left the prison (seen in the register); the lawyer is told."""
    if record.released_on is not None:
        raise CustodyRefused(_("The release is already recorded."))
    _check_fact_date(record, on, today)
    record.released_on, record.release_reason = on, reason.strip()
    _custody_event(
        case, by, _("Released on %(date)s: %(reason)s", date=on.isoformat(), reason=reason.strip())
    )
    db.session.commit()


def record_transfer(
    case: Case, record: DetentionRecord, by: User, *, to: Prison, on: date, today: date
) -> None:
    """The detainee moved to another prison; the lawyer is told."""
    if to.id == record.prison_id:
        raise CustodyRefused(_("The detainee is already held in this prison."))
    _check_fact_date(record, on, today)
    previous = record.prison.name
    record.prison_id = to.id
    _custody_event(
        case,
        by,
        _(
            "Transferred on %(date)s from %(from)s to %(to)s",
            date=on.isoformat(),
            **{"from": previous, "to": to.name},
        ),
    )
    db.session.commit()


def record_hearing_seen(case: Case, by: User, *, at: datetime) -> Hearing:
    """A hearing date read in the prison register: it goes on the case's calendar."""
    hearing = Hearing(
        case_id=case.id, scheduled_at=at, purpose=_("Prison register"), created_by_id=by.id
    )
    db.session.add(hearing)
    _custody_event(
        case, by, _("Hearing on %(date)s (prison register)", date=at.strftime("%Y-%m-%d %H:%M"))
    )
    db.session.commit()
    return hearing


def add_order(
    record: DetentionRecord,
    case: Case,
    by: User,
    *,
    ordered_on: date,
    months: int,
    body: str,
    today: date,
) -> DetentionOrder:
    """Record an extension order; the engine counts it within the rule's limits."""
    _check_fact_date(record, ordered_on, today)
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
            text=_(
                "Extension order of %(date)s: %(months)d months",
                date=ordered_on.isoformat(),
                months=months,
            ),
        )
    )
    case.last_activity_at = utcnow()
    audit("detention_order", by=by, obj=case, details=f"{months} months")
    db.session.commit()
    return order


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
