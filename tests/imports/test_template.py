"""The import template (issue 13): downloaded from the import page in the user's language, it
imports cleanly as it is, one case per kind; the workbook lists the allowed values."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.imports.aliases import column_codes
from legalaid.imports.columns import columns, read_header
from legalaid.imports.services import check_cases, import_cases
from legalaid.imports.template import headers
from tests.imports.test_views import client_of


def test_the_french_headers_name_the_columns():
    header = read_header(headers("fr"), organisation_named=True)
    assert list(header.positions) == list(columns())
    assert header.unknown_count == 0


def test_the_import_page_offers_both_templates(app, org, imports_folder):
    page = client_of(app, org["coordinator"]).get("/imports/").text
    assert 'href="/imports/template.xlsx"' in page and 'href="/imports/template.csv"' in page


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_the_template_imports_as_it_is_one_case_per_kind(
    app, org, imports_folder, tmp_path: Path, language, extension
):
    client = client_of(app, org["coordinator"])
    client.post("/language", data={"language": language})
    response = client.get(f"/imports/template.{extension}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / f"template.{extension}"
    path.write_bytes(response.data)
    report = check_cases(path, by=org["coordinator"], organisation=org["organisation"])
    assert (report.errors, report.unknown_columns, report.created) == ([], (), 3)
    imported = import_cases(path, by=org["coordinator"], organisation=org["organisation"])
    assert imported.written and imported.created == 3
    kinds = sorted(db.session.scalars(select(Case.kind)))
    assert kinds == ["detention", "gbv", "litigation"]


def _first_sheet(content: bytes) -> list[list]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]


def test_the_french_template_speaks_french(app, org, imports_folder):
    client = client_of(app, org["coordinator"])  # French is the default language
    rows = _first_sheet(client.get("/imports/template.xlsx").data)
    header, examples = rows[0], rows[1:]
    assert header[:4] == ["Identifiant externe", "Type de dossier", "Organisme", "Date d'ouverture"]
    kinds = [row[header.index("Type de dossier")] for row in examples]
    assert kinds == ["détention", "VBG", "litige"]
    assert {row[header.index("Sexe")] for row in examples} == {"Homme", "Femme"}
    text = client.get("/imports/template.csv").data.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text)))[:2] == ["Identifiant externe", "Type de dossier"]


def test_the_workbook_lists_the_allowed_values_of_every_coded_column(app, org, imports_folder):
    content = client_of(app, org["coordinator"]).get("/imports/template.xlsx").data
    book = load_workbook(io.BytesIO(content), read_only=True)
    assert book.sheetnames == ["Dossiers", "Valeurs autorisées"]
    rows = [[cell.value for cell in row] for row in book.worksheets[1].iter_rows()]
    assert rows[0] == ["Colonne", "Code", "Mots acceptés"]
    listed = {(column, code) for column, code, _words in rows[1:]}
    french = dict(zip(columns(), headers("fr"), strict=True))
    expected = {
        (french[column], str(code))
        for column, table in column_codes().items()
        for code in table.words
    }
    assert listed == expected
    assert ["Type d'affaire", "land", "foncier, litige foncier, terre, terrain"] in rows
