"""Sync of what a device queued offline: the online checks, nothing twice, nothing overwritten."""

import re
import uuid

import pytest
from sqlalchemy import func, select

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import Beneficiary, Case, CaseEvent, EventKind
from legalaid.extensions import db
from legalaid.land.models import LandCommission
from legalaid.land.services import seed_commissions
from legalaid.offline.models import SyncedItem
from legalaid.reference.models import Prison
from tests.builders import PASSWORD, assign, first_prison, make_case
from tests.cases.test_intake import beneficiary_form, client_of, detention_form
from tests.conftest import build_app

DEVICE = "device-0000-aaaa"


def item(type_: str, **fields) -> dict:
    return {"client_id": str(uuid.uuid4()), "device_id": DEVICE, "type": type_, **fields}


def intake(kind: str, fields: dict) -> dict:
    return item("intake", kind=kind, fields=fields)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def land_fields() -> dict:
    seed_commissions()
    commission = db.session.scalars(select(LandCommission).order_by(LandCommission.id)).first()
    return beneficiary_form(
        commission_id=str(commission.id),
        nature="boundary",
        place="Socoura",
        **{
            "parties-0-kind": "person",
            "parties-0-full_name": "Hamadoun Cissé",
            "parties-0-sex": "M",
            "parties-0-role": "other",
        },
    )


KIND_FIELDS = {
    "detention": detention_form,
    "gbv": lambda: beneficiary_form(
        full_name="Fatoumata Diarra", sex="F", incident_type="forced_marriage", consent_legal="y"
    ),
    "litigation": lambda: beneficiary_form(matter_type="inheritance", forum="customary"),
    "land_conciliation": land_fields,
}


@pytest.mark.parametrize("kind", sorted(KIND_FIELDS))
def test_an_intake_of_each_kind_opens_its_case_and_names_the_device(app, org, kind):
    paralegal = client_of(app, org["paralegal"])
    sent = intake(kind, KIND_FIELDS[kind]())
    answer = paralegal.post("/offline/sync", json=sent)
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "done"
    case = db.session.scalar(select(Case))
    assert case.kind == kind
    assert answer.json["url"] == f"/cases/{case.id}"
    assert case.reference in answer.json["message"]
    synced = db.session.scalar(select(SyncedItem))
    assert (synced.client_id, synced.device_id, synced.case_id) == (
        sent["client_id"],
        DEVICE,
        case.id,
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "offline_sync"))
    assert DEVICE in entry.details and sent["client_id"] in entry.details


def test_a_retried_item_creates_nothing_twice(app, org):
    paralegal = client_of(app, org["paralegal"])
    sent = intake("detention", detention_form())
    first = paralegal.post("/offline/sync", json=sent)
    again = paralegal.post("/offline/sync", json=sent)
    assert again.json == first.json
    assert (count(Case), count(Beneficiary), count(SyncedItem)) == (1, 1, 1)


def test_someone_elses_client_id_is_refused(app, org):
    sent = intake("detention", detention_form())
    client_of(app, org["paralegal"]).post("/offline/sync", json=sent)
    answer = client_of(app, org["other_paralegal"]).post("/offline/sync", json=sent)
    assert answer.status_code == 422
    assert count(Case) == 1


def test_a_possible_duplicate_is_shown_then_linked_as_chosen(app, org):
    known = make_case("detention", by=org["paralegal"], full_name="Moussa Keïta", birth_year=1992)
    paralegal = client_of(app, org["paralegal"])
    sent = intake("detention", detention_form())
    answer = paralegal.post("/offline/sync", json=sent).json
    assert answer["status"] == "choose"
    [choice] = answer["choices"]
    assert choice["value"] == str(known.beneficiary_id)
    assert choice["label"].startswith(f"Moussa Keïta · {known.beneficiary.code}")
    assert count(Case) == 1 and count(SyncedItem) == 0
    sent["fields"]["beneficiary_choice"] = str(known.beneficiary_id)
    assert paralegal.post("/offline/sync", json=sent).json["status"] == "done"
    assert count(Beneficiary) == 1
    assert count(Case) == 2


def test_confirming_a_new_person_creates_one(app, org):
    make_case("detention", by=org["paralegal"], full_name="Moussa Keïta", birth_year=1992)
    sent = intake("detention", detention_form(beneficiary_choice="new"))
    assert (
        client_of(app, org["paralegal"]).post("/offline/sync", json=sent).json["status"] == "done"
    )
    assert count(Beneficiary) == 2


def test_a_person_out_of_sight_cannot_be_linked(app, org, other_org):
    hidden = make_case("detention", by=other_org["paralegal"], full_name="Moussa Keïta")
    sent = intake("detention", detention_form(beneficiary_choice=str(hidden.beneficiary_id)))
    answer = client_of(app, org["paralegal"]).post("/offline/sync", json=sent)
    assert answer.status_code == 422
    assert count(Case) == 1


def test_a_conflict_of_interest_waits_for_acknowledgement(app, org):
    make_case("litigation", by=org["paralegal"], full_name="Bakary Coulibaly")
    fields = beneficiary_form(
        matter_type="inheritance", forum="customary", adverse_parties="Bakary Coulibaly"
    )
    paralegal = client_of(app, org["paralegal"])
    sent = intake("litigation", fields)
    answer = paralegal.post("/offline/sync", json=sent).json
    assert answer["status"] == "choose"
    assert "Bakary Coulibaly" in answer["conflicts"][0]
    sent["fields"]["conflicts_acknowledged"] = "y"
    assert paralegal.post("/offline/sync", json=sent).json["status"] == "done"


def test_an_invalid_intake_is_refused_with_its_errors_and_saves_nothing(app, org):
    sent = intake("detention", detention_form(prison_id="", full_name=""))
    answer = client_of(app, org["paralegal"]).post("/offline/sync", json=sent)
    assert answer.status_code == 422
    assert {"Prison", "Nom complet"} <= set(answer.json["errors"])
    assert count(Case) == 0 and count(SyncedItem) == 0


def test_lawyers_may_not_take_in_and_officers_may_not_sync(app, org, login_as):
    lawyer = client_of(app, org["lawyer"])
    assert (
        lawyer.post("/offline/sync", json=intake("detention", detention_form())).status_code == 422
    )
    officer = login_as("prison_officer")
    assert officer.post("/offline/sync", json=intake("detention", {})).status_code == 403
    assert count(Case) == 0


def worked_case(org, kind="detention", summary="", **fields):
    case = make_case(kind, by=org["coordinator"], **fields)
    case.summary = summary
    assign(case, org["paralegal"])
    db.session.commit()
    return case


def test_a_note_is_added_to_a_case_the_user_works_on(app, org):
    case = worked_case(org)
    sent = item("note", case_id=case.id, fields={"action_type": "advice", "text": "Vu au parloir"})
    assert (
        client_of(app, org["paralegal"]).post("/offline/sync", json=sent).json["status"] == "done"
    )
    event = db.session.scalar(select(CaseEvent).where(CaseEvent.kind == EventKind.ACTION))
    assert (event.text, event.action_type, event.case_id) == ("Vu au parloir", "advice", case.id)


def test_notes_never_reach_another_organisations_case_nor_a_gbv_case(app, org, other_org):
    theirs = make_case("detention", by=other_org["coordinator"])
    gbv = worked_case(org, "gbv")
    paralegal = client_of(app, org["paralegal"])
    for case in (theirs, gbv):
        sent = item("note", case_id=case.id, fields={"text": "Vu"})
        assert paralegal.post("/offline/sync", json=sent).status_code == 422
    assert count(SyncedItem) == 0
    assert db.session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "case_denied")
    )


def edit(case, version, seen_at, **changes) -> dict:
    return item("edit", case_id=case.id, based_on_version=version, seen_at=seen_at, changes=changes)


def seen(case):
    """What a device keeps of a case when its page is shown (offline_snapshot)."""
    db.session.refresh(case)
    return case.version, db.session.scalar(select(func.max(CaseEvent.occurred_at))).isoformat()


def test_an_edit_based_on_the_current_version_is_saved(app, org):
    case = worked_case(org)
    version, seen_at = seen(case)
    sent = edit(case, version, seen_at, summary="Libéré sous caution", service_level="advice")
    assert (
        client_of(app, org["paralegal"]).post("/offline/sync", json=sent).json["status"] == "done"
    )
    db.session.refresh(case)
    assert (case.summary, case.service_level) == ("Libéré sous caution", "advice")


def test_a_change_nobody_else_made_is_saved_after_other_notes(app, org):
    case = worked_case(org, summary="Avant")
    version, seen_at = seen(case)
    paralegal = client_of(app, org["paralegal"])
    note = item("note", case_id=case.id, fields={"text": "Entre-temps"})
    paralegal.post("/offline/sync", json=note)
    answer = paralegal.post("/offline/sync", json=edit(case, version, seen_at, summary="Après"))
    assert answer.json["status"] == "done"
    db.session.refresh(case)
    assert case.summary == "Après"


def test_two_devices_editing_the_same_field_end_in_the_difference_not_an_overwrite(app, org):
    case = worked_case(org, summary="Avant")
    version, seen_at = seen(case)
    first = client_of(app, org["paralegal"])
    second = client_of(app, org["coordinator"])
    assert (
        first.post("/offline/sync", json=edit(case, version, seen_at, summary="A")).json["status"]
        == "done"
    )
    late = edit(case, version, seen_at, summary="B")
    answer = second.post("/offline/sync", json=late).json
    assert answer["status"] == "conflict"
    assert answer["differences"] == [
        {"field": "summary", "label": "Résumé", "yours": "B", "server": "A"}
    ]
    db.session.refresh(case)
    assert case.summary == "A"
    assert answer["version"] == case.version
    late.update(based_on_version=answer["version"], changes={"summary": "A puis B"})
    assert second.post("/offline/sync", json=late).json["status"] == "done"
    db.session.refresh(case)
    assert case.summary == "A puis B"


def test_a_visit_round_records_a_visit_on_each_detainee_or_on_none(app, org, other_org):
    seen_cases = [worked_case(org, full_name=name) for name in ("Awa Traoré", "Ali Maïga")]
    theirs = make_case("detention", by=other_org["coordinator"], full_name="Oumar Sow")
    prison = first_prison()
    paralegal = client_of(app, org["paralegal"])
    fields = {"prison_id": str(prison.id), "visited_on": "2026-03-04"}
    refused = item(
        "visit",
        fields=fields,
        entries=[{"case_id": seen_cases[0].id, "note": "Va bien"}, {"case_id": theirs.id}],
    )
    assert paralegal.post("/offline/sync", json=refused).status_code == 422
    visits = select(CaseEvent).where(CaseEvent.action_type == "visit")
    assert db.session.scalars(visits).all() == []
    sent = item(
        "visit",
        fields=fields,
        entries=[{"case_id": case.id, "note": "Va bien"} for case in seen_cases],
    )
    answer = paralegal.post("/offline/sync", json=sent).json
    assert answer["status"] == "done"
    texts = {event.case_id: event.text for event in db.session.scalars(visits)}
    assert texts == {
        case.id: f"Visite à {prison.name} le 4 mars 2026. Va bien" for case in seen_cases
    }
    assert db.session.get(Prison, prison.id) is not None


def test_an_unreadable_item_is_refused(app, org):
    paralegal = client_of(app, org["paralegal"])
    assert paralegal.post("/offline/sync", data="nonsense").status_code == 400
    assert paralegal.post("/offline/sync", json={"type": "intake"}).status_code == 422
    assert paralegal.post("/offline/sync", json=item("other")).status_code == 422


def test_a_sync_needs_the_csrf_token_the_device_asks_for_first(database_url, org):
    client = build_app(database_url, WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/auth/login").text
    login_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post(
        "/auth/login",
        data={"email": org["paralegal"].email, "password": PASSWORD, "csrf_token": login_token},
    )
    sent = intake("detention", detention_form())
    assert client.post("/offline/sync", json=sent).status_code == 400
    assert count(Case) == 0
    token = client.get("/offline/state").json["csrf_token"]
    answer = client.post("/offline/sync", json=sent, headers={"X-CSRFToken": token})
    assert answer.json["status"] == "done"


def test_a_refused_land_intake_names_its_parties_errors_in_words(app, org):
    fields = land_fields() | {"parties-0-role": "", "parties-0-full_name": ""}
    fields.pop("commission_id")
    answer = client_of(app, org["paralegal"]).post(
        "/offline/sync", json=intake("land_conciliation", fields)
    )
    assert answer.status_code == 422
    errors = answer.json["errors"]
    assert all(
        isinstance(text, str) and "{" not in text for texts in errors.values() for text in texts
    )
