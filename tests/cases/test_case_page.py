"""The case page: timeline, notes and actions, edits with optimistic locking, constant queries."""

import html

from sqlalchemy import select

from legalaid.cases.models import Case, CaseEvent
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from tests.builders import assign, make_case
from tests.cases.test_intake import client_of
from tests.cases.test_list import queries_for


def test_notes_and_actions_appear_newest_first_with_author(app, org):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    client.post(f"/cases/{case.id}/timeline", data={"text": "Premier appel", "action_type": ""})
    client.post(
        f"/cases/{case.id}/timeline", data={"text": "Visite au village", "action_type": "visit"}
    )
    page = client.get(f"/cases/{case.id}").text
    assert (
        page.index("Visite au village") < page.index("Premier appel") < page.index("Dossier ouvert")
    )
    assert "Visite</span>" in page and org["paralegal"].full_name in page
    kinds = list(db.session.scalars(select(CaseEvent.kind).order_by(CaseEvent.id)))
    assert kinds == ["intake", "note", "action"]


def test_empty_note_is_refused(app, org):
    case = make_case("litigation", by=org["paralegal"])
    response = client_of(app, org["paralegal"]).post(
        f"/cases/{case.id}/timeline", data={"text": " "}
    )
    assert response.status_code == 400 and "Ce champ est requis." in response.text


def test_unknown_action_type_is_refused(app, org):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    response = client.post(f"/cases/{case.id}/timeline", data={"text": "x", "action_type": "bribe"})
    assert response.status_code == 400


def edit_form(case: Case, **overrides):
    record = db.session.scalar(select(DetentionRecord).where(DetentionRecord.case_id == case.id))
    data = {
        "version": str(case.version),
        "opened_on": "02/03/2026",
        "service_level": "representation",
        "summary": case.summary,
        "prison_id": str(record.prison_id),
        "offence_class": record.offence_class,
        "procedure_stage": record.procedure_stage,
        "code_regime": record.code_regime,
        "charges": record.charges,
    }
    data.update(overrides)
    return data


def test_edit_saves_and_records_the_change(app, org):
    case = make_case("detention", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    page = client.get(f"/cases/{case.id}/edit")
    assert f'name="version" type="hidden" value="{case.version}"' in page.text
    response = client.post(f"/cases/{case.id}/edit", data=edit_form(case, charges="Vol simple"))
    assert response.status_code == 302
    db.session.refresh(case)
    assert case.service_level == "representation" and case.version == 2
    assert db.session.scalar(select(DetentionRecord.charges)) == "Vol simple"
    assert "Détails modifiés" in client.get(f"/cases/{case.id}").text


def test_concurrent_edits_are_caught_and_nothing_typed_is_lost(app, org):
    case = make_case("detention", by=org["paralegal"])
    assign(case, org["lawyer"])
    paralegal, lawyer = client_of(app, org["paralegal"]), client_of(app, org["lawyer"])
    form = edit_form(case)
    assert (
        paralegal.post(
            f"/cases/{case.id}/edit", data={**form, "summary": "Par la parajuriste"}
        ).status_code
        == 302
    )
    clash = lawyer.post(
        f"/cases/{case.id}/edit", data={**form, "summary": "Par l'avocat", "charges": "Recel"}
    )
    assert clash.status_code == 200
    text = html.unescape(clash.text)
    assert "Quelqu'un d'autre a enregistré ce dossier" in text
    assert "Par l'avocat" in text and "Recel" in text  # the lawyer's input is kept
    assert "Par la parajuriste" in text  # and the saved version is shown
    db.session.refresh(case)
    assert case.summary == "Par la parajuriste"
    version = clash.text.split('name="version" type="hidden" value="')[1].split('"')[0]
    again = lawyer.post(
        f"/cases/{case.id}/edit", data={**form, "summary": "Par l'avocat", "version": version}
    )
    assert again.status_code == 302
    db.session.refresh(case)
    assert case.summary == "Par l'avocat"


def test_case_page_queries_do_not_grow_with_events(app, org):
    case = make_case("detention", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    for number in range(5):
        client.post(f"/cases/{case.id}/timeline", data={"text": f"note {number}"})
    with_five = queries_for(client, f"/cases/{case.id}")
    for number in range(5, 200):
        db.session.add(
            CaseEvent(case_id=case.id, kind="note", text=f"note {number}", author=org["lawyer"])
        )
    db.session.commit()
    assert queries_for(client, f"/cases/{case.id}") == with_five
