"""Land pages per role: sessions, the PV's filing, the court's decision (no IDOR)."""

from datetime import date

import pytest
from sqlalchemy import select

from legalaid.extensions import db
from legalaid.land.models import ConciliationSession
from legalaid.land.services import dispute_of
from legalaid.reference.models import Court
from tests.builders import make_case, make_user
from tests.conftest import sign_in
from tests.land.conftest import resolve


@pytest.fixture
def as_user(app):
    """`as_user(user, english=False)`: a client signed in as this user (in English, to read the
    messages in the source language)."""

    def signed_in(user, english: bool = False):
        if english:
            user.preferred_language = "en"
            db.session.commit()
        client = app.test_client()
        assert sign_in(client, user).status_code == 302
        return client

    return signed_in


def _people(org, outsiders):
    return {
        "paralegal": org["paralegal"],
        "lawyer": org["lawyer"],
        "coordinator": org["coordinator"],
        "other_paralegal": org["other_paralegal"],
        "their_coordinator": outsiders["coordinator"],
        "prison_officer": outsiders["prison_officer"],
    }


SESSION_FORM = {
    "held_on": "10/03/2026",
    "place": "Mairie de Socoura",
    "beneficiary_present": "y",
    "attendance_total": "14",
    "attendance_women": "6",
    "attendance_youth": "3",
    "minutes": "Les deux lignages acceptent une nouvelle borne.",
}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("paralegal", 200),
        ("lawyer", 200),
        ("coordinator", 200),
        ("other_paralegal", 404),
        ("their_coordinator", 404),
        ("prison_officer", 403),
    ],
)
def test_the_session_page_per_role(as_user, org, outsiders, land, who, status):
    client = as_user(_people(org, outsiders)[who])
    assert client.get(f"/cases/{land.id}/land/sessions/new").status_code == status


def test_a_paralegal_records_a_session_with_the_parties_present(as_user, org, land):
    dispute = dispute_of(land)
    first, second, _witness = dispute.parties
    client = as_user(org["paralegal"])
    page = client.get(f"/cases/{land.id}/land/sessions/new").text
    assert "Hamadoun Cissé" in page and 'value="Socoura"' in page
    response = client.post(
        f"/cases/{land.id}/land/sessions/new",
        data={**SESSION_FORM, "present_parties": [first.id, second.id], "version": land.version},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/cases/{land.id}#land-sessions")
    session = db.session.scalars(select(ConciliationSession)).one()
    assert (session.held_on, session.attendance_total, session.attendance_women) == (
        date(2026, 3, 10),
        14,
        6,
    )
    assert {p.id for p in session.present_parties} == {first.id, second.id}
    page = client.get(f"/cases/{land.id}/land/sessions/{session.id}").text
    assert "Les deux lignages acceptent une nouvelle borne." in page


def test_a_session_with_too_many_women_is_shown_again_with_its_error(as_user, org, land):
    client = as_user(org["lawyer"], english=True)
    response = client.post(
        f"/cases/{land.id}/land/sessions/new",
        data={**SESSION_FORM, "attendance_women": "15", "version": land.version},
    )
    assert response.status_code == 400
    assert "Cannot be more than the total." in response.text
    assert db.session.scalar(select(ConciliationSession.id)) is None


def test_a_session_from_a_stale_page_says_so(as_user, org, land):
    client = as_user(org["lawyer"], english=True)
    response = client.post(
        f"/cases/{land.id}/land/sessions/new",
        data={**SESSION_FORM, "version": land.version - 1},
    )
    assert response.status_code == 400
    assert "Someone else changed this case meanwhile" in response.text


def test_another_kind_of_case_has_no_land_pages(as_user, org):
    case = make_case("litigation", by=org["paralegal"])
    client = as_user(org["paralegal"])
    for page in ("sessions/new", "filing", "decision"):
        assert client.get(f"/cases/{case.id}/land/{page}").status_code in (403, 404)
    assert client.get(f"/cases/{case.id}/land/sessions/new").status_code == 404


def test_a_session_of_another_case_is_not_found(as_user, org, land, commissions):
    from tests.land.conftest import make_land_case

    other = make_land_case(org["paralegal"], full_name="Kadiatou Guindo")
    session = ConciliationSession(
        dispute_id=dispute_of(other).id,
        held_on=date(2026, 3, 5),
        recorded_by_id=org["paralegal"].id,
    )
    db.session.add(session)
    db.session.commit()
    client = as_user(org["paralegal"])
    assert client.get(f"/cases/{land.id}/land/sessions/{session.id}").status_code == 404


def _court_id():
    return db.session.scalar(select(Court.id).where(Court.code == "TGI-MOP"))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("paralegal", 302),
        ("lawyer", 302),
        ("coordinator", 302),
        ("their_coordinator", 404),
        ("prison_officer", 403),
    ],
)
def test_the_filing_per_role(as_user, org, outsiders, land, who, status):
    resolve(land)
    client = as_user(_people(org, outsiders)[who])
    response = client.post(
        f"/cases/{land.id}/land/filing",
        data={"court_id": _court_id(), "filed_on": "10/05/2026", "version": land.version},
    )
    assert response.status_code == status
    dispute = dispute_of(land)
    db.session.refresh(dispute)
    assert (dispute.pv_filed_on is not None) == (status == 302)


def test_a_filing_before_the_pv_is_refused_on_the_page(as_user, org, land):
    client = as_user(org["paralegal"], english=True)
    response = client.post(
        f"/cases/{land.id}/land/filing",
        data={"court_id": _court_id(), "filed_on": "10/05/2026", "version": land.version},
    )
    assert response.status_code == 400
    assert "Only a PV of conciliation is filed at a court: record it first." in response.text


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("paralegal", 403),
        ("lawyer", 302),
        ("coordinator", 302),
        ("their_coordinator", 404),
        ("prison_officer", 403),
    ],
)
def test_the_courts_decision_per_role(as_user, org, outsiders, land, who, status):
    resolve(land)
    dispute = dispute_of(land)
    dispute.pv_court_id, dispute.pv_filed_on = _court_id(), date(2026, 5, 10)
    db.session.commit()
    client = as_user(_people(org, outsiders)[who])
    response = client.post(
        f"/cases/{land.id}/land/decision",
        data={"recognition": "recognised", "decided_on": "02/06/2026", "version": land.version},
    )
    assert response.status_code == status
    db.session.refresh(dispute)
    assert dispute.recognition == ("recognised" if status == 302 else None)


def test_a_decision_dated_before_the_filing_is_refused_on_the_page(as_user, org, land):
    resolve(land)
    dispute = dispute_of(land)
    dispute.pv_court_id, dispute.pv_filed_on = _court_id(), date(2026, 5, 10)
    db.session.commit()
    client = as_user(org["coordinator"], english=True)
    response = client.post(
        f"/cases/{land.id}/land/decision",
        data={"recognition": "refused", "decided_on": "09/05/2026", "version": land.version},
    )
    assert response.status_code == 400
    assert "The court cannot decide before the PV was filed." in response.text


def test_an_unassigned_lawyer_may_not_decide(as_user, org, land):
    resolve(land)
    stranger = make_user("lawyer", organisation=org["organisation"])
    response = as_user(stranger).get(f"/cases/{land.id}/land/decision")
    assert response.status_code == 404


def test_a_new_hearing_of_a_land_case_is_proposed_at_its_commission(as_user, org, land):
    page = as_user(org["paralegal"]).get(f"/cases/{land.id}/hearings/new").text
    commission = dispute_of(land).commission.name
    assert f'value="{commission}"' in page
    assert '<option selected value="land_commission">' in page


def test_a_new_hearing_of_another_kind_proposes_nothing(as_user, org):
    case = make_case("detention", by=org["paralegal"])
    page = as_user(org["paralegal"]).get(f"/cases/{case.id}/hearings/new").text
    assert '<option selected value="court">' in page
