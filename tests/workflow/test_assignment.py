"""Assignment by the coordinator, workloads, history, and lawyers asking to take a case."""

from sqlalchemy import select

from legalaid.cases.models import Assignment, CaseEvent
from legalaid.extensions import db
from legalaid.notifications.models import Notification
from legalaid.workflow.models import AssignmentRequest
from tests.builders import assign, make_case, make_user
from tests.cases.test_intake import client_of


def test_coordinator_assigns_and_the_case_moves_to_assigned(app, org):
    case = make_case("detention", by=org["paralegal"])
    coordinator = client_of(app, org["coordinator"])
    picker = coordinator.get(f"/cases/{case.id}/assign")
    assert f"{org['lawyer'].full_name} (avocat, 0 dossier(s) ouvert(s))" in picker.text
    response = coordinator.post(
        f"/cases/{case.id}/assign", data={"person_id": org["lawyer"].id, "version": case.version}
    )
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.status == "assigned"
    assignment = db.session.scalar(select(Assignment))
    assert (
        assignment.user_id == org["lawyer"].id
        and assignment.assigned_by_id == org["coordinator"].id
    )
    notification = db.session.scalar(select(Notification))
    assert notification.user_id == org["lawyer"].id and notification.kind == "assigned"
    lawyer_page = client_of(app, org["lawyer"]).get("/notifications/").text
    assert f"Le dossier {case.reference} vous a été attribué." in lawyer_page
    assert "Personne" not in lawyer_page  # references only, never names


def test_picker_counts_open_cases(app, org):
    for number in range(3):
        case = make_case("litigation", by=org["paralegal"], full_name=f"P {number}")
        assign(case, org["lawyer"])
    closed = make_case("litigation", by=org["paralegal"], full_name="P closed")
    assign(closed, org["lawyer"])
    closed.status = "closed"
    db.session.commit()
    target = make_case("litigation", by=org["paralegal"], full_name="P target")
    picker = client_of(app, org["coordinator"]).get(f"/cases/{target.id}/assign").text
    assert f"{org['lawyer'].full_name} (avocat, 3 dossier(s) ouvert(s))" in picker


def test_reassignment_keeps_history(app, org):
    case = make_case("detention", by=org["paralegal"])
    second_lawyer = make_user("lawyer", organisation=org["organisation"])
    coordinator = client_of(app, org["coordinator"])
    coordinator.post(
        f"/cases/{case.id}/assign", data={"person_id": org["lawyer"].id, "version": case.version}
    )
    coordinator.post(
        f"/cases/{case.id}/assign", data={"person_id": org["paralegal"].id, "version": case.version}
    )
    coordinator.post(
        f"/cases/{case.id}/assign", data={"person_id": second_lawyer.id, "version": case.version}
    )
    rows = db.session.scalars(select(Assignment).order_by(Assignment.id)).all()
    assert [(a.user_id, a.ended_at is None) for a in rows] == [
        (org["lawyer"].id, False),
        (org["paralegal"].id, True),
        (second_lawyer.id, True),
    ]
    events = db.session.scalars(select(CaseEvent.kind).where(CaseEvent.kind == "assignment")).all()
    assert len(events) == 3
    # The former lawyer no longer sees the case.
    assert client_of(app, org["lawyer"]).get(f"/cases/{case.id}").status_code == 404


def test_only_people_of_the_organisation_can_be_assigned(app, org, other_org):
    case = make_case("detention", by=org["paralegal"])
    foreign_lawyer = make_user("lawyer", organisation=other_org["organisation"])
    response = client_of(app, org["coordinator"]).post(
        f"/cases/{case.id}/assign", data={"person_id": foreign_lawyer.id, "version": case.version}
    )
    assert response.status_code == 200
    assert db.session.scalar(select(Assignment)) is None


def test_only_the_coordinator_assigns(app, org, other_org):
    case = make_case("detention", by=org["paralegal"])
    for user in (org["lawyer"], org["paralegal"], make_user("admin")):
        response = client_of(app, user).post(
            f"/cases/{case.id}/assign",
            data={"person_id": org["lawyer"].id, "version": case.version},
        )
        assert response.status_code == 403
    foreign = client_of(app, other_org["coordinator"]).post(
        f"/cases/{case.id}/assign", data={"person_id": org["lawyer"].id, "version": case.version}
    )
    assert foreign.status_code == 404
    assert db.session.scalar(select(Assignment)) is None


def test_lawyer_asks_and_the_coordinator_confirms(app, org):
    case = make_case("litigation", by=org["paralegal"])
    lawyer = client_of(app, org["lawyer"])
    assert "Demander à prendre ce dossier" in lawyer.get(f"/cases/{case.id}").text
    assert lawyer.post(f"/cases/{case.id}/request").status_code == 302
    assert lawyer.post(f"/cases/{case.id}/request").status_code == 302  # no second request
    request = db.session.scalar(select(AssignmentRequest))
    assert db.session.query(AssignmentRequest).count() == 1
    coordinator = client_of(app, org["coordinator"])
    page = coordinator.get(f"/cases/{case.id}").text
    assert f"{org['lawyer'].full_name} demande à prendre ce dossier." in page
    assert coordinator.post(f"/cases/{case.id}/requests/{request.id}/accept").status_code == 302
    db.session.refresh(case)
    assert case.status == "assigned"
    assert [a.user_id for a in case.active_assignments] == [org["lawyer"].id]
    assert lawyer.get(f"/cases/{case.id}/edit").status_code == 200


def test_declined_request_assigns_nobody(app, org):
    case = make_case("litigation", by=org["paralegal"])
    client_of(app, org["lawyer"]).post(f"/cases/{case.id}/request")
    request = db.session.scalar(select(AssignmentRequest))
    client_of(app, org["coordinator"]).post(f"/cases/{case.id}/requests/{request.id}/decline")
    db.session.refresh(request)
    assert request.status == "declined" and db.session.scalar(select(Assignment)) is None


def test_lawyers_cannot_request_a_case_that_has_a_lawyer(app, org):
    case = make_case("litigation", by=org["paralegal"])
    other = make_user("lawyer", organisation=org["organisation"])
    assign(case, other)
    response = client_of(app, org["lawyer"]).post(f"/cases/{case.id}/request")
    assert response.status_code == 404
