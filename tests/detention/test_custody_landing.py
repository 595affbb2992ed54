"""After a custody fact, the officer lands on a page they may read and is told who was told."""

import html

from sqlalchemy import select

from legalaid.extensions import db
from legalaid.notifications.models import Notification
from tests.builders import assign, first_prison, make_organisation, make_user
from tests.cases.test_intake import client_of
from tests.detention.test_roll import TODAY, detainee, second_prison


def _transfer(client, case):
    return client.post(
        f"/cases/{case.id}/custody/transfer",
        data={"prison_id": second_prison().id, "transferred_on": TODAY.strftime("%d/%m/%Y")},
    )


def _notified() -> list[int]:
    return list(db.session.scalars(select(Notification.user_id).order_by(Notification.user_id)))


def test_transfer_out_of_the_officers_prisons_lands_on_the_roll_it_left(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=100)
    assign(case, org["lawyer"])
    client = client_of(app, officer)
    response = _transfer(client, case)
    assert response.headers["Location"] == f"/prisons/{first_prison().id}/roll"
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert f"{org['lawyer'].full_name}, l'avocat, est informé" in html.unescape(page.text)
    assert _notified() == [org["lawyer"].id]


def test_without_a_lawyer_the_coordinator_is_told_and_named(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=100)
    client = client_of(app, officer)
    page = client.get(_transfer(client, case).headers["Location"])
    text = html.unescape(page.text)
    assert page.status_code == 200
    assert "aucun avocat n'est désigné" in text
    assert f"{org['coordinator'].full_name}, le coordinateur, est informé" in text
    assert _notified() == [org["coordinator"].id]
    assert "l'avocat, est informé" not in text


def test_with_no_lawyer_and_no_coordinator_nobody_is_told_and_it_says_so(app, officer):
    lone = make_user("paralegal", organisation=make_organisation("ONG sans coordinateur"))
    case = detainee(lone, committed_days_ago=100)
    client = client_of(app, officer)
    page = client.get(_transfer(client, case).headers["Location"])
    assert "personne n'est informé" in html.unescape(page.text)
    assert _notified() == []


def test_an_officer_who_still_sees_the_case_lands_on_it(app, org, reference):
    officer = make_user("prison_officer", prisons=[first_prison(), second_prison()])
    case = detainee(org["paralegal"], committed_days_ago=100)
    client = client_of(app, officer)
    response = _transfer(client, case)
    assert response.headers["Location"] == f"/cases/{case.id}"
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_release_lands_on_the_case_and_names_the_lawyers(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=100)
    second = make_user("lawyer", organisation=org["organisation"])
    assign(case, org["lawyer"])
    assign(case, second)
    client = client_of(app, officer)
    response = client.post(
        f"/cases/{case.id}/custody/release",
        data={"released_on": TODAY.strftime("%d/%m/%Y"), "reason": "Liberté provisoire"},
    )
    assert response.headers["Location"] == f"/cases/{case.id}"
    text = html.unescape(client.get(response.headers["Location"]).text)
    assert "les avocats, sont informés" in text
    assert org["lawyer"].full_name in text and second.full_name in text
    assert _notified() == sorted([org["lawyer"].id, second.id])


def test_a_deactivated_lawyer_is_neither_told_nor_named(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=100)
    assign(case, org["lawyer"])
    org["lawyer"].active = False
    db.session.commit()
    client = client_of(app, officer)
    text = html.unescape(client.get(_transfer(client, case).headers["Location"]).text)
    assert org["lawyer"].full_name not in text
    assert _notified() == [org["coordinator"].id]
