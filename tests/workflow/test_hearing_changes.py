"""Hearings cancelled or moved (with a reason), ended with their case, and their forum."""

from datetime import datetime, timedelta
from html import unescape

import pytest
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import CaseEvent, EventKind
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.notifications.models import Notification
from legalaid.notifications.reminders import send_reminders
from legalaid.reference.models import Court
from legalaid.timeutils import utcnow
from legalaid.workflow.models import Hearing
from tests.builders import assign, make_case, make_user
from tests.cases.test_intake import client_of
from tests.workflow.test_hearings import schedule, soon
from tests.workflow.test_transitions import case_in


@pytest.fixture
def lawyer_case(app, org):
    """A detention case in progress, and its lawyer signed in."""
    case = case_in("in_progress", org, kind="detention")
    return case, client_of(app, org["lawyer"])


def hearing_of(case) -> Hearing:
    return db.session.scalars(select(Hearing).where(Hearing.case_id == case.id)).one()


def facts_of(case, kind: str) -> list[dict]:
    return list(
        db.session.scalars(
            select(CaseEvent.facts).where(CaseEvent.case_id == case.id, CaseEvent.kind == kind)
        )
    )


def events_of(case, kind: str) -> list[str]:
    return list(
        db.session.scalars(
            select(CaseEvent.text).where(CaseEvent.case_id == case.id, CaseEvent.kind == kind)
        )
    )


def feed_of(app, client, user) -> bytes:
    """The user's feed, fetched without a session as a phone does."""
    if not user.calendar_token:
        client.post("/hearings/calendar-address")
        db.session.refresh(user)
    feed = app.test_client().get(f"/calendar/{user.calendar_token}.ics")
    assert feed.status_code == 200
    return feed.data


def feed_events(app, client, user) -> dict[str, dict]:
    """The user's feed as {uid: event}."""
    return {str(e["uid"]): e for e in Calendar.from_ical(feed_of(app, client, user)).walk("VEVENT")}


def uid(hearing: Hearing) -> str:
    return f"hearing-{hearing.id}@legalaid"


def in_hours(hours: int) -> datetime:
    return (utcnow() + timedelta(hours=hours)).replace(microsecond=0, second=0)


# --- cancel ------------------------------------------------------------------------------------


def test_cancel_asks_for_confirmation_and_a_reason(app, lawyer_case, org):
    case, lawyer = lawyer_case
    schedule(lawyer, case, soon(3))
    hearing = hearing_of(case)
    confirm = lawyer.get(f"/hearings/{hearing.id}/cancel")
    assert confirm.status_code == 200
    assert "Annuler cette audience ?" in unescape(confirm.text)
    assert "Confirmer l'annulation" in unescape(confirm.text)
    assert hearing_of(case).cancelled_at is None  # asking is not cancelling
    refused = lawyer.post(f"/hearings/{hearing.id}/cancel", data={"reason": "  "})
    assert "Indiquez le motif de l'annulation." in unescape(refused.text)
    db.session.refresh(hearing)
    assert hearing.cancelled_at is None and not events_of(case, EventKind.HEARING_CANCELLED)

    done = lawyer.post(f"/hearings/{hearing.id}/cancel", data={"reason": "Juge en congé"})
    assert done.status_code == 302
    db.session.refresh(hearing)
    assert hearing.is_cancelled and hearing.cancelled_by_id == org["lawyer"].id
    assert hearing.cancellation_reason == "Juge en congé" and hearing.calendar_sequence == 1
    assert events_of(case, "hearing_cancel") == ["Juge en congé"]
    assert facts_of(case, "hearing_cancel") == [{"at": f"{hearing.scheduled_at:%Y-%m-%dT%H:%M}"}]
    assert db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "hearing_cancel", AuditEntry.user_id == org["lawyer"].id
        )
    )
    page = lawyer.get(f"/cases/{case.id}").text
    assert "Annulée" in page and "Juge en congé" in page and "Audience annulée" in page


def test_a_cancelled_hearing_leaves_my_hearings_home_and_reminders(app, lawyer_case, org):
    case, lawyer = lawyer_case
    tomorrow = local_today() + timedelta(days=1)
    schedule(lawyer, case, tomorrow.strftime("%d/%m/%Y"))
    hearing = hearing_of(case)
    week = f"/hearings?period=month&start={tomorrow.isoformat()}"
    assert f'/cases/{case.id}"' in lawyer.get(week).text
    assert f'/cases/{case.id}"' in lawyer.get("/").text
    lawyer.post(f"/hearings/{hearing.id}/cancel", data={"reason": "Grève des greffiers"})
    assert f'/cases/{case.id}"' not in lawyer.get(week).text
    assert "Aucune audience dans les 14 prochains jours." in lawyer.get("/").text
    send_reminders(local_today())
    assert db.session.query(Notification).filter_by(kind="hearing_tomorrow").count() == 0


def test_the_feed_marks_a_cancelled_hearing_cancelled_under_the_same_uid(app, lawyer_case, org):
    case, lawyer = lawyer_case
    schedule(lawyer, case, soon(3))
    schedule(lawyer, case, soon(5))
    first, second = db.session.scalars(select(Hearing).order_by(Hearing.scheduled_at)).all()
    before = feed_events(app, lawyer, org["lawyer"])
    assert str(before[uid(first)]["status"]) == "CONFIRMED"
    assert before[uid(first)]["sequence"] == 0
    lawyer.post(f"/hearings/{first.id}/cancel", data={"reason": "Dossier transmis"})
    after = feed_events(app, lawyer, org["lawyer"])
    assert str(after[uid(first)]["status"]) == "CANCELLED" and after[uid(first)]["sequence"] == 1
    assert str(after[uid(second)]["status"]) == "CONFIRMED" and after[uid(second)]["sequence"] == 0
    assert b"Dossier transmis" not in feed_of(app, lawyer, org["lawyer"])  # reasons stay inside


def test_only_a_coming_hearing_is_cancelled_or_moved(app, lawyer_case, org):
    case, lawyer = lawyer_case
    past = Hearing(case_id=case.id, scheduled_at=in_hours(-2), created_by_id=org["lawyer"].id)
    held = Hearing(
        case_id=case.id, scheduled_at=in_hours(48), result="held", created_by_id=org["lawyer"].id
    )
    db.session.add_all([past, held])
    db.session.commit()
    for hearing in (past, held):
        page = lawyer.post(f"/hearings/{hearing.id}/cancel", data={"reason": "Erreur"})
        assert "Seule une audience à venir peut être annulée ou déplacée." in page.text
        moved = lawyer.post(
            f"/hearings/{hearing.id}/reschedule",
            data={"day": soon(9), "time": "10:00", "reason": "Erreur"},
        )
        assert "Seule une audience à venir peut être annulée ou déplacée." in moved.text
        db.session.refresh(hearing)
        assert hearing.cancelled_at is None and hearing.calendar_sequence == 0
    assert not events_of(case, EventKind.HEARING_CANCELLED)


def test_a_cancelled_hearing_takes_no_result_and_no_second_cancel(app, lawyer_case):
    case, lawyer = lawyer_case
    schedule(lawyer, case, soon(3))
    hearing = hearing_of(case)
    lawyer.post(f"/hearings/{hearing.id}/cancel", data={"reason": "Juge absent"})
    result = lawyer.post(f"/hearings/{hearing.id}/result", data={"result": "held"})
    assert "Cette audience a été annulée." in result.text
    again = lawyer.post(f"/hearings/{hearing.id}/cancel", data={"reason": "Encore"})
    assert "Seule une audience à venir" in again.text
    db.session.refresh(hearing)
    assert hearing.result is None and hearing.cancellation_reason == "Juge absent"
    assert len(events_of(case, EventKind.HEARING_CANCELLED)) == 1


def test_the_database_keeps_a_cancellation_whole(app, lawyer_case, org):
    case, _client = lawyer_case
    db.session.add(
        Hearing(
            case_id=case.id,
            scheduled_at=in_hours(5),
            created_by_id=org["lawyer"].id,
            cancelled_at=utcnow(),
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


# --- reschedule --------------------------------------------------------------------------------


def test_reschedule_moves_the_same_event_and_says_why(app, lawyer_case, org):
    case, lawyer = lawyer_case
    schedule(lawyer, case, soon(3), time="09:30")
    hearing = hearing_of(case)
    old = hearing.scheduled_at
    no_reason = lawyer.post(
        f"/hearings/{hearing.id}/reschedule", data={"day": soon(10), "time": "11:00"}
    )
    assert "Indiquez le motif de la nouvelle date." in no_reason.text
    moved = lawyer.post(
        f"/hearings/{hearing.id}/reschedule",
        data={"day": soon(10), "time": "11:00", "reason": "Renvoi demandé par le parquet"},
    )
    assert moved.status_code == 302
    db.session.refresh(hearing)
    new = datetime.combine(local_today() + timedelta(days=10), datetime.min.time()).replace(hour=11)
    assert hearing.scheduled_at == new and hearing.calendar_sequence == 1
    assert events_of(case, EventKind.HEARING_RESCHEDULED) == ["Renvoi demandé par le parquet"]
    assert facts_of(case, EventKind.HEARING_RESCHEDULED) == [
        {"from": f"{old:%Y-%m-%dT%H:%M}", "to": f"{new:%Y-%m-%dT%H:%M}"}
    ]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hearing_reschedule"))
    event = feed_events(app, lawyer, org["lawyer"])[uid(hearing)]
    assert event["sequence"] == 1 and str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart").replace(tzinfo=None) == new
    assert "Audience déplacée" in lawyer.get(f"/cases/{case.id}").text


@pytest.mark.parametrize(
    ("day", "time", "message"),
    [
        (-2, "09:00", "La nouvelle date doit être dans le futur."),
        (3, "09:30", "Choisissez une date ou une heure différente de l'actuelle."),
        (4, "²:30", "HH:MM"),  # "9h" is a time (issue 13); a superscript two is none
    ],
)
def test_reschedule_refuses_a_past_same_or_unreadable_date(app, lawyer_case, day, time, message):
    case, lawyer = lawyer_case
    schedule(lawyer, case, soon(3), time="09:30")
    hearing = hearing_of(case)
    page = lawyer.post(
        f"/hearings/{hearing.id}/reschedule",
        data={"day": soon(day), "time": time, "reason": "Motif"},
    )
    assert page.status_code == 200 and message in unescape(page.text)
    db.session.refresh(hearing)
    assert hearing.calendar_sequence == 0 and not events_of(case, "hearing_moved")


# --- resolving or closing the case ----------------------------------------------------------------


def _resolve(client, case):
    return client.post(
        f"/cases/{case.id}/status/resolve",
        data={"version": str(case.version), "outcome": "released_pending_trial"},
    )


def test_resolving_cancels_coming_hearings_not_past_ones(app, lawyer_case, org):
    case, lawyer = lawyer_case
    past = Hearing(case_id=case.id, scheduled_at=in_hours(-30), created_by_id=org["lawyer"].id)
    db.session.add(past)
    db.session.commit()
    schedule(lawyer, case, soon(4))
    coming = db.session.scalar(select(Hearing).where(Hearing.id != past.id))
    db.session.refresh(case)
    assert _resolve(lawyer, case).status_code == 302
    db.session.refresh(case)
    db.session.refresh(coming)
    db.session.refresh(past)
    assert case.status == "resolved"
    assert coming.is_cancelled and coming.cancellation_reason == "Dossier résolu"
    assert coming.cancelled_by_id == org["lawyer"].id
    assert not past.is_cancelled
    assert len(events_of(case, EventKind.HEARING_CANCELLED)) == 1
    assert f'/cases/{case.id}"' not in lawyer.get("/").text
    event = feed_events(app, lawyer, org["lawyer"])[uid(coming)]
    assert str(event["status"]) == "CANCELLED"


def test_closing_cancels_coming_hearings(app, org):
    case = case_in("assigned", org)
    schedule(client_of(app, org["lawyer"]), case, soon(6))
    db.session.refresh(case)
    coordinator = client_of(app, org["coordinator"])
    closed = coordinator.post(
        f"/cases/{case.id}/status/close",
        data={"version": str(case.version), "reason": "withdrawn"},
    )
    assert closed.status_code == 302
    hearing = hearing_of(case)
    assert hearing.is_cancelled and hearing.cancellation_reason == "Dossier clôturé"
    assert hearing.cancelled_by_id == org["coordinator"].id


def test_a_refused_resolution_cancels_nothing(app, lawyer_case):
    case, lawyer = lawyer_case
    schedule(lawyer, case, soon(4))
    db.session.refresh(case)
    refused = lawyer.post(
        f"/cases/{case.id}/status/resolve",
        data={"version": str(case.version), "outcome": "judgment_in_favour"},  # not detention's
    )
    assert refused.status_code == 409
    assert not hearing_of(case).is_cancelled


# --- forum -------------------------------------------------------------------------------------


def test_a_hearing_before_a_land_commission_has_a_place_and_no_court(app, org):
    case = case_in("in_progress", org)
    paralegal = client_of(app, org["paralegal"])
    response = paralegal.post(
        f"/cases/{case.id}/hearings/new",
        data={"day": soon(3), "time": "10:00", "forum": "land_commission", "place": "CoFo de Kati"},
    )
    assert response.status_code == 302
    hearing = hearing_of(case)
    assert (hearing.forum, hearing.court_id, hearing.place) == (
        "land_commission",
        None,
        "CoFo de Kati",
    )
    assert "Commission foncière" in paralegal.get(f"/cases/{case.id}").text
    assert "CoFo de Kati" in paralegal.get("/").text
    event = feed_events(app, paralegal, org["paralegal"])[uid(hearing)]
    assert str(event["location"]) == "CoFo de Kati"


def test_a_court_hearing_is_located_at_its_court(app, org):
    case = case_in("in_progress", org)
    court = db.session.scalars(select(Court).order_by(Court.id)).first()
    lawyer = client_of(app, org["lawyer"])
    lawyer.post(
        f"/cases/{case.id}/hearings/new",
        data={"day": soon(3), "time": "10:00", "forum": "court", "court_id": str(court.id)},
    )
    hearing = hearing_of(case)
    assert hearing.forum == "court" and hearing.court_id == court.id
    assert str(feed_events(app, lawyer, org["lawyer"])[uid(hearing)]["location"]) == court.name


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"forum": "customary", "place": ""}, "Indiquez où se tient l'audience."),
        (
            {"forum": "land_commission", "place": "CoFo", "court": True},
            "Choisissez une juridiction seulement pour une audience devant une juridiction.",
        ),
        ({"forum": "none", "place": "Ici"}, "N'est pas un choix valide."),
    ],
)
def test_the_forum_decides_court_and_place(app, org, data, message):
    case = case_in("in_progress", org)
    court = db.session.scalars(select(Court)).first()
    form = {"day": soon(3), "time": "10:00", "forum": data["forum"], "place": data["place"]}
    if data.get("court"):
        form["court_id"] = str(court.id)
    page = client_of(app, org["lawyer"]).post(f"/cases/{case.id}/hearings/new", data=form)
    assert page.status_code == 200 and message in unescape(page.text)
    assert db.session.query(Hearing).count() == 0


def test_the_database_refuses_a_court_for_another_forum(app, org):
    case = case_in("in_progress", org)
    court = db.session.scalars(select(Court)).first()
    db.session.add(
        Hearing(
            case_id=case.id,
            scheduled_at=in_hours(5),
            forum="customary",
            court_id=court.id,
            created_by_id=org["lawyer"].id,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_gbv_feed_shows_no_free_text_place(app, org):
    case = make_case("gbv", by=org["paralegal"], full_name="Mariam Coulibaly")
    paralegal = client_of(app, org["paralegal"])
    paralegal.post(
        f"/cases/{case.id}/hearings/new",
        data={"day": soon(3), "time": "10:00", "forum": "customary", "place": "Chez M. Keïta"},
    )
    event = feed_events(app, paralegal, org["paralegal"])[uid(hearing_of(case))]
    assert "location" not in event


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("outsider_lawyer", 404),  # a lawyer of another organisation: the case does not exist
        ("other_paralegal", 404),  # a paralegal of the organisation, not on the case
        ("unassigned_lawyer", 403),  # sees the intake case waiting for a lawyer, works on none
        ("viewer", 403),
        ("prison_officer", 403),
        ("lawyer", 200),
        ("coordinator", 200),
    ],
)
def test_who_may_cancel_or_move_a_hearing(app, org, other_org, who, expected):
    case = make_case("detention", by=org["paralegal"])  # intake, no lawyer yet
    schedule(client_of(app, org["paralegal"]), case, soon(3))
    hearing = hearing_of(case)
    people = {
        "outsider_lawyer": lambda: make_user("lawyer", organisation=other_org["organisation"]),
        "other_paralegal": lambda: org["other_paralegal"],
        "unassigned_lawyer": lambda: make_user("lawyer", organisation=org["organisation"]),
        "viewer": lambda: make_user("viewer"),
        "prison_officer": lambda: make_user("prison_officer"),
        "coordinator": lambda: org["coordinator"],
        "lawyer": lambda: assign(case, org["lawyer"]).user,
    }
    client = client_of(app, people[who]())
    for action in ("cancel", "reschedule"):
        assert client.get(f"/hearings/{hearing.id}/{action}").status_code == expected
    posted = client.post(f"/hearings/{hearing.id}/cancel", data={"reason": "Je passe par là"})
    assert posted.status_code == (302 if expected == 200 else expected)
    db.session.refresh(hearing)
    assert hearing.is_cancelled is (expected == 200)


def test_an_unknown_hearing_is_not_found(app, org):
    assert client_of(app, org["lawyer"]).get("/hearings/999999/cancel").status_code == 404
