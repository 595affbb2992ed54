"""Object access: every case page, action and document goes through the one policy (no IDOR)."""

import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from legalaid.cases.documents import store_document
from legalaid.cases.models import Document
from legalaid.extensions import db
from tests.builders import assign, first_prison, make_case, make_user
from tests.cases.test_documents import PDF
from tests.cases.test_intake import client_of

KINDS = ["detention", "gbv", "litigation"]


def case_urls(case, document_id):
    return {
        "show": ("GET", f"/cases/{case.id}"),
        "edit": ("GET", f"/cases/{case.id}/edit"),
        "note": ("POST", f"/cases/{case.id}/timeline"),
        "upload": ("POST", f"/cases/{case.id}/documents"),
        "download": ("GET", f"/cases/{case.id}/documents/{document_id}"),
        "remove": ("GET", f"/cases/{case.id}/documents/{document_id}/remove"),
    }


def attach(case, by):
    store_document(case, FileStorage(io.BytesIO(PDF), "pièce.pdf"), "court", by)
    return db.session.scalar(select(Document.id).where(Document.case_id == case.id))


def status(client, method, path):
    data = {"text": "note", "document_type": "court"} if method == "POST" else None
    return client.open(path, method=method, data=data).status_code


@pytest.mark.parametrize("kind", KINDS)
def test_another_organisation_gets_404_everywhere(app, org, other_org, kind):
    case = make_case(kind, by=org["paralegal"])
    document_id = attach(case, org["paralegal"])
    for role in ("coordinator", "paralegal"):
        client = client_of(app, other_org[role])
        for name, (method, path) in case_urls(case, document_id).items():
            assert status(client, method, path) == 404, (role, name)


@pytest.mark.parametrize("kind", KINDS)
def test_a_colleague_not_on_the_case_gets_404(app, org, kind):
    case = make_case(kind, by=org["paralegal"])
    document_id = attach(case, org["paralegal"])
    client = client_of(app, org["other_paralegal"])
    for name, (method, path) in case_urls(case, document_id).items():
        assert status(client, method, path) == 404, name


@pytest.mark.parametrize("kind", KINDS)
def test_people_on_the_case_may_work_on_it(app, org, kind):
    case = make_case(kind, by=org["paralegal"])
    document_id = attach(case, org["paralegal"])
    assign(case, org["lawyer"])
    for user in (org["paralegal"], org["lawyer"], org["coordinator"]):
        client = client_of(app, user)
        for name, (method, path) in case_urls(case, document_id).items():
            # 400 is a form error (no file sent): access itself was granted.
            assert status(client, method, path) in (200, 302, 400), (user.role, name)


@pytest.mark.parametrize("kind", KINDS)
def test_lawyer_on_waiting_intake_may_look_but_not_work(app, org, kind):
    case = make_case(kind, by=org["paralegal"])
    document_id = attach(case, org["paralegal"])
    client = client_of(app, org["lawyer"])
    urls = case_urls(case, document_id)
    assert status(client, *urls["show"]) == 200
    for name in ("edit", "note", "upload", "download", "remove"):
        assert status(client, *urls[name]) == 403, name


def test_admin_sees_every_case_but_not_a_survivors_identity(app, org):
    case = make_case("gbv", by=org["paralegal"], full_name="Fatoumata Diarra")
    admin = client_of(app, make_user("admin"))
    page = admin.get(f"/cases/{case.id}")
    assert page.status_code == 200
    assert "Fatoumata" not in page.text and case.reference in page.text
    assert admin.get(f"/cases/{case.id}/edit").status_code == 403


@pytest.mark.parametrize("kind", ["gbv", "litigation"])
def test_prison_officers_never_see_other_kinds(app, org, kind):
    case = make_case(kind, by=org["paralegal"])
    officer = client_of(app, make_user("prison_officer", prisons=[first_prison()]))
    assert officer.get(f"/cases/{case.id}").status_code == 404


def test_prison_officer_sees_the_detainee_but_no_notes_or_documents(app, org):
    case = make_case("detention", by=org["paralegal"], full_name="Issa Maïga")
    document_id = attach(case, org["paralegal"])
    client_of(app, org["paralegal"]).post(
        f"/cases/{case.id}/timeline", data={"text": "Note interne"}
    )
    officer = client_of(app, make_user("prison_officer", prisons=[first_prison()]))
    page = officer.get(f"/cases/{case.id}")
    assert page.status_code == 200 and "Issa Maïga" in page.text
    assert "Note interne" not in page.text and "pièce.pdf" not in page.text
    assert officer.get(f"/cases/{case.id}/documents/{document_id}").status_code == 403


def test_gbv_identity_on_the_case_page(app, org):
    case = make_case(
        "gbv",
        by=org["paralegal"],
        full_name="Fatoumata Diarra",
        phone="76 00 00 01",
        details={"narrative": "Récit confidentiel"},
    )
    assert "Fatoumata Diarra" in client_of(app, org["paralegal"]).get(f"/cases/{case.id}").text
    assert "Fatoumata Diarra" in client_of(app, org["coordinator"]).get(f"/cases/{case.id}").text
    lawyer_page = client_of(app, org["lawyer"]).get(f"/cases/{case.id}").text
    for secret in ("Fatoumata", "76 00 00 01", "Récit confidentiel", case.beneficiary.code):
        assert secret not in lawyer_page


def test_guessed_ids_get_404(app, org):
    client = client_of(app, org["paralegal"])
    for path in ("/cases/999999", "/cases/999999/edit", "/cases/999999/documents/1"):
        assert client.get(path).status_code == 404
