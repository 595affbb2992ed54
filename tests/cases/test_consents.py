"""A survivor's consents and referrals: shown where her identity is, updated and audited."""

import html

import pytest
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import CaseEvent, GbvIncident
from legalaid.extensions import db
from tests.builders import assign, make_case, make_user
from tests.cases.test_intake import client_of

BLOCK = 'id="consents"'


@pytest.fixture
def survivor_case(org):
    case = make_case(
        "gbv",
        by=org["paralegal"],
        full_name="Kadiatou Sangaré",
        details={"consent_health": True, "referrals_made": "Centre de santé de Sévaré"},
    )
    assign(case, org["lawyer"])
    return case


def _consents(case, **changes) -> dict:
    data = {"version": str(case.version), "consent_reporting": "y", "consent_health": "y"}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def _incident() -> GbvIncident:
    return db.session.scalar(select(GbvIncident))


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("paralegal", True),  # took her in
        ("coordinator", True),  # the case supervisor
        ("lawyer", True),  # assigned
        ("admin", False),  # every case, no survivor's identity
        ("waiting_lawyer", False),  # browses the organisation's intake
    ],
)
def test_consents_are_shown_only_where_her_identity_is(app, org, who, sees):
    case = make_case("gbv", by=org["paralegal"], details={"consent_health": True})
    user = {
        "admin": lambda: make_user("admin"),
        "waiting_lawyer": lambda: make_user("lawyer", organisation=org["organisation"]),
    }.get(who, lambda: org[who])()
    if who == "lawyer":
        assign(case, user)
    page = client_of(app, user).get(f"/cases/{case.id}")
    assert page.status_code == 200
    assert (BLOCK in page.text) is sees
    assert ('data-consent="consent_health">oui' in page.text) is sees


def test_referrals_made_are_shown(app, org, survivor_case):
    page = client_of(app, org["coordinator"]).get(f"/cases/{survivor_case.id}")
    assert "Centre de santé de Sévaré" in page.text
    assert "Mettre à jour les consentements et orientations" in html.unescape(page.text)


def test_an_update_is_saved_audited_with_old_and_new_values_and_on_the_timeline(
    app, org, survivor_case
):
    client = client_of(app, org["lawyer"])
    assert client.get(f"/cases/{survivor_case.id}/consents").status_code == 200
    response = client.post(
        f"/cases/{survivor_case.id}/consents",
        data=_consents(
            survivor_case, consent_health=None, consent_legal="y", referrals_made="Avocate"
        ),
    )
    assert response.status_code == 302
    incident = _incident()
    assert incident.consent_legal and not incident.consent_health
    assert incident.referrals_made == "Avocate"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "gbv_consent_update")
    ).one()
    assert entry.user_id == org["lawyer"].id
    assert "consent_health: True -> False" in entry.details
    assert "consent_legal: False -> True" in entry.details
    assert "referrals_made: changed" in entry.details
    assert "Avocate" not in entry.details and "Sévaré" not in entry.details
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "edit")).one()
    assert event.author_id == org["lawyer"].id
    assert "consent_legal" in event.text and "consent_reporting" not in event.text


def test_a_stale_version_is_shown_never_overwritten(app, org, survivor_case):
    stale = str(survivor_case.version)
    coordinator = client_of(app, org["coordinator"])
    first = coordinator.post(
        f"/cases/{survivor_case.id}/consents", data=_consents(survivor_case, consent_safety="y")
    )
    assert first.status_code == 302
    clash = client_of(app, org["lawyer"]).post(
        f"/cases/{survivor_case.id}/consents",
        data=_consents(survivor_case, version=stale, consent_health=None),
    )
    assert clash.status_code == 200
    assert "Quelqu'un d'autre a enregistré ce dossier" in html.unescape(clash.text)
    incident = _incident()
    assert incident.consent_health and incident.consent_safety
    updates = select(AuditEntry).where(AuditEntry.action == "gbv_consent_update")
    assert len(db.session.scalars(updates).all()) == 1


@pytest.mark.parametrize(("who", "status"), [("admin", 403), ("waiting_lawyer", 403)])
def test_those_who_do_not_work_on_the_case_may_not_update(app, org, who, status):
    case = make_case("gbv", by=org["paralegal"])
    user = (
        make_user("admin")
        if who == "admin"
        else make_user("lawyer", organisation=org["organisation"])
    )
    client = client_of(app, user)
    assert client.get(f"/cases/{case.id}/consents").status_code == status
    assert client.post(f"/cases/{case.id}/consents", data=_consents(case)).status_code == status
    assert not _incident().consent_health


def test_other_kinds_have_no_consents_page(app, org):
    case = make_case("litigation", by=org["paralegal"])
    assert client_of(app, org["paralegal"]).get(f"/cases/{case.id}/consents").status_code == 404


def test_the_case_edit_form_leaves_consents_alone(app, org, survivor_case):
    client_of(app, org["paralegal"]).post(
        f"/cases/{survivor_case.id}/edit",
        data={
            "version": str(survivor_case.version),
            "opened_on": "02/03/2026",
            "service_level": "advice",
            "incident_type": "rape",
        },
    )
    incident = _incident()
    assert incident.incident_type == "rape"
    assert incident.consent_health and incident.consent_reporting
