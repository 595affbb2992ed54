"""The indicators on the hand-counted data set (tests/reports/conftest.py)."""

from datetime import date

from legalaid.reports.services import Scope, indicators

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


def test_all_organisations(dataset):
    result = indicators(Scope(*PERIOD))
    detainees = result["detainees"]
    assert detainees["identified"] == 4
    assert detainees["assisted"] == 3
    assert detainees["assisted_pct"] == 75.0
    assert detainees["assisted_cases"] == 4
    assert detainees["assisted_resolved"] == 2
    assert detainees["assisted_resolved_pct"] == 50.0
    assert detainees["identified_by"] == {
        "F": 1,
        "M": 3,
        "by_age_group": {"minor": 1, "youth": 1, "adult": 2, "unknown": 0},
        "by_sex_age_group": {  # b3 (F 1995); b2 (M 2010), b1 and b5 (M 1990)
            "F": {"minor": 0, "youth": 1, "adult": 0, "unknown": 0},
            "M": {"minor": 1, "youth": 0, "adult": 2, "unknown": 0},
        },
        "by_region": {"Mopti": 2, "unknown": 2},
        "by_organisation": {"Org A": 3, "Org B": 1},
    }
    assert detainees["held_on_end"] == {"ok": 1, "renewal_due": 0, "overdue": 0, "beyond_cap": 1}
    assert detainees["median_days_held"] == 155.5
    assert detainees["remand_share"] == [
        {
            "prison": dataset["prison"].name,
            "counted_on": "2026-06-01",
            "total": 400,
            "pretrial": 300,
            "share_pct": 75.0,
        }
    ]
    litigants = result["litigants_supported_by_paralegals"]
    assert (litigants["total"], litigants["F"], litigants["M"]) == (2, 2, 0)
    assert litigants["by_age_group"] == {"minor": 0, "youth": 0, "adult": 1, "unknown": 1}
    victims = result["victims_assisted_by_lawyers"]
    assert (victims["total"], victims["F"], victims["M"]) == (2, 1, 1)
    assert victims["by_sex_age_group"] == {  # G1 (F 2000), G3 (M 1985)
        "F": {"minor": 0, "youth": 1, "adult": 0, "unknown": 0},
        "M": {"minor": 0, "youth": 0, "adult": 1, "unknown": 0},
    }
    assert result["cases_opened"] == {
        "detention": 5,
        "gbv": 3,
        "litigation": 3,
        "land_conciliation": 0,
    }
    assert result["cases_resolved"]["detention"]["acquitted"] == 1
    assert result["cases_resolved"]["detention"]["charges_dismissed"] == 1
    assert sum(result["cases_resolved"]["detention"].values()) == 2
    assert result["cases_resolved"]["litigation"]["conciliation_agreement"] == 1
    assert result["cases_resolved"]["gbv"] == {
        "judgment_obtained": 0,
        "mediation": 1,
        "referred": 0,
        "withdrawn": 0,
    }
    assert result["median_days_to_resolution"] == {
        "detention": 19.0,
        "gbv": 20.0,
        "litigation": 10.0,
        "land_conciliation": None,
    }
    assert result["gbv_left_out_without_consent"] == {"cases": 1, "survivors": 1}


def test_one_organisation(dataset):
    result = indicators(Scope(*PERIOD, organisation_id=dataset["a"].id))
    detainees = result["detainees"]
    assert (detainees["identified"], detainees["assisted"], detainees["assisted_pct"]) == (
        3,
        2,
        66.7,
    )
    assert (detainees["assisted_cases"], detainees["assisted_resolved"]) == (3, 1)
    assert detainees["assisted_resolved_pct"] == 33.3
    assert result["cases_opened"]["detention"] == 4


def test_one_region(dataset):
    result = indicators(Scope(*PERIOD, region_id=dataset["mopti"].id))
    assert result["detainees"]["identified"] == 2
    assert result["cases_opened"] == {
        "detention": 3,
        "gbv": 0,
        "litigation": 0,
        "land_conciliation": 0,
    }


def test_one_prison_keeps_detention_only(dataset):
    result = indicators(Scope(*PERIOD, prison_id=dataset["prison"].id))
    assert result["cases_opened"] == {
        "detention": 5,
        "gbv": 0,
        "litigation": 0,
        "land_conciliation": 0,
    }
    assert result["gbv_left_out_without_consent"] == {"cases": 0, "survivors": 0}


def test_empty_period():
    result = indicators(Scope(date(2001, 1, 1), date(2001, 12, 31)))
    assert result["detainees"]["identified"] == 0 and result["detainees"]["assisted_pct"] is None
    assert result["median_days_to_resolution"]["gbv"] is None
