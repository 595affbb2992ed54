"""Correcting a person's details after intake: refolded keys, locking, errors, GBV identity."""

import html

from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.cases.matching import name_key, phone_key
from legalaid.cases.models import Beneficiary, Case, CaseEvent
from legalaid.extensions import db
from tests.builders import make_case
from tests.cases.test_intake import client_of


def person_form(case: Case, **overrides) -> dict:
    """The person's form as the page fills it, with `overrides`."""
    person = db.session.get(Beneficiary, case.beneficiary_id)
    data = {
        "version": str(person.version),
        "full_name": person.full_name,
        "sex": person.sex,
        "birth_year": str(person.birth_year or ""),
        "region_id": "0",
        "phone": person.phone or "",
        "preferred_language": person.preferred_language,
    }
    data.update(overrides)
    return data


def edits(case: Case) -> list[str]:
    return list(
        db.session.scalars(
            select(CaseEvent.text).where(CaseEvent.case_id == case.id, CaseEvent.kind == "edit")
        )
    )


def test_a_worker_corrects_the_spelling_and_the_phone(app, org):
    case = make_case("litigation", by=org["paralegal"], full_name="Awa Traoré")
    client = client_of(app, org["paralegal"])
    page = client.get(f"/cases/{case.id}/person").text
    assert 'value="Awa Traoré"' in html.unescape(page)

    response = client.post(
        f"/cases/{case.id}/person",
        data=person_form(case, full_name="Aoua Traoré", phone="76 12 34 56"),
    )

    assert response.status_code == 302
    person = db.session.get(Beneficiary, case.beneficiary_id)
    db.session.refresh(person)
    assert (person.full_name, person.phone) == ("Aoua Traoré", "76 12 34 56")
    assert person.name_key == name_key("Aoua Traoré") and person.phone_key == phone_key("76123456")
    assert person.version == 2
    assert edits(case) == ["full_name, phone"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "beneficiary_update"))
    assert entry.details == "full_name, phone" and entry.object_id == person.id
    assert case.reference in client.get("/cases/", query_string={"q": "Aoua"}).text


def test_saving_unchanged_details_records_nothing(app, org):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    assert client.post(f"/cases/{case.id}/person", data=person_form(case)).status_code == 302
    assert edits(case) == []


def test_bad_input_is_refused_and_what_was_typed_is_kept(app, org):
    case = make_case("litigation", by=org["paralegal"], full_name="Awa Traoré")
    response = client_of(app, org["paralegal"]).post(
        f"/cases/{case.id}/person",
        data=person_form(case, full_name="Awa Traoré Diallo", birth_year="", age="130"),
    )
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "L'âge doit être compris entre 0 et 120." in text
    assert 'value="Awa Traoré Diallo"' in text
    assert db.session.get(Beneficiary, case.beneficiary_id).full_name == "Awa Traoré"


def test_concurrent_corrections_are_caught_and_nothing_typed_is_lost(app, org):
    case = make_case("litigation", by=org["paralegal"], full_name="Awa Traoré")
    first, second = client_of(app, org["paralegal"]), client_of(app, org["coordinator"])
    form = person_form(case)
    assert first.post(f"/cases/{case.id}/person", data={**form, "phone": "66 00 00 01"}).status_code
    clash = second.post(f"/cases/{case.id}/person", data={**form, "commune": "Sévaré"})
    assert clash.status_code == 200
    text = html.unescape(clash.text)
    assert "Quelqu'un d'autre a enregistré les coordonnées de cette personne" in text
    assert 'value="Sévaré"' in text and "66 00 00 01" in text
    person = db.session.get(Beneficiary, case.beneficiary_id)
    db.session.refresh(person)
    assert (person.phone, person.commune) == ("66 00 00 01", None)
    version = clash.text.split('name="version" type="hidden" value="')[1].split('"')[0]
    again = second.post(
        f"/cases/{case.id}/person", data={**form, "commune": "Sévaré", "version": version}
    )
    assert again.status_code == 302
    db.session.refresh(person)
    assert person.commune == "Sévaré"


def test_a_survivors_details_are_for_her_workers_only(app, org, other_org):
    case = make_case("gbv", by=org["paralegal"], full_name="Fatoumata Coulibaly")
    for user, status in (
        (org["lawyer"], 403),  # sees the case waiting for a lawyer, not her identity
        (org["other_paralegal"], 404),
        (other_org["coordinator"], 404),
    ):
        response = client_of(app, user).get(f"/cases/{case.id}/person")
        assert response.status_code == status
        assert "Coulibaly" not in response.text
    page = client_of(app, org["coordinator"]).get(f"/cases/{case.id}").text
    assert f"/cases/{case.id}/person" in page
    lawyer_page = client_of(app, org["lawyer"]).get(f"/cases/{case.id}").text
    assert f"/cases/{case.id}/person" not in lawyer_page
