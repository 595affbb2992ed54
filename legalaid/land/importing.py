"""How a bulk-import row says a land dispute: the commission, the dispute, the other parties
and the PV's path to the court.

The other parties' column is the litigation's `adverse_parties` (also read as `parties` and
`parties_adverses`): one column of a file, whichever kind each row is.
"""

from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from legalaid.cases.matching import fold
from legalaid.cases.models import ServiceLevel, Sex
from legalaid.extensions import db
from legalaid.land.models import DisputeNature, LandCommission, Recognition

AGREEMENT = "conciliation_agreement"  # the outcome whose PV goes to court
PARTIES = "adverse_parties"
COLUMNS = (
    "commission",
    "dispute_type",
    "seized_on",
    PARTIES,
    "pv_filed_on",
    "recognition",
    "recognised_on",
)
ALIASES = {
    "commission": ("Commission foncière", "commission_fonciere", "cofo"),
    "dispute_type": ("Type de litige", "type_litige", "nature_litige", "nature_du_litige"),
    "seized_on": ("Date de saisine", "date_saisine", "saisie_le"),
    PARTIES: ("Parties adverses", "parties", "autres_parties"),
    "pv_filed_on": ("Date de dépôt du PV", "date_depot_pv", "depot_pv"),
    "recognition": ("Homologation", "decision_du_tribunal"),
    "recognised_on": ("Date d'homologation", "date_homologation", "date_de_la_decision"),
}
FIELD_COLUMNS = {"commission_id": "commission", "nature": "dispute_type"}
WORDS = {
    "dispute_type": {
        DisputeNature.BOUNDARY: ("bornage", "limites", "limite", "limites de champs"),
        DisputeNature.OWNERSHIP: ("propriété", "propriété foncière"),
        DisputeNature.INHERITANCE: ("succession", "héritage", "succession foncière"),
        DisputeNature.FARMER_HERDER: (
            "agriculteurs-éleveurs",
            "conflit agro-pastoral",
            "agro-pastoral",
            "agriculteurs éleveurs",
        ),
        DisputeNature.WOMEN_ACCESS: (
            "accès des femmes à la terre",
            "accès des femmes au foncier",
            "foncier des femmes",
        ),
        DisputeNature.OTHER: ("autre", "autres"),
    },
    "recognition": {
        Recognition.RECOGNISED: ("homologué", "homologuée", "oui", "homologation"),
        Recognition.REFUSED: ("refusé", "refusée", "rejeté", "rejetée", "non"),
    },
    "outcome": {
        AGREEMENT: (
            "conciliation",
            "accord de conciliation",
            "accord amiable",
            "PV de conciliation",
        ),
        "non_conciliation": (
            "non-conciliation",
            "PV de non-conciliation",
            "échec de la conciliation",
        ),
        "withdrawn": ("retrait", "retiré", "désistement"),
    },
}


def directory() -> dict[str, Any]:
    """The land commissions, by folded name and by folded code."""
    commissions = db.session.execute(
        select(LandCommission.id, LandCommission.name, LandCommission.code)
    ).all()
    return {
        "commissions": {fold(row.name): row.id for row in commissions}
        | {fold(row.code): row.id for row in commissions}
    }


def read_row(row, directory: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The dispute of a row (`LandDispute` attributes) and its other parties' names.

    The commission may be seized before the case is opened (the programme comes in later),
    never in the future; the seizure is the opening day when the row says none. A PV is filed
    only after an agreement, not before its date; the court decides on a filed PV, not before
    it was filed."""
    commission_id = row.known(
        "commission",
        directory["commissions"],
        _("Unknown land commission: %(name)s"),
        required=True,
    )
    seized_on = row.date("seized_on") or row.date("opened_on")
    pv_filed_on = _pv_filed_on(row)
    recognition, recognised_on = _recognition(row, pv_filed_on)
    return {
        "commission_id": commission_id,
        "nature": row.choice("dispute_type", required=True),
        "seized_on": seized_on,
        "pv_filed_on": pv_filed_on,
        "recognition": recognition,
        "recognised_on": recognised_on,
    }, row.names(PARTIES)


def _pv_filed_on(row) -> date | None:
    """The day the PV of conciliation was filed at a court, after its own date."""
    filed_on = row.date("pv_filed_on")
    if filed_on is None:
        return None
    if row.choice("outcome") != AGREEMENT:
        row.fail("pv_filed_on", _("Only a PV of conciliation is filed at a court."))
    resolved_on = row.date("resolved_on")
    if resolved_on and filed_on < resolved_on:
        row.fail("pv_filed_on", _("The PV cannot be filed before its own date."))
    return filed_on


def _recognition(row, pv_filed_on: date | None) -> tuple[str | None, date | None]:
    """The court's decision on the filed PV, and its date: both or neither."""
    recognition = row.choice("recognition")
    decided_on = row.date("recognised_on")
    if recognition and pv_filed_on is None:
        row.fail("recognition", _("The court decides on a filed PV: give the filing date."))
    if recognition and decided_on is None:
        row.fail("recognised_on", _("Give the date of the court's decision."))
    if decided_on and not recognition and not row.text("recognition"):
        row.fail("recognition", _("Give the court's decision: recognised or refused."))
    if decided_on and pv_filed_on and decided_on < pv_filed_on:
        row.fail("recognised_on", _("The court's decision cannot be before the PV was filed."))
    return recognition, decided_on


def example(code, day, today: date, name: str) -> dict[str, str]:
    """A boundary dispute before the first commission, seized a week ago, two other parties."""
    commission = db.session.scalar(select(LandCommission.name).order_by(LandCommission.code))
    return {
        "full_name": f"Mariam {name}",
        "sex": code("sex", Sex.FEMALE),
        "service_level": code("service_level", ServiceLevel.ADVICE),
        "commission": commission or "",
        "dispute_type": code("dispute_type", DisputeNature.BOUNDARY),
        "seized_on": day(today - timedelta(days=7)),
        PARTIES: f"Famille {name}; Oumar {name}",
    }
