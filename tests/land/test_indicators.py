"""The land commissions' figures (issue 15) over a hand-counted set of disputes, and the
headline sentence in both languages."""

from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import event, select

from legalaid.extensions import db
from legalaid.land.indicators import headline, land_indicators
from legalaid.land.models import ConciliationSession, LandDispute
from legalaid.reference.models import Region
from legalaid.reports.services import Scope
from tests.builders import make_case
from tests.land.conftest import make_land_case, resolve

START, END = date(2026, 1, 1), date(2026, 6, 30)
# name, sex, birth year, region code, opened, outcome, PV's date, filed, decision, decided on
DISPUTES = [
    (
        "Aminata Togo",
        "F",
        1985,
        "MOP",
        "03-01",
        "conciliation_agreement",
        "03-10",
        "03-20",
        "recognised",
        "04-15",
    ),
    (
        "Hawa Cissé",
        "F",
        1995,
        "MOP",
        "03-02",
        "conciliation_agreement",
        "03-12",
        "03-25",
        "recognised",
        "05-02",
    ),
    (
        "Oumar Guindo",
        "M",
        1970,
        "SEG",
        "03-03",
        "conciliation_agreement",
        "04-01",
        "04-10",
        "refused",
        "05-20",
    ),
    # filed within the period, recognised after its end
    (
        "Fatoumata Diarra",
        "F",
        2010,
        "MOP",
        "03-04",
        "conciliation_agreement",
        "04-05",
        "06-01",
        "recognised",
        "07-05",
    ),
    (
        "Mariam Sangaré",
        "F",
        None,
        None,
        "03-05",
        "conciliation_agreement",
        "05-05",
        None,
        None,
        None,
    ),
    ("Boubacar Maïga", "M", 1999, "SEG", "03-06", "non_conciliation", "04-20", None, None, None),
    ("Kadiatou Traoré", "F", 1960, "MOP", "03-07", "non_conciliation", "05-30", None, None, None),
    ("Sékou Kouyaté", "M", 1995, None, "03-08", "withdrawn", "03-15", None, None, None),
    # the PV signed, filed and recognised after the period's end: none of it counts yet
    (
        "Awa Diallo",
        "F",
        1988,
        "SEG",
        "03-09",
        "conciliation_agreement",
        "07-15",
        "07-20",
        "recognised",
        "08-01",
    ),
    ("Moussa Coulibaly", "M", 2000, "MOP", "05-01", None, None, None, None, None),
    ("Moussa Coulibaly", "M", 2000, "MOP", "06-01", None, None, None, None, None),  # his 2nd
]
# Opened before the period: neither it nor its session counts.
BEFORE = (
    "Salif Keita",
    "M",
    1980,
    "MOP",
    "2025-12-10",
    "conciliation_agreement",
    "02-01",
    "02-10",
    "recognised",
    "03-01",
)


def _day(text: str | None) -> date | None:
    """A day of 2026 written MM-DD (or a whole ISO date)."""
    if text is None:
        return None
    return date.fromisoformat(text if len(text) > 5 else f"2026-{text}")


@pytest.fixture
def disputes(org, commissions):
    """The land cases of the table, each with its requesting party as the table says, and a
    litigation case resolved by conciliation in the period (not a land dispute)."""
    regions = dict(db.session.execute(select(Region.code, Region.id)).all())
    by = org["paralegal"]
    made = {}
    for name, sex, born, region, opened, outcome, pv_on, filed, decision, decided in [
        *DISPUTES,
        BEFORE,
    ]:
        case = make_land_case(
            by,
            full_name=name,
            opened_on=_day(opened),
            pv_filed_on=_day(filed),
            recognition=decision,
            recognised_on=_day(decided),
        )
        if name in made:  # the same person's second dispute
            case.beneficiary = made[name].beneficiary
        person = case.beneficiary
        person.sex, person.birth_year = sex, born
        person.region_id = regions[region] if region else None
        if outcome:
            resolve(case, outcome, _day(pv_on))
        made.setdefault(name, case)
    litigation = make_case("litigation", by=by, full_name="Awa Traoré", opened_on=date(2026, 3, 2))
    resolve(litigation, "conciliation_agreement", date(2026, 4, 1))
    db.session.commit()
    return made


def _session(case, on: str, total: int, women: int, youth: int, by) -> None:
    dispute = db.session.scalar(select(LandDispute).where(LandDispute.case_id == case.id))
    db.session.add(
        ConciliationSession(
            dispute_id=dispute.id,
            held_on=_day(on),
            place="Socoura",
            attendance_total=total,
            attendance_women=women,
            attendance_youth=youth,
            recorded_by_id=by.id,
        )
    )


@pytest.fixture
def sessions(disputes, org):
    """Three sessions held in the period, one after it, one on the dispute opened before it."""
    by = org["paralegal"]
    _session(disputes["Aminata Togo"], "03-01", 12, 5, 3, by)
    _session(disputes["Aminata Togo"], "03-05", 8, 2, 4, by)
    _session(disputes["Boubacar Maïga"], "04-10", 20, 9, 6, by)
    _session(disputes["Moussa Coulibaly"], "07-10", 15, 7, 5, by)  # after the end
    _session(disputes["Salif Keita"], "01-15", 30, 10, 10, by)  # a case opened before
    db.session.commit()


def test_every_figure_of_the_land_disputes_of_the_period(sessions, org):
    figures = land_indicators(Scope(START, END))
    assert list(figures) == ["land_conciliation"]
    land = figures["land_conciliation"]
    parties = land.pop("requesting_parties")
    assert land == {
        "disputes_received": 11,
        "disputes_resolved": 5,
        "non_conciliation": 2,
        "pv_filed": 4,
        "pv_recognised": 2,
        "pv_refused": 1,
        "recognition_pct": 40.0,
        "session_attendance": {"sessions": 3, "total": 40, "women": 16, "youth": 13},
    }
    assert parties == {
        "total": 10,  # Moussa Coulibaly's two disputes: one person
        "F": 6,
        "M": 4,
        "by_age_group": {"minor": 1, "youth": 4, "adult": 4, "unknown": 1},
        "by_sex_age_group": {
            "F": {"minor": 1, "youth": 1, "adult": 3, "unknown": 1},
            "M": {"minor": 0, "youth": 3, "adult": 1, "unknown": 0},
        },
        "by_region": {"Mopti": 5, "Ségou": 3, "unknown": 2},
        "by_organisation": {org["organisation"].name: 10},
    }


def test_the_figures_follow_the_scope_filters(sessions, org):
    mopti = db.session.scalar(select(Region.id).where(Region.code == "MOP"))
    land = land_indicators(Scope(START, END, region_id=mopti))["land_conciliation"]
    assert (land["disputes_received"], land["disputes_resolved"], land["pv_recognised"]) == (
        6,
        3,
        2,
    )
    assert land["session_attendance"] == {"sessions": 2, "total": 20, "women": 7, "youth": 7}
    elsewhere = land_indicators(Scope(START, END, organisation_id=org["organisation"].id + 1000))
    assert elsewhere["land_conciliation"]["disputes_received"] == 0


def test_nothing_resolved_has_no_recognition_rate(reference):
    land = land_indicators(Scope(START, END))["land_conciliation"]
    assert (land["disputes_received"], land["disputes_resolved"], land["recognition_pct"]) == (
        0,
        0,
        None,
    )
    assert land["session_attendance"] == {"sessions": 0, "total": 0, "women": 0, "youth": 0}
    assert land["requesting_parties"]["total"] == 0


def test_the_figures_take_a_few_queries_whatever_the_number_of_disputes(sessions):
    statements = []

    def count(_connection, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        land_indicators(Scope(START, END))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 3, statements  # the counts, the requesting parties, the sessions


@pytest.mark.parametrize(
    ("resolved", "recognised", "sentence"),
    [
        (
            433,
            81,
            "433 land disputes resolved amicably; 81 conciliation reports recognised by the courts",
        ),
        (1, 1, "1 land dispute resolved amicably; 1 conciliation report recognised by the courts"),
        (
            1433,
            0,
            "1,433 land disputes resolved amicably; "
            "0 conciliation reports recognised by the courts",
        ),
    ],
)
def test_the_headline_in_english(resolved, recognised, sentence):
    with force_locale("en"):
        assert headline({"disputes_resolved": resolved, "pv_recognised": recognised}) == sentence


@pytest.mark.parametrize(
    ("resolved", "recognised", "sentence"),
    [
        (
            433,
            81,
            "433 litiges fonciers résolus à l'amiable ; "
            "81 procès-verbaux de conciliation homologués par les tribunaux",
        ),
        (
            1,
            1,
            "1 litige foncier résolu à l'amiable ; "
            "1 procès-verbal de conciliation homologué par les tribunaux",
        ),
    ],
)
def test_the_headline_in_french(resolved, recognised, sentence):
    with force_locale("fr"):
        assert headline({"disputes_resolved": resolved, "pv_recognised": recognised}) == sentence
