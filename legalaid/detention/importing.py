"""How a bulk-import row says a detention: the prison, the arrest and committal, the charges."""

from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from legalaid.cases.matching import fold
from legalaid.cases.models import ServiceLevel, Sex
from legalaid.detention.models import OffenceClass
from legalaid.extensions import db
from legalaid.reference.models import Prison

ALIASES = {
    "prison": ("Maison d'arrêt", "etablissement"),
    "arrested_on": ("Date d'arrestation", "date_arrestation"),
    "committal_date": ("Date du mandat de dépôt", "mandat_de_depot"),
    "offence_class": ("Classe d'infraction", "qualification"),
    "charges": ("Chefs d'inculpation", "inculpation"),
}
FIELD_COLUMNS = {"prison_id": "prison", "committal_on": "committal_date"}
WORDS = {
    "offence_class": {
        OffenceClass.DELIT_MINOR: ("délit mineur", "délit de 2 ans au plus", "petit délit"),
        OffenceClass.DELIT_MAJOR: ("délit majeur", "délit de plus de 2 ans", "délit grave"),
        OffenceClass.CRIME: ("crime", "criminel"),
    },
    "outcome": {
        "released_pending_trial": ("liberté provisoire", "mise en liberté", "libéré"),
        "charges_dismissed": ("non-lieu",),
        "acquitted": ("acquittement", "acquitté", "relaxe", "relaxé"),
        "sentenced": ("condamnation", "condamné"),
        "sentence_served": ("peine purgée", "peine déjà purgée", "peine exécutée"),
        "transferred": ("transféré", "transfert"),
    },
}


def directory() -> dict[str, Any]:
    """The prisons, by folded name and by folded code."""
    prisons = db.session.execute(select(Prison.id, Prison.name, Prison.code)).all()
    return {
        "prisons": {fold(row.name): row.id for row in prisons}
        | {fold(row.code): row.id for row in prisons}
    }


def read_row(row, directory: dict[str, Any]) -> tuple[dict[str, Any], None]:
    """The detention record of a row: a known prison, a committal not before the arrest."""
    arrested_on = row.date("arrested_on")
    committal_on = row.date("committal_date")
    if arrested_on and committal_on and committal_on < arrested_on:
        row.fail("committal_date", _("The committal cannot be before the arrest."))
    prison_id = row.known(
        "prison", directory["prisons"], _("Unknown prison: %(name)s"), required=True
    )
    return {
        "prison_id": prison_id,
        "arrested_on": arrested_on,
        "committal_on": committal_on,
        "offence_class": row.choice("offence_class", required=True),
        "charges": row.text("charges", max_length=2000),
    }, None


def example(code, day, today: date, name: str) -> dict[str, str]:
    """A man held in the first prison of the reference data, his hearing next month."""
    prison = db.session.scalar(select(Prison.name).order_by(Prison.code))
    return {
        "full_name": f"Moussa {name}",
        "sex": code("sex", Sex.MALE),
        "service_level": code("service_level", ServiceLevel.REPRESENTATION),
        "prison": prison or "",
        "arrested_on": day(today - timedelta(days=60)),
        "committal_date": day(today - timedelta(days=58)),
        "offence_class": code("offence_class", OffenceClass.DELIT_MAJOR),
        "charges": _("Theft"),
        "next_hearing": f"{day(today + timedelta(days=30))} 9h30",
    }
