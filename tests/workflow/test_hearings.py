"""Hearings: scheduling, results and the chain of next hearings, my hearings, the .ics feed."""

from datetime import datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.workflow.models import Hearing
from tests.builders import assign, make_case, make_user
from tests.cases.test_intake import client_of


def soon(days: int = 3) -> str:
    return (local_today() + timedelta(days=days)).strftime("%d/%m/%Y")


def schedule(client, case, day: str, time: str = "09:30", purpose: str = "Interrogatoire"):
    return client.post(
        f"/cases/{case.id}/hearings/new", data={"day": day, "time": time, "purpose": purpose}
    )


def test_schedule_and_record_a_chain_of_hearings(app, org):
    case = make_case("detention", by=org["paralegal"])
    assign(case, org["lawyer"])
    lawyer = client_of(app, org["lawyer"])
    assert schedule(lawyer, case, soon()).status_code == 302
    first = db.session.scalar(select(Hearing))
    assert first.scheduled_at.hour == 9 and first.scheduled_at.minute == 30
    no_reason = lawyer.post(f"/hearings/{first.id}/result", data={"result": "adjourned"})
    assert "Indiquez le motif du renvoi." in no_reason.text
    adjourned = lawyer.post(
        f"/hearings/{first.id}/result",
        data={
            "result": "adjourned",
            "adjournment_reason": "Absence du témoin",
            "next_day": soon(17),
            "next_time": "10:00",
        },
    )
    assert adjourned.status_code == 302
    db.session.refresh(first)
    second = db.session.get(Hearing, first.next_hearing_id)
    assert first.result == "adjourned" and second.scheduled_at.hour == 10
    assert second.purpose == "Interrogatoire" and second.result is None
    lawyer.post(
        f"/hearings/{second.id}/result", data={"result": "held", "decision": "Mise en liberté"}
    )
    db.session.refresh(second)
    assert second.result == "held" and second.decision == "Mise en liberté"
    assert second.next_hearing_id is None


def test_next_hearing_must_come_later(app, org):
    case = make_case("detention", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    schedule(client, case, soon(5))
    hearing = db.session.scalar(select(Hearing))
    page = client.post(
        f"/hearings/{hearing.id}/result", data={"result": "held", "next_day": soon(4)}
    )
    assert "La prochaine audience doit venir après celle-ci." in page.text
    assert db.session.query(Hearing).count() == 1


def test_only_workers_of_the_case_touch_its_hearings(app, org, other_org):
    case = make_case("detention", by=org["paralegal"])
    schedule(client_of(app, org["paralegal"]), case, soon())
    hearing = db.session.scalar(select(Hearing))
    outsider = client_of(app, other_org["coordinator"])
    assert schedule(outsider, case, soon()).status_code == 404
    assert outsider.get(f"/hearings/{hearing.id}/result").status_code == 404
    colleague = client_of(app, org["other_paralegal"])
    assert (
        colleague.post(f"/hearings/{hearing.id}/result", data={"result": "held"}).status_code == 404
    )


def test_my_hearings_by_week_and_month(app, org):
    case = make_case("detention", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    today = local_today()
    schedule(client, case, today.strftime("%d/%m/%Y"), purpose="Cette semaine")
    schedule(client, case, (today + timedelta(days=40)).strftime("%d/%m/%Y"), purpose="Plus tard")
    week = client.get(f"/hearings?period=week&start={today.isoformat()}").text
    assert case.reference in week and week.count(f'/cases/{case.id}"') == 1
    later = today + timedelta(days=40)
    month = client.get(f"/hearings?period=month&start={later.isoformat()}").text
    assert month.count(f'/cases/{case.id}"') == 1
    assert (
        "Aucune audience sur cette période."
        in client.get("/hearings?period=week&start=2001-01-01").text
    )


def test_calendar_feed_parses_and_never_names_a_survivor(app, org):
    gbv = make_case("gbv", by=org["paralegal"], full_name="Fatoumata Diarra")
    detention = make_case("detention", by=org["paralegal"], full_name="Issa Maïga")
    client = client_of(app, org["paralegal"])
    schedule(client, gbv, soon(2), purpose="Audition de Fatoumata Diarra")
    schedule(client, detention, soon(3), purpose="Interrogatoire")
    client.post("/hearings/calendar-address")
    db.session.refresh(org["paralegal"])
    token = org["paralegal"].calendar_token
    assert len(token) >= 40
    anonymous = app.test_client()
    feed = anonymous.get(f"/calendar/{token}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert b"Fatoumata" not in feed.data and b"Diarra" not in feed.data and b"Issa" not in feed.data
    calendar = Calendar.from_ical(feed.data)
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
    assert [str(e["summary"]) for e in events] == [
        f"Audience {gbv.reference}",
        f"Audience {detention.reference}",
    ]
    assert "description" not in events[0] and str(events[1]["description"]) == "Interrogatoire"
    start = events[1].decoded("dtstart")
    assert start.replace(tzinfo=None) == datetime.combine(
        local_today() + timedelta(days=3), datetime.min.time()
    ).replace(hour=9, minute=30)


def test_regenerating_the_address_revokes_the_old_one(app, org):
    client = client_of(app, org["lawyer"])
    client.post("/hearings/calendar-address")
    db.session.refresh(org["lawyer"])
    old = org["lawyer"].calendar_token
    client.post("/hearings/calendar-address")
    db.session.refresh(org["lawyer"])
    assert org["lawyer"].calendar_token != old
    assert app.test_client().get(f"/calendar/{old}.ics").status_code == 404
    assert app.test_client().get("/calendar/guess.ics").status_code == 404


def test_feed_of_a_deactivated_user_is_gone(app, org):
    client = client_of(app, org["lawyer"])
    client.post("/hearings/calendar-address")
    db.session.refresh(org["lawyer"])
    org["lawyer"].active = False
    db.session.commit()
    assert app.test_client().get(f"/calendar/{org['lawyer'].calendar_token}.ics").status_code == 404


def test_viewer_has_no_hearings_page(app, org):
    assert client_of(app, make_user("viewer")).get("/hearings").status_code == 403
