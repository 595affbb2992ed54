"""The donor report (PDF) and the workbook (XLSX) read like what a programme sends its funder."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from legalaid.extensions import db
from tests.builders import make_user
from tests.cases.test_intake import client_of

QUERY = "start=2026-01-01&end=2026-06-30"
ORGANISATION = "Sœurs d'Écoute Ɲɛtaa ɲɔgɔn"
REGION = "Mɔpti Sɛnɛkɛla Ŋaŋa"
RAW_CODES = ("detention", "gbv", "litigation", "minor", "youth", "adult", "det_identified")


def pdf_text(data: bytes) -> str:
    """The text of every page, its lines joined by single spaces (no-break spaces kept)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return re.sub(r"[ \t\r\n]+", " ", " ".join(page.extract_text() for page in pages))


def raw_codes_in(text: str, codes: tuple[str, ...] = RAW_CODES) -> list[str]:
    return [code for code in codes if re.search(rf"\b{code}\b", text)]


@pytest.fixture
def named_in_bambara(dataset):
    """Organisation A and the region Mopti renamed with French and Bambara letters."""
    dataset["a"].name = ORGANISATION
    dataset["mopti"].name = REGION
    db.session.commit()
    return dataset


def test_the_pdf_reads_in_french_with_every_letter(app, named_in_bambara):
    coordinator = client_of(app, named_in_bambara["people"]["a_coordinator"])
    response = coordinator.get(f"/reports/report.pdf?{QUERY}")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=rapport-2026-01-01_2026-06-30.pdf"
    )
    reader = PdfReader(io.BytesIO(response.data))
    text = pdf_text(response.data)
    assert f"{ORGANISATION} : rapport du programme d'aide juridique" in text
    assert "Dossiers ouverts du 1 janvier 2026 au 30 juin 2026" in text
    for letter in ("œ", "É", "ɛ", "ɔ", "ɲ", "ŋ", "Ɲ", "Ŋ"):
        assert letter in text, letter
    # Organisation A, counted by hand (conftest.py): D1, D2, D3; D1 and D4 are one person.
    # The no-break space before "%" (see test_sentences.py) is read back as a space.
    assert "2 détenus identifiés sur 3 ont reçu une assistance juridique (66,7 %)." in text
    assert "1 des 3 dossiers de détention assistés a été résolu (33,3 %)." in text
    assert "2 justiciables, dont 2 femmes, ont reçu l'appui de parajuristes formés." in text
    assert "2 victimes de violences basées sur le genre, dont 1 femme, ont été assistées" in text
    assert "Type Ouverts Résolus Durée médiane jusqu’à la résolution (jours)" in text
    assert "Détention provisoire 4 1 28" in text
    # The sex × age group cross table: minors, youth, adults, age unknown, total.
    assert "Détenus identifiés Femme 0 1 0 0 1 Homme 1 0 1 0 2 Total 1 1 1 0 3" in text
    # By region, five groups in the kinds' order: detainees identified and assisted, GBV
    # victims, litigants, requesting parties of land disputes (none here).
    assert f"{REGION} 2 2 0 0 0 Région inconnue 1 0 2 2 0" in text
    assert "1 dossier a été écarté faute de consentement." in text  # G2
    assert "Les groupes de moins de 5" not in text  # exact figures for a coordinator
    assert len(reader.pages) == 2
    assert "Page 1 / 2" in text and "Page 2 / 2" in text
    assert raw_codes_in(text) == []


def test_the_pdf_embeds_its_unicode_font(app, dataset):
    admin = client_of(app, make_user("admin"))
    reader = PdfReader(io.BytesIO(admin.get(f"/reports/report.pdf?{QUERY}").data))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all("Roboto" in font["/BaseFont"] for font in fonts)
    assert all("/FontFile2" in font["/DescendantFonts"][0]["/FontDescriptor"] for font in fonts)
    text = pdf_text(admin.get(f"/reports/report.pdf?{QUERY}").data)
    assert "Toutes les organisations partenaires : rapport" in text


def test_the_pdf_of_a_viewer_says_why_small_groups_are_hidden(app, dataset):
    viewer = client_of(app, make_user("viewer"))
    text = pdf_text(viewer.get(f"/reports/report.pdf?{QUERY}").data)
    assert "< 5 détenus identifiés sur < 5 ont reçu une assistance juridique (—)." in text
    assert "Les groupes de moins de 5 personnes sont affichés « < 5 » pour les protéger." in text


def test_the_pdf_in_english_names_its_filters(app, named_in_bambara):
    admin = make_user("admin", preferred_language="en")
    query = f"{QUERY}&region_id={named_in_bambara['mopti'].id}"
    response = client_of(app, admin).get(f"/reports/report.pdf?{query}")
    assert response.headers["Content-Disposition"].endswith(
        "filename=report-2026-01-01_2026-06-30.pdf"
    )
    text = pdf_text(response.data)
    assert "All partner organisations: legal aid programme report" in text
    assert "Cases opened from January 1, 2026 to June 30, 2026" in text
    assert f"Region: {REGION}" in text
    assert "2 identified detainees out of 2 received legal assistance (100%)." in text
    assert raw_codes_in(text, RAW_CODES[1:]) == []  # "detention" is an English word too


def cells(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_is_in_french_with_numbers_as_numbers(app, dataset):
    admin = client_of(app, make_user("admin"))
    response = admin.get(f"/reports/indicators.xlsx?{QUERY}")
    assert response.headers["Content-Disposition"].endswith(
        "filename=indicateurs-2026-01-01_2026-06-30.xlsx"
    )
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "Indicateurs",
        "Sexe et tranche d’âge",
        "Régions",
        "Organisations",
        "Dossiers par mois",
    ]
    summary = book["Indicateurs"]
    assert cells(summary)[0] == ["Indicateur", "Valeur"]
    values = {label: value for label, value in cells(summary)[1:]}
    assert values["Détenus identifiés"] == 4 and values["Détenus assistés"] == 3
    assert values["Détenus identifiés ayant été assistés (%)"] == 75.0
    assert values["Dossiers ouverts : Violences basées sur le genre"] == 3
    assert values["Dossiers résolus : Détention provisoire, Relaxe ou acquittement"] == 1
    assert values["Durée médiane jusqu’à la résolution (jours) : Litige"] == 10.0
    assert values["Dossiers VBG écartés faute de consentement"] == 1
    percent_row = next(
        row for row in summary.iter_rows(min_row=2) if row[0].value.endswith("assistés (%)")
    )
    assert percent_row[1].number_format == "0.0"
    crossed = cells(book["Sexe et tranche d’âge"])
    assert crossed[:4] == [
        [
            "Détenus identifiés",
            "Mineurs (moins de 18 ans)",
            "Jeunes (18–35 ans)",
            "Adultes (36 ans et plus)",
            "Âge inconnu",
            "Total",
        ],
        ["Femme", 0, 1, 0, 0, 1],
        ["Homme", 1, 0, 2, 0, 3],
        ["Total", 1, 1, 2, 0, 4],
    ]
    victims_header = [row[0] for row in crossed].index("Victimes de VBG assistées par des avocats")
    victims = crossed[victims_header + 1 : victims_header + 4]
    assert victims == [["Femme", 0, 1, 0, 0, 1], ["Homme", 0, 0, 1, 0, 1], ["Total", 0, 1, 1, 0, 2]]
    regions = cells(book["Régions"])
    # The groups in the kinds' order: detention's two, GBV, litigation, land.
    assert regions[0] == [
        "Région",
        "Détenus identifiés",
        "Détenus assistés",
        "Victimes de VBG assistées par des avocats",
        "Justiciables appuyés par des parajuristes",
        "Parties requérantes des litiges fonciers",
    ]
    assert regions[1:] == [["Mopti", 2, 2, 0, 0, 0], ["Région inconnue", 2, 1, 2, 2, 0]]
    organisations = {row[0]: row[1:] for row in cells(book["Organisations"])[1:]}
    assert organisations == {"Org A": [3, 2, 2, 2, 0], "Org B": [1, 1, 0, 0, 0]}
    months = cells(book["Dossiers par mois"])
    assert months[0] == [
        "Mois",
        "Détention provisoire",
        "Violences basées sur le genre",
        "Litige",
        "Conciliation foncière",
    ]
    assert ["2026-02", 2, 0, 1, 0] in months
    every_cell = [value for sheet in book.worksheets for row in cells(sheet) for value in row]
    assert not [value for value in every_cell if isinstance(value, str) and value.isdigit()]
    assert raw_codes_in(" ".join(str(value) for value in every_cell)) == []


def test_the_workbook_in_english(app, dataset):
    admin = client_of(app, make_user("admin", preferred_language="en"))
    book = load_workbook(io.BytesIO(admin.get(f"/reports/indicators.xlsx?{QUERY}").data))
    assert book.sheetnames == [
        "Indicators",
        "Sex and age group",
        "Regions",
        "Organisations",
        "Cases per month",
    ]
    assert cells(book["Sex and age group"])[1] == ["Female", 0, 1, 0, 0, 1]
