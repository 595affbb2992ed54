"""Land disputes in a bulk import (issue 15): each column read through the kind's `read_row`,
every error it reports, the French words; then a CSV through `flask import-cases`."""

import json
from datetime import date

import pytest

from legalaid.cases.matching import fold
from legalaid.imports.aliases import column_codes
from legalaid.imports.columns import Header, column_key, columns
from legalaid.imports.rows import RowError, _Cells
from legalaid.imports.services import check_cases
from legalaid.land import importing
from legalaid.land.kind import KIND
from tests.imports.conftest import (
    english,  # noqa: F401 - the import speaks English here
    write_csv,
)

pytestmark = pytest.mark.usefixtures("english")
TODAY = date(2026, 11, 30)
COMMISSIONS = {fold("Commission foncière de Socoura"): 7, fold("COFO-MOP-SOCOURA"): 7}
VALID = {
    "opened_on": "2026-03-02",
    "commission": "Commission foncière de Socoura",
    "dispute_type": "boundary",
}


LAND_HEADER = [
    "external_id",
    "kind",
    "opened_on",
    "full_name",
    "sex",
    "âge",
    "région",
    "Commission foncière",
    "Type de litige",
    "Parties adverses",
    "status",
    "lawyer_email",
    "outcome",
    "resolved_on",
    "Date de dépôt du PV",
    "Homologation",
    "Date d'homologation",
]


def read(**cells: str) -> tuple[dict, list[str], list[RowError]]:
    """One row of these cells (the valid ones unless changed), read as the import reads it."""
    cells = {**VALID, **cells}
    header = Header(
        positions={column: position for position, column in enumerate(cells)},
        labels={column: column for column in cells},
        unknown=(),
        unknown_count=0,
    )
    row = _Cells(header, 2, list(cells.values()), TODAY)
    details, parties = importing.read_row(row, {"commissions": COMMISSIONS})
    return details, parties, row.errors


def errors(**cells: str) -> list[tuple[str, str]]:
    """The (column, message) of each error of the row."""
    return [(error.column, error.message) for error in read(**cells)[2]]


def test_a_row_with_the_required_columns_only():
    details, parties, problems = read()
    assert problems == []
    assert details == {
        "commission_id": 7,
        "nature": "boundary",
        "seized_on": date(2026, 3, 2),  # the opening day
        "pv_filed_on": None,
        "recognition": None,
        "recognised_on": None,
    }
    assert parties == []


def test_every_column_of_a_recognised_pv():
    details, parties, problems = read(
        commission="cofo-mop-socoura",  # the code, folded
        dispute_type="succession",
        seized_on="15/02/2026",  # before the case was opened: allowed
        adverse_parties="Lignage Kouyaté ;  Hamadoun   Cissé",
        status="resolved",
        outcome="conciliation_agreement",
        resolved_on="2026-05-04",
        pv_filed_on="2026-05-20",
        recognition="Homologué",
        recognised_on="2026-07-01",
    )
    assert problems == []
    assert details == {
        "commission_id": 7,
        "nature": "land_inheritance",
        "seized_on": date(2026, 2, 15),
        "pv_filed_on": date(2026, 5, 20),
        "recognition": "recognised",
        "recognised_on": date(2026, 7, 1),
    }
    assert parties == ["Lignage Kouyaté", "Hamadoun Cissé"]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"commission": ""}, "commission", "A value is required."),
        ({"commission": "CoFo de Kidal"}, "commission", "Unknown land commission: CoFo de Kidal"),
        ({"dispute_type": ""}, "dispute_type", "A value is required."),
        (
            {"dispute_type": "divorce"},
            "dispute_type",
            "Unknown value “divorce”: expected boundary (bornage), ownership (propriété), "
            "land_inheritance (succession), farmer_herder (agriculteurs-éleveurs), "
            "women_access (accès des femmes à la terre), other (autre).",
        ),
        ({"seized_on": "2026-12-25"}, "seized_on", "This date is in the future."),
        ({"seized_on": "31/02/2026"}, "seized_on", "This date does not exist."),
        ({"adverse_parties": "A" * 201}, "adverse_parties", "Too long: 200 characters at most."),
        (
            {
                "outcome": "non_conciliation",
                "resolved_on": "2026-05-04",
                "pv_filed_on": "2026-05-20",
            },
            "pv_filed_on",
            "Only a PV of conciliation is filed at a court.",
        ),
        (
            {
                "outcome": "conciliation_agreement",
                "resolved_on": "2026-05-04",
                "pv_filed_on": "2026-05-03",
            },
            "pv_filed_on",
            "The PV cannot be filed before its own date.",
        ),
        (
            {"recognition": "refused", "recognised_on": "2026-07-01"},
            "recognition",
            "The court decides on a filed PV: give the filing date.",
        ),
        (
            {"recognition": "peut-être"},
            "recognition",
            "Unknown value “peut-être”: expected recognised (homologué), refused (refusé).",
        ),
        (
            {
                "outcome": "conciliation_agreement",
                "resolved_on": "2026-05-04",
                "pv_filed_on": "2026-05-20",
                "recognition": "recognised",
            },
            "recognised_on",
            "Give the date of the court's decision.",
        ),
        (
            {
                "outcome": "conciliation_agreement",
                "resolved_on": "2026-05-04",
                "pv_filed_on": "2026-05-20",
                "recognised_on": "2026-07-01",
            },
            "recognition",
            "Give the court's decision: recognised or refused.",
        ),
        (
            {
                "outcome": "conciliation_agreement",
                "resolved_on": "2026-05-04",
                "pv_filed_on": "2026-05-20",
                "recognition": "refused",
                "recognised_on": "2026-05-19",
            },
            "recognised_on",
            "The court's decision cannot be before the PV was filed.",
        ),
    ],
)
def test_each_error_of_a_land_row(cells, column, message):
    assert errors(**cells) == [(column, message)]


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Bornage", "boundary"),
        ("limites", "boundary"),
        ("Propriété", "ownership"),
        ("propriete", "ownership"),
        ("succession", "land_inheritance"),
        ("Héritage", "land_inheritance"),
        ("agriculteurs-éleveurs", "farmer_herder"),
        ("Conflit agro-pastoral", "farmer_herder"),
        ("accès des femmes à la terre", "women_access"),
        ("autre", "other"),
        ("farmer_herder", "farmer_herder"),
    ],
)
def test_the_dispute_types_in_french_words(typed, code):
    assert read(dispute_type=typed)[0]["nature"] == code


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("homologué", "recognised"),
        ("Homologuée", "recognised"),
        ("oui", "recognised"),
        ("recognised", "recognised"),
        ("refusé", "refused"),
        ("Rejeté", "refused"),
        ("non", "refused"),
    ],
)
def test_the_court_decisions_in_french_words(typed, code):
    details, _parties, problems = read(
        outcome="conciliation_agreement",
        resolved_on="2026-05-04",
        pv_filed_on="2026-05-20",
        recognition=typed,
        recognised_on="2026-07-01",
    )
    assert problems == [] and details["recognition"] == code


def test_the_outcomes_of_the_kind_have_french_words():
    assert set(importing.WORDS["outcome"]) == set(KIND.outcomes)
    words = importing.WORDS["outcome"]
    assert "PV de non-conciliation" in words["non_conciliation"]


@pytest.mark.parametrize(
    ("alias", "column"),
    [
        ("commission_fonciere", "commission"),
        ("Commission foncière", "commission"),
        ("type_litige", "dispute_type"),
        ("nature_litige", "dispute_type"),
        ("date_saisine", "seized_on"),
        ("Date de saisine", "seized_on"),
        ("parties", "adverse_parties"),
        ("parties_adverses", "adverse_parties"),
        ("date_depot_pv", "pv_filed_on"),
        ("homologation", "recognition"),
        ("date_homologation", "recognised_on"),
        ("Date d'homologation", "recognised_on"),
    ],
)
def test_the_french_column_names(alias, column):
    names = {column_key(name): key for key, names in importing.ALIASES.items() for name in names}
    assert names[column_key(alias)] == column
    assert column in importing.COLUMNS


def test_the_directory_names_each_commission_by_name_and_code(commissions):
    socoura = commissions["COFO-MOP-SOCOURA"]
    found = importing.directory()["commissions"]
    assert found[fold(socoura.name)] == found[fold(socoura.code)] == socoura.id
    assert len(found) == 2 * len(commissions)


def test_the_template_example_is_a_valid_row(commissions):
    cells = importing.example(lambda column, value: str(value), date.isoformat, TODAY, "Exemple")
    first = min(commissions.values(), key=lambda commission: commission.code)
    assert cells["commission"] == first.name
    directory = importing.directory()
    header_cells = {**VALID, **{k: v for k, v in cells.items() if k in importing.COLUMNS}}
    header = Header({c: i for i, c in enumerate(header_cells)}, {}, (), 0)
    row = _Cells(header, 2, list(header_cells.values()), TODAY)
    details, parties = importing.read_row(row, directory)
    assert row.errors == []
    assert details["commission_id"] == first.id
    assert parties == ["Famille Exemple", "Oumar Exemple"]


def test_the_kind_brings_its_columns_and_words_to_the_import():
    assert column_codes()["dispute_type"].read("bornage") == "boundary"
    assert column_codes()["outcome"].read("PV de non-conciliation") == "non_conciliation"
    assert column_codes()["kind"].read("CoFo") == "land_conciliation"
    assert columns()["adverse_parties"] == ("Parties adverses", "parties", "autres_parties")
    assert columns()["commission"][0] == "Commission foncière"


# external id, sex, outcome, PV's date, filed, decision, decided on (a hand-counted set)
CSV_DISPUTES = [
    ("COFO-1", "F", "conciliation", "2026-03-10", "2026-03-20", "homologué", "2026-04-15"),
    ("COFO-2", "M", "conciliation_agreement", "2026-03-12", "2026-03-25", "refusé", "2026-05-20"),
    ("COFO-3", "F", "accord amiable", "2026-04-05", "", "", ""),
    ("COFO-4", "M", "non-conciliation", "2026-04-20", "", "", ""),
    ("COFO-5", "F", "retrait", "2026-03-15", "", "", ""),
    ("COFO-6", "F", "", "", "", "", ""),
]


# The requesting parties' ages (minor < 18, youth 18-35, adult 36+) and regions, row by row.
AGES_AND_REGIONS = [
    ("16", "Mopti"),
    ("30", "Mopti"),
    ("45", "Mopti"),
    ("", "Mopti"),
    ("22", "Ségou"),
    ("60", ""),
]


def _csv_of_disputes(org, tmp_path):
    """The CSV file of `CSV_DISPUTES`, in French column names, before the Socoura commission."""
    rows = [
        {
            "external_id": external_id,
            "kind": "conciliation foncière",
            "opened_on": "2026-03-02",
            "full_name": f"Partie requérante {number}",
            "sex": sex,
            "âge": AGES_AND_REGIONS[number - 1][0],
            "région": AGES_AND_REGIONS[number - 1][1],
            "status": "résolu" if outcome else "",
            "lawyer_email": org["lawyer"].email if outcome else "",
            "Commission foncière": "COFO-MOP-SOCOURA",
            "Type de litige": "bornage",
            "Parties adverses": f"Lignage Kouyaté {number}; Hamadoun Cissé {number}",
            "outcome": outcome,
            "resolved_on": resolved_on,
            "Date de dépôt du PV": filed,
            "Homologation": decision,
            "Date d'homologation": decided,
        }
        for number, (external_id, sex, outcome, resolved_on, filed, decision, decided) in enumerate(
            CSV_DISPUTES, start=1
        )
    ]
    return write_csv(tmp_path / "cofo.csv", rows, header=LAND_HEADER)


def test_the_csv_of_disputes_passes_the_check(org, commissions, tmp_path):
    path = _csv_of_disputes(org, tmp_path)
    report = check_cases(path, by=org["coordinator"], organisation=org["organisation"])
    assert (report.errors, report.created) == ([], 6)


def test_a_csv_of_land_disputes_through_the_commands(app, org, commissions, tmp_path):
    path = _csv_of_disputes(org, tmp_path)
    runner = app.test_cli_runner()
    by = org["coordinator"].email
    imported = runner.invoke(
        args=["import-cases", str(path), "--org", org["organisation"].name, "--by", by]
    )
    assert imported.exit_code == 0, imported.output
    output = runner.invoke(args=["indicators", "--from", "2026-01-01", "--to", "2026-06-30"])
    land = json.loads(output.output)["land_conciliation"]
    parties = land.pop("requesting_parties")
    assert land == {
        "disputes_received": 6,
        "disputes_resolved": 3,
        "non_conciliation": 1,
        "pv_filed": 2,
        "pv_recognised": 1,
        "pv_refused": 1,
        "recognition_pct": 33.3,
        "session_attendance": {"sessions": 0, "total": 0, "women": 0, "youth": 0},
    }
    assert (parties["total"], parties["F"], parties["M"]) == (6, 4, 2)
    assert parties["by_age_group"] == {"minor": 1, "youth": 2, "adult": 2, "unknown": 1}
    assert parties["by_sex_age_group"] == {
        "F": {"minor": 1, "youth": 1, "adult": 2, "unknown": 0},
        "M": {"minor": 0, "youth": 1, "adult": 0, "unknown": 1},
    }
    assert parties["by_region"] == {"Mopti": 4, "Ségou": 1, "unknown": 1}
    assert parties["by_organisation"] == {org["organisation"].name: 6}


def test_a_file_of_land_disputes_passes_the_check(org, commissions, tmp_path):
    path = write_csv(
        tmp_path / "cofo.csv",
        [
            {
                "external_id": "COFO-1",
                "kind": "conciliation foncière",
                "opened_on": "02/03/2026",
                "full_name": "Aminata Togo",
                "sex": "Femme",
                "Commission foncière": "COFO-MOP-SOCOURA",
                "Type de litige": "bornage",
                "Parties adverses": "Lignage Kouyaté; Hamadoun Cissé",
                "status": "résolu",
                "lawyer_email": org["lawyer"].email,
                "outcome": "PV de conciliation",
                "resolved_on": "04/05/2026",
                "Date de dépôt du PV": "20/05/2026",
                "Homologation": "homologué",
                "Date d'homologation": "01/07/2026",
            },
            {
                "external_id": "COFO-2",
                "kind": "land_conciliation",
                "opened_on": "2026-03-02",
                "full_name": "Oumar Guindo",
                "sex": "M",
                "Commission foncière": "CoFo de Kidal",
                "Type de litige": "farmer_herder",
                "outcome": "judgment_in_favour",  # a litigation outcome, not a land one
            },
        ],
        header=LAND_HEADER,
    )
    report = check_cases(path, by=org["coordinator"], organisation=org["organisation"])
    assert (report.created, report.invalid_rows) == (1, 1)
    assert [(error.row, error.column, error.message) for error in report.errors] == [
        (
            3,
            "outcome",
            "Unknown value “judgment_in_favour”: expected withdrawn (retrait), "
            "conciliation_agreement (conciliation), non_conciliation (non-conciliation).",
        ),
        (3, "Commission foncière", "Unknown land commission: CoFo de Kidal"),
    ]
