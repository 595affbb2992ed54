"""The fuzzing findings of issue 14, one by one, and the forgiving times of issue 13: a bad
value gets the form back with a message and stores nothing, on SQLite and PostgreSQL."""

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from legalaid.cases.models import Beneficiary, Case, CaseEvent
from legalaid.detention.models import PrisonCensus
from legalaid.extensions import db
from legalaid.workflow.models import Hearing
from tests.builders import assign, first_prison, make_case, make_user
from tests.cases.test_intake import client_of, detention_form
from tests.conftest import sign_in

SOON = (date.today() + timedelta(days=7)).strftime("%d/%m/%Y")
CONTROL_MESSAGE = "Ce texte contient un caractère de contrôle invisible"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def detention_case(org):
    case = make_case("detention", by=org["paralegal"])
    assign(case, org["lawyer"])
    return case


@pytest.mark.parametrize(
    ("typed", "hour", "minute"),
    [("9h30", 9, 30), ("9:30", 9, 30), ("09.30", 9, 30), ("14h", 14, 0), ("0845", 8, 45)],
)
def test_a_hearing_time_is_taken_as_people_type_it(app, org, detention_case, typed, hour, minute):
    lawyer = client_of(app, org["lawyer"])
    response = lawyer.post(
        f"/cases/{detention_case.id}/hearings/new", data={"day": SOON, "time": typed}
    )
    assert response.status_code == 302, response.text
    at = db.session.scalar(select(Hearing.scheduled_at))
    assert (at.hour, at.minute) == (hour, minute)


@pytest.mark.parametrize("typed", ["²:30", "٩:٣٠", "25:00", "9:75"])
def test_a_time_that_is_none_gets_the_form_back(app, org, detention_case, typed):
    lawyer = client_of(app, org["lawyer"])
    response = lawyer.post(
        f"/cases/{detention_case.id}/hearings/new", data={"day": SOON, "time": typed}
    )
    assert response.status_code == 200
    assert "Saisissez une heure" in response.text or "Cette heure n'existe pas" in response.text
    assert count(Hearing) == 0


def test_a_next_hearing_time_that_is_none_gets_the_form_back(app, org, detention_case):
    lawyer = client_of(app, org["lawyer"])
    lawyer.post(f"/cases/{detention_case.id}/hearings/new", data={"day": SOON, "time": "9h"})
    hearing = db.session.scalar(select(Hearing))
    response = lawyer.post(
        f"/hearings/{hearing.id}/result",
        data={"result": "adjourned", "adjournment_reason": "Absence", "next_day": SOON,
              "next_time": "²:30"},
    )  # fmt: skip
    assert response.status_code == 200 and "Saisissez une heure" in response.text
    assert count(Hearing) == 1


def test_a_hearing_decades_ahead_is_a_typing_slip(app, org, detention_case):
    lawyer = client_of(app, org["lawyer"])
    far = f"01/03/{date.today().year + 6}"
    response = lawyer.post(
        f"/cases/{detention_case.id}/hearings/new", data={"day": far, "time": "09:00"}
    )
    assert response.status_code == 200
    assert f"Saisissez une date avant la fin de {date.today().year + 5}." in response.text
    assert count(Hearing) == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"custody_started_time": "²:30"}, "Saisissez une heure au format HH:MM"),
        ({"birth_date": "01/01/1000"}, "Saisissez une date entre 1900 et 2100."),
        ({"birth_date": "01/01/0001"}, "Saisissez une date entre 1900 et 2100."),
        ({"birth_date": "31/02/1985"}, "Cette date n'existe pas."),
        ({"opened_on": "0001-01-01"}, "Saisissez une date entre 1900 et 2100."),
        ({"arrested_on": "0001-01-01"}, "Saisissez une date entre 1900 et 2100."),
        ({"committal_on": "01/01/0001"}, "Saisissez une date entre 1900 et 2100."),
        ({"custody_started_on": "01/01/0001"}, "Saisissez une date entre 1900 et 2100."),
        ({"full_name": "Moussa\x00 Keïta"}, CONTROL_MESSAGE),
        ({"full_name": "\x1f"}, CONTROL_MESSAGE),  # blank to str.strip(): Optional would pass
        ({"commune": "Sévaré\x1b[0m"}, CONTROL_MESSAGE),
        ({"charges": "Vol\x00"}, CONTROL_MESSAGE),
        ({"summary": "Détenu\x7f"}, CONTROL_MESSAGE),
    ],
)
def test_a_bad_value_at_intake_is_refused_and_nothing_stored(app, org, overrides, message):
    response = client_of(app, org["paralegal"]).post(
        "/cases/new/detention", data=detention_form(**overrides)
    )
    assert response.status_code == 200
    assert message in html.unescape(response.text)
    assert count(Case) == 0 and count(Beneficiary) == 0


@pytest.mark.parametrize("choice", ["²", "9" * 40, "1\x00", "-1"])
def test_a_tampered_duplicate_choice_is_refused_without_error(app, org, choice):
    response = client_of(app, org["paralegal"]).post(
        "/cases/new/detention", data=detention_form(beneficiary_choice=choice)
    )
    assert response.status_code == 200
    assert "Ce formulaire n'est plus à jour" in html.unescape(response.text)
    assert count(Case) == 0


@pytest.mark.parametrize(
    "overrides",
    [
        {"full_name": "\ufdfa" * 12},  # 12 characters that unfold into 216 letters
        {"phone": "1" * 30},
        {"full_name": "Awa", "phone": "+223 76 12 34 56 78 90 12 34 56"},
    ],
)
def test_the_keys_of_a_person_fit_their_columns(app, org, overrides):
    """The folded name and the phone digits are stored beside them: on PostgreSQL a key longer
    than its column was a 500."""
    response = client_of(app, org["paralegal"]).post(
        "/cases/new/detention", data=detention_form(**overrides)
    )
    assert response.status_code == 302, response.text
    person = db.session.scalar(select(Beneficiary))
    assert len(person.name_key) <= Beneficiary.name_key.type.length
    assert len(person.phone_key or "") <= Beneficiary.phone_key.type.length


@pytest.mark.parametrize("total", [str(10**20), str(2**31), "100001"])
def test_a_prison_count_beyond_any_integer_is_refused(app, org, total):
    prison = first_prison()
    officer = make_user("prison_officer", organisation=org["organisation"], prisons=[prison])
    response = client_of(app, officer).post(
        f"/prisons/{prison.id}",
        data={"counted_on": "01/03/2026", "total_held": total, "pretrial_held": "3"},
    )
    assert response.status_code == 200 and "invalid-feedback" in response.text
    assert count(PrisonCensus) == 0


def test_a_rule_posted_twice_is_refused_with_a_message(app, client):
    """Found by the fuzz test: the second one broke the unique constraint (a 500)."""
    sign_in(client, make_user("admin"))
    rule = {
        "code_regime": "2024",
        "offence_class": "crime",
        "base_amount": "1",
        "base_unit": "months",
        "extension_unit": "months",
        "cap_amount": "3",
        "cap_unit": "months",
        "legal_basis": "art. 1",
        "effective_from": "01/01/2027",
    }
    assert client.post("/admin/detention-rules/new", data=rule).status_code == 302
    again = client.post("/admin/detention-rules/new", data=rule)
    assert again.status_code == 200
    assert "Une règle pour ce code et cette classe d'infraction" in html.unescape(again.text)


def test_lines_of_a_summary_are_kept(app, org):
    form = detention_form(summary="Première ligne\r\n\tseconde ligne")
    response = client_of(app, org["paralegal"]).post("/cases/new/detention", data=form)
    assert response.status_code == 302, response.text
    assert db.session.scalar(select(Case.summary)) == "Première ligne\r\n\tseconde ligne"


def test_a_note_with_a_nul_byte_is_refused(app, org):
    case = make_case("litigation", by=org["paralegal"])
    events = count(CaseEvent)
    response = client_of(app, org["paralegal"]).post(
        f"/cases/{case.id}/timeline", data={"text": "Visite\x00 faite"}
    )
    assert response.status_code in (200, 400)
    assert count(CaseEvent) == events


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("coordinator", "/cases/?q=Awa%00"),
        ("coordinator", "/cases/?q=%00%1b"),
        ("admin", "/admin/users?q=%00"),
        ("admin", "/admin/audit?email=%00&action=login%00&object_type=Case%00"),
        ("admin", "/admin/audit.csv?email=%00"),
    ],
)
def test_a_control_character_in_a_search_is_no_server_error(app, org, client, role, path):
    make_case("litigation", by=org["paralegal"], full_name="Awa Traoré")
    user = org[role] if role in org else make_user(role)
    sign_in(client, user)
    assert client.get(path).status_code == 200
