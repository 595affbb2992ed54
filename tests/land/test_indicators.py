"""The land commissions' figures (issue 15) over a hand-counted set of disputes (conftest.py),
and the headline sentence in both languages."""

import pytest
from flask_babel import force_locale
from sqlalchemy import event, select

from legalaid.extensions import db
from legalaid.land.indicators import headline, land_indicators
from legalaid.reference.models import Region
from legalaid.reports.services import Scope
from tests.land.conftest import END, START


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
