"""The activities' figures on the hand-counted data set (tests/activities/conftest.py), exact.

By hand, period 2026-01-01..2026-06-30 (X1 started before it, so it is out):
S1 sensitisation, Mopti: F 10/20/30/0, M 5/15/25/5 (minor/youth/adult/unknown) = 110
M1 media, Ségou: M adult 12
T1 training, Mopti: Aminata Keïta F 1990 (36: adult), Seydou Coulibaly M 2000 (youth),
   Moussa Traoré M age 50 (adult) = 3
T2 training, Ségou: Aminata Keita F (adult), Seydou Kulibali M (youth), Fatoumata Diarra F
   (unknown), grid F youth 2 = 5
MM1 monitoring mission, Mopti: M adult 3; recommendations: 1 pending, 1 implemented
O1 community engagement, Kayes, ONG B: F youth 4
"""

import json

import pytest

from legalaid.activities.indicators import activity_indicators
from legalaid.reports.services import Scope, indicators, report_figures
from tests.activities.conftest import PERIOD
from tests.builders import make_user

PEOPLE = {
    "total": 137,
    "F": 69,
    "M": 68,
    "youth": 58,  # young: F 10 + 26, M 5 + 17
    "women_and_youth": 91,  # 69 women + 22 young men
    "by_age_group": {"minor": 15, "youth": 43, "adult": 73, "unknown": 6},
    "by_sex_age_group": {
        "F": {"minor": 10, "youth": 26, "adult": 32, "unknown": 1},
        "M": {"minor": 5, "youth": 17, "adult": 41, "unknown": 5},
    },
    "by_type": {
        "sensitisation": {"total": 110, "F": 60, "M": 50, "youth": 50, "women_and_youth": 80},
        "training": {"total": 8, "F": 5, "M": 3, "youth": 4, "women_and_youth": 7},
        "community_engagement": {"total": 4, "F": 4, "M": 0, "youth": 4, "women_and_youth": 4},
        "monitoring_mission": {"total": 3, "F": 0, "M": 3, "youth": 0, "women_and_youth": 0},
        "media": {"total": 12, "F": 0, "M": 12, "youth": 0, "women_and_youth": 0},
        "other": {"total": 0, "F": 0, "M": 0, "youth": 0, "women_and_youth": 0},
    },
    "by_region": {"Mopti": 116, "Ségou": 17, "Kayes": 4},
    "by_organisation": {"ONG A": 133, "ONG B": 4},
}
EXPECTED = {
    "count": {
        "sensitisation": 1,
        "training": 2,
        "community_engagement": 1,
        "monitoring_mission": 1,
        "media": 1,
        "other": 0,
    },
    "total": 6,
    "people_reached": PEOPLE,
    "distinct_people_trained": 4,  # Aminata Keïta and Seydou Coulibaly came to both trainings
    "involving_women_and_youth": 4,  # all but M1 and MM1
    "share_involving_women_and_youth_pct": 66.7,
    "missions": 1,
    "recommendations": {
        "total": 2,
        "by_status": {"pending": 1, "in_progress": 0, "implemented": 1, "not_implemented": 0},
    },
}


def test_every_figure_of_the_hand_counted_data_set(dataset):
    assert activity_indicators(Scope(*PERIOD)) == {"activities": EXPECTED}


def test_the_import_reports_what_it_wrote(dataset):
    report = dataset["report"]
    assert (report.created, report.updated, report.unchanged, report.roster_rows) == (7, 0, 0, 6)


def test_one_organisation_one_region(dataset):
    ours = activity_indicators(Scope(*PERIOD, organisation_id=dataset["orgs"][0].id))["activities"]
    assert ours["total"] == 5
    assert ours["people_reached"]["total"] == 133
    assert ours["share_involving_women_and_youth_pct"] == 60.0  # S1, T1, T2 of 5
    from sqlalchemy import select

    from legalaid.extensions import db
    from legalaid.reference.models import Region

    segou = db.session.scalar(select(Region.id).where(Region.name == "Ségou"))
    in_segou = activity_indicators(Scope(*PERIOD, region_id=segou))["activities"]
    assert in_segou["count"]["media"] == 1 and in_segou["count"]["training"] == 1
    assert in_segou["people_reached"]["total"] == 17
    assert in_segou["distinct_people_trained"] == 3  # T2's roster alone


def test_an_activity_counts_when_it_starts_in_the_period(dataset):
    december = activity_indicators(Scope(PERIOD[0].replace(year=2025, month=12, day=31), PERIOD[0]))
    assert december["activities"]["total"] == 1
    assert december["activities"]["people_reached"]["F"] == 100


def test_in_the_indicators_and_the_cli_json(app, dataset):
    assert indicators(Scope(*PERIOD))["activities"] == EXPECTED
    result = app.test_cli_runner().invoke(
        args=["indicators", "--from", "2026-01-01", "--to", "2026-06-30"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["activities"] == EXPECTED


def test_viewers_see_no_small_count_and_no_share_built_on_one(dataset):
    viewer = make_user("viewer", organisation=dataset["orgs"][0])
    protected = report_figures(Scope(*PERIOD), viewer)["activities"]
    assert protected["count"]["training"] == "< 5"
    assert protected["missions"] == "< 5"
    assert protected["involving_women_and_youth"] == "< 5"
    assert protected["share_involving_women_and_youth_pct"] is None
    assert protected["people_reached"]["total"] == 137
    assert protected["people_reached"]["by_type"]["monitoring_mission"]["M"] == "< 5"
    assert protected["recommendations"]["by_status"]["pending"] == "< 5"


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_exact_figures_for_admins_and_coordinators(dataset, role):
    user = dataset["admin"] if role == "admin" else dataset["coordinator"]
    assert report_figures(Scope(*PERIOD), user)["activities"] == EXPECTED
