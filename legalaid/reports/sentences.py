"""The headline indicators as sentences in the user's language (dashboard and donor report)."""

from typing import Any

from flask_babel import ngettext

from legalaid.reports.presentation import number, plural_count
from legalaid.reportsections import report_sections


def headline_sentences(result: dict[str, Any]) -> list[str]:
    """Sentences like donors quote them ("3 identified detainees out of 4 received legal aid"):
    each kind's own, in the order the kinds are registered."""
    return [
        sentence for section in report_sections() for sentence in section.headline_sentences(result)
    ]


def report_notes(result: dict[str, Any]) -> list[str]:
    """What a reader must know to quote each kind's figures (GBV: consent), kind by kind."""
    return [note for section in report_sections() for note in section.report_notes(result)]


def including_women(people: dict[str, Any]) -> str:
    """The "including 2 women" of the sentences on people helped, in its own plural."""
    return ngettext(
        # Translators: inserted in "3 litigants, including 2 women, received…".
        "including %(women)s woman",
        "including %(women)s women",
        plural_count(people["F"]),
        women=number(people["F"]),
    )
