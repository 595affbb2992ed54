"""Referral pages: the receiver's view before and after acceptance (a GBV survivor's code only,
then what the service needs), the form's refusals, the steps, the lists and the home page."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from legalaid.extensions import db
from legalaid.reference.models import Region
from legalaid.referrals.forms import ReferralForm
from legalaid.referrals.models import OutsideService, Referral
from legalaid.timeutils import utcnow
from tests.builders import make_user
from tests.conftest import sign_in
from tests.referrals.conftest import refer


@pytest.fixture
def browser(app):
    """`browser(user)`: a client signed in as `user`."""

    def open_as(user):
        client = app.test_client()
        assert sign_in(client, user).status_code == 302
        return client

    return open_as


def _page(client, referral):
    response = client.get(f"/referrals/{referral.id}")
    assert response.status_code == 200
    return response.text


def test_the_receiver_sees_her_code_only_before_accepting(world, gbv_case, browser):
    referral = refer(gbv_case, world.ngo_paralegal, world.bar, service="legal")
    page = _page(browser(world.bar_coordinator), referral)
    assert gbv_case.beneficiary.code in page
    assert "Aminata" not in page
    assert "Récit confidentiel" not in page
    assert "pour voir ce dont son service a besoin" in page


def test_after_accepting_what_the_service_needs_and_nothing_more(world, gbv_case, browser):
    referral = refer(gbv_case, world.ngo_paralegal, world.bar, service="legal")
    client = browser(world.bar_coordinator)
    response = client.post(f"/referrals/{referral.id}/accept", data={"version": referral.version})
    assert response.status_code == 302
    page = _page(client, referral)
    assert "Aminata Coulibaly" in page
    assert "Agression physique" in page  # the incident's type
    assert "Récit confidentiel" not in page  # never the narrative
    assert "Note psychosociale confidentielle" not in page  # never the timeline's notes
    # A referral keeps the case with the NGO: its page stays closed to the bar.
    assert client.get(f"/cases/{gbv_case.id}").status_code == 404


def test_the_sender_sees_the_outcome(world, ngo_case, browser):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    bar = browser(world.bar_coordinator)
    bar.post(f"/referrals/{referral.id}/accept", data={})
    bar.post(f"/referrals/{referral.id}/assign", data={"person_id": world.bar_lawyer.id})
    lawyer = browser(world.bar_lawyer)
    lawyer.post(f"/referrals/{referral.id}/complete", data={"outcome": "Liberté provisoire"})
    page = _page(browser(world.ngo_paralegal), referral)
    assert "Liberté provisoire" in page
    assert "Maître Keïta" in page
    assert "Service rendu" in page


def test_a_step_someone_may_not_take_is_refused(world, ngo_case, browser):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    response = browser(world.other_coordinator).post(f"/referrals/{referral.id}/accept", data={})
    assert response.status_code == 404
    response = browser(world.ngo_coordinator).post(
        f"/referrals/{referral.id}/accept", data={}, follow_redirects=True
    )
    assert "Cette étape ne vous est pas possible" in response.text
    db.session.refresh(referral)
    assert referral.state == "sent"


def _form(world, **changes):
    data = {
        "mode": "referral",
        "destination": f"org:{world.bar.id}",
        "service": "legal",
        "urgency": "urgent",
        "reason": "Représentation à l'audience",
        "message": "",
        "consent_to_share": "y",
        "consent_given_on": "20/11/2026",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_sending_through_the_form(world, ngo_case, browser):
    client = browser(world.ngo_paralegal)
    response = client.post(f"/cases/{ngo_case.id}/refer", data=_form(world))
    assert response.status_code == 302
    referral = db.session.scalar(select(Referral))
    assert (referral.urgency, referral.to_organisation_id) == ("urgent", world.bar.id)
    assert response.headers["Location"].endswith(f"/referrals/{referral.id}")


def test_the_form_says_which_consent_is_missing(world, gbv_case, browser):
    client = browser(world.ngo_paralegal)
    response = client.post(f"/cases/{gbv_case.id}/refer", data=_form(world, service="psychosocial"))
    assert response.status_code == 400
    assert "orientation pour « Soutien psychosocial »" in response.text
    response = client.post(f"/cases/{gbv_case.id}/refer", data=_form(world, consent_to_share=None))
    assert "partage de son dossier avec le destinataire" in response.text
    assert db.session.scalar(select(Referral.id)) is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"service": ""}, "service"),
        ({"consent_given_on": ""}, "consent_given_on"),
        ({"consent_given_on": "01/01/2099"}, "consent_given_on"),
        ({"reason": ""}, "reason"),
        ({"destination": "org:x"}, "destination"),
    ],
)
def test_form_refusals(app, world, changes, field):
    with app.test_request_context(method="POST", data=_form(world, **changes)):
        form = ReferralForm()
        form.destination.choices = [(f"org:{world.bar.id}", "Barreau")]
        assert not form.validate()
        assert field in form.errors


def test_lists_of_both_sides_with_filters(world, ngo_case, browser):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    bar = browser(world.bar_coordinator)
    assert ngo_case.reference in bar.get("/referrals/to-us").text
    assert ngo_case.reference not in bar.get("/referrals/to-us?state=accepted").text
    assert ngo_case.reference in bar.get("/referrals/to-us?service=legal&state=sent").text
    assert ngo_case.reference not in bar.get("/referrals/ours").text
    ngo = browser(world.ngo_coordinator)
    assert ngo_case.reference in ngo.get("/referrals/ours").text
    assert ngo_case.reference not in ngo.get("/referrals/to-us").text
    assert referral.id


def test_the_home_page_lists_referrals_waiting_a_week(world, ngo_case, browser):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    client = browser(world.bar_coordinator)
    assert ngo_case.reference not in client.get("/").text
    referral.sent_at = utcnow() - timedelta(days=8)
    db.session.commit()
    assert ngo_case.reference in client.get("/").text


def test_the_case_page_lists_its_referrals(world, ngo_case, browser):
    refer(ngo_case, world.ngo_paralegal, world.bar)
    page = browser(world.ngo_paralegal).get(f"/cases/{ngo_case.id}").text
    assert "Orientations et transferts" in page
    assert "Barreau du Mali" in page


def test_the_notification_leads_to_the_referrals(world, ngo_case, browser):
    refer(ngo_case, world.ngo_paralegal, world.bar)
    page = browser(world.bar_coordinator).get("/notifications/").text
    assert 'href="/referrals/to-us"' in page


def test_admins_manage_the_outside_services(world, browser, reference):
    admin = browser(make_user("admin"))
    region_id = db.session.scalar(select(Region.id).order_by(Region.code))
    response = admin.post(
        "/admin/outside-services/new",
        data={"name": "Maison d'accueil de Mopti", "service": "safety", "region_id": region_id},
    )
    assert response.status_code == 302
    outside = db.session.scalar(select(OutsideService))
    assert "Maison d&#39;accueil de Mopti" in admin.get("/admin/outside-services").text
    admin.post(f"/admin/outside-services/{outside.id}/deactivate")
    db.session.refresh(outside)
    assert outside.active is False


def test_after_a_transfer_both_coordinators_open_the_case(world, ngo_case, browser):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar, mode="transfer")
    bar = browser(world.bar_coordinator)
    bar.post(f"/referrals/{referral.id}/accept", data={})
    assert "Moussa Diarra" in bar.get(f"/cases/{ngo_case.id}").text
    assert "Ouvrir le dossier" in _page(bar, referral)
    ngo = browser(world.ngo_coordinator)
    assert ngo.get(f"/cases/{ngo_case.id}").status_code == 200  # the history, to read
    assert browser(world.ngo_paralegal).get(f"/cases/{ngo_case.id}").status_code == 404
    note = ngo.post(f"/cases/{ngo_case.id}/timeline", data={"text": "Encore moi"})
    assert note.status_code in (403, 404)
