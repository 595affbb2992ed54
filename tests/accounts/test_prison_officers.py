"""Prison liaison officers belong to the prison administration, not to a partner organisation."""

import html
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from legalaid.accounts.models import Organisation, OrganisationKind, User
from legalaid.accounts.services import PRISON_ADMINISTRATION, create_user, update_user
from legalaid.audit.models import AuditEntry
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from legalaid.notifications.models import Notification
from legalaid.reference.models import Prison
from tests.accounts.test_admin_pages import user_form
from tests.builders import PASSWORD, assign, first_prison, make_case, make_organisation, make_user
from tests.cases.test_intake import client_of

TODAY = datetime.now(UTC).date()


def _officer(email: str = "agent@prison.ml") -> User:
    """An officer created with no organisation chosen."""
    return create_user(
        email=email,
        full_name="Agent Diakité",
        role="prison_officer",
        organisation=None,
        prisons=[first_prison()],
        password=PASSWORD,
        must_change_password=False,
    ).user


def test_an_officer_created_without_organisation_joins_the_prison_administration(reference):
    first, second = _officer(), _officer("second@prison.ml")
    assert first.organisation.name == PRISON_ADMINISTRATION
    assert first.organisation.kind == OrganisationKind.PUBLIC_BODY
    assert second.organisation_id == first.organisation_id
    named = select(func.count()).where(Organisation.name == PRISON_ADMINISTRATION)
    assert db.session.scalar(named) == 1


def test_admin_creates_an_officer_with_no_organisation_chosen(login_as):
    admin = login_as("admin")
    page = admin.post(
        "/admin/users/new",
        data=user_form(role="prison_officer", organisation_id="0", prison_ids=[first_prison().id]),
    )
    assert page.status_code == 200 and "affiché une seule fois" in page.text
    officer = db.session.scalar(select(User).where(User.role == "prison_officer"))
    assert officer.organisation.name == PRISON_ADMINISTRATION
    assert [prison.id for prison in officer.prisons] == [first_prison().id]


def test_other_roles_still_need_an_organisation(login_as):
    page = login_as("admin").post("/admin/users/new", data=user_form(organisation_id="0"))
    assert "appartient à une organisation" in html.unescape(page.text)


def test_an_officer_moved_out_of_an_ngo_joins_the_prison_administration(reference):
    officer = make_user("prison_officer", organisation=make_organisation("ONG"))
    update_user(
        officer,
        {
            "role": "prison_officer",
            "organisation": None,
            "prisons": officer.prisons,
            "email": officer.email,
        },
        officer.version,
        by=make_user("admin"),
    )
    assert officer.organisation.name == PRISON_ADMINISTRATION


def test_the_officer_signs_in_reads_the_roll_and_records_a_release_and_a_transfer(app, org):
    officer = _officer()
    released = make_case(
        "detention", by=org["paralegal"], details={"committal_on": TODAY - timedelta(days=20)}
    )
    moved = make_case(
        "detention",
        by=org["paralegal"],
        full_name="Seydou Koné",
        details={"committal_on": TODAY - timedelta(days=20)},
    )
    assign(moved, org["lawyer"])
    client = client_of(app, officer)
    assert client.get("/").status_code == 200
    assert client.get("/notifications/").status_code == 200
    roll = client.get(f"/prisons/{first_prison().id}/roll")
    assert released.reference in roll.text and moved.reference in roll.text
    release = client.post(
        f"/cases/{released.id}/custody/release",
        data={"released_on": TODAY.strftime("%d/%m/%Y"), "reason": "Mainlevée"},
    )
    assert release.status_code == 302
    assert client.get(release.headers["Location"]).status_code == 200
    other = db.session.scalars(select(Prison).where(Prison.id != first_prison().id)).first()
    transfer = client.post(
        f"/cases/{moved.id}/custody/transfer",
        data={"prison_id": other.id, "transferred_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert transfer.headers["Location"] == f"/prisons/{first_prison().id}/roll"
    assert client.get(transfer.headers["Location"]).status_code == 200
    record = db.session.scalar(select(DetentionRecord).where(DetentionRecord.case_id == moved.id))
    assert record.prison_id == other.id
    told = set(db.session.scalars(select(Notification.user_id)))
    assert told == {org["coordinator"].id, org["lawyer"].id}
    facts = select(AuditEntry).where(AuditEntry.action == "custody_fact")
    assert {entry.user_id for entry in db.session.scalars(facts)} == {officer.id}
    assert client.get("/cases/new").status_code == 403
