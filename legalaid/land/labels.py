"""The labels of the land kind's own codes, by group (the registry merges them into labels)."""

from flask_babel import lazy_gettext as _l

from legalaid.land.models import (
    CommissionLevel,
    DisputeNature,
    PartyKind,
    PartyRole,
    Recognition,
)

LABEL_GROUPS = {
    "commission_level": {
        CommissionLevel.VILLAGE: _l("Village commission"),
        CommissionLevel.COMMUNE: _l("Communal commission"),
        CommissionLevel.CERCLE: _l("Cercle commission"),
    },
    "dispute_nature": {
        DisputeNature.BOUNDARY: _l("Boundary"),
        DisputeNature.OWNERSHIP: _l("Ownership"),
        DisputeNature.INHERITANCE: _l("Inheritance of land"),
        DisputeNature.FARMER_HERDER: _l("Farmers and herders"),
        DisputeNature.WOMEN_ACCESS: _l("Access to land for women"),
        # Translators: the nature of a land dispute.
        DisputeNature.OTHER: _l("Other dispute"),
    },
    "party_kind": {PartyKind.PERSON: _l("Person"), PartyKind.GROUP: _l("Group")},
    "party_role": {
        PartyRole.REQUESTING: _l("Requesting party"),
        PartyRole.OTHER: _l("Other party"),
        PartyRole.WITNESS: _l("Witness"),
    },
    "recognition": {
        Recognition.RECOGNISED: _l("Recognised by the court (homologué)"),
        Recognition.REFUSED: _l("Refused by the court"),
    },
    "outcome": {"non_conciliation": _l("Non-conciliation")},
    "audit_action": {
        "land_session_create": _l("Conciliation session recorded"),
        "land_session_update": _l("Conciliation session corrected"),
        "land_pv_filing": _l("PV filed at a court"),
        "land_pv_decision": _l("Court decision on a PV recorded"),
        "land_commission_create": _l("Land commission added"),
        "land_commission_update": _l("Land commission corrected"),
        "land_commission_deactivate": _l("Land commission deactivated"),
    },
}


def land_options(group: str) -> list:
    """(code, lazy label) pairs of one of the groups above, for a form's choices."""
    return list(LABEL_GROUPS[group].items())
