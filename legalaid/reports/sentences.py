"""The headline indicators as sentences in the user's language (dashboard and donor report)."""

from typing import Any

from flask_babel import ngettext

from legalaid.reports.presentation import number, percent, plural_count


def headline_sentences(result: dict[str, Any]) -> list[str]:
    """Sentences like donors quote them: "3 identified detainees out of 4 received legal aid"."""
    detainees = result["detainees"]
    litigants = result["litigants_supported_by_paralegals"]
    victims = result["victims_assisted_by_lawyers"]
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
        ngettext(
            "%(total)s litigant, %(women)s, received legal support from trained paralegals.",
            "%(total)s litigants, %(women)s, received legal support from trained paralegals.",
            plural_count(litigants["total"]),
            total=number(litigants["total"]),
            women=_including_women(litigants),
        ),
        ngettext(
            "%(total)s victim of gender-based violence, %(women)s, was assisted by lawyers.",
            "%(total)s victims of gender-based violence, %(women)s, were assisted by lawyers.",
            plural_count(victims["total"]),
            total=number(victims["total"]),
            women=_including_women(victims),
        ),
    ]


def _including_women(people: dict[str, Any]) -> str:
    """The "including 2 women" of the sentences on people helped, in its own plural."""
    return ngettext(
        # Translators: inserted in "3 litigants, including 2 women, received…".
        "including %(women)s woman",
        "including %(women)s women",
        plural_count(people["F"]),
        women=number(people["F"]),
    )


def consent_note(result: dict[str, Any]) -> str:
    """Why the GBV figures are lower than the caseload: only survivors who consented count."""
    cases = result["gbv_left_out_without_consent"]["cases"]
    return ngettext(
        "GBV figures count only survivors who consented to reporting; %(cases)s case was "
        "left out for lack of consent.",
        "GBV figures count only survivors who consented to reporting; %(cases)s cases were "
        "left out for lack of consent.",
        plural_count(cases),
        cases=number(cases),
    )
