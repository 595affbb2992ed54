"""The indicator definitions (issue 7), computed in SQL over the cases opened in a period.

Scope: cases opened between `start` and `end` (inclusive), optionally of one organisation, of
beneficiaries of one region, or (detention only) held in one prison. GBV cases count only when
the survivor consented to sharing non-identifying data for reporting; the others are counted
apart, so the report says how many were left out.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
)

from legalaid.accounts.models import Organisation
from legalaid.cases.models import (
    Assignment,
    AssignmentRole,
    Beneficiary,
    Case,
    CaseKind,
    GbvIncident,
)
from legalaid.detention.models import DetentionRecord, PrisonCensus
from legalaid.detention.services import verdicts
from legalaid.extensions import db
from legalaid.permissions import Permission, allows
from legalaid.reference.models import Prison, Region
from legalaid.workflow.models import OUTCOMES

AGE_GROUPS = ("minor", "youth", "adult", "unknown")
HELD_STATES = ("ok", "renewal_due", "overdue", "beyond_cap")


@dataclass(frozen=True)
class Scope:
    """The period and filters of a report."""

    start: date
    end: date
    organisation_id: int | None = None
    region_id: int | None = None
    prison_id: int | None = None

    def filters(self) -> list[ColumnElement[bool]]:
        """SQL conditions on Case (joined to Beneficiary) for the period and filters."""
        conditions = [Case.opened_on.between(self.start, self.end)]
        if self.organisation_id:
            conditions.append(Case.organisation_id == self.organisation_id)
        if self.region_id:
            conditions.append(Beneficiary.region_id == self.region_id)
        if self.prison_id:
            conditions.append(
                exists().where(
                    DetentionRecord.case_id == Case.id, DetentionRecord.prison_id == self.prison_id
                )
            )
        return conditions

    def condition(self) -> ColumnElement[bool]:
        """The cases the report covers: in scope, and GBV only with consent to reporting."""
        return and_(*self.filters(), _consented_or_not_gbv())


def _consented_or_not_gbv() -> ColumnElement[bool]:
    consented = exists().where(
        GbvIncident.case_id == Case.id, GbvIncident.consent_reporting.is_(True)
    )
    return or_(Case.kind != CaseKind.GBV, consented)


def _has_assignment(role_on_case: str | None = None) -> ColumnElement[bool]:
    condition = Assignment.case_id == Case.id
    if role_on_case:
        condition = and_(condition, Assignment.role_on_case == role_on_case)
    return exists().where(condition)


def _resolved_by(end: date) -> ColumnElement[bool]:
    return and_(Case.outcome.is_not(None), Case.resolved_on <= end)


def _cases(scope: Scope, *conditions: ColumnElement[bool]) -> Select:
    return (
        select(Case.id)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(scope.condition(), *conditions)
    )


def _count(query: Select) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def age_group(age: ColumnElement) -> ColumnElement[str]:
    """minor (< 18), youth (18–35), adult (36+), unknown — as SQL."""
    return case(
        (age.is_(None), literal("unknown")),
        (age < 18, literal("minor")),
        (age <= 35, literal("youth")),
        else_=literal("adult"),
    )


def people(scope: Scope, *conditions: ColumnElement[bool]) -> dict[str, Any]:
    """Distinct beneficiaries of the matching cases: total, by sex, age group, sex and age group
    together, region, organisation.

    A person's age is taken at the opening of their first matching case.
    """
    first = (
        select(Case.beneficiary_id.label("beneficiary_id"), func.min(Case.opened_on).label("first"))
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(scope.condition(), *conditions)
        .group_by(Case.beneficiary_id)
        .subquery()
    )
    age = func.extract("year", first.c.first) - Beneficiary.birth_year
    group = age_group(case((Beneficiary.birth_year.is_(None), None), else_=age))
    rows = db.session.execute(
        select(
            Beneficiary.sex,
            group.label("age_group"),
            func.coalesce(Region.name, literal("")).label("region"),
            Organisation.name.label("organisation"),
            func.count().label("n"),
        )
        .select_from(first)
        .join(Beneficiary, Beneficiary.id == first.c.beneficiary_id)
        .join(Organisation, Organisation.id == Beneficiary.organisation_id)
        .outerjoin(Region, Region.id == Beneficiary.region_id)
        .group_by(Beneficiary.sex, group, Region.name, Organisation.name)
    ).all()
    result: dict[str, Any] = {
        "total": 0,
        "F": 0,
        "M": 0,
        "by_age_group": dict.fromkeys(AGE_GROUPS, 0),
        "by_sex_age_group": {sex: dict.fromkeys(AGE_GROUPS, 0) for sex in ("F", "M")},
        "by_region": {},
        "by_organisation": {},
    }
    for sex, group_name, region, organisation, n in rows:
        result["total"] += n
        result[sex] += n
        result["by_age_group"][group_name] += n
        result["by_sex_age_group"][sex][group_name] += n
        region = region or "unknown"
        result["by_region"][region] = result["by_region"].get(region, 0) + n
        result["by_organisation"][organisation] = result["by_organisation"].get(organisation, 0) + n
    return result


def _pct(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _median_days(pairs: list[tuple[date, date]]) -> float | None:
    return float(median((end - start).days for start, end in pairs)) if pairs else None


def _detention(scope: Scope) -> dict[str, Any]:
    detention = Case.kind == CaseKind.DETENTION
    assisted_cases = _count(_cases(scope, detention, _has_assignment()))
    assisted_resolved = _count(_cases(scope, detention, _has_assignment(), _resolved_by(scope.end)))
    identified = people(scope, detention)
    assisted = people(scope, detention, _has_assignment())
    held_condition = and_(
        Case.id.in_(_cases(scope, detention)),
        or_(DetentionRecord.released_on.is_(None), DetentionRecord.released_on > scope.end),
    )
    held = [
        row for row in verdicts(held_condition, scope.end) if row.assessment.state in HELD_STATES
    ]
    prisons = dict(db.session.execute(select(Prison.id, Prison.name)).all())
    by_state = dict.fromkeys(HELD_STATES, 0)
    by_prison: dict[str, dict[str, int]] = {}
    for row in held:
        state = str(row.assessment.state)
        by_state[state] += 1
        by_prison.setdefault(prisons[row.prison_id], dict.fromkeys(HELD_STATES, 0))[state] += 1
    days = [row.assessment.days_held for row in held if row.assessment.days_held is not None]
    return {
        "identified": identified["total"],
        "assisted": assisted["total"],
        "assisted_pct": _pct(assisted["total"], identified["total"]),
        "assisted_cases": assisted_cases,
        "assisted_resolved": assisted_resolved,
        "assisted_resolved_pct": _pct(assisted_resolved, assisted_cases),
        "identified_by": {k: v for k, v in identified.items() if k != "total"},
        "assisted_by": {k: v for k, v in assisted.items() if k != "total"},
        "held_on_end": by_state,
        "held_on_end_by_prison": dict(sorted(by_prison.items())),
        "median_days_held": float(median(days)) if days else None,
        "remand_share": remand_shares(scope),
    }


def remand_shares(scope: Scope) -> list[dict[str, Any]]:
    """The latest population count of each prison on or before the end of the period."""
    latest = (
        select(PrisonCensus.prison_id, func.max(PrisonCensus.counted_on).label("day"))
        .where(PrisonCensus.counted_on <= scope.end)
        .group_by(PrisonCensus.prison_id)
        .subquery()
    )
    query = (
        select(
            Prison.name,
            PrisonCensus.counted_on,
            PrisonCensus.total_held,
            PrisonCensus.pretrial_held,
        )
        .join(PrisonCensus, PrisonCensus.prison_id == Prison.id)
        .join(
            latest, and_(latest.c.prison_id == Prison.id, latest.c.day == PrisonCensus.counted_on)
        )
        .order_by(Prison.name)
    )
    if scope.prison_id:
        query = query.where(Prison.id == scope.prison_id)
    if scope.region_id:
        query = query.where(Prison.region_id == scope.region_id)
    return [
        {
            "prison": name,
            "counted_on": counted_on.isoformat(),
            "total": total,
            "pretrial": pretrial,
            "share_pct": _pct(pretrial, total),
        }
        for name, counted_on, total, pretrial in db.session.execute(query)
    ]


def _gbv_left_out(scope: Scope) -> dict[str, int]:
    """GBV cases in scope left out of every figure for lack of consent, and their survivors."""
    cases, survivors = db.session.execute(
        select(func.count(Case.id), func.count(distinct(Case.beneficiary_id)))
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(*scope.filters(), Case.kind == CaseKind.GBV, ~_consented_or_not_gbv())
    ).one()
    return {"cases": cases, "survivors": survivors}


def indicators(scope: Scope) -> dict[str, Any]:
    """Every indicator of the period, nested as the CLI prints it (`detainees.identified`…)."""
    opened = dict(
        db.session.execute(
            select(Case.kind, func.count())
            .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
            .where(scope.condition())
            .group_by(Case.kind)
        ).all()
    )
    resolved_rows = db.session.execute(
        select(Case.kind, Case.outcome, func.count())
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(scope.condition(), _resolved_by(scope.end))
        .group_by(Case.kind, Case.outcome)
    ).all()
    resolved = {kind: dict.fromkeys(OUTCOMES[kind], 0) for kind in CaseKind}
    for kind, outcome, n in resolved_rows:
        resolved[kind][outcome] = n
    durations: dict[str, list[tuple[date, date]]] = {kind: [] for kind in CaseKind}
    for kind, opened_on, resolved_on in db.session.execute(
        select(Case.kind, Case.opened_on, Case.resolved_on)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(scope.condition(), _resolved_by(scope.end))
    ):
        durations[kind].append((opened_on, resolved_on))
    litigation = and_(Case.kind == CaseKind.LITIGATION, _has_assignment(AssignmentRole.PARALEGAL))
    victims = and_(Case.kind == CaseKind.GBV, _has_assignment(AssignmentRole.LAWYER))
    return {
        "period": {"from": scope.start.isoformat(), "to": scope.end.isoformat()},
        "detainees": _detention(scope),
        "litigants_supported_by_paralegals": people(scope, litigation),
        "victims_assisted_by_lawyers": people(scope, victims),
        "cases_opened": {kind.value: opened.get(kind.value, 0) for kind in CaseKind},
        "cases_opened_by_month": _opened_per_month(scope),
        "cases_resolved": {kind.value: resolved[kind] for kind in CaseKind},
        "median_days_to_resolution": {
            kind.value: _median_days(durations[kind]) for kind in CaseKind
        },
        "gbv_left_out_without_consent": _gbv_left_out(scope),
    }


def _opened_per_month(scope: Scope) -> dict[str, dict[str, int]]:
    """{YYYY-MM: {kind: cases opened}} for the months with intake, for the chart over time."""
    month = func.extract("year", Case.opened_on) * 100 + func.extract("month", Case.opened_on)
    rows = db.session.execute(
        select(month.label("month"), Case.kind, func.count())
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(scope.condition())
        .group_by(month, Case.kind)
        .order_by(month)
    ).all()
    months: dict[str, dict[str, int]] = {}
    for value, kind, n in rows:
        label = f"{int(value) // 100}-{int(value) % 100:02d}"
        months.setdefault(label, {each.value: 0 for each in CaseKind})[kind] = n
    return months


def report_figures(scope: Scope, user: Any) -> dict[str, Any]:
    """The one result every page and export of a report shows `user`: exact, or protected.

    Charts, tables, sentences and files are drawn from this result alone and query nothing of
    their own, so that a viewer can see no figure that did not go through the protection.
    """
    result = indicators(scope)
    if allows(user, Permission.EXACT_FIGURES):
        return result
    return protect_small_groups(result)


SMALL = 5
SUPPRESSED = "< 5"
# Percentages that would give a hidden count back: (percentage, part, whole), wherever they sit.
PERCENTAGES = (
    ("assisted_pct", "assisted", "identified"),
    ("assisted_resolved_pct", "assisted_resolved", "assisted_cases"),
    ("share_pct", "pretrial", "total"),
)


def protect_small_groups(result: dict[str, Any]) -> dict[str, Any]:
    """For viewers: every count from 1 to 4 becomes "< 5", and the figures built on them go.

    A percentage of a hidden count would give it back; a median over fewer than 5 cases is
    close to one person's own number of days.
    """
    protected = _hide_small_counts(result)
    if _small(sum(result["detainees"]["held_on_end"].values())):
        protected["detainees"]["median_days_held"] = None
    for kind, by_outcome in result["cases_resolved"].items():
        if _small(sum(by_outcome.values())):
            protected["median_days_to_resolution"][kind] = None
    return protected


def _hide_small_counts(value: Any) -> Any:
    if isinstance(value, dict):
        protected = {key: _hide_small_counts(item) for key, item in value.items()}
        for pct, part, whole in PERCENTAGES:
            if pct in value and (_small(value.get(part)) or _small(value.get(whole))):
                protected[pct] = None
        return protected
    if isinstance(value, list):
        return [_hide_small_counts(item) for item in value]
    return SUPPRESSED if _small(value) else value


def _small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL


def known_total(counts: Iterable[int | str]) -> int | None:
    """The sum of counts, or None when one is hidden: any number given would be a guess."""
    total = 0
    for count in counts:
        if not isinstance(count, int):
            return None
        total += count
    return total
