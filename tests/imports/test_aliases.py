"""The words people type for coded values (issue 13): one table per coded column, read
without regard to case, accents, spaces or punctuation."""

import pytest
from sqlalchemy import select

from legalaid.casekinds import case_kinds
from legalaid.cases.models import (
    Beneficiary,
    Case,
    CaseKind,
    CaseStatus,
    Forum,
    GbvIncident,
    GbvIncidentType,
    LitigationMatter,
    MatterType,
    ServiceLevel,
    Sex,
)
from legalaid.detention.models import OffenceClass
from legalaid.extensions import db
from legalaid.imports.aliases import CodeWords, column_codes
from legalaid.imports.services import import_cases
from legalaid.workflow.models import CloseReason
from tests.imports.conftest import case_row

ENUMS = {
    "kind": CaseKind,
    "sex": Sex,
    "service_level": ServiceLevel,
    "status": CaseStatus,
    "close_reason": CloseReason,
    "offence_class": OffenceClass,
    "incident_type": GbvIncidentType,
    "matter_type": MatterType,
    "forum": Forum,
}


@pytest.mark.parametrize("column", sorted(ENUMS))
def test_each_coded_column_has_a_table_of_its_whole_enum(column):
    codes = column_codes()[column]
    assert set(ENUMS[column]) <= set(codes.words)
    assert all(codes.words.values()), "every code has at least a French word"


def test_the_kind_and_outcome_tables_are_those_of_the_registered_kinds():
    codes = column_codes()
    kinds = list(case_kinds())
    assert list(codes["kind"].words) == [kind.code for kind in kinds]
    outcomes = {outcome for kind in kinds for outcome in kind.outcomes}
    assert set(codes["outcome"].words) == outcomes
    for kind in kinds:
        if kind.import_words:  # a kind that gives words gives them for every outcome of its own
            assert set(kind.import_words["outcome"]) == set(kind.outcomes), kind.code
            assert all(codes["outcome"].words[outcome] for outcome in kind.outcomes), kind.code


@pytest.mark.parametrize(
    ("column", "typed", "code"),
    [
        ("kind", "litige", "litigation"),
        ("kind", "Détention", "detention"),
        ("kind", "DETENTION", "detention"),
        ("kind", "vbg", "gbv"),
        ("kind", "GBV", "gbv"),
        ("sex", "Femme", "F"),
        ("sex", "femme ", "F"),
        ("sex", "Homme", "M"),
        ("sex", "h", "M"),
        ("matter_type", "Foncier", "land"),
        ("matter_type", "famille", "family"),
        ("matter_type", "Succession", "inheritance"),
        ("matter_type", "État civil", "civil_status"),
        ("matter_type", "etat-civil", "civil_status"),
        ("matter_type", "civil_status", "civil_status"),
        ("status", "En cours", "in_progress"),
        ("status", "in progress", "in_progress"),
        ("forum", "CoFo", "land_commission"),
        ("offence_class", "Délit majeur", "delit_major"),
        ("consent_reporting", "Oui", True),
        ("consent_reporting", "VRAI", True),
        ("consent_reporting", "1", True),
        ("consent_reporting", "non", False),
        ("consent_reporting", "faux", False),
        ("consent_reporting", "0", False),
        ("outcome", "Non-lieu", "charges_dismissed"),
        ("outcome", "non lieu", "charges_dismissed"),
        ("outcome", "relaxe", "acquitted"),
    ],
)
def test_words_are_read_as_people_type_them(column, typed, code):
    assert column_codes()[column].read(typed) == code


def test_a_word_is_read_only_among_the_codes_allowed():
    outcome = column_codes()["outcome"]
    assert outcome.read("relaxe", among=("referred", "abandoned")) is None
    assert outcome.read("orientation", among=("referred", "abandoned")) == "referred"
    assert column_codes()["kind"].read("tribunal") is None


def test_a_word_that_stands_for_two_codes_is_refused_when_the_table_is_built():
    with pytest.raises(ValueError, match="two codes"):
        CodeWords({"a": ("Même",), "b": ("meme",)})


def test_a_spreadsheet_in_french_words_imports(org, csv_file):
    path = csv_file(
        [
            case_row("gbv", number=1, kind="VBG", sex="Femme", consent_reporting="vrai")
            | {"incident_type": "Viol", "service_level": "Assistance judiciaire"},
            case_row("litigation", number=2, kind="Litige", sex="Homme")
            | {"matter_type": "État civil", "forum": "Autorité coutumière"},
        ]
    )
    report = import_cases(path, by=org["coordinator"], organisation=None)
    assert report.written and report.created == 2, report.errors
    gbv = db.session.scalar(select(GbvIncident))
    assert (gbv.incident_type, gbv.consent_reporting) == ("rape", True)
    matter = db.session.scalar(select(LitigationMatter))
    assert (matter.matter_type, matter.forum) == ("civil_status", "customary")
    assert sorted(db.session.scalars(select(Beneficiary.sex))) == ["F", "M"]
    levels = set(db.session.scalars(select(Case.service_level)))
    assert levels == {"representation", "advice"}
