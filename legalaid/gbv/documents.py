"""What a GBV case gives its documents: the incident's type and date, never the narrative.

A referral slip carries only what the survivor's consent to that referral covers: who she is
(for those who may see it), the type and date of the incident and what the receiving service
needs to know as typed by her caseworker. The narrative and her other consents never print.
"""

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from legalaid.drafting.words import long_date
from legalaid.labels import label

DOCUMENT_FIELDS = {
    "incident.type": _l("The type of incident (GBVIMS), in words"),
    "incident.date": _l("The date of the incident, in full"),
}


def document_values(case, incident, on: date, language: str) -> dict[str, Any]:
    """The incident's type and date."""
    return {
        "incident": {
            "type": label("incident_type", incident.incident_type),
            "date": long_date(incident.incident_date, language) if incident.incident_date else None,
        }
    }


def document_sample(on: date, language: str) -> dict[str, Any]:
    """An invented incident a week ago."""
    return {
        "incident": {
            "type": label("incident_type", "physical_assault"),
            "date": long_date(on - timedelta(days=7), language),
        }
    }
