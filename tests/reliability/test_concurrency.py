"""Several users at once, through the real app on a file database (WAL on SQLite): every request
gets a page, never a 500; a race on one record ends in one winner and one conflict page."""

import html
from functools import partial

from sqlalchemy import func, select

from legalaid.cases.models import Assignment, CaseEvent
from legalaid.extensions import db
from tests.builders import PASSWORD, assign, make_case, make_user
from tests.cases.test_intake import client_of
from tests.reliability.conftest import at_once, form_fields, post_now

ROUNDS = 3


def test_twenty_simultaneous_logins_all_succeed(app, org):
    users = [make_user("paralegal", organisation=org["organisation"]) for _ in range(20)]
    codes = at_once(
        *(
            partial(
                post_now,
                app.test_client(),
                "/auth/login",
                {"email": user.email, "password": PASSWORD},
            )
            for user in users
        )
    )
    assert codes == [302] * 20


def test_simultaneous_notes_on_one_case_are_all_saved(app, org):
    case = make_case("litigation", by=org["paralegal"])
    workers = [make_user("paralegal", organisation=org["organisation"]) for _ in range(8)]
    for worker in workers:
        assign(case, worker)
    clients = [client_of(app, worker) for worker in workers]
    url = f"/cases/{case.id}/timeline"
    codes = at_once(
        *(partial(post_now, client, url, {"text": f"Note {n}"}) for n, client in enumerate(clients))
    )
    assert codes == [302] * 8
    notes = db.session.scalar(
        select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "note")
    )
    assert notes == 8


def _race(app, first, second, url: str, changes: tuple[dict, dict]) -> list[int]:
    """The two users load the same page, then send their changes at the same moment."""
    forms = [form_fields(client.get(url).text) for client in (first, second)]
    return at_once(
        *(
            partial(post_now, client, url, {**form, **change})
            for client, form, change in zip((first, second), forms, changes, strict=True)
        )
    )


def test_two_users_editing_one_litigation_case_get_one_save_and_one_conflict(app, org):
    for round_ in range(ROUNDS):
        case = make_case(
            "litigation", by=org["paralegal"], adverse_parties=["Moussa Diarra", "Oumar Keïta"]
        )
        assign(case, org["lawyer"])
        codes = _race(
            app,
            client_of(app, org["paralegal"]),
            client_of(app, org["lawyer"]),
            f"/cases/{case.id}/edit",
            ({"summary": f"Parajuriste {round_}"}, {"summary": f"Avocat {round_}"}),
        )
        assert sorted(codes) == [200, 302], codes


def test_two_users_correcting_one_person_get_one_save_and_one_conflict(app, org):
    for round_ in range(ROUNDS):
        case = make_case("litigation", by=org["paralegal"], full_name=f"Awa Traoré {round_}")
        codes = _race(
            app,
            client_of(app, org["paralegal"]),
            client_of(app, org["coordinator"]),
            f"/cases/{case.id}/person",
            ({"phone": "66 00 00 01"}, {"commune": "Sévaré"}),
        )
        assert sorted(codes) == [200, 302], codes


def test_two_transitions_at_once_give_one_change_and_one_conflict(app, org):
    for _round in range(ROUNDS):
        case = make_case("litigation", by=org["paralegal"])
        assign(case, org["lawyer"])
        assign(case, org["paralegal"])
        case.status = "assigned"
        db.session.commit()
        codes = _race(
            app,
            client_of(app, org["lawyer"]),
            client_of(app, org["paralegal"]),
            f"/cases/{case.id}/status/start",
            ({}, {}),
        )
        assert sorted(codes) == [302, 409], codes


def test_two_coordinators_assigning_at_once_never_end_each_others_choice(app, org):
    second_coordinator = make_user("coordinator", organisation=org["organisation"])
    second_lawyer = make_user("lawyer", organisation=org["organisation"])
    for _round in range(ROUNDS):
        case = make_case("detention", by=org["paralegal"])
        first, second = client_of(app, org["coordinator"]), client_of(app, second_coordinator)
        codes = _race(
            app,
            first,
            second,
            f"/cases/{case.id}/assign",
            ({"person_id": str(org["lawyer"].id)}, {"person_id": str(second_lawyer.id)}),
        )
        assert sorted(codes) == [302, 409], codes
        rows = db.session.scalars(select(Assignment).where(Assignment.case_id == case.id)).all()
        assert len(rows) == 1 and rows[0].ended_at is None


def test_the_loser_of_a_race_sees_what_the_winner_saved(app, org):
    case = make_case("litigation", by=org["paralegal"], adverse_parties=["Moussa Diarra"])
    assign(case, org["lawyer"])
    paralegal, lawyer = client_of(app, org["paralegal"]), client_of(app, org["lawyer"])
    url = f"/cases/{case.id}/edit"
    loaded = form_fields(lawyer.get(url).text)
    assert paralegal.post(url, data={**loaded, "summary": "Par la parajuriste"}).status_code == 302
    clash = lawyer.post(url, data={**loaded, "summary": "Par l'avocat"})
    text = html.unescape(clash.text)
    assert clash.status_code == 200 and "Par la parajuriste" in text and "Par l'avocat" in text
