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
    exists,
    func,
    literal,
    or_,
    select,
)

from legalaid.accounts.models import Organisation
from legalaid.casekinds import case_kind, case_kinds, kind_codes
from legalaid.cases.models import (
    Assignment,
    Beneficiary,
    Case,
    CaseKind,
    GbvIncident,
)
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from legalaid.permissions import Permission, allows
from legalaid.reference.models import Region
from legalaid.reportsections import report_sections

AGE_GROUPS = ("minor", "youth", "adult", "unknown")


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
        return and_(*self.filters(), consented_or_not_gbv())


def consented_or_not_gbv() -> ColumnElement[bool]:
    """A GBV case counts only with the survivor's consent to reporting (GBV's own rule)."""
    consented = exists().where(
        GbvIncident.case_id == Case.id, GbvIncident.consent_reporting.is_(True)
    )
    return or_(Case.kind != CaseKind.GBV, consented)


def has_assignment(role_on_case: str | None = None) -> ColumnElement[bool]:
    """The case has someone assigned (in this role on the case, if given)."""
    condition = Assignment.case_id == Case.id
    if role_on_case:
        condition = and_(condition, Assignment.role_on_case == role_on_case)
    return exists().where(condition)


def resolved_by(end: date) -> ColumnElement[bool]:
    """The case was resolved on or before `end`."""
    return and_(Case.outcome.is_not(None), Case.resolved_on <= end)


def cases_of(scope: Scope, *conditions: ColumnElement[bool]) -> Select:
    """The ids of the cases the report covers that meet the conditions."""
    return (
        select(Case.id)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(scope.condition(), *conditions)
    )


def count_cases(query: Select) -> int:
    """How many rows the query of cases gives."""
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


def pct(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, one decimal; None of nothing."""
    return round(100 * part / whole, 1) if whole else None


def _median_days(pairs: list[tuple[date, date]]) -> float | None:
    return float(median((end - start).days for start, end in pairs)) if pairs else None


def indicators(scope: Scope) -> dict[str, Any]:
    # Here, not at the top: the referrals' figures are built on this module's helpers.
    from legalaid.referrals.indicators import referral_indicators

    """Every indicator of the period, nested as the CLI prints it (`detainees.identified`…): each
    section's own figures (each kind's, then the activities'), then the cases opened and
    resolved of every kind.

    A case of a kind no package registered raises `UnknownCaseKind` rather than go uncounted.
    """
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
        .where(scope.condition(), resolved_by(scope.end))
        .group_by(Case.kind, Case.outcome)
    ).all()
    kinds = kind_codes()
    resolved = {kind.code: dict.fromkeys(kind.outcomes, 0) for kind in case_kinds()}
    for kind, outcome, n in resolved_rows:
        resolved[case_kind(kind).code][outcome] = n
    durations: dict[str, list[tuple[date, date]]] = {kind: [] for kind in kinds}
    for kind, opened_on, resolved_on in db.session.execute(
        select(Case.kind, Case.opened_on, Case.resolved_on)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(scope.condition(), resolved_by(scope.end))
    ):
        durations[case_kind(kind).code].append((opened_on, resolved_on))
    result: dict[str, Any] = {
        "period": {"from": scope.start.isoformat(), "to": scope.end.isoformat()}
    }
    for section in report_sections():
        result.update(section.indicators(scope))
    result.update(referral_indicators(scope))
    return result | {
        "cases_opened": {kind: opened.get(kind, 0) for kind in kinds},
        "cases_opened_by_month": _opened_per_month(scope),
        "cases_resolved": resolved,
        "median_days_to_resolution": {kind: _median_days(durations[kind]) for kind in kinds},
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
        months.setdefault(label, dict.fromkeys(kind_codes(), 0))[case_kind(kind).code] = n
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


def protect_small_groups(result: dict[str, Any]) -> dict[str, Any]:
    """For viewers: every count from 1 to 4 becomes "< 5", and the figures built on them go.

    A percentage of a hidden count would give it back; a median over fewer than 5 cases is
    close to one person's own number of days.
    """
    from legalaid.referrals.indicators import protect as protect_referrals

    percentages = tuple(p for section in report_sections() for p in section.percentages)
    protected = _hide_small_counts(result, percentages)
    for section in report_sections():
        section.protect(result, protected)
    protect_referrals(result, protected)
    for kind, by_outcome in result["cases_resolved"].items():
        if small(sum(by_outcome.values())):
            protected["median_days_to_resolution"][kind] = None
    return protected


def _hide_small_counts(value: Any, percentages: tuple[tuple[str, str, str], ...]) -> Any:
    if isinstance(value, dict):
        protected = {key: _hide_small_counts(item, percentages) for key, item in value.items()}
        for percentage, part, whole in percentages:
            if percentage in value and (small(value.get(part)) or small(value.get(whole))):
                protected[percentage] = None
        return protected
    if isinstance(value, list):
        return [_hide_small_counts(item, percentages) for item in value]
    return SUPPRESSED if small(value) else value


def small(value: Any) -> bool:
    """A count from 1 to 4, which a viewer may not see."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL


def known_total(counts: Iterable[int | str]) -> int | None:
    """The sum of counts, or None when one is hidden: any number given would be a guess."""
    total = 0
    for count in counts:
        if not isinstance(count, int):
            return None
        total += count
    return total
