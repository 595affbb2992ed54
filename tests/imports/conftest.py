"""Fixtures for bulk import tests: the shared organisations, files written like field exports."""

import csv
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask_babel import force_locale
from openpyxl import Workbook
from sqlalchemy import func, select

from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.imports.services import import_cases
from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures

# Every column, in English; a test writes the ones it needs.
HEADER = [
    "external_id",
    "kind",
    "organisation",
    "opened_on",
    "full_name",
    "sex",
    "birth_year",
    "age",
    "phone",
    "region",
    "service_level",
    "status",
    "outcome",
    "resolved_on",
    "closed_on",
    "close_reason",
    "lawyer_email",
    "paralegal_email",
    "prison",
    "arrested_on",
    "committal_date",
    "offence_class",
    "charges",
    "next_hearing",
    "incident_type",
    "incident_date",
    "consent_reporting",
    "matter_type",
    "forum",
    "adverse_parties",
    "summary",
]


def case_row(template: str = "litigation", number: int = 1, **cells: str) -> dict[str, str]:
    """A valid row of the `template` kind (a case at intake), with `cells` changed."""
    row = {
        "external_id": f"KOBO-{number}",
        "kind": template,
        "opened_on": "2026-03-02",
        "full_name": f"Personne Numéro {number}",
        "sex": "F",
        "birth_year": "1990",
        "region": "Mopti",
    }
    row |= {
        "detention": {
            "prison": "MA-MOP",
            "offence_class": "delit_major",
            "arrested_on": "2026-02-01",
            "committal_date": "03/02/2026",
        },
        "gbv": {"incident_type": "physical_assault", "consent_reporting": "yes"},
        "litigation": {"matter_type": "land", "forum": "customary"},
    }[template]
    return row | cells


def write_csv(
    path: Path,
    rows: list[dict[str, str]],
    *,
    header: list[str] | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    """A CSV file of `rows` under `header` (every column by default)."""
    header = header or HEADER
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows([row.get(column, "") for column in header] for row in rows)
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]], *, header: list[str] | None = None) -> Path:
    """An XLSX workbook of `rows` under `header` (every column by default), as openpyxl saves it."""
    header = header or HEADER
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    workbook.save(path)
    return path


SHARED_STRINGS = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>{}</si></sst>'
)
# What Excel adds to a workbook whose strings are shared (openpyxl writes inline strings).
SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
SHARED_STRINGS_LINK = (
    '<Relationship Id="rIdStrings" Target="sharedStrings.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
)


def workbook_with_name(tmp_path: Path, *, inline: str = "", shared: str = "") -> Path:
    """A workbook of one row whose name cell holds the XML `inline` (in the sheet), or refers
    to the shared string of XML `shared`, as Excel writes it."""
    source = write_xlsx(tmp_path / "source.xlsx", [case_row(full_name="NAME")])
    cell = "<v>0</v>" if shared else f"<is>{inline}</is>"
    kind = "s" if shared else "inlineStr"
    with zipfile.ZipFile(source) as original:
        parts = {entry.filename: original.read(entry).decode() for entry in original.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = re.sub(
        r'<c r="E2" t="inlineStr"><is><t>NAME</t></is></c>',
        f'<c r="E2" t="{kind}">{cell}</c>',
        parts[sheet],
    )
    if shared:
        parts["xl/sharedStrings.xml"] = SHARED_STRINGS.format(shared)
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            "</Types>", SHARED_STRINGS_TYPE
        )
        links = "xl/_rels/workbook.xml.rels"
        parts[links] = parts[links].replace("</Relationships>", SHARED_STRINGS_LINK)
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as copy:
        for name, content in parts.items():
            copy.writestr(name, content)
    return path


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    """`csv_file(rows, ...)`: a CSV file in a temporary folder."""
    counter = iter(range(1_000))

    def write(rows: list[dict[str, str]], **options) -> Path:
        return write_csv(tmp_path / f"export-{next(counter)}.csv", rows, **options)

    return write


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English, the source language (the French catalogue is tested elsewhere)."""
    with force_locale("en"):
        yield


@pytest.fixture
def imports_folder(app, data_app, tmp_path: Path, monkeypatch) -> Path:
    """Uploads wait in a temporary instance folder, not in the project's."""
    for application in (app, data_app):
        monkeypatch.setattr(application, "instance_path", str(tmp_path / "instance"))
    return tmp_path / "instance" / "imports"


def refusal(path: Path, by, organisation=None) -> str | None:
    """Why the whole file is refused; the import then writes nothing at all."""
    report = import_cases(path, by=by, organisation=organisation)
    assert not report.written and count(Case) == 0
    return report.problem


def count(model) -> int:
    """Rows in a table."""
    return db.session.scalar(select(func.count()).select_from(model))


def table_counts() -> dict[str, int]:
    """Rows in every table but the audit trail and sessions (which every import adds to)."""
    return {
        table.name: count(table)
        for table in db.metadata.sorted_tables
        if table.name not in {"audit_entries", "user_sessions"}
    }
