"""How a bulk-import row says a GBV incident: its type, its date, the reporting consent."""

from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _

from legalaid.cases.models import GbvIncidentType, ServiceLevel, Sex
from legalaid.imports.aliases import YES_NO

ALIASES = {
    "incident_type": ("Type d'incident", "type_incident"),
    "incident_date": ("Date de l'incident", "date_incident"),
    "consent_reporting": ("Consentement rapports", "consentement"),
}
WORDS = {
    "incident_type": {
        GbvIncidentType.RAPE: ("viol",),
        GbvIncidentType.SEXUAL_ASSAULT: ("agression sexuelle", "agressions sexuelles"),
        GbvIncidentType.PHYSICAL_ASSAULT: (
            "agression physique",
            "violence physique",
            "violences physiques",
            "coups et blessures",
        ),
        GbvIncidentType.FORCED_MARRIAGE: ("mariage forcé", "mariage précoce", "mariage d'enfant"),
        GbvIncidentType.DENIAL_OF_RESOURCES: (
            "déni de ressources",
            "déni de ressources, d'opportunités ou de services",
            "privation de ressources",
        ),
        GbvIncidentType.PSYCHOLOGICAL_ABUSE: (
            "violence psychologique",
            "violences psychologiques",
            "violence émotionnelle",
            "abus psychologique",
        ),
    },
    "consent_reporting": YES_NO.words,
    "outcome": {
        "judgment_obtained": ("jugement obtenu", "jugement"),
        "mediation": ("médiation",),
        "referred": ("orientation", "orienté", "orientée", "orienté vers les services"),
        "withdrawn": ("retrait", "retiré", "désistement"),
    },
}


def read_row(row, directory: dict[str, Any]) -> tuple[dict[str, Any], None]:
    """The incident of a row; no consent unless the row says yes."""
    consent = row.text("consent_reporting")
    consented = YES_NO.read(consent) if consent else False
    if consented is None:
        row.fail("consent_reporting", _("Answer yes or no."))
    return {
        "incident_type": row.choice("incident_type", required=True),
        "incident_date": row.date("incident_date"),
        "consent_reporting": bool(consented),
    }, None


def example(code, day, today: date, name: str) -> dict[str, str]:
    """A woman assaulted ten days ago, who consents to the reports."""
    return {
        "full_name": f"Fanta {name}",
        "sex": code("sex", Sex.FEMALE),
        "service_level": code("service_level", ServiceLevel.ADVICE),
        "incident_type": code("incident_type", GbvIncidentType.PHYSICAL_ASSAULT),
        "incident_date": day(today - timedelta(days=10)),
        "consent_reporting": code("consent_reporting", True),
    }
