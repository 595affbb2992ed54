"""The import template: a file that names every column in the user's language, shows one
example row per kind of case and, in the workbook, the values each coded column accepts.
Headers and code words are French, or the English names and codes; the rest follows the
user's language as every page does.

The template imports as it is (one case per kind): what it shows is what the import reads,
since its headers and words come from the tables the import reads with.
"""

import io
from datetime import date, timedelta

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from legalaid.accounts.models import Organisation
from legalaid.cases.models import CaseKind, CaseStatus, Forum, ServiceLevel, Sex
from legalaid.detention.models import OffenceClass
from legalaid.exports import csv_bytes, safe_cell
from legalaid.extensions import db
from legalaid.imports.aliases import COLUMN_CODES
from legalaid.imports.columns import COLUMNS
from legalaid.reference.models import Prison, Region

# The columns as a French spreadsheet heads them; read back through the French aliases.
FRENCH_HEADERS = {
    "external_id": "Identifiant externe",
    "kind": "Type de dossier",
    "organisation": "Organisme",
    "opened_on": "Date d'ouverture",
    "full_name": "Nom complet",
    "sex": "Sexe",
    "birth_year": "Année de naissance",
    "age": "Âge",
    "phone": "Téléphone",
    "region": "Région",
    "service_level": "Niveau de service",
    "status": "Statut",
    "outcome": "Issue",
    "resolved_on": "Date de résolution",
    "closed_on": "Date de clôture",
    "close_reason": "Motif de clôture",
    "lawyer_email": "Email avocat",
    "paralegal_email": "Email parajuriste",
    "prison": "Maison d'arrêt",
    "arrested_on": "Date d'arrestation",
    "committal_date": "Date du mandat de dépôt",
    "offence_class": "Classe d'infraction",
    "charges": "Chefs d'inculpation",
    "next_hearing": "Prochaine audience",
    "incident_type": "Type d'incident",
    "incident_date": "Date de l'incident",
    "consent_reporting": "Consentement rapports",
    "matter_type": "Type d'affaire",
    "forum": "Instance",
    "adverse_parties": "Parties adverses",
    "summary": "Résumé",
}


def headers(language: str) -> list[str]:
    """Every column, headed in `language` (French, or the English names)."""
    return [FRENCH_HEADERS[name] if language == "fr" else name for name in COLUMNS]


def example_rows(language: str, organisation: Organisation | None, today: date) -> list[list]:
    """One valid case of each kind, at intake, in the words of `language`; dates before
    `today`, the hearing after it; the first region and prison of the reference data."""
    french = language == "fr"

    def code(column: str, value) -> str:
        if french:
            return COLUMN_CODES[column].french(value)
        return ("yes" if value else "no") if isinstance(value, bool) else str(value)

    def day(value: date) -> str:
        return value.strftime("%d/%m/%Y") if french else value.isoformat()

    region = db.session.scalar(select(Region.name).order_by(Region.name))
    prison = db.session.scalar(select(Prison.name).order_by(Prison.code))
    # Translators: the family name of the example people of the import template.
    example = _("Example")
    common = {
        "organisation": organisation.name if organisation else "",
        "opened_on": day(today - timedelta(days=7)),
        "birth_year": "1990",
        "region": region or "",
        "status": code("status", CaseStatus.INTAKE),
    }
    kinds = {
        CaseKind.DETENTION: {
            "full_name": f"Moussa {example}",
            "sex": code("sex", Sex.MALE),
            "service_level": code("service_level", ServiceLevel.REPRESENTATION),
            "prison": prison or "",
            "arrested_on": day(today - timedelta(days=60)),
            "committal_date": day(today - timedelta(days=58)),
            "offence_class": code("offence_class", OffenceClass.DELIT_MAJOR),
            "charges": _("Theft"),
            "next_hearing": f"{day(today + timedelta(days=30))} 9h30",
        },
        CaseKind.GBV: {
            "full_name": f"Fanta {example}",
            "sex": code("sex", Sex.FEMALE),
            "service_level": code("service_level", ServiceLevel.ADVICE),
            "incident_type": code("incident_type", "physical_assault"),
            "incident_date": day(today - timedelta(days=10)),
            "consent_reporting": code("consent_reporting", True),
        },
        CaseKind.LITIGATION: {
            "full_name": f"Awa {example}",
            "sex": code("sex", Sex.FEMALE),
            "service_level": code("service_level", ServiceLevel.ADVICE),
            "matter_type": code("matter_type", "land"),
            "forum": code("forum", Forum.CUSTOMARY),
            "adverse_parties": f"Bakary {example}; Sidi {example}",
        },
    }
    rows = []
    for number, (kind, cells) in enumerate(kinds.items(), start=1):
        reference = f"{example.upper()}-{number}"
        values = common | cells | {"external_id": reference, "kind": code("kind", kind)}
        rows.append([values.get(name, "") for name in COLUMNS])
    return rows


def allowed_values(language: str) -> list[tuple[str, str, str]]:
    """(column, code, accepted words) for every coded column, headed in `language`."""
    names = dict(zip(COLUMNS, headers(language), strict=True))
    return [
        (names[column], str(code), ", ".join(words))
        for column, table in COLUMN_CODES.items()
        for code, words in table.words.items()
    ]


def template_csv(language: str, organisation: Organisation | None, today: date) -> bytes:
    """The template as a UTF-8 CSV: the header and the example rows."""
    return csv_bytes(headers(language), example_rows(language, organisation, today))


def template_xlsx(language: str, organisation: Organisation | None, today: date) -> bytes:
    """The template as a workbook: the rows to fill in first (the sheet the import reads),
    then the values each coded column accepts."""
    book = Workbook()
    rows = book.active
    rows.title = _("Cases")
    rows.append(headers(language))
    for row in example_rows(language, organisation, today):
        rows.append([safe_cell(cell) for cell in row])
    values = book.create_sheet(_("Allowed values"))
    values.append([_("Column"), _("Code"), _("Words accepted")])
    for row in allowed_values(language):
        values.append([safe_cell(cell) for cell in row])
    for sheet in (rows, values):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
