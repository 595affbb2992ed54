"""The sections of a report: each case kind's figures, then the programme's own (activities).

A section says what it adds to the indicators of a period and what the dashboard and the
exports show of it. The reports ask `report_sections()` and know nothing of the keys a section
contributes. The case kinds are sections by birth (`CaseKindDefinition`); a programme package
listed in `PROGRAMME_PACKAGES` (legalaid/__init__.py) registers one with `register_section`.
"""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from legalaid.reports.presentation import PeopleMeasure


class ReportSection:
    """What the reports ask a section; every hook defaults to adding nothing."""

    code: ClassVar[str]
    # The (percentage, part, whole) keys of the section's figures, wherever they sit in them;
    # a viewer sees no percentage whose part or whole is a hidden count.
    percentages: ClassVar[tuple[tuple[str, str, str], ...]] = ()

    def indicators(self, scope) -> dict[str, Any]:
        """The section's own figures for a report, merged at the top of the indicators (after
        the period), under keys of its own: counts, `_pct` percentages, people breakdowns."""
        return {}

    def protect(self, exact: dict[str, Any], protected: dict[str, Any]) -> None:
        """Hide in a viewer's copy of the figures what counts alone do not (a median over few
        people); `protected` already has its small counts hidden."""

    def summary_rows(self, figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """(label, [value]) rows of the section's figures for the exports' summary sheet."""
        return []

    def charts(self, figures: dict[str, Any]) -> list[Any]:
        """The dashboard's charts of the section's own figures (legalaid/reports/charts.Chart)."""
        return []

    def headline_sentences(self, figures: dict[str, Any]) -> list[str]:
        """The sentences the dashboard and the donor report open with, from the section's
        figures (a viewer's copy may hold "< 5" for a count: see reports/presentation.number)."""
        return []

    def people_measures(self, figures: dict[str, Any]) -> list["PeopleMeasure"]:
        """The groups of people the section counts, each broken down by sex, age group, region
        and organisation in every report (legalaid/reports/presentation.PeopleMeasure)."""
        return []

    def report_notes(self, figures: dict[str, Any]) -> list[str]:
        """What a reader must know to quote the section's figures (GBV: only consenting
        survivors count), printed under the headline sentences."""
        return []


_SECTIONS: dict[str, ReportSection] = {}


def register_section(section: ReportSection) -> None:
    """Register a programme section (again, harmlessly, when another app is built)."""
    _SECTIONS[section.code] = section


def report_sections() -> Iterator[ReportSection]:
    """The case kinds in their registration order, then the programme sections."""
    from legalaid.casekinds import case_kinds

    yield from case_kinds()
    yield from tuple(_SECTIONS.values())
