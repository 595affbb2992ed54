"""Server-side sessions: replay after logout, timeouts, revocation, cookie flags."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from legalaid.auth.models import UserSession
from legalaid.extensions import db
from legalaid.timeutils import utcnow
from tests.builders import PASSWORD, make_user
from tests.conftest import build_app, sign_in


def session_cookie(client, app):
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"])


def sessions_count(user) -> int:
    return db.session.scalar(
        select(func.count(UserSession.id)).where(UserSession.user_id == user.id)
    )


def test_cookie_carries_only_a_random_id(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    cookie = session_cookie(client, app)
    assert len(cookie.value) >= 43  # 256 bits, base64
    assert "." not in cookie.value  # not a signed payload: only an id
    row = db.session.get(UserSession, cookie.value)
    assert row.user_id == user.id and row.user_agent is not None
    assert cookie.http_only and cookie.same_site == "Lax"


def test_new_id_at_login(app, client, reference):
    user = make_user("lawyer")
    client.get("/auth/login")  # a session before login (CSRF token, language)
    before = session_cookie(client, app)
    sign_in(client, user)
    after = session_cookie(client, app)
    assert after.value != (before.value if before else None)
    if before:
        assert db.session.get(UserSession, before.value) is None


def test_a_cookie_replayed_after_logout_is_refused(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    stolen = session_cookie(client, app).value
    client.post("/auth/logout")
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], stolen)
    response = thief.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


def test_idle_timeout(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=31)))
    db.session.commit()
    assert client.get("/").status_code == 302


def test_absolute_timeout(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    db.session.execute(
        update(UserSession).values(
            created_at=utcnow() - timedelta(hours=12, minutes=1), last_seen_at=utcnow()
        )
    )
    db.session.commit()
    assert client.get("/").status_code == 302


def test_timeouts_are_configurable(database_url, reference):
    app = build_app(database_url, SESSION_IDLE_MINUTES=5)
    client = app.test_client()
    user = make_user("lawyer")
    sign_in(client, user)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=6)))
    db.session.commit()
    assert client.get("/").status_code == 302


def test_password_change_ends_the_other_sessions(app, reference):
    user = make_user("lawyer")
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    assert sessions_count(user) == 2
    laptop.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "Une toute nouvelle phrase",
            "confirm_password": "Une toute nouvelle phrase",
        },
    )
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200
    assert sessions_count(user) == 1


def test_deactivation_and_role_change_end_all_sessions(app, reference):
    admin_client = app.test_client()
    sign_in(admin_client, make_user("admin"))
    target = make_user("lawyer")
    target_client = app.test_client()
    sign_in(target_client, target)
    admin_client.post(
        f"/admin/users/{target.id}",
        data={
            "email": target.email,
            "full_name": target.full_name,
            "role": "paralegal",
            "organisation_id": str(target.organisation_id),
            "preferred_language": "fr",
            "version": str(target.version),
        },
    )
    assert sessions_count(target) == 0
    assert target_client.get("/").status_code == 302
    sign_in(target_client, target)
    admin_client.post(f"/admin/users/{target.id}/deactivate")
    assert sessions_count(target) == 0


def test_users_see_and_end_their_own_sessions(app, reference):
    user = make_user("paralegal")
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, user)
    sign_in(laptop, user)
    page = laptop.get("/auth/sessions").text
    assert "Cette session" in page
    handles = re.findall(r'action="/auth/sessions/([0-9a-f]+)/end"', page)
    assert len(handles) == 1  # the other session's; this one has no "end" button
    laptop.post(f"/auth/sessions/{handles[0]}/end")
    assert phone.get("/").status_code == 302
    assert laptop.get("/").status_code == 200


def test_nobody_ends_someone_elses_session_through_their_own_page(app, reference):
    victim, attacker = make_user("lawyer"), make_user("lawyer")
    victim_client, attacker_client = app.test_client(), app.test_client()
    sign_in(victim_client, victim)
    sign_in(attacker_client, attacker)
    attacker_client.post(f"/auth/sessions/{session_cookie(victim_client, app).value}/end")
    assert victim_client.get("/").status_code == 200


def test_admins_end_anyones_sessions(app, reference):
    target = make_user("coordinator")
    target_client = app.test_client()
    sign_in(target_client, target)
    admin = app.test_client()
    sign_in(admin, make_user("admin"))
    assert admin.post(f"/admin/users/{target.id}/end-sessions").status_code == 302
    assert target_client.get("/").status_code == 302


def test_production_cookie_is_secure_with_host_prefix(database_url, reference):
    app = build_app(
        database_url,
        ENV_NAME="production",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_NAME="__Host-legalaid",
    )
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_NAME == "__Host-legalaid"
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    client = app.test_client()
    user = make_user("lawyer")
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD},
        base_url="https://localhost",
    )
    header = response.headers["Set-Cookie"]
    assert header.startswith("__Host-legalaid=") and "Secure" in header and "HttpOnly" in header
    assert "Path=/" in header and "Domain" not in header


@pytest.mark.real_commits  # counts the connections the pool lends
def test_a_request_that_leaves_the_session_alone_borrows_no_extra_connection(
    app, client, reference
):
    """Only a new, changed or stale session is written; reading it and the page need two."""
    sign_in(client, make_user("lawyer"))
    client.get("/")
    with app.app_context():
        engine = db.engine
    checkouts = []

    def count_checkout(*_args) -> None:
        checkouts.append(1)

    event.listen(engine, "checkout", count_checkout)
    try:
        assert client.get("/").status_code == 200
    finally:
        event.remove(engine, "checkout", count_checkout)
    assert len(checkouts) == 2
