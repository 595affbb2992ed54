"""Holes 5 to 9 of the security review, tried as the attacker did: second-factor lockout,
session handles, replacing the second factor, revoking everything, clients behind a proxy."""

import re

import pyotp
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.auth.models import UserSession
from legalaid.extensions import db
from legalaid.notifications.models import Notification, NotificationKind
from legalaid.timeutils import utcnow
from tests.builders import PASSWORD, make_organisation, make_user
from tests.conftest import build_app, sign_in
from tests.security.test_mfa import enrol


def _next_code(secret: str, steps: int = 1) -> str:
    return pyotp.TOTP(secret).at(utcnow().timestamp() + 30 * steps)


def test_a_locked_account_cannot_finish_a_pending_second_factor(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    secret, _codes = enrol(client, user)
    attacker = app.test_client()
    sign_in(attacker, user)  # the right password: a pending second-factor session
    for _ in range(5):
        attacker.post("/auth/second-factor", data={"code": "000000"})
    db.session.refresh(user)
    assert user.is_locked(utcnow())
    attacker.post("/auth/second-factor", data={"code": _next_code(secret)})
    assert attacker.get("/").status_code == 302  # still not signed in


def test_a_right_password_does_not_reset_the_count_of_wrong_codes(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    enrol(client, user)
    attacker = app.test_client()
    for _ in range(5):  # each round: the right password, then one wrong code
        sign_in(attacker, user)
        attacker.post("/auth/second-factor", data={"code": "000000"})
    db.session.refresh(user)
    assert user.is_locked(utcnow())


def test_only_a_full_sign_in_resets_the_count(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    secret, _codes = enrol(client, user)
    other = app.test_client()
    sign_in(other, user)
    other.post("/auth/second-factor", data={"code": "000000"})
    sign_in(other, user)
    db.session.refresh(user)
    assert user.failed_login_count == 1  # the password alone resets nothing
    other.post("/auth/second-factor", data={"code": _next_code(secret)})
    db.session.refresh(user)
    assert user.failed_login_count == 0


def test_the_sessions_page_shows_no_usable_session_id(app, reference):
    user = make_user("paralegal")
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    page = laptop.get("/auth/sessions").text
    for row in db.session.scalars(select(UserSession)):
        assert row.id not in page
    handle = re.search(r'action="/auth/sessions/([0-9a-f]+)/end"', page).group(1)
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], handle)
    assert thief.get("/").status_code == 302  # a handle is not a login cookie


def test_a_raw_session_id_no_longer_ends_a_session(app, reference):
    user = make_user("paralegal")
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    phone_sid = phone.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    laptop.post(f"/auth/sessions/{phone_sid}/end")
    assert phone.get("/").status_code == 200


def _setup_secret(client) -> str:
    page = client.get("/auth/second-factor/setup").text
    return re.search(r"user-select-all\">([A-Z2-7]{32})<", page).group(1)


def test_replacing_the_second_factor_asks_for_the_password(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    old_secret, _codes = enrol(client, user)
    new_secret = _setup_secret(client)
    refused = client.post(
        "/auth/second-factor/setup",
        data={"code": pyotp.TOTP(new_secret).now(), "current_password": "not the password 1"},
    )
    assert "Le mot de passe actuel est incorrect" in refused.text
    db.session.refresh(user)
    assert user.totp_secret == old_secret
    assert not db.session.scalars(select(Notification)).all()


def test_replacing_the_second_factor_notifies_the_user(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    enrol(client, user)
    new_secret = _setup_secret(client)
    done = client.post(
        "/auth/second-factor/setup",
        data={"code": pyotp.TOTP(new_secret).now(), "current_password": PASSWORD},
    )
    assert done.status_code == 200
    db.session.refresh(user)
    assert user.totp_secret == new_secret
    kinds = db.session.scalars(select(Notification.kind).where(Notification.user_id == user.id))
    assert list(kinds) == [NotificationKind.SECOND_FACTOR_CHANGED]
    assert "second facteur a été remplacé" in client.get("/notifications/").text


def _admin(app):
    admin = app.test_client()
    sign_in(admin, make_user("admin"))
    return admin


def test_revoking_a_user_moves_their_calendar_feed(app, reference):
    admin = _admin(app)
    for action in ("end-sessions", "reset-password", "deactivate"):
        user = make_user("lawyer")
        user.calendar_token = f"old-feed-token-{action}"
        db.session.commit()
        assert admin.post(f"/admin/users/{user.id}/{action}").status_code in (200, 302)
        db.session.refresh(user)
        assert user.calendar_token != f"old-feed-token-{action}", action
        assert app.test_client().get(f"/calendar/old-feed-token-{action}.ics").status_code == 404


def test_deactivating_an_organisation_shuts_its_users_out_until_reactivated(app, reference):
    organisation = make_organisation("Association fermée")
    user = make_user("paralegal", organisation=organisation)
    member = app.test_client()
    sign_in(member, user)
    admin = _admin(app)
    form = {"name": organisation.name, "kind": organisation.kind, "version": organisation.version}
    admin.post(f"/admin/organisations/{organisation.id}", data=form)  # "active" unticked
    assert member.get("/").status_code == 302  # the open session ended
    assert sign_in(app.test_client(), user).status_code == 200  # refused at login
    db.session.refresh(organisation)
    form = {**form, "version": organisation.version, "active": "y"}
    admin.post(f"/admin/organisations/{organisation.id}", data=form)
    assert sign_in(app.test_client(), user).status_code == 302


def test_behind_a_trusted_proxy_each_client_has_its_own_address(database_url, reference):
    proxied = build_app(
        database_url, TRUSTED_PROXIES=1, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute"
    )
    user = make_user("lawyer")
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        client = proxied.test_client()
        for _ in range(2):  # each client's own bucket: two tries each, none refused
            response = client.post(
                "/auth/login",
                data={"email": user.email, "password": "wrong password 123"},
                headers={"X-Forwarded-For": address},
            )
            assert response.status_code == 200
    addresses = set(
        db.session.scalars(select(AuditEntry.ip).where(AuditEntry.action == "login_failed"))
    )
    assert addresses == {"10.0.0.1", "10.0.0.2", "10.0.0.3"}
    third_try = proxied.test_client().post(
        "/auth/login",
        data={"email": user.email, "password": "wrong password 123"},
        headers={"X-Forwarded-For": "10.0.0.1"},
    )
    assert third_try.status_code == 429  # the limit still holds per client


def test_without_trusted_proxies_the_header_is_ignored(database_url, reference):
    direct = build_app(database_url, TRUSTED_PROXIES=0)
    user = make_user("lawyer")
    client = direct.test_client()
    client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "10.9.9.9"},
    )
    assert db.session.scalar(select(AuditEntry.ip).where(AuditEntry.action == "login")) != (
        "10.9.9.9"
    )
    assert db.session.scalar(select(UserSession.ip)) != "10.9.9.9"


def test_entries_name_their_actor_and_object(app, reference, client):
    admin_user = make_user("admin")
    admin = app.test_client()
    sign_in(admin, admin_user)
    organisation = make_organisation("Ancienne association")
    admin.post(
        "/admin/users/new",
        data={
            "email": "nouvelle@example.org",
            "full_name": "Awa Nouvelle",
            "role": "paralegal",
            "organisation_id": organisation.id,
            "preferred_language": "fr",
        },
    )
    admin.post("/admin/organisations/new", data={"name": "Nouvelle ONG", "kind": "ngo"})
    admin.post(
        f"/admin/organisations/{organisation.id}",
        data={
            "name": "Association renommée",
            "kind": organisation.kind,
            "active": "y",
            "version": organisation.version,
        },
    )
    entries = {
        entry.action: entry
        for entry in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    }
    for action in ("user_create", "organisation_create", "organisation_update"):
        assert entries[action].user_id == admin_user.id, action
        assert entries[action].object_id is not None, action
    user = make_user("lawyer")
    sign_in(client, user)
    enrol(client, user)
    entries = {entry.action: entry for entry in db.session.scalars(select(AuditEntry))}
    assert entries["mfa_enrol"].object_type == "User"
    assert entries["mfa_enrol"].object_id == user.id
    assert "LocalProxy" not in admin.get("/admin/audit").text


def test_the_audit_object_filter_speaks_french(app, reference):
    admin = _admin(app)
    page = admin.get("/admin/audit").text
    assert 'placeholder="Case"' not in page
    assert ">Dossier</option>" in page
