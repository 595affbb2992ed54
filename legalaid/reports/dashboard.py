"""The dashboard's charts, built from the same figures as the sentences."""

from typing import Any

from flask_babel import gettext as _

from legalaid.casekinds import case_kinds
from legalaid.reports.charts import Chart
from legalaid.reports.presentation import label, people_measures
from legalaid.reports.services import AGE_GROUPS
from legalaid.reportsections import report_sections


def charts(result: dict[str, Any]) -> list[Chart]:
    """Cases per month, outcomes, each kind's own charts (detention states per prison), people
    by sex and age group.

    Drawn from the report's result alone (see `report_figures`): its hidden counts stay hidden.
    """
    kinds = [(kind.code, label("kind", kind.code)) for kind in case_kinds()]
    outcomes = [
        (label("outcome", outcome), {kind: count})
        for kind, by_outcome in result["cases_resolved"].items()
        for outcome, count in by_outcome.items()
        if count
    ]
    measures = people_measures(result)
    return [
        Chart(_("Cases opened per month"), kinds, sorted(result["cases_opened_by_month"].items())),
        Chart(_("Outcomes of resolved cases"), kinds, outcomes),
        *(chart for section in report_sections() for chart in section.charts(result)),
        Chart(
            _("People helped, by sex"),
            [("F", _("Women")), ("M", _("Men"))],
            [(each.title, {sex: each.data[sex] for sex in ("F", "M")}) for each in measures],
        ),
        Chart(
            _("People helped, by age group"),
            [(group, label("age_group", group)) for group in AGE_GROUPS],
            [(each.title, dict(each.data["by_age_group"])) for each in measures],
        ),
    ]
