"""What a detention case gives its legal documents: the clock's dates, the orders, the article.

The article is the `legal_basis` of the rule in force in the detention rules table, never a
text of the template: when the rules change, the letters follow.
"""

from datetime import date, timedelta
from typing import Any

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from legalaid.detention.engine import State
from legalaid.detention.services import RuleBook, case_detainee
from legalaid.drafting.words import days_in_words, long_date, months_in_words
from legalaid.labels import label

DOCUMENT_FIELDS = {
    "detention.prison": _l("The prison where the person is held"),
    "detention.arrested_on": _l("The date of arrest, in full"),
    "detention.committal_on": _l("The date of the committal order (mandat de dépôt), in full"),
    "detention.offence_class": _l("The offence class, in words"),
    "detention.charges": _l("The charges, as recorded"),
    "detention.court": _l("The court in charge of the case"),
    "detention.judge": _l("The investigating judge"),
    "detention.orders": _l(
        "The extension orders on file, to loop over: order.date, order.length, order.body"
    ),
    "detention.limit_date": _l("The last lawful day of detention, in full"),
    "detention.days_held": _l("Days held so far, in figures"),
    "detention.days_held_words": _l("Days held so far, in words"),
    "detention.days_beyond": _l("Days held beyond the legal limit, in figures"),
    "detention.days_beyond_words": _l("Days held beyond the legal limit, in words"),
    "detention.legal_basis": _l("The article that sets the limit (the rule in force)"),
    "detention.renewal_deadline": _l("The last day for a reasoned renewal order, in full"),
}


def _day(day: date | None, language: str) -> str | None:
    return long_date(day, language) if day else None


def document_values(case, details, on: date, language: str) -> dict[str, Any]:
    """The detention's values for a template: the clock as assessed on `on`."""
    detainee = case_detainee(case.id, on)
    if detainee is None:
        return {"detention": {}}
    record, assessment = detainee.record, detainee.assessment
    beyond = (on - assessment.limit_date).days if assessment.limit_date else 0
    window = assessment.renewal_window
    deadline = window[1] if window else assessment.limit_date
    basis = RuleBook().legal_basis(record.code_regime, record.offence_class, assessment.start_date)
    return {
        "detention": {
            "prison": record.prison.name,
            "arrested_on": _day(record.arrested_on, language),
            "committal_on": _day(record.committal_on, language),
            "offence_class": label("offence_class", record.offence_class),
            "charges": record.charges,
            "court": record.court.name if record.court else None,
            "judge": record.investigating_judge,
            "orders": [
                {
                    "date": long_date(order.ordered_on, language),
                    "length": months_in_words(order.length_months, language),
                    "body": label("deciding_body", order.deciding_body),
                }
                for order in detainee.orders
            ],
            "limit_date": _day(assessment.limit_date, language),
            "days_held": assessment.days_held,
            "days_held_words": days_in_words(assessment.days_held, language)
            if assessment.days_held is not None
            else None,
            "days_beyond": beyond if beyond > 0 else None,
            "days_beyond_words": days_in_words(beyond, language) if beyond > 0 else None,
            "legal_basis": basis,
            "renewal_deadline": _day(deadline, language),
        }
    }


def document_state(case, on: date) -> str | None:
    """The clock's state on `on` (`overdue`, `renewal_due`…), None without a record."""
    detainee = case_detainee(case.id, on)
    return str(detainee.assessment.state) if detainee else None


def document_reason(case, on: date) -> str | None:
    """ "Held 43 days beyond the legal limit", or when the renewal is due; None otherwise."""
    detainee = case_detainee(case.id, on)
    if detainee is None:
        return None
    assessment = detainee.assessment
    if assessment.state in (State.OVERDUE, State.BEYOND_CAP):
        days = (on - assessment.limit_date).days
        return ngettext(
            "This detainee is held %(num)d day beyond the legal limit (%(date)s).",
            "This detainee is held %(num)d days beyond the legal limit (%(date)s).",
            days,
            date=format_date(assessment.limit_date, "long"),
        )
    if assessment.state == State.RENEWAL_DUE:
        return _(
            "The detention reaches its legal limit on %(date)s: the judge must renew it by a "
            "reasoned order or release the detainee.",
            date=format_date(assessment.limit_date, "long"),
        )
    return None


def document_sample(on: date, language: str) -> dict[str, Any]:
    """An invented detainee held 43 days beyond a six-month limit, with one order on file."""
    committal = on - timedelta(days=226)
    limit = on - timedelta(days=43)
    return {
        "detention": {
            "prison": "Maison d'arrêt de Mopti",
            "arrested_on": long_date(committal - timedelta(days=2), language),
            "committal_on": long_date(committal, language),
            "offence_class": label("offence_class", "delit_major"),
            "charges": "Vol qualifié",
            "court": "Tribunal de grande instance de Mopti",
            "judge": "M. Oumar Sangaré",
            "orders": [
                {
                    "date": long_date(committal + timedelta(days=150), language),
                    "length": months_in_words(1, language),
                    "body": label("deciding_body", "investigating_judge"),
                }
            ],
            "limit_date": long_date(limit, language),
            "days_held": 226,
            "days_held_words": days_in_words(226, language),
            "days_beyond": 43,
            "days_beyond_words": days_in_words(43, language),
            "legal_basis": "Loi 01-080 (Code de procédure pénale), art. 127",
            "renewal_deadline": long_date(limit, language),
        }
    }
