"""Generating from the case page: who may, what is listed first, two versions, never more."""

import pytest
from sqlalchemy import func, select

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import CaseEvent, Document, EventKind
from legalaid.drafting.models import GeneratedDocument
from legalaid.extensions import db
from tests.builders import make_case, make_user
from tests.cases.test_intake import client_of
from tests.drafting.conftest import NAME, committal_for, detention_case, docx_text, pdf_text
from tests.drafting.test_default_templates import template


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def generate_url(case, code: str) -> str:
    return f"/cases/{case.id}/generate/{template(code).id}"


def test_the_case_page_calls_for_the_release_request_of_an_overdue_detainee(app, org, overdue):
    page = client_of(app, org["lawyer"]).get(f"/cases/{overdue.id}").text
    assert 'id="legal-documents"' in page
    assert "43" in page and generate_url(overdue, "release_request") in page
    assert generate_url(overdue, "legal_aid_request") in page
    assert generate_url(overdue, "judge_letter") not in page  # renewal is not what is due


def test_generating_twice_keeps_two_documents_on_the_timeline_and_in_the_audit(app, org, overdue):
    client = client_of(app, org["lawyer"])
    url = generate_url(overdue, "release_request")
    assert "Everything this document needs is on the case" in client.get(url).text or (
        "Tout ce dont ce document a besoin" in client.get(url).text
    )
    first = client.post(url, data={})
    second = client.post(url, data={})
    assert first.status_code == second.status_code == 302
    rows = db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.number)).all()
    assert [row.number for row in rows] == [1, 2]
    assert count(Document) == 4  # a Word file and a PDF each
    assert {row.template_version.number for row in rows} == {1}
    events = db.session.scalars(
        select(CaseEvent.text).where(
            CaseEvent.case_id == overdue.id, CaseEvent.kind == EventKind.DOCUMENT
        )
    ).all()
    assert len(events) == 2 and all("Demande de mise en liberté" in text for text in events)
    audited = db.session.scalars(
        select(AuditEntry.details).where(AuditEntry.action == "document_generate")
    ).all()
    assert sorted(audited) == ["release_request v1 n1 missing=0", "release_request v1 n2 missing=0"]
    docx = client.get(f"/cases/{overdue.id}/generated/{rows[1].id}.docx")
    pdf = client.get(f"/cases/{overdue.id}/generated/{rows[1].id}.pdf")
    assert docx.status_code == pdf.status_code == 200
    assert NAME in docx_text(docx.data) and NAME in pdf_text(pdf.data)
    assert (
        "n° 2" in docx.headers["Content-Disposition"]
        or "n%C2%B0%202" in docx.headers["Content-Disposition"]
    )


def test_a_missing_value_is_listed_before_generating(app, org):
    case = detention_case(org["paralegal"], committal_on=committal_for(43), investigating_judge="")
    page = client_of(app, org["paralegal"]).get(generate_url(case, "release_request")).text
    assert 'id="missing-fields"' in page and "detention.judge" in page


def test_a_template_the_state_does_not_call_for_is_not_found(app, org, overdue):
    client = client_of(app, org["lawyer"])
    assert client.get(generate_url(overdue, "judge_letter")).status_code == 404
    assert client.get(generate_url(overdue, "pv_conciliation")).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("lawyer", 200),  # assigned
        ("paralegal", 200),  # took it in
        ("other_paralegal", 404),  # same organisation, not on the case
        ("other_coordinator", 404),
        ("viewer", 403),
        ("admin", 403),
    ],
)
def test_who_may_generate_from_a_case(app, org, other_org, overdue, who, status):
    users = {
        **org,
        "other_coordinator": other_org["coordinator"],
        "viewer": make_user("viewer", organisation=org["organisation"]),
        "admin": make_user("admin"),
    }
    client = client_of(app, users[who])
    assert client.get(generate_url(overdue, "release_request")).status_code == status
    assert client.post(generate_url(overdue, "release_request")).status_code in (status, 302)
    assert count(GeneratedDocument) == (1 if status == 200 else 0)


def test_a_prison_officer_may_generate_only_the_clocks_letters(app, org, overdue, officer):
    client = client_of(app, officer)
    assert client.get(generate_url(overdue, "legal_aid_request")).status_code == 404
    assert client.post(generate_url(overdue, "release_request")).status_code == 302
    mine = db.session.scalar(select(GeneratedDocument))
    assert client.get(f"/cases/{overdue.id}/generated/{mine.id}.pdf").status_code == 200
    roll = client.get(f"/prisons/{overdue_prison_id(overdue)}/roll").text
    assert generate_url(overdue, "release_request") in roll
    # What the lawyer generated is not the officer's to read.
    lawyer = client_of(app, org["lawyer"])
    lawyer.post(generate_url(overdue, "release_request"))
    theirs = db.session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id)).all()[-1]
    assert client.get(f"/cases/{overdue.id}/generated/{theirs.id}.docx").status_code == 404


def overdue_prison_id(case) -> int:
    from legalaid.cases.services import details_of

    return details_of(case).prison_id


def test_the_alerts_page_offers_the_release_request(app, org, overdue):
    page = client_of(app, org["lawyer"]).get("/detention/alerts").text
    assert generate_url(overdue, "release_request") in page


def test_an_officer_of_another_prison_finds_nothing(app, overdue, reference):
    from legalaid.reference.models import Prison

    prisons = db.session.scalars(select(Prison).order_by(Prison.code)).all()
    stranger = make_user("prison_officer", prisons=[prisons[1]])
    client = client_of(app, stranger)
    assert client.get(generate_url(overdue, "release_request")).status_code == 404


def test_the_referral_slip_is_refused_without_consent_with_the_reason(app, org):
    case = make_case("gbv", by=org["paralegal"], details={"consent_health": True})
    client = client_of(app, org["paralegal"])
    url = generate_url(case, "referral_slip")
    refused = client.post(url, data={"referral_type": "legal", "referral_service": "Clinique"})
    assert refused.status_code == 200
    assert "legal" in refused.text or "juridique" in refused.text
    assert 'value="Clinique"' in refused.text  # what was typed is kept
    assert count(GeneratedDocument) == 0
    assert client.post(url, data={"referral_type": "health"}).status_code == 302
    assert count(GeneratedDocument) == 1
