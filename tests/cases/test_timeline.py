"""The timeline tells what happened in the reader's language, whoever recorded it."""

from datetime import date, datetime

from sqlalchemy import select

from legalaid.cases.models import CaseEvent, EventKind, Forum
from legalaid.extensions import db
from legalaid.workflow.models import HearingPlace
from legalaid.workflow.services import (
    TransitionRequest,
    assign,
    cancel_hearing,
    change_status,
    record_hearing_result,
    reschedule_hearing,
    schedule_hearing,
)
from tests.builders import make_case, make_user
from tests.conftest import sign_in

CUSTOMARY = HearingPlace(Forum.CUSTOMARY, None, "Chefferie de Sévaré")


def _worked_case(coordinator, lawyer):
    case = make_case("litigation", by=coordinator)
    assign(case, lawyer, by=coordinator, expected_version=case.version)
    db.session.refresh(case)
    start = TransitionRequest(action="start", expected_version=case.version, note="Dossier prêt")
    change_status(case, coordinator, start, today=date(2026, 11, 29))
    hearing = schedule_hearing(
        case,
        lawyer,
        scheduled_at=datetime(2026, 11, 2, 9, 0),
        where=CUSTOMARY,
        purpose="Conciliation",
    )
    record_hearing_result(
        hearing,
        lawyer,
        result="adjourned",
        adjournment_reason="Témoin absent",
        decision=None,
        next_at=datetime(2026, 12, 15, 10, 0),
    )
    db.session.refresh(case)
    resolve = TransitionRequest(
        action="resolve", expected_version=case.version, outcome="conciliation_agreement"
    )
    change_status(case, lawyer, resolve, today=date(2026, 11, 29))
    return case


def test_entries_keep_codes_not_sentences(reference, organisation):
    coordinator = make_user("coordinator", organisation=organisation)
    lawyer = make_user("lawyer", organisation=organisation, full_name="Maître Sidibé")
    case = _worked_case(coordinator, lawyer)
    events = db.session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
    ).all()
    facts = {(event.kind, event.text): event.facts for event in events}
    assert facts[(EventKind.ASSIGNMENT, "Maître Sidibé")] == {"role": "lawyer"}
    assert facts[(EventKind.STATUS_CHANGE, "Dossier prêt")] == {
        "from": "assigned",
        "to": "in_progress",
    }
    assert facts[(EventKind.HEARING, "")] == {
        "held_on": "2026-11-02",
        "result": "adjourned",
        "next_at": "2026-12-15T10:00",
    }
    assert facts[(EventKind.STATUS_CHANGE, "")] == {
        "from": "in_progress",
        "to": "resolved",
        "outcome": "conciliation_agreement",
    }


def test_the_same_timeline_reads_in_french_and_in_english(app, reference, organisation):
    coordinator = make_user("coordinator", organisation=organisation, preferred_language="fr")
    lawyer = make_user(
        "lawyer", organisation=organisation, full_name="Maître Sidibé", preferred_language="en"
    )
    case = _worked_case(coordinator, lawyer)
    french, english = app.test_client(), app.test_client()
    sign_in(french, coordinator)
    sign_in(english, lawyer)
    page_fr = french.get(f"/cases/{case.id}").text
    page_en = english.get(f"/cases/{case.id}").text
    assert "Attribué à Maître Sidibé comme avocat" in page_fr
    assert "Statut : Attribué → En cours · Dossier prêt" in page_fr
    assert "Audience du 02/11/2026 : Renvoi · prochaine audience le 15/12/2026 10:00" in page_fr
    assert "Statut : En cours → Résolu · Issue : Accord de conciliation" in page_fr
    assert "Assigned to Maître Sidibé as lawyer" in page_en
    assert (
        "Hearing of 02/11/2026: Adjourned (renvoi) · next hearing on 15/12/2026, 10:00" in page_en
    )
    assert "Status: In progress → Resolved · Outcome: Conciliation agreement" in page_en


def test_moved_and_cancelled_hearings_read_as_sentences(app, reference, organisation):
    coordinator = make_user("coordinator", organisation=organisation, preferred_language="fr")
    lawyer = make_user("lawyer", organisation=organisation)
    case = make_case("litigation", by=coordinator)
    assign(case, lawyer, by=coordinator, expected_version=case.version)
    first, second = (
        schedule_hearing(
            case, lawyer, scheduled_at=datetime(2099, 1, day, 9, 0), where=CUSTOMARY, purpose=""
        )
        for day in (5, 6)
    )
    reschedule_hearing(
        first, lawyer, scheduled_at=datetime(2099, 1, 7, 11, 0), reason="Juge absent"
    )
    cancel_hearing(second, lawyer, reason="Accord trouvé")
    client = app.test_client()
    sign_in(client, coordinator)
    page = client.get(f"/cases/{case.id}").text
    assert "Audience déplacée du 05/01/2099 09:00 au 07/01/2099 11:00 · Juge absent" in page
    assert "Audience du 06/01/2099 09:00 annulée · Accord trouvé" in page
