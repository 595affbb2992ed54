"""The detention figures of a report: detainees identified, assisted, held, remand shares."""

from datetime import date
from statistics import median
from typing import Any

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select

from legalaid.cases.models import Case, CaseKind
from legalaid.detention.models import DetentionRecord, PrisonCensus
from legalaid.detention.services import verdicts
from legalaid.extensions import db
from legalaid.reference.models import Prison
from legalaid.reports.charts import Chart
from legalaid.reports.presentation import (
    PeopleMeasure,
    Percent,
    label,
    number,
    percent,
    plural_count,
)
from legalaid.reports.services import (
    Scope,
    cases_of,
    count_cases,
    has_assignment,
    pct,
    people,
    resolved_by,
    small,
)

KIND_CODE = CaseKind.DETENTION.value
HELD_STATES = ("ok", "renewal_due", "overdue", "beyond_cap")
# Percentages that would give a hidden count back: (percentage, part, whole), wherever they sit.
PERCENTAGES = (
    ("assisted_pct", "assisted", "identified"),
    ("assisted_resolved_pct", "assisted_resolved", "assisted_cases"),
    ("share_pct", "pretrial", "total"),
)


def detainees(scope: Scope) -> dict[str, Any]:
    """The detainees identified and assisted, and those still held at the end of the period."""
    detention = Case.kind == KIND_CODE
    assisted_cases = count_cases(cases_of(scope, detention, has_assignment()))
    assisted_resolved = count_cases(
        cases_of(scope, detention, has_assignment(), resolved_by(scope.end))
    )
    identified = people(scope, detention)
    assisted = people(scope, detention, has_assignment())
    held_condition = and_(
        Case.id.in_(cases_of(scope, detention)),
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
        "assisted_pct": pct(assisted["total"], identified["total"]),
        "assisted_cases": assisted_cases,
        "assisted_resolved": assisted_resolved,
        "assisted_resolved_pct": pct(assisted_resolved, assisted_cases),
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
            "share_pct": pct(pretrial, total),
        }
        for name, counted_on, total, pretrial in db.session.execute(query)
    ]


def protect(exact: dict[str, Any], protected: dict[str, Any]) -> None:
    """A median over fewer than 5 detainees held is close to one person's own number of days."""
    if small(sum(exact["detainees"]["held_on_end"].values())):
        protected["detainees"]["median_days_held"] = None


def summary_rows(detainees: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """The detainees' rows of the exports' summary sheet, with their labels."""
    rows: list[tuple[str, list[Any]]] = [
        (_("Detainees identified"), [detainees["identified"]]),
        (_("Detainees assisted"), [detainees["assisted"]]),
        (_("Identified detainees who were assisted (%)"), [Percent(detainees["assisted_pct"])]),
        (_("Assisted detention cases"), [detainees["assisted_cases"]]),
        (_("Assisted detention cases resolved"), [detainees["assisted_resolved"]]),
        (
            _("Assisted detention cases resolved (%)"),
            [Percent(detainees["assisted_resolved_pct"])],
        ),
    ]
    rows += [
        (_("Held at the end of the period: %(state)s", state=label("state", state)), [count])
        for state, count in detainees["held_on_end"].items()
    ]
    rows.append((_("Median days held, detainees held at the end"), [detainees["median_days_held"]]))
    rows += [
        (
            _(
                "Pre-trial detainees in %(prison)s on %(day)s (%%)",
                prison=share["prison"],
                day=format_date(date.fromisoformat(share["counted_on"]), "short"),
            ),
            [Percent(share["share_pct"])],
        )
        for share in detainees["remand_share"]
    ]
    return rows


def held_chart(detainees: dict[str, Any]) -> Chart:
    """The dashboard's chart of the detainees held at the end of the period, by prison."""
    states = [(state, label("state", state)) for state in HELD_STATES]
    prisons = list(detainees["held_on_end_by_prison"].items())
    return Chart(_("Detainees held at the end of the period, by prison"), states, prisons)


def headline_sentences(detainees: dict[str, Any]) -> list[str]:
    """The detainees assisted out of those identified, and their cases resolved."""
    return [
        ngettext(
            "%(assisted)s identified detainee out of %(identified)s received legal assistance "
            "(%(pct)s).",
            "%(assisted)s identified detainees out of %(identified)s received legal assistance "
            "(%(pct)s).",
            plural_count(detainees["assisted"]),
            assisted=number(detainees["assisted"]),
            identified=number(detainees["identified"]),
            pct=percent(detainees["assisted_pct"]),
        ),
        ngettext(
            "%(resolved)s of %(cases)s assisted detention cases was resolved (%(pct)s).",
            "%(resolved)s of %(cases)s assisted detention cases were resolved (%(pct)s).",
            plural_count(detainees["assisted_resolved"]),
            resolved=number(detainees["assisted_resolved"]),
            cases=number(detainees["assisted_cases"]),
            pct=percent(detainees["assisted_resolved_pct"]),
        ),
    ]


def people_measures(detainees: dict[str, Any]) -> list[PeopleMeasure]:
    """The detainees identified, then those assisted, by sex, age group, region, organisation."""
    return [
        PeopleMeasure(
            _("Detainees identified"), detainees["identified"], detainees["identified_by"]
        ),
        PeopleMeasure(_("Detainees assisted"), detainees["assisted"], detainees["assisted_by"]),
    ]
