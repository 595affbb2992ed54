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
from legalaid.casekinds import case_kinds
from legalaid.cases.models import CaseStatus
from legalaid.exports import csv_bytes, safe_cell
from legalaid.extensions import db
from legalaid.imports.aliases import column_codes
from legalaid.imports.columns import columns
from legalaid.reference.models import Region

# The shared columns as a French spreadsheet heads them; read back through the French aliases.
# A kind's columns are headed by the first of their aliases (`CaseKindDefinition.import_aliases`).
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
    "next_hearing": "Prochaine audience",
    "summary": "Résumé",
}


def headers(language: str) -> list[str]:
    """Every column, headed in `language` (French, or the English names)."""
    if language != "fr":
        return list(columns())
    return [
        FRENCH_HEADERS.get(name) or next(iter(aliases), name) for name, aliases in columns().items()
    ]


def example_rows(language: str, organisation: Organisation | None, today: date) -> list[list]:
    """One valid case of each kind that shows one, at intake, in the words of `language`; dates
    before `today`, a hearing after it; the first region of the reference data."""
    french = language == "fr"
    codes = column_codes()

    def code(column: str, value) -> str:
        if french:
            return codes[column].french(value)
        return ("yes" if value else "no") if isinstance(value, bool) else str(value)

    def day(value: date) -> str:
        return value.strftime("%d/%m/%Y") if french else value.isoformat()

    region = db.session.scalar(select(Region.name).order_by(Region.name))
    # Translators: the family name of the example people of the import template.
    example = _("Example")
    common = {
        "organisation": organisation.name if organisation else "",
        "opened_on": day(today - timedelta(days=7)),
        "birth_year": "1990",
        "region": region or "",
        "status": code("status", CaseStatus.INTAKE),
    }
    rows = []
    for kind in case_kinds():
        cells = kind.import_example(code, day, today, example)
        if not cells:
            continue
        reference = f"{example.upper()}-{len(rows) + 1}"
        values = common | cells | {"external_id": reference, "kind": code("kind", kind.code)}
        rows.append([values.get(name, "") for name in columns()])
    return rows


def allowed_values(language: str) -> list[tuple[str, str, str]]:
    """(column, code, accepted words) for every coded column, headed in `language`."""
    names = dict(zip(columns(), headers(language), strict=True))
    return [
        (names[column], str(code), ", ".join(words))
        for column, table in column_codes().items()
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
