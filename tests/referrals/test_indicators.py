"""The referrals' figures over a hand-counted set: made and accepted by service and sending
organisation, once per person and service; outside referrals; transfers; the median days to
acceptance; the period's edges, the scope's organisation, GBV consent; the viewers' rule."""

from datetime import date, datetime

import pytest

from legalaid.extensions import db
from legalaid.referrals.indicators import referral_indicators
from legalaid.reports.services import Scope, report_figures
from tests.builders import make_case, make_user
from tests.referrals.conftest import refer

START, END = date(2026, 11, 1), date(2026, 11, 30)


def _on(day: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, 10, 0)


def _referral(case, by, to=None, *, service="legal", sent, decided=None, state=None, **kw):
    referral = refer(case, by, to, service=service, **kw)
    referral.sent_at = sent
    if decided is not None:
        referral.decided_at = decided
        referral.state = state or "accepted"
    elif state:
        referral.state = state
    db.session.commit()
    return referral


@pytest.fixture
def counted(world, outside):
    """Ten referrals, counted by hand in the tests below."""
    ngo, bar = world.ngo_paralegal, world.bar_paralegal
    moussa = make_case(by=ngo, full_name="Moussa Diarra")
    fatou = make_case(by=ngo, full_name="Fatou Sangaré")
    aminata = make_case("gbv", by=ngo, full_name="Aminata", details={"consent_legal": True})
    hidden = make_case(
        "gbv",
        by=ngo,
        full_name="Sans consentement",
        details={"consent_legal": True, "consent_reporting": False},
    )
    ibrahim = make_case(by=bar, full_name="Ibrahim Touré")
    oumar = make_case(by=ngo, full_name="Oumar Maïga")
    salif = make_case(by=ngo, full_name="Salif Keïta")
    before = make_case(by=ngo, full_name="Avant la période")
    late = make_case(by=ngo, full_name="Acceptée après")
    # Moussa: legal to the bar (2 days), legal again elsewhere (the same person and service:
    # not counted again), health to the bar (declined).
    _referral(moussa, ngo, world.bar, sent=_on(2), decided=_on(4))
    _referral(moussa, ngo, world.other, sent=_on(10), decided=_on(16))
    _referral(
        moussa, ngo, world.bar, service="health", sent=_on(3), decided=_on(5), state="declined"
    )
    _referral(fatou, ngo, world.bar, sent=_on(5), decided=_on(12), state="done")  # 7 days
    _referral(aminata, ngo, world.bar, sent=_on(6))  # waiting
    _referral(hidden, ngo, world.bar, sent=_on(6), decided=_on(7))  # no consent to reporting
    _referral(ibrahim, bar, world.ngo, service="psychosocial", sent=_on(19), decided=_on(20))
    _referral(oumar, ngo, world.bar, mode="transfer", sent=_on(8), decided=_on(18))  # 10 days
    _referral(salif, ngo, service="health", outside_id=outside.id, sent=_on(9), state="done")
    _referral(before, ngo, world.bar, sent=_on(30, 10), decided=_on(2))
    _referral(late, ngo, world.bar, sent=_on(28), decided=_on(2, 12))
    return world


def test_every_referral_figure_of_the_period(counted):
    figures = referral_indicators(Scope(START, END))
    assert figures == {
        "referrals": {
            "made": {
                "total": 7,
                "by_service": {"legal": 4, "health": 2, "psychosocial": 1, "safety": 0},
                "by_organisation": {"ONG Deme So": 6, "Barreau du Mali": 1},
            },
            "accepted": {
                "total": 3,
                "by_service": {"legal": 2, "health": 0, "psychosocial": 1, "safety": 0},
                "by_organisation": {"ONG Deme So": 2, "Barreau du Mali": 1},
            },
            "outside": {"made": 1, "done": 1},
            "transfers": {"made": 1, "accepted": 1},
            # 1 (Ibrahim), 2 (Moussa), 7 (Fatou), 10 (Oumar's transfer)
            "median_days_to_acceptance": 4.5,
        }
    }


def test_an_organisations_referrals_sent_and_received(counted):
    bar = counted.bar.id
    referrals = referral_indicators(Scope(START, END, organisation_id=bar))["referrals"]
    # Not Moussa's second referral (to the third organisation), nor the outside one.
    assert referrals["made"]["total"] == 6
    assert referrals["outside"] == {"made": 0, "done": 0}
    assert referrals["transfers"] == {"made": 1, "accepted": 1}


def test_they_are_in_the_indicators(counted):
    figures = report_figures(Scope(START, END), counted.bar_coordinator)
    assert figures["referrals"]["accepted"]["total"] == 3
    assert figures["referrals"]["median_days_to_acceptance"] == 4.5


def test_viewers_see_no_small_count_and_no_median_over_few(counted):
    viewer = make_user("viewer", organisation=counted.ngo)
    referrals = report_figures(Scope(START, END), viewer)["referrals"]
    assert referrals["made"]["total"] == 7
    assert referrals["made"]["by_service"] == {
        "legal": "< 5",
        "health": "< 5",
        "psychosocial": "< 5",
        "safety": 0,
    }
    assert referrals["accepted"]["total"] == "< 5"
    assert referrals["median_days_to_acceptance"] is None


def test_nothing_referred(world):
    referrals = referral_indicators(Scope(START, END))["referrals"]
    assert referrals["made"]["total"] == 0
    assert referrals["median_days_to_acceptance"] is None
