"""What the land kind's timeline actions say: a conciliation session, the PV's filing, the
court's decision, from the facts the services keep (legalaid/land/services.py)."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from legalaid.i18n import format_day
from legalaid.land.models import Recognition


def _day(value: str) -> str:
    return format_day(date.fromisoformat(value), "short")


def action_sentence(facts: dict) -> str:
    """The sentence of a session, a filing or a decision; "" for any other action."""
    if "held_on" in facts:
        return ngettext(
            "Conciliation session of %(date)s: %(num)d participant",
            "Conciliation session of %(date)s: %(num)d participants",
            facts.get("attendance", 0),
            date=_day(facts["held_on"]),
        )
    if "filed_on" in facts:
        return _("PV filed at the court on %(date)s", date=_day(facts["filed_on"]))
    if facts.get("recognition") == Recognition.RECOGNISED:
        return _("PV recognised (homologated) by the court on %(date)s", date=_day(facts["on"]))
    if facts.get("recognition") == Recognition.REFUSED:
        return _("The court refused to recognise the PV on %(date)s", date=_day(facts["on"]))
    return ""
