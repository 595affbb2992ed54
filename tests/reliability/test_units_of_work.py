"""Stale assignment forms, a busy database, a session that cannot be saved after a commit, and a
lost PostgreSQL connection: a page of the app each time, never a 500."""

import html

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from legalaid.auth.sessions import DatabaseSessionInterface
from legalaid.cases import services as case_services
from legalaid.cases.models import Assignment, CaseEvent
from legalaid.extensions import db
from tests.builders import make_case, make_user
from tests.cases.test_intake import client_of
from tests.reliability.conftest import form_fields


def notes() -> int:
    return db.session.scalar(
        select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "note")
    )


def test_a_stale_assignment_shows_who_is_assigned_and_keeps_the_choice(app, org):
    case = make_case("detention", by=org["paralegal"])
    second_lawyer = make_user("lawyer", organisation=org["organisation"], full_name="Maître Koné")
    first = client_of(app, org["coordinator"])
    second = client_of(app, make_user("coordinator", organisation=org["organisation"]))
    url = f"/cases/{case.id}/assign"
    opened_before = form_fields(first.get(url).text)
    assert (
        second.post(
            url, data={**form_fields(second.get(url).text), "person_id": org["lawyer"].id}
        ).status_code
        == 302
    )
    clash = first.post(url, data={**opened_before, "person_id": second_lawyer.id})
    assert clash.status_code == 409
    page = html.unescape(clash.text)
    assert "Quelqu'un d'autre a modifié ce dossier" in page
    assert org["lawyer"].full_name in page  # who is assigned now
    assert form_fields(clash.text)["person_id"] == str(second_lawyer.id)  # the choice is kept
    rows = db.session.scalars(select(Assignment)).all()
    assert [(a.user_id, a.ended_at) for a in rows] == [(org["lawyer"].id, None)]
    again = first.post(url, data=form_fields(clash.text))
    assert again.status_code == 302
    active = db.session.scalars(select(Assignment.user_id).where(Assignment.ended_at.is_(None)))
    assert list(active) == [second_lawyer.id]


def test_a_busy_database_is_retried_and_the_note_saved_once(app, org, monkeypatch):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    real_commit = db.session.commit
    failures = iter([True, True, False])

    def commit_busy_twice():
        if db.session.new and next(failures, False):
            raise OperationalError("COMMIT", {}, Exception("database is locked"))
        real_commit()

    monkeypatch.setattr(db.session, "commit", commit_busy_twice, raising=False)
    response = client.post(f"/cases/{case.id}/timeline", data={"text": "Visite à la prison"})
    monkeypatch.undo()
    assert response.status_code == 302
    assert notes() == 1


def test_a_database_busy_through_every_attempt_asks_to_try_again_with_the_form(
    app, org, monkeypatch
):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])

    def always_locked(*_args, **_kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(case_services, "audit", always_locked)
    response = client.post(f"/cases/{case.id}/timeline", data={"text": "Visite à la prison"})
    monkeypatch.undo()
    assert response.status_code == 503
    page = html.unescape(response.text)
    assert "Le serveur est occupé" in page
    assert form_fields(response.text)["text"] == "Visite à la prison"  # sent again as typed
    assert notes() == 0


def test_a_session_that_cannot_be_saved_after_a_note_does_not_turn_it_into_an_error(
    app, org, monkeypatch
):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])

    def disk_full(*_args):
        return [text("INSERT INTO user_sessions_on_a_full_disk VALUES (1)")]

    monkeypatch.setattr(DatabaseSessionInterface, "_writes", disk_full)
    response = client.post(f"/cases/{case.id}/timeline", data={"text": "Visite à la prison"})
    monkeypatch.undo()
    assert response.status_code == 302
    assert notes() == 1


@pytest.fixture
def postgres_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")


def test_a_lost_postgresql_connection_gets_our_page_then_recovers(
    app, org, postgres_only, monkeypatch
):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])

    def connection_killed_meanwhile(*_args, **_kwargs):
        db.session.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))

    monkeypatch.setattr(case_services, "audit", connection_killed_meanwhile)
    lost = client.post(f"/cases/{case.id}/timeline", data={"text": "Visite"})
    monkeypatch.undo()
    assert lost.status_code == 503
    assert "La connexion à la base de données a été perdue" in html.unescape(lost.text)
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.post(f"/cases/{case.id}/timeline", data={"text": "Visite"}).status_code == 302
    assert notes() == 1
