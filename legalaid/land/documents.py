"""What a land-commission case gives its legal documents: the commission, parties, sessions."""

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from legalaid.drafting.words import long_date
from legalaid.labels import label

DOCUMENT_FIELDS = {
    "land.commission": _l("The land commission seized"),
    "land.commune": _l("The commission's commune"),
    "land.region": _l("The commission's region"),
    "land.nature": _l("The nature of the dispute, in words"),
    "land.place": _l("The village or place of the land"),
    "land.parcel": _l("The description of the parcel"),
    "land.seized_on": _l("The date the commission was seized, in full"),
    "land.parties": _l("The parties, to loop over: party.name, party.role, party.sex"),
    "land.sessions": _l("The sessions, to loop over: session.date, session.place, session.minutes"),
    "land.agreement": _l("The minutes of the last session (the agreement reached, or not)"),
}


def document_values(case, dispute, on: date, language: str) -> dict[str, Any]:
    """The dispute's values for a PV: every party and every session, in order."""
    sessions = dispute.sessions
    return {
        "land": {
            "commission": dispute.commission.name,
            "commune": dispute.commission.commune,
            "region": dispute.commission.region.name,
            "nature": label("dispute_nature", dispute.nature),
            "place": dispute.place,
            "parcel": dispute.parcel,
            "seized_on": long_date(dispute.seized_on, language),
            "parties": [
                {
                    "name": party.full_name,
                    "role": label("party_role", party.role),
                    "sex": label("sex", party.sex).lower() if party.sex else None,
                }
                for party in dispute.parties
            ],
            "sessions": [
                {
                    "date": long_date(session.held_on, language),
                    "place": session.place,
                    "minutes": session.minutes,
                }
                for session in sessions
            ],
            "agreement": sessions[-1].minutes if sessions else None,
        }
    }


def document_sample(on: date, language: str) -> dict[str, Any]:
    """An invented boundary dispute with two parties and two sessions."""
    return {
        "land": {
            "commission": "Commission foncière communale de Sévaré",
            "commune": "Sévaré",
            "region": "Mopti",
            "nature": label("dispute_nature", "boundary"),
            "place": "Wailirdé",
            "parcel": "Champ de mil au nord du village, environ deux hectares",
            "seized_on": long_date(on - timedelta(days=60), language),
            "parties": [
                {"name": "Hawa Cissé", "role": label("party_role", "requesting"), "sex": "femme"},
                {"name": "Amadou Bocoum", "role": label("party_role", "other"), "sex": "homme"},
            ],
            "sessions": [
                {
                    "date": long_date(on - timedelta(days=30), language),
                    "place": "Mairie de Sévaré",
                    "minutes": "Les parties ont exposé leurs positions.",
                },
                {
                    "date": long_date(on - timedelta(days=2), language),
                    "place": "Mairie de Sévaré",
                    "minutes": "Les parties conviennent de la limite marquée par le karité.",
                },
            ],
            "agreement": "Les parties conviennent de la limite marquée par le karité.",
        }
    }
