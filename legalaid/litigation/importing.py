"""How a bulk-import row says a litigation matter: its type, its forum, the adverse parties."""

from datetime import date
from typing import Any

from legalaid.cases.models import Forum, MatterType, ServiceLevel, Sex

ALIASES = {
    "matter_type": ("Type d'affaire", "matiere"),
    "forum": ("Instance", "juridiction"),
    "adverse_parties": ("Parties adverses",),
}
WORDS = {
    "matter_type": {
        MatterType.LAND: ("foncier", "litige foncier", "terre", "terrain"),
        MatterType.FAMILY: ("famille", "familial", "mariage", "divorce"),
        MatterType.INHERITANCE: ("succession", "héritage"),
        MatterType.CIVIL_STATUS: ("état civil",),
        MatterType.LABOUR: ("travail", "droit du travail", "emploi", "labor"),
        MatterType.DEBT: ("dette", "dettes", "créance", "recouvrement"),
        MatterType.OTHER: ("autre", "autres"),
    },
    "forum": {
        Forum.COURT: ("tribunal", "cour", "justice"),
        Forum.LAND_COMMISSION: ("commission foncière", "CoFo"),
        Forum.CUSTOMARY: ("autorité coutumière", "coutumier", "chefferie", "chef de village"),
        Forum.NONE: ("aucune", "aucun", "néant", "pas encore"),
    },
    "outcome": {
        "conciliation_agreement": ("conciliation", "accord de conciliation", "accord amiable"),
        "judgment_in_favour": ("jugement favorable", "gain de cause"),
        "judgment_against": ("jugement défavorable",),
        "referred": ("orientation", "orienté", "orientée", "orienté vers les services"),
        "abandoned": ("abandon", "abandonné"),
    },
}


def read_row(row, directory: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The matter of a row (no forum yet unless it says one), and its adverse parties."""
    parties = row.names("adverse_parties")
    return {
        "matter_type": row.choice("matter_type", required=True),
        "forum": row.choice("forum") or Forum.NONE,
    }, parties


def example(code, day, today: date, name: str) -> dict[str, str]:
    """A woman in a land matter before the customary authority, with two adverse parties."""
    return {
        "full_name": f"Awa {name}",
        "sex": code("sex", Sex.FEMALE),
        "service_level": code("service_level", ServiceLevel.ADVICE),
        "matter_type": code("matter_type", MatterType.LAND),
        "forum": code("forum", Forum.CUSTOMARY),
        "adverse_parties": f"Bakary {name}; Sidi {name}",
    }
