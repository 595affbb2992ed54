"""What the reports show of the land commissions' figures (`indicators.land_indicators`): the
headline, the requesting parties as a group of people, the exports' rows, the PV's path chart."""

from typing import Any

from flask_babel import gettext as _

from legalaid.land.indicators import headline
from legalaid.reports.charts import Chart
from legalaid.reports.exports import people_rows
from legalaid.reports.presentation import PeopleMeasure, Percent

# A viewer sees no recognition rate whose recognised PVs or resolved disputes are hidden.
PERCENTAGES = (("recognition_pct", "pv_recognised", "disputes_resolved"),)


def headline_sentences(land: dict[str, Any]) -> list[str]:
    """The disputes settled amicably and the PVs the courts recognised, as one sentence."""
    return [f"{headline(land)}."]


def people_measures(land: dict[str, Any]) -> list[PeopleMeasure]:
    """The requesting parties: the people who brought a dispute to a commission."""
    parties = land["requesting_parties"]
    return [PeopleMeasure(_("Requesting parties in land disputes"), parties["total"], parties)]


def summary_rows(land: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """Every figure of the land block for the exports' summary sheet, attendance included."""
    attendance = land["session_attendance"]
    return [
        (_("Land disputes received"), [land["disputes_received"]]),
        (_("Land disputes resolved amicably"), [land["disputes_resolved"]]),
        (_("Land disputes ended without conciliation"), [land["non_conciliation"]]),
        (_("Conciliation reports filed with the courts"), [land["pv_filed"]]),
        (_("Conciliation reports recognised by the courts"), [land["pv_recognised"]]),
        (_("Conciliation reports refused by the courts"), [land["pv_refused"]]),
        (
            _("Disputes resolved amicably whose report the courts recognised (%)"),
            [Percent(land["recognition_pct"])],
        ),
        *people_rows(_("Requesting parties in land disputes"), land["requesting_parties"]),
        (_("Conciliation sessions held"), [attendance["sessions"]]),
        (_("Participants in the conciliation sessions"), [attendance["total"]]),
        (_("Women among the participants in the sessions"), [attendance["women"]]),
        (_("Young people among the participants in the sessions"), [attendance["youth"]]),
    ]


def path_chart(land: dict[str, Any]) -> Chart:
    """The PV's path, step by step: disputes received, resolved, PVs filed, recognised."""
    steps = [
        (_("Disputes received"), "disputes_received"),
        (_("Resolved amicably"), "disputes_resolved"),
        (_("Report filed with the court"), "pv_filed"),
        (_("Report recognised by the court"), "pv_recognised"),
    ]
    return Chart(
        _("Land disputes, from the commission to the court"),
        [("disputes", _("Land disputes"))],
        [(step, {"disputes": land[key]}) for step, key in steps],
    )
