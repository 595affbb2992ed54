"""Admins edit templates as Word files: versions kept, the next document uses the new one."""

from io import BytesIO

from docx import Document as WordDocument
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.drafting.models import DocumentTemplate, GeneratedDocument, TemplateVersion
from legalaid.extensions import db
from tests.builders import make_user
from tests.cases.test_intake import client_of
from tests.drafting.conftest import docx_text
from tests.drafting.test_default_templates import template
from tests.drafting.test_views import generate_url

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def edited(content: bytes, line: str) -> bytes:
    document = WordDocument(BytesIO(content))
    document.add_paragraph(line)
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def upload(client, shared: DocumentTemplate, content: bytes, number: int, note="Relu"):
    return client.post(
        f"/admin/templates/{shared.id}/versions",
        data={"file": (BytesIO(content), "modele.docx", DOCX), "note": note, "number": number},
        content_type="multipart/form-data",
    )


def test_an_edited_template_is_used_next_and_the_old_version_is_kept(app, org, overdue):
    admin = client_of(app, make_user("admin"))
    shared = template("release_request")
    first = shared.current.content
    response = upload(admin, shared, edited(first, "Copie au Procureur : {{ case.reference }}"), 1)
    assert response.status_code == 302
    db.session.expire_all()
    assert [v.number for v in shared.versions] == [1, 2]
    assert shared.versions[0].content == first
    assert "case.reference" in shared.current.field_names
    lawyer = client_of(app, org["lawyer"])
    lawyer.post(generate_url(overdue, "release_request"))
    generated = db.session.scalar(select(GeneratedDocument))
    assert generated.template_version.number == 2
    text = docx_text(lawyer.get(f"/cases/{overdue.id}/generated/{generated.id}.docx").data)
    assert f"Copie au Procureur : {overdue.reference}" in text
    assert (
        db.session.scalar(select(AuditEntry.details).where(AuditEntry.action == "template_version"))
        == "release_request v2"
    )
    page = admin.get(f"/admin/templates/{shared.id}").text
    assert "Relu" in page and 'id="version-1"' in page and 'id="version-2"' in page


def test_a_stale_upload_is_refused_as_a_conflict(app, reference):
    admin = client_of(app, make_user("admin"))
    shared = template("legal_aid_request")
    content = shared.current.content
    assert upload(admin, shared, edited(content, "Une"), 1).status_code == 302
    stale = upload(admin, shared, edited(content, "Deux"), 1)
    assert stale.status_code == 422 and "2" in stale.text
    db.session.expire_all()
    assert len(shared.versions) == 2


def test_a_template_with_an_unknown_placeholder_or_not_a_word_file_is_refused(app, reference):
    admin = client_of(app, make_user("admin"))
    shared = template("legal_aid_request")
    typo = upload(admin, shared, edited(shared.current.content, "{{ person.nmae }}"), 1)
    assert typo.status_code == 422 and "person.nmae" in typo.text
    broken = upload(admin, shared, edited(shared.current.content, "{{ person.name "), 1)
    assert broken.status_code == 422
    not_word = upload(admin, shared, b"%PDF-1.4 not a template", 1)
    assert not_word.status_code == 422
    db.session.expire_all()
    assert len(shared.versions) == 1


def test_a_template_cannot_reach_python_objects(app, org, overdue):
    admin = client_of(app, make_user("admin"))
    shared = template("release_request")
    sneaky = edited(shared.current.content, "X{{ person.name.__class__.__mro__ }}X")
    upload(admin, shared, sneaky, 1)
    lawyer = client_of(app, org["lawyer"])
    assert lawyer.post(generate_url(overdue, "release_request")).status_code == 302
    generated = db.session.scalar(select(GeneratedDocument))
    text = docx_text(lawyer.get(f"/cases/{overdue.id}/generated/{generated.id}.docx").data)
    assert "<class" not in text and "X« à compléter »X" in text


def test_a_template_that_calls_into_python_is_refused_at_upload(app, reference):
    admin = client_of(app, make_user("admin"))
    shared = template("legal_aid_request")
    call = "{{ person.name.__class__.__base__.__subclasses__() }}"
    refused = upload(admin, shared, edited(shared.current.content, call), 1)
    assert refused.status_code == 422
    db.session.expire_all()
    assert len(shared.versions) == 1


def test_an_organisation_copy_replaces_the_shared_template_for_its_cases_only(
    app, org, other_org, overdue
):
    admin = client_of(app, make_user("admin"))
    shared = template("release_request")
    response = admin.post(
        f"/admin/templates/{shared.id}/copy", data={"organisation_id": org["organisation"].id}
    )
    assert response.status_code == 302
    own = db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.organisation_id == org["organisation"].id)
    )
    assert own.code == "release_request" and own.current.content == shared.current.content
    page = client_of(app, org["lawyer"]).get(f"/cases/{overdue.id}").text
    assert f"/generate/{own.id}" in page and f"/generate/{shared.id}" not in page


def test_an_admin_previews_a_template_with_an_invented_case(app, reference):
    admin = client_of(app, make_user("admin"))
    shared = template("pv_conciliation")
    docx = admin.get(f"/admin/templates/{shared.id}/versions/1/preview.docx")
    pdf = admin.get(f"/admin/templates/{shared.id}/versions/1/preview.pdf")
    assert docx.status_code == pdf.status_code == 200
    assert "Hawa Cissé" in docx_text(docx.data) and pdf.data.startswith(b"%PDF")


def test_only_admins_manage_templates(app, org):
    shared = template("release_request")
    for user in (org["coordinator"], org["lawyer"]):
        client = client_of(app, user)
        assert client.get("/admin/templates").status_code == 403
        assert client.get(f"/admin/templates/{shared.id}").status_code == 403
        assert upload(client, shared, shared.current.content, 1).status_code == 403


def test_a_template_broken_in_the_database_says_so_instead_of_failing(app, org, overdue):
    shared = template("release_request")
    broken = edited(shared.current.content, "{{ person.name.__class__.__base__.__subclasses__() }}")
    db.session.add(
        TemplateVersion(template=shared, number=2, content=broken, sha256="x", fields="")
    )
    db.session.commit()
    client = client_of(app, org["lawyer"])
    page = client.get(generate_url(overdue, "release_request"))
    assert page.status_code == 200 and "administrat" in page.text
    posted = client.post(generate_url(overdue, "release_request"))
    assert posted.status_code == 200 and "administrat" in posted.text
    assert db.session.scalar(select(GeneratedDocument)) is None


def test_an_admin_adds_a_template_that_the_cases_of_its_kind_then_offer(
    app, org, other_org, overdue
):
    admin = client_of(app, make_user("admin"))
    content = edited(template("legal_aid_request").current.content, "Convoqué : {{ person.name }}")
    data = {
        "title": "Convocation à l'audience",
        "organisation_id": org["organisation"].id,
        "language": "fr",
        "document_type": "correspondence",
        "case_kinds": ["detention"],
        "file": (BytesIO(content), "convocation.docx", DOCX),
    }
    response = admin.post("/admin/templates/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    added = db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.title == "Convocation à l'audience")
    )
    assert added.code == "convocation_a_l_audience" and added.kinds == {"detention"}
    assert f"/generate/{added.id}" in client_of(app, org["lawyer"]).get(f"/cases/{overdue.id}").text
    typo = dict(data, title="Autre", file=(BytesIO(edited(content, "{{ nom }}")), "x.docx", DOCX))
    refused = admin.post("/admin/templates/new", data=typo, content_type="multipart/form-data")
    assert refused.status_code == 422 and "nom" in refused.text
    assert 'value="Autre"' in refused.text  # what was typed is kept
