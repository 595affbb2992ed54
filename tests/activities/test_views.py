"""Activity pages: who may do what (a parametrized table), partners kept apart, rosters shown
to the organisation only and audited, the grid's total checked, cases linked within sight."""

import pytest
from sqlalchemy import select

from legalaid.activities.models import Activity, Participant
from legalaid.audit.models import AuditEntry
from legalaid.extensions import db
from tests.activities.builders import make_activity
from tests.builders import assign, first_prison, make_case, make_organisation, make_user
from tests.cases.test_intake import client_of

GRID = {
    "f_minor": "10",
    "f_youth": "20",
    "f_adult": "30",
    "f_unknown": "",
    "m_minor": "5",
    "m_youth": "15",
    "m_adult": "25",
    "m_unknown": "5",
}


def activity_form(**fields) -> dict:
    return {
        "type": "sensitisation",
        "title": "Causerie à Sévaré",
        "start_on": "10/02/2026",
        "region_id": "0",
        "commission_id": "0",
        "prison_id": "0",
        "court_id": "0",
        **GRID,
        "counted_total": "110",
        **fields,
    }


@pytest.fixture
def ours(reference):
    organisation = make_organisation("ONG A")
    users = {
        role: make_user(role, organisation=organisation)
        for role in ("coordinator", "lawyer", "paralegal", "viewer")
    }
    users["admin"] = make_user("admin")
    users["prison_officer"] = make_user("prison_officer")
    return users


# role -> (list, page, new activity, roster names shown)
RIGHTS = [
    ("coordinator", 200, 200, 302, True),
    ("paralegal", 200, 200, 302, True),
    ("lawyer", 200, 200, 302, True),
    ("admin", 200, 200, 403, False),
    ("viewer", 403, 403, 403, False),
    ("prison_officer", 403, 403, 403, False),
]


@pytest.mark.parametrize(("role", "listing", "page", "recording", "names"), RIGHTS)
def test_who_may_do_what(app, ours, role, listing, page, recording, names):
    activity = make_activity(ours["coordinator"], roster=["Aminata Keïta"])
    client = client_of(app, ours[role])
    assert client.get("/activities/").status_code == listing
    shown = client.get(f"/activities/{activity.id}")
    assert shown.status_code == page
    assert ("Aminata Keïta" in shown.text) is names
    assert client.post("/activities/new", data=activity_form()).status_code == recording


def test_partners_see_only_their_own_activities(app, ours):
    theirs = make_activity(
        make_user("coordinator", organisation=make_organisation("ONG B")), title="Leur formation"
    )
    mine = make_activity(ours["paralegal"], title="Notre formation")
    client = client_of(app, ours["paralegal"])
    listing = client.get("/activities/").text
    assert "Notre formation" in listing and "Leur formation" not in listing
    assert client.get(f"/activities/{theirs.id}").status_code == 404
    assert client.get(f"/activities/{theirs.id}/edit").status_code == 404
    assert client.get(f"/activities/{mine.id}/edit").status_code == 200
    admin = client_of(app, ours["admin"])
    assert "Leur formation" in admin.get("/activities/").text
    assert admin.get(f"/activities/{theirs.id}/edit").status_code == 403


def test_a_sensitisation_with_its_counts(app, ours):
    client = client_of(app, ours["paralegal"])
    response = client.post("/activities/new", data=activity_form())
    assert response.status_code == 302
    activity = db.session.scalar(select(Activity))
    assert activity.counted() == 110 and activity.f_youth == 20 and activity.f_unknown == 0
    assert activity.end_on == activity.start_on
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.object_type == "Activity"))


def test_the_grid_must_add_up_to_the_total_typed(app, ours):
    client = client_of(app, ours["paralegal"])
    response = client.post("/activities/new", data=activity_form(counted_total="100"))
    assert response.status_code == 400
    assert "110" in response.text
    assert db.session.scalar(select(Activity)) is None


def test_a_roster_recognises_the_same_person_across_trainings(app, ours):
    make_activity(ours["coordinator"], roster=["Seydou Coulibaly"])
    second = make_activity(ours["coordinator"], roster=[])
    client = client_of(app, ours["paralegal"])
    added = client.post(
        f"/activities/{second.id}/participants",
        data={"full_name": "Seydou Kulibali", "sex": "F", "age": "30", "commission_id": "0"},
    )
    assert added.status_code == 302
    participant = db.session.scalar(select(Participant).where(Participant.activity_id == second.id))
    assert participant.birth_year == 1996  # the age at the activity's start, 2026
    page = client.get(f"/activities/{second.id}").text
    assert "Seydou Kulibali" in page
    assert "1" in page and ("autre formation" in page or "other training" in page)
    viewed = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "activity_roster_view")
    )
    assert viewed is not None and viewed.object_id == second.id


def test_a_mission_links_only_the_detention_cases_the_user_may_see(app, ours):
    prison = first_prison()
    visible = make_case("detention", by=ours["paralegal"], details={"prison_id": prison.id})
    colleague = make_user("paralegal", organisation=ours["paralegal"].organisation)
    hidden = make_case("detention", by=colleague, details={"prison_id": prison.id})
    assign(hidden, colleague)
    client = client_of(app, ours["paralegal"])
    form = activity_form(type="monitoring_mission", findings="Détenus au-delà du délai")
    refused = client.post("/activities/new", data={**form, "case_references": hidden.reference})
    assert refused.status_code == 400
    assert hidden.reference in refused.text  # said back as typed, whether it exists or not
    assert db.session.scalar(select(Activity)) is None
    linked = client.post("/activities/new", data={**form, "case_references": visible.reference})
    assert linked.status_code == 302
    activity = db.session.scalar(select(Activity))
    assert [case.id for case in activity.cases] == [visible.id]


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(app, ours):
    activity = make_activity(ours["coordinator"], roster=[])
    client = client_of(app, ours["lawyer"])
    first = client.post(
        f"/activities/{activity.id}/edit",
        data=activity_form(title="Nouveau titre", version=str(activity.version)),
    )
    assert first.status_code == 302
    stale = client.post(
        f"/activities/{activity.id}/edit",
        data=activity_form(title="Titre en retard", version="1"),
    )
    assert stale.status_code == 400
    assert "Titre en retard" in stale.text
    db.session.refresh(activity)
    assert activity.title == "Nouveau titre"


def test_recommendations_and_their_follow_up(app, ours):
    mission = make_activity(ours["coordinator"], type="monitoring_mission", roster=[])
    client = client_of(app, ours["paralegal"])
    client.post(
        f"/activities/{mission.id}/recommendations",
        data={"text": "Audiences foraines", "addressee": "Procureur", "status": "pending"},
    )
    db.session.refresh(mission)
    assert len(mission.recommendations) == 2
    item = mission.recommendations[1]
    client.post(
        f"/activities/{mission.id}/recommendations/{item.id}",
        data={"status": "implemented", "version": str(item.version)},
    )
    db.session.refresh(item)
    assert item.status == "implemented"
    training = make_activity(ours["coordinator"], roster=[])
    client.post(
        f"/activities/{training.id}/recommendations",
        data={"text": "Rien", "addressee": "Personne", "status": "pending"},
    )
    db.session.refresh(training)
    assert training.recommendations == []
