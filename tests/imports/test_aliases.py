"""The words people type for coded values (issue 13): one table per coded column, read
without regard to case, accents, spaces or punctuation."""

import pytest
from sqlalchemy import select

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
from legalaid.imports.aliases import COLUMN_CODES, KIND, MATTER_TYPE, OUTCOME, SEX, CodeWords
from legalaid.imports.services import import_cases
from legalaid.workflow.models import ALL_OUTCOMES, CloseReason
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
    assert set(COLUMN_CODES[column].words) == set(ENUMS[column])
    assert all(COLUMN_CODES[column].words.values()), "every code has at least a French word"


def test_the_outcome_table_has_every_outcome():
    assert list(OUTCOME.words) == list(ALL_OUTCOMES)


@pytest.mark.parametrize(
    ("table", "typed", "code"),
    [
        (KIND, "litige", "litigation"),
        (KIND, "Détention", "detention"),
        (KIND, "DETENTION", "detention"),
        (KIND, "vbg", "gbv"),
        (KIND, "GBV", "gbv"),
        (SEX, "Femme", "F"),
        (SEX, "femme ", "F"),
        (SEX, "Homme", "M"),
        (SEX, "h", "M"),
        (MATTER_TYPE, "Foncier", "land"),
        (MATTER_TYPE, "famille", "family"),
        (MATTER_TYPE, "Succession", "inheritance"),
        (MATTER_TYPE, "État civil", "civil_status"),
        (MATTER_TYPE, "etat-civil", "civil_status"),
        (MATTER_TYPE, "civil_status", "civil_status"),
        (COLUMN_CODES["status"], "En cours", "in_progress"),
        (COLUMN_CODES["status"], "in progress", "in_progress"),
        (COLUMN_CODES["forum"], "CoFo", "land_commission"),
        (COLUMN_CODES["offence_class"], "Délit majeur", "delit_major"),
        (COLUMN_CODES["consent_reporting"], "Oui", True),
        (COLUMN_CODES["consent_reporting"], "VRAI", True),
        (COLUMN_CODES["consent_reporting"], "1", True),
        (COLUMN_CODES["consent_reporting"], "non", False),
        (COLUMN_CODES["consent_reporting"], "faux", False),
        (COLUMN_CODES["consent_reporting"], "0", False),
        (OUTCOME, "Non-lieu", "charges_dismissed"),
        (OUTCOME, "non lieu", "charges_dismissed"),
        (OUTCOME, "relaxe", "acquitted"),
    ],
)
def test_words_are_read_as_people_type_them(table, typed, code):
    assert table.read(typed) == code


def test_a_word_is_read_only_among_the_codes_allowed():
    assert OUTCOME.read("relaxe", among=("referred", "abandoned")) is None
    assert OUTCOME.read("orientation", among=("referred", "abandoned")) == "referred"
    assert KIND.read("tribunal") is None


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
