"""Administration of users and organisations."""

import pytest
from sqlalchemy import select

from legalaid.accounts.models import Organisation, User
from legalaid.extensions import db
from legalaid.reference.models import Prison
from legalaid.roles import Role
from legalaid.timeutils import utcnow
from tests.builders import PASSWORD, make_organisation, make_user
from tests.conftest import sign_in

ADMIN_PAGES = [
    "/admin/users",
    "/admin/users/new",
    "/admin/users/{user}",
    "/admin/users/{user}/deactivate",
    "/admin/users/{user}/reactivate",
    "/admin/users/{user}/reset-password",
    "/admin/organisations",
    "/admin/organisations/new",
    "/admin/organisations/{organisation}",
    "/reference/",
]


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_by_role(login_as, role, path):
    client = login_as(role)
    target = make_user("paralegal")
    url = path.format(user=target.id, organisation=target.organisation_id)
    expected = 200 if role == Role.ADMIN else 403
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
@pytest.mark.parametrize(
    "path",
    [
        "/admin/users/new",
        "/admin/users/{user}",
        "/admin/users/{user}/deactivate",
        "/admin/users/{user}/unlock",
        "/admin/users/{user}/reset-password",
        "/admin/organisations/new",
    ],
)
def test_non_admins_cannot_post_admin_forms(login_as, role, path):
    client = login_as(role)
    target = make_user("paralegal")
    response = client.post(path.format(user=target.id), data={"full_name": "Hacked"})
    assert response.status_code == 403
    db.session.refresh(target)
    assert target.active and target.full_name != "Hacked"


def user_form(**overrides):
    data = {
        "email": "Fatoumata.Diarra@Example.org",
        "full_name": "Fatoumata Diarra",
        "role": "lawyer",
        "organisation_id": str(make_organisation().id),
        "phone": "+223 76 00 00 00",
        "preferred_language": "fr",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_user_and_sees_the_password_once(login_as):
    admin = login_as("admin")
    page = admin.post("/admin/users/new", data=user_form())
    assert page.status_code == 200
    assert "affiché une seule fois" in page.text
    user = db.session.scalar(select(User).where(User.email == "fatoumata.diarra@example.org"))
    assert user is not None and user.must_change_password
    password = page.text.split('user-select-all">')[1].split("<")[0]
    assert len(password) == 16
    fresh = admin.application.test_client()
    assert sign_in(fresh, user, password).headers["Location"] == "/"
    assert fresh.get("/").headers["Location"] == "/auth/password"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Saisissez une adresse e-mail valide."),
        ({"full_name": ""}, "Ce champ est requis."),
        ({"organisation_id": "0"}, "appartient à une organisation"),
        ({"role": "prison_officer"}, "au moins une prison"),
        ({"role": "superuser"}, "N&#39;est pas un choix valide."),
    ],
)
def test_invalid_user_form_keeps_what_was_typed(login_as, overrides, message):
    admin = login_as("admin")
    page = admin.post("/admin/users/new", data=user_form(**overrides))
    assert page.status_code == 200
    assert message in page.text
    assert "Fatoumata Diarra" in page.text or overrides.get("full_name") == ""
    assert "+223 76 00 00 00" in page.text
    assert db.session.scalar(select(User).where(User.full_name == "Fatoumata Diarra")) is None


def test_duplicate_email_is_refused(login_as):
    admin = login_as("admin")
    make_user("lawyer", email="fatoumata.diarra@example.org")
    page = admin.post("/admin/users/new", data=user_form())
    assert "Un compte existe déjà avec cet e-mail." in page.text


def test_prison_officer_gets_prisons(login_as):
    admin = login_as("admin")
    prisons = db.session.scalars(select(Prison).order_by(Prison.code).limit(2)).all()
    admin.post(
        "/admin/users/new",
        data=user_form(role="prison_officer", prison_ids=[str(p.id) for p in prisons]),
    )
    user = db.session.scalar(select(User).where(User.email == "fatoumata.diarra@example.org"))
    assert {p.id for p in user.prisons} == {p.id for p in prisons}


def test_concurrent_edits_are_detected(login_as, app):
    first, second = login_as("admin"), login_as("admin")
    target = make_user("lawyer", full_name="Moussa Keïta")
    form = {
        "email": target.email,
        "role": "lawyer",
        "organisation_id": str(target.organisation_id),
        "preferred_language": "fr",
        "version": str(target.version),
    }
    saved = first.post(f"/admin/users/{target.id}", data={**form, "full_name": "Moussa Keita"})
    assert saved.status_code == 302
    clash = second.post(
        f"/admin/users/{target.id}", data={**form, "full_name": "Moussa Kéita", "phone": "7001"}
    )
    assert clash.status_code == 200
    assert "Quelqu'un d'autre a enregistré ce compte" in clash.text
    assert 'value="Moussa Kéita"' in clash.text and 'value="7001"' in clash.text
    assert (
        '<dt class="col-sm-4">Nom complet</dt><dd class="col-sm-8">Moussa Keita</dd>' in clash.text
    )
    db.session.refresh(target)
    assert target.full_name == "Moussa Keita"
    # Saving again, knowingly, applies the second version.
    version = clash.text.split('name="version" type="hidden" value="')[1].split('"')[0]
    again = second.post(
        f"/admin/users/{target.id}",
        data={**form, "full_name": "Moussa Kéita", "version": version},
    )
    assert again.status_code == 302
    db.session.refresh(target)
    assert target.full_name == "Moussa Kéita"


def test_deactivation_asks_for_confirmation_and_ends_access(login_as, app):
    admin = login_as("admin")
    target = make_user("lawyer")
    user_client = app.test_client()
    sign_in(user_client, target)
    confirm = admin.get(f"/admin/users/{target.id}/deactivate")
    assert "Désactiver ce compte ?" in confirm.text
    assert admin.post(f"/admin/users/{target.id}/deactivate").status_code == 302
    db.session.refresh(target)
    assert target.active is False
    assert user_client.get("/").status_code == 302
    assert sign_in(app.test_client(), target).status_code == 200
    assert db.session.get(User, target.id) is not None  # never deleted


def test_admin_cannot_deactivate_themselves(login_as):
    admin = login_as("admin")
    admin.post(f"/admin/users/{admin.user.id}/deactivate")
    db.session.refresh(admin.user)
    assert admin.user.active


def test_unlock(login_as, app):
    admin = login_as("admin")
    target = make_user("paralegal")
    for _ in range(5):
        sign_in(app.test_client(), target, password="wrong password here")
    db.session.refresh(target)
    assert target.is_locked(utcnow())
    assert "Verrouillé" in admin.get("/admin/users?status=locked").text
    admin.post(f"/admin/users/{target.id}/unlock")
    db.session.refresh(target)
    assert not target.is_locked(utcnow())
    assert sign_in(app.test_client(), target).status_code == 302


def test_reset_password(login_as, app):
    admin = login_as("admin")
    target = make_user("paralegal")
    page = admin.post(f"/admin/users/{target.id}/reset-password")
    new_password = page.text.split('user-select-all">')[1].split("<")[0]
    assert sign_in(app.test_client(), target, PASSWORD).status_code == 200
    assert sign_in(app.test_client(), target, new_password).status_code == 302


def test_user_list_filters_and_paginates(login_as):
    admin = login_as("admin")
    other = make_organisation("Barreau du Mali")
    for number in range(55):
        make_user("paralegal", full_name=f"Parajuriste {number:02d}")
    make_user("lawyer", full_name="Maître Coulibaly", organisation=other)
    first_page = admin.get("/admin/users?role=paralegal")
    assert "55 utilisateurs" in first_page.text
    assert "Page 1 sur 2" in first_page.text
    assert "Parajuriste 49" in first_page.text and "Parajuriste 50" not in first_page.text
    assert "Parajuriste 50" in admin.get("/admin/users?role=paralegal&page=2").text
    search = admin.get("/admin/users?q=coulibaly")
    assert "Maître Coulibaly" in search.text and "Parajuriste 0" not in search.text
    by_org = admin.get(f"/admin/users?organisation_id={other.id}")
    assert "1 utilisateur" in by_org.text


def test_user_list_empty_state(login_as):
    admin = login_as("admin")
    assert "Aucun utilisateur ne correspond" in admin.get("/admin/users?q=zzzz").text


def test_organisations_create_edit_and_refuse_duplicates(login_as):
    admin = login_as("admin")
    response = admin.post(
        "/admin/organisations/new", data={"name": "DEME SO", "kind": "ngo", "active": "y"}
    )
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "DEME SO"))
    duplicate = admin.post(
        "/admin/organisations/new", data={"name": "deme so", "kind": "ngo", "active": "y"}
    )
    assert "Une organisation porte déjà ce nom." in duplicate.text
    admin.post(
        f"/admin/organisations/{organisation.id}",
        data={"name": "DEME SO", "kind": "ngo", "version": str(organisation.version)},
    )
    db.session.refresh(organisation)
    assert organisation.active is False
    assert "DEME SO" in admin.get("/admin/organisations").text
