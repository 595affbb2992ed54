"""The headline indicators as sentences in the user's language (dashboard and donor report)."""

from typing import Any

from flask_babel import gettext as _


def shown(value: Any) -> str:
    """A figure as printed: "—" where there is none (a percentage of a hidden count)."""
    return "—" if value is None else str(value)


def headline_sentences(result: dict[str, Any]) -> list[str]:
    """Sentences like donors quote them: "3 identified detainees out of 4 received legal aid"."""
    detainees = result["detainees"]
    litigants = result["litigants_supported_by_paralegals"]
    victims = result["victims_assisted_by_lawyers"]
    sentences = [
        _(
            "%(assisted)s identified detainees out of %(identified)s received legal assistance "
            "(%(pct)s %%).",
            assisted=shown(detainees["assisted"]),
            identified=shown(detainees["identified"]),
            pct=shown(detainees["assisted_pct"]),
        ),
        _(
            "%(resolved)s of the %(cases)s assisted detention cases were resolved (%(pct)s %%).",
            resolved=shown(detainees["assisted_resolved"]),
            cases=shown(detainees["assisted_cases"]),
            pct=shown(detainees["assisted_resolved_pct"]),
        ),
        _(
            "%(total)s litigants, %(women)s of them women, received legal support from trained "
            "paralegals.",
            total=shown(litigants["total"]),
            women=shown(litigants["F"]),
        ),
        _(
            "%(total)s victims of gender-based violence, %(women)s of them women, were assisted "
            "by lawyers.",
            total=shown(victims["total"]),
            women=shown(victims["F"]),
        ),
    ]
    return sentences
