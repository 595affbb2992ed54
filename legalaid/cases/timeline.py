"""What a timeline entry says, in the reader's language.

Entries keep their facts as codes and ISO dates (`CaseEvent.facts`), written by the services
through the helpers below; the case page turns them into a sentence when it is read, so that a
status change recorded in English reads in French to the next person, and no code shows.
"""

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from legalaid.casekinds import case_kind
from legalaid.cases.models import AssignmentRole, CaseEvent, EventKind
from legalaid.i18n import format_day, format_moment
from legalaid.labels import label


def status_facts(previous: str, current: str, outcome: str | None, reason: str | None) -> dict:
    """The facts of a status change: from, to, and the outcome or close reason if any."""
    facts = {"from": previous, "to": current, "outcome": outcome, "reason": reason}
    return {key: value for key, value in facts.items() if value}


def moment(value: datetime) -> str:
    """A date and time as the facts keep them (ISO, to the minute)."""
    return value.isoformat(timespec="minutes")


def _status_sentence(facts: dict[str, Any]) -> str:
    parts = [
        _(
            "Status: %(before)s → %(after)s",
            before=label("status", facts["from"]),
            after=label("status", facts["to"]),
        )
    ]
    if facts.get("outcome"):
        parts.append(_("Outcome: %(outcome)s", outcome=label("outcome", facts["outcome"])))
    if facts.get("reason"):
        parts.append(_("Reason: %(reason)s", reason=label("close_reason", facts["reason"])))
    return " · ".join(parts)


def _assignment_sentence(name: str, facts: dict[str, Any]) -> str:
    if facts.get("role") == AssignmentRole.LAWYER:
        return _("Assigned to %(name)s as lawyer", name=name)
    return _("Assigned to %(name)s as paralegal", name=name)


def _hearing_sentence(facts: dict[str, Any]) -> str:
    if "result" not in facts:
        return _(
            "Hearing scheduled on %(time)s",
            time=format_moment(datetime.fromisoformat(facts["at"]), "short"),
        )
    sentence = _(
        "Hearing of %(date)s: %(result)s",
        date=format_day(date.fromisoformat(facts["held_on"]), "short"),
        result=label("hearing_result", facts["result"]),
    )
    if facts.get("next_at"):
        sentence += " · " + _(
            "next hearing on %(time)s",
            time=format_moment(datetime.fromisoformat(facts["next_at"]), "short"),
        )
    return sentence


def _hearing_change_sentence(kind: str, facts: dict[str, Any]) -> str:
    if kind == EventKind.HEARING_CANCELLED:
        return _(
            "Hearing of %(time)s cancelled",
            time=format_moment(datetime.fromisoformat(facts["at"]), "short"),
        )
    return _(
        "Hearing moved from %(before)s to %(after)s",
        before=format_moment(datetime.fromisoformat(facts["from"]), "short"),
        after=format_moment(datetime.fromisoformat(facts["to"]), "short"),
    )


def _custody_sentence(facts: dict[str, Any]) -> str:
    fact = facts["fact"]
    if fact == "release":
        return _("Released on %(date)s", date=format_day(date.fromisoformat(facts["on"]), "short"))
    if fact == "transfer":
        return _(
            "Transferred on %(date)s from %(from)s to %(to)s",
            date=format_day(date.fromisoformat(facts["on"]), "short"),
            **{"from": facts["from"], "to": facts["to"]},
        )
    if fact == "hearing":
        return _(
            "Hearing on %(date)s (prison register)",
            date=format_moment(datetime.fromisoformat(facts["at"]), "short"),
        )
    return ngettext(
        "Extension order of %(date)s: %(num)d month",
        "Extension order of %(date)s: %(num)d months",
        facts["months"],
        date=format_day(date.fromisoformat(facts["on"]), "short"),
    )


def _referral_sentence(facts: dict[str, Any]) -> str:
    return _(
        "%(mode)s to %(to)s for %(service)s: %(step)s",
        mode=label("referral_mode", facts["mode"]),
        to=facts["to"],
        service=label("referral_service", facts["service"]),
        step=label("referral_step", facts["step"]),
    )


def event_sentence(event: CaseEvent, kind: str | None = None) -> str:
    """The sentence of an entry with coded facts; "" for the others (their text says it all).
    An action with facts is its case's kind's to say (`kind`: the case's kind code)."""
    facts = event.facts
    if not facts:
        return ""
    if event.kind == EventKind.ACTION:
        return case_kind(kind).event_sentence(event) if kind else ""
    if event.kind == EventKind.STATUS_CHANGE:
        return _status_sentence(facts)
    if event.kind == EventKind.ASSIGNMENT:
        return _assignment_sentence(event.text, facts)
    if event.kind == EventKind.HEARING:
        return _hearing_sentence(facts)
    if event.kind in (EventKind.HEARING_CANCELLED, EventKind.HEARING_RESCHEDULED):
        return _hearing_change_sentence(event.kind, facts)
    if event.kind == EventKind.CUSTODY:
        return _custody_sentence(facts)
    if event.kind == EventKind.REFERRAL:
        return _referral_sentence(facts)
    return ""
