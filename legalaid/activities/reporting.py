"""What the reports show of the activities' figures (`indicators.activity_indicators`): the
headline, the people reached as a group of people, the exports' rows, a chart per type."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from legalaid.activities.indicators import activity_indicators
from legalaid.activities.models import ActivityType
from legalaid.labels import label
from legalaid.reports.charts import Chart
from legalaid.reports.exports import people_rows
from legalaid.reports.presentation import PeopleMeasure, Percent, number, percent, plural_count
from legalaid.reportsections import ReportSection


class ActivitiesSection(ReportSection):
    """The programme's activities in every report, after the case kinds; a period without any
    activity adds nothing to the pages and files (its figures stay in the JSON and CSV)."""

    code = "activities"
    # A viewer sees no share whose activities involving women and youth, or in all, are hidden.
    percentages = (("share_involving_women_and_youth_pct", "involving_women_and_youth", "total"),)

    def indicators(self, scope) -> dict[str, Any]:
        """The activities held in the period."""
        return activity_indicators(scope)

    def headline_sentences(self, figures: dict[str, Any]) -> list[str]:
        """People reached (with women and youth), people trained, missions, the share."""
        activities = _held(figures)
        if activities is None:
            return []
        reached = activities["people_reached"]
        sentences = [
            ngettext(
                "%(count)s person reached by the activities, including %(women_and_youth)s "
                "women and young people.",
                "%(count)s people reached by the activities, including %(women_and_youth)s "
                "women and young people.",
                plural_count(reached["total"]),
                count=number(reached["total"]),
                women_and_youth=number(reached["women_and_youth"]),
            ),
            ngettext(
                "%(count)s distinct person trained.",
                "%(count)s distinct people trained.",
                plural_count(activities["distinct_people_trained"]),
                count=number(activities["distinct_people_trained"]),
            ),
            ngettext(
                "%(count)s monitoring mission held, with %(recommendations)s recommendations.",
                "%(count)s monitoring missions held, with %(recommendations)s recommendations.",
                plural_count(activities["missions"]),
                count=number(activities["missions"]),
                recommendations=number(activities["recommendations"]["total"]),
            ),
        ]
        share = activities["share_involving_women_and_youth_pct"]
        if share is not None:
            sentences.append(
                _(
                    "%(share)s of the activities involved women and young people.",
                    share=percent(share),
                )
            )
        return sentences

    def people_measures(self, figures: dict[str, Any]) -> list[PeopleMeasure]:
        """The people the activities reached."""
        activities = _held(figures)
        if activities is None:
            return []
        reached = activities["people_reached"]
        return [PeopleMeasure(_("People reached by the activities"), reached["total"], reached)]

    def summary_rows(self, figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """Every figure of the activities block for the exports' summary sheet."""
        activities = _held(figures)
        if activities is None:
            return []
        reached = activities["people_reached"]
        return [
            (_("Activities held"), [activities["total"]]),
            *(
                (_("Activities held: %(type)s", type=label("activity_type", code)), [count])
                for code, count in activities["count"].items()
            ),
            *people_rows(_("People reached by the activities"), reached),
            (_("Young people reached (under 36)"), [reached["youth"]]),
            (_("Women and young people reached"), [reached["women_and_youth"]]),
            *(
                (
                    _("People reached: %(type)s", type=label("activity_type", code)),
                    [by_type["total"]],
                )
                for code, by_type in reached["by_type"].items()
            ),
            (_("Distinct people trained"), [activities["distinct_people_trained"]]),
            (
                _("Activities involving women and young people (%)"),
                [Percent(activities["share_involving_women_and_youth_pct"])],
            ),
            (_("Monitoring missions held"), [activities["missions"]]),
            (_("Recommendations made"), [activities["recommendations"]["total"]]),
            *(
                (
                    _("Recommendations: %(status)s", status=label("follow_up", status)),
                    [count],
                )
                for status, count in activities["recommendations"]["by_status"].items()
            ),
        ]

    def charts(self, figures: dict[str, Any]) -> list[Chart]:
        """People reached per type of activity, women and men."""
        activities = _held(figures)
        if activities is None:
            return []
        reached = activities["people_reached"]["by_type"]
        return [
            Chart(
                _("People reached, by type of activity"),
                [("F", _("Women")), ("M", _("Men"))],
                [
                    (label("activity_type", code), {sex: reached[code][sex] for sex in ("F", "M")})
                    for code in ActivityType
                ],
            )
        ]


def _held(figures: dict[str, Any]) -> dict[str, Any] | None:
    """The activities block of a report's figures, or None when no activity was held (or the
    figures come from elsewhere than the indicators service, without the block)."""
    activities = figures.get("activities")
    return activities if activities and activities["total"] else None


SECTION = ActivitiesSection()
