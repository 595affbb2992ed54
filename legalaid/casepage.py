"""The cards of the case page that no kind owns (the workflow's), contributed by their packages.

A kind's own cards are its `panels` (legalaid/casekinds.py); the others are registered here by
`create_app` (CASE_PAGE_PACKAGES, legalaid/__init__.py), so that the case page lists its cards
without knowing the packages that draw them.
"""

from dataclasses import dataclass
from typing import Any

from flask import render_template

from legalaid.casekinds import CasePanel, case_kind

_PANELS: list[CasePanel] = []


def register_panel(panel: CasePanel) -> None:
    """Add a card to every case page, after the kind's own (once, however many apps are built)."""
    if panel not in _PANELS:
        _PANELS.append(panel)


@dataclass(frozen=True)
class DrawnPanel:
    """A card drawn for the page, `{{ panel }}` in its template.

    Its variables stay referenced until the page is drawn: the rows they loaded stay in the
    session's identity map, so that the page reads them again without a query.
    """

    html: str
    values: dict[str, Any]

    def __html__(self) -> str:
        """The card's HTML, escaped when it was drawn."""
        return self.html


def drawn_panels(case, access, user, details) -> list[DrawnPanel]:
    """The case's cards that this user is shown: its kind's, then the shared ones, each drawn
    with `case`, `access`, `details` and the variables its context function returns."""
    drawn = []
    for panel in (*case_kind(case.kind).panels, *_PANELS):
        values = panel.context(case, details, access, user)
        if values is not None:
            context = {"case": case, "access": access, "details": details, **values}
            drawn.append(DrawnPanel(render_template(panel.template, **context), values))
    return drawn
