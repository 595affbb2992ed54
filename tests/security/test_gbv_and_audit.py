"""A GBV survivor's identity on every surface; the audit trail: complete and append-only."""

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.audit.services import audit
from legalaid.extensions import db
from legalaid.workflow.models import Hearing
from tests.builders import assign, make_case, make_user
from tests.cases.test_intake import beneficiary_form, client_of

SURVIVOR = "Mariam Cissé"
SECRETS = ("Mariam", "Cissé", "+223 77 12 12 12", "Rue 12 porte 4", "récit confidentiel")


@pytest.fixture
def survivor_case(org):
    case = make_case(
        "gbv",
        by=org["other_paralegal"],
        full_name=SURVIVOR,
        phone="+223 77 12 12 12",
        address="Rue 12 porte 4",
        details={"narrative": "Un récit confidentiel"},
    )
    db.session.add(
        Hearing(
            case_id=case.id,
            scheduled_at=case.created_at,
            purpose=f"Audition de {SURVIVOR}",
            created_by_id=org["other_paralegal"].id,
        )
    )
    db.session.commit()
    return case


def assert_masked(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, (where, secret)


def test_every_surface_masks_her_for_those_who_may_not_see_her(app, org, survivor_case):
    lawyer = client_of(app, org["lawyer"])  # may see the intake waiting for a lawyer, not her
    admin = client_of(app, make_user("admin"))
    for client, who in ((lawyer, "lawyer"), (admin, "admin")):
        assert_masked(client.get(f"/cases/{survivor_case.id}").text, f"{who} case page")
        assert_masked(client.get("/cases/").text, f"{who} list")
        found = client.get("/cases/?q=Mariam+Cisse").text  # the query itself is echoed back
        assert survivor_case.reference not in found and "Cissé" not in found
    assert_masked(admin.get("/admin/audit").text, "audit page")
    assert_masked(admin.get("/admin/audit.csv").data.decode("utf-8-sig"), "audit export")


def test_duplicate_and_conflict_checks_never_reveal_her(app, org, survivor_case):
    paralegal = client_of(app, org["paralegal"])
    duplicate = paralegal.post(
        "/cases/new/litigation",
        data=beneficiary_form(full_name="Mariam Sissé", sex="F", matter_type="land", forum="court"),
    )
    assert "Cette personne est peut-être déjà connue" not in duplicate.text
    assert survivor_case.beneficiary.code not in duplicate.text
    conflict = paralegal.post(
        "/cases/new/litigation",
        data=beneficiary_form(
            full_name="Oumar Sidibé",
            matter_type="family",
            forum="court",
            adverse_parties="Mariam Cisse",
            beneficiary_choice="new",
        ),
    )
    assert survivor_case.reference not in conflict.text
    assert "Cissé" not in conflict.text


def test_notifications_and_calendar_name_the_case_only(app, org, survivor_case):
    coordinator = client_of(app, org["coordinator"])
    coordinator.post(
        f"/cases/{survivor_case.id}/assign",
        data={"person_id": org["lawyer"].id, "version": survivor_case.version},
    )
    lawyer = client_of(app, org["lawyer"])
    assert_masked(lawyer.get("/notifications/").text, "notifications")
    lawyer.post("/hearings/calendar-address")
    db.session.refresh(org["lawyer"])
    feed = app.test_client().get(f"/calendar/{org['lawyer'].calendar_token}.ics").data.decode()
    assert survivor_case.reference in feed
    assert_masked(feed, "calendar feed")


def test_her_workers_and_coordinator_do_see_her(app, org, survivor_case):
    assign(survivor_case, org["lawyer"])
    for user in (org["lawyer"], org["other_paralegal"], org["coordinator"]):
        page = client_of(app, user).get(f"/cases/{survivor_case.id}").text
        assert SURVIVOR in page and "Un récit confidentiel" in page


def test_the_trail_records_what_happened(app, org):
    paralegal = client_of(app, org["paralegal"])
    make_user("lawyer")
    app.test_client().post(
        "/auth/login", data={"email": org["paralegal"].email, "password": "nope nope nope"}
    )
    response = paralegal.post(
        "/cases/new/litigation", data=beneficiary_form(matter_type="land", forum="court")
    )
    case_id = int(response.headers["Location"].rsplit("/", 1)[1])
    paralegal.get(f"/cases/{case_id}")
    paralegal.get("/admin/users")
    client_of(app, org["other_paralegal"]).get(f"/cases/{case_id}")
    paralegal.post("/auth/logout")
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [entry.action for entry in entries]
    for expected in (
        "login",
        "login_failed",
        "case_create",
        "case_view",
        "permission_denied",
        "case_denied",
        "logout",
    ):
        assert expected in actions, expected
    view = next(e for e in entries if e.action == "case_view")
    assert view.user_id == org["paralegal"].id and view.role == "paralegal"
    assert view.object_type == "Case" and view.object_id == case_id and view.ip == "127.0.0.1"


def test_gbv_edits_record_field_names_never_values(app, org):
    case = make_case("gbv", by=org["paralegal"], full_name=SURVIVOR)
    client = client_of(app, org["paralegal"])
    client.post(
        f"/cases/{case.id}/edit",
        data={
            "version": str(case.version),
            "opened_on": "02/03/2026",
            "service_level": "advice",
            "summary": "Nouveau résumé",
            "incident_type": "rape",
            "narrative": "Un récit confidentiel",
        },
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "case_update"))
    assert "narrative" in entry.details and "récit" not in entry.details


def test_audit_entries_cannot_be_changed_or_deleted(org):
    audit("test_entry", by=org["paralegal"])
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry))
    entry.details = "rewritten"
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditEntry)))
    with pytest.raises(PermissionError):
        db.session.commit()
    db.session.rollback()


def test_no_code_path_updates_or_deletes_audit_rows():
    """The guard above covers the ORM; this covers SQL written by hand anywhere in the package."""
    package = Path(__file__).resolve().parents[2] / "legalaid"
    forbidden = re.compile(
        r"(update|delete)\(\s*AuditEntry|(UPDATE|DELETE FROM)\s+audit_entries", re.I
    )
    offenders = [
        str(path)
        for path in package.rglob("*.py")
        if forbidden.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
