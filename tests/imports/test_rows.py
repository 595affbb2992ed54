"""Row errors: every rule of intake and of the workflow, one table, nothing written."""

from datetime import date

import pytest

from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.imports.rows import RowError
from legalaid.imports.services import check_cases, import_cases
from tests.builders import make_user
from tests.imports.conftest import case_row, count

LITIGATION_OUTCOMES = (
    "referred (orientation), conciliation_agreement (conciliation), judgment_in_favour "
    "(jugement favorable), judgment_against (jugement défavorable), abandoned (abandon)"
)
ROW_ERRORS = [
    # (kind, cells, column, message)
    ("litigation", {"external_id": ""}, "external_id", "A value is required."),
    ("litigation", {"external_id": "X" * 101}, "external_id", "Too long: 100 characters at most."),
    (
        "litigation",
        {"kind": "civil"},
        "kind",
        "Unknown value “civil”: expected detention (détention), gbv (VBG), litigation (litige), "
        "land_conciliation (conciliation foncière).",
    ),
    (
        "litigation",
        {"opened_on": "2026-02-30"},
        "opened_on",
        "This date does not exist.",
    ),
    ("litigation", {"opened_on": "31/02/1985"}, "opened_on", "This date does not exist."),
    ("litigation", {"opened_on": "0001-01-01"}, "opened_on", "Enter a date between 1900 and 2100."),
    ("litigation", {"opened_on": "²2/03/2026"}, "opened_on", "Enter a date as DD/MM/YYYY."),
    (
        "litigation",
        {"full_name": "Awa\x00 Traoré"},
        "full_name",
        "This text holds an invisible control character (such as a NUL byte): type it again.",
    ),
    (
        "litigation",
        {"summary": "Ligne\x1b[31m"},
        "summary",
        "This text holds an invisible control character (such as a NUL byte): type it again.",
    ),
    ("litigation", {"birth_year": "¹⁹⁹⁰"}, "birth_year", "Enter a whole number."),
    ("litigation", {"opened_on": "01/01/2099"}, "opened_on", "This date is in the future."),
    ("litigation", {"full_name": ""}, "full_name", "A value is required."),
    (
        "litigation",
        {"full_name": '=HYPERLINK("http://x")'},
        "full_name",
        "Formulas are not accepted: type the value itself.",
    ),
    ("litigation", {"sex": "X"}, "sex", "Unknown value “X”: expected F (Femme), M (Homme)."),
    ("litigation", {"birth_year": "1850"}, "birth_year", "Enter a year after 1900."),
    ("litigation", {"birth_year": "2099"}, "birth_year", "This date is in the future."),
    ("litigation", {"birth_year": "vers 1990"}, "birth_year", "Enter a whole number."),
    ("litigation", {"age": "130"}, "age", "The age must be between 0 and 120."),
    ("litigation", {"region": "Atlantide"}, "region", "Unknown region: Atlantide"),
    (
        "litigation",
        {"organisation": "Barreau du Mali"},
        "organisation",
        "This file is imported for Association des juristes maliennes.",
    ),
    (
        "litigation",
        {"service_level": "everything"},
        "service_level",
        "Unknown value “everything”: expected advice (aide juridique), representation "
        "(assistance judiciaire).",
    ),
    (
        "litigation",
        {"status": "in_progress"},
        "status",
        "A case past intake needs a lawyer or a paralegal on it.",
    ),
    (
        "litigation",
        {"status": "resolved", "paralegal_email": "{paralegal}", "resolved_on": "2026-04-01"},
        "outcome",
        "A resolution needs an outcome.",
    ),
    (
        "litigation",
        {
            "status": "resolved",
            "paralegal_email": "{paralegal}",
            "outcome": "acquitted",
            "resolved_on": "2026-04-01",
        },
        "outcome",
        f"Unknown value “acquitted”: expected {LITIGATION_OUTCOMES}.",
    ),
    (
        "litigation",
        {
            "status": "in_progress",
            "paralegal_email": "{paralegal}",
            "outcome": "referred",
            "resolved_on": "2026-04-01",
        },
        "outcome",
        "Only a resolved or closed case has an outcome.",
    ),
    (
        "litigation",
        {"status": "resolved", "paralegal_email": "{paralegal}", "outcome": "referred"},
        "resolved_on",
        "Give the date of the resolution.",
    ),
    (
        "litigation",
        {
            "status": "resolved",
            "paralegal_email": "{paralegal}",
            "outcome": "referred",
            "resolved_on": "2026-03-01",
        },
        "resolved_on",
        "The resolution date cannot be before the case was opened.",
    ),
    (
        "litigation",
        {"status": "closed", "paralegal_email": "{paralegal}", "close_reason": "withdrawn"},
        "closed_on",
        "Give the closing date.",
    ),
    (
        "litigation",
        {"status": "closed", "paralegal_email": "{paralegal}", "closed_on": "2026-04-01"},
        "close_reason",
        "Give the reason for closing the case.",
    ),
    (
        "litigation",
        {
            "status": "closed",
            "paralegal_email": "{paralegal}",
            "closed_on": "2026-03-01",
            "close_reason": "no_contact",
        },
        "closed_on",
        "The closing date cannot be before the opening or the resolution.",
    ),
    (
        "litigation",
        {"close_reason": "withdrawn"},
        "close_reason",
        "Only a closed case has this: leave it empty.",
    ),
    (
        "litigation",
        {
            "close_reason": "tired",
            "status": "closed",
            "closed_on": "2026-04-01",
            "paralegal_email": "{paralegal}",
        },
        "close_reason",
        "Unknown value “tired”: expected resolved (résolu), withdrawn (retrait), no_contact (sans "
        "contact), transferred (transféré), other (autre).",
    ),
    (
        "detention",
        {"lawyer_email": "nobody@example.org"},
        "lawyer_email",
        "No active lawyer of the organisation has this email.",
    ),
    (
        "detention",
        {"lawyer_email": "{paralegal}"},
        "lawyer_email",
        "No active lawyer of the organisation has this email.",
    ),
    (
        "detention",
        {"paralegal_email": "{their_paralegal}"},
        "paralegal_email",
        "No active paralegal of the organisation has this email.",
    ),
    (
        "detention",
        {"paralegal_email": "{former_paralegal}"},
        "paralegal_email",
        "No active paralegal of the organisation has this email.",
    ),
    ("detention", {"prison": ""}, "prison", "A value is required."),
    ("detention", {"prison": "Alcatraz"}, "prison", "Unknown prison: Alcatraz"),
    (
        "detention",
        {"offence_class": "felony"},
        "offence_class",
        "Unknown value “felony”: expected delit_minor (délit mineur), delit_major (délit "
        "majeur), crime (crime).",
    ),
    (
        "detention",
        {"committal_date": "2026-01-15"},
        "committal_date",
        "The committal cannot be before the arrest.",
    ),
    (
        "detention",
        {"next_hearing": "bientôt"},
        "next_hearing",
        "Enter a date as DD/MM/YYYY.",
    ),
    (
        "detention",
        {"arrested_on": "1000-01-01"},
        "arrested_on",
        "Enter a date between 1900 and 2100.",
    ),
    (
        "detention",
        {"next_hearing": "2026-12-01 ²:30"},
        "next_hearing",
        "Enter a time as HH:MM (for example 09:30 or 9h30).",
    ),
    (
        "detention",
        {"next_hearing": "2099-12-01"},
        "next_hearing",
        f"Enter a date before the end of {date.today().year + 5}.",
    ),
    (
        "gbv",
        {"incident_date": "0001-05-01"},
        "incident_date",
        "Enter a date between 1900 and 2100.",
    ),
    (
        "detention",
        {"charges": "=1+1"},
        "charges",
        "Formulas are not accepted: type the value itself.",
    ),
    ("gbv", {"incident_type": ""}, "incident_type", "A value is required."),
    ("gbv", {"consent_reporting": "maybe"}, "consent_reporting", "Answer yes or no."),
    ("gbv", {"incident_date": "2099-01-01"}, "incident_date", "This date is in the future."),
    (
        "litigation",
        {"matter_type": "cattle"},
        "matter_type",
        "Unknown value “cattle”: expected land (foncier), family (famille), inheritance "
        "(succession), civil_status (état civil), labour (travail), debt (dette), other (autre).",
    ),
    (
        "litigation",
        {"forum": "village"},
        "forum",
        "Unknown value “village”: expected court (tribunal), land_commission (commission "
        "foncière), customary (autorité coutumière), none (aucune).",
    ),
    (
        "litigation",
        {"adverse_parties": "Bakary Coulibaly; " + "N" * 201},
        "adverse_parties",
        "Too long: 200 characters at most.",
    ),
    ("litigation", {"summary": "S" * 5001}, "summary", "Too long: 5000 characters at most."),
]


@pytest.fixture
def emails(org, other_org):
    """Stand-ins of the table: people of the organisation, of another one, and a former one."""
    former = make_user("paralegal", organisation=org["organisation"])
    former.active = False
    db.session.commit()
    return {
        "paralegal": org["paralegal"].email,
        "their_paralegal": other_org["paralegal"].email,
        "former_paralegal": former.email,
    }


@pytest.mark.parametrize(("kind", "cells", "column", "message"), ROW_ERRORS)
def test_each_row_error_is_reported_and_nothing_is_written(
    org, emails, csv_file, english, kind, cells, column, message
):
    cells = {name: value.format(**emails) for name, value in cells.items()}
    valid = case_row("gbv", number=1)
    path = csv_file([valid, case_row(kind, number=2, **cells)])
    report = check_cases(path, by=org["coordinator"], organisation=None)
    assert report.errors == [RowError(3, column, message)]
    assert (report.rows, report.invalid_rows, report.created) == (2, 1, 1)
    assert import_cases(path, by=org["coordinator"], organisation=None).written is False
    assert count(Case) == 0


def test_a_row_reports_all_its_errors_at_once(org, csv_file, english):
    path = csv_file([case_row(sex="?", opened_on="hier", matter_type="")])
    report = check_cases(path, by=org["coordinator"], organisation=None)
    assert [(error.column, error.message) for error in report.errors] == [
        ("sex", "Unknown value “?”: expected F (Femme), M (Homme)."),
        ("opened_on", "Enter a date as DD/MM/YYYY."),
        ("matter_type", "A value is required."),
    ]
    assert report.error_count == 3 and report.invalid_rows == 1


def test_values_are_read_leniently(org, csv_file):
    """Case of codes, accents of names, French yes/no and dates: as field teams type them."""
    path = csv_file(
        [
            case_row(
                "gbv",
                kind="GBV",
                sex="f",
                region="SÉGOU",
                consent_reporting="Oui",
                opened_on="02/03/2026",
                incident_type="Rape",
            )
        ]
    )
    report = import_cases(path, by=org["coordinator"], organisation=None)
    assert report.written and report.created == 1, report.errors
