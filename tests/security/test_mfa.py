"""TOTP second factor: enrolment, login with a code, no reuse, recovery codes, required roles."""

import re

import pyotp
from sqlalchemy import select

from legalaid.accounts.models import User
from legalaid.audit.models import AuditEntry
from legalaid.extensions import db
from legalaid.timeutils import utcnow
from tests.builders import PASSWORD, make_user
from tests.conftest import build_app, sign_in


def enrol(client, user):
    page = client.get("/auth/second-factor/setup").text
    assert "<svg" in page
    secret = re.search(r"user-select-all\">([A-Z2-7]{32})<", page).group(1)
    code = pyotp.TOTP(secret).now()
    done = client.post("/auth/second-factor/setup", data={"code": code})
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", done.text)
    assert len(codes) == 10
    db.session.refresh(user)
    return secret, codes


def test_enrol_then_sign_in_with_a_code(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    secret, _codes = enrol(client, user)
    fresh = app.test_client()
    response = sign_in(fresh, user)
    assert response.headers["Location"] == "/auth/second-factor"
    assert fresh.get("/").status_code == 302  # not signed in yet
    # The code just used at enrolment is refused; the next time step's is accepted.
    totp = pyotp.TOTP(secret)
    next_code = totp.at(utcnow().timestamp() + 30)
    assert fresh.post("/auth/second-factor", data={"code": next_code}).status_code == 302
    assert fresh.get("/").status_code == 200


def test_a_code_is_accepted_once_only(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    secret, _codes = enrol(client, user)
    code = pyotp.TOTP(secret).at(utcnow().timestamp() + 30)
    first = app.test_client()
    sign_in(first, user)
    first.post("/auth/second-factor", data={"code": code})
    second = app.test_client()
    sign_in(second, user)
    replay = second.post("/auth/second-factor", data={"code": code})
    assert "Ce code a déjà été utilisé" in replay.text
    assert second.get("/").status_code == 302
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "mfa_code_reuse" in actions


def test_wrong_codes_count_towards_the_lockout(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    enrol(client, user)
    attacker = app.test_client()
    sign_in(attacker, user)
    for _ in range(5):
        attacker.post("/auth/second-factor", data={"code": "000000"})
    db.session.refresh(user)
    assert user.is_locked(utcnow())
    assert "mfa_failed" in db.session.scalars(select(AuditEntry.action)).all()


def test_recovery_codes_work_once(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    _secret, codes = enrol(client, user)
    first = app.test_client()
    sign_in(first, user)
    assert first.post("/auth/second-factor", data={"code": codes[0]}).status_code == 302
    assert first.get("/").status_code == 200
    again = app.test_client()
    sign_in(again, user)
    assert again.post("/auth/second-factor", data={"code": codes[0]}).status_code == 200
    assert again.get("/").status_code == 302


def test_required_roles_must_enrol(database_url, reference):
    app = build_app(database_url, MFA_REQUIRED_ROLES=("admin", "coordinator"))
    coordinator = make_user("coordinator")
    client = app.test_client()
    sign_in(client, coordinator)
    assert client.get("/cases/").headers["Location"] == "/auth/second-factor/setup"
    enrol(client, coordinator)
    assert client.get("/cases/").status_code == 200
    lawyer = make_user("lawyer")
    lawyer_client = app.test_client()
    sign_in(lawyer_client, lawyer)
    assert lawyer_client.get("/cases/").status_code == 200


def test_the_pending_login_expires(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    secret, _codes = enrol(client, user)
    fresh = app.test_client()
    sign_in(fresh, user)
    with fresh.session_transaction() as session:
        session["mfa_since"] = utcnow().timestamp() - 301
    code = pyotp.TOTP(secret).at(utcnow().timestamp() + 30)
    assert (
        fresh.post("/auth/second-factor", data={"code": code}).headers["Location"] == "/auth/login"
    )


def test_admin_removes_a_lost_second_factor(app, client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    enrol(client, user)
    admin = app.test_client()
    sign_in(admin, make_user("admin"))
    admin.post(f"/admin/users/{user.id}/reset-second-factor")
    db.session.refresh(user)
    assert user.totp_secret is None
    fresh = app.test_client()
    assert sign_in(fresh, user).headers["Location"] == "/"
    assert db.session.get(User, user.id).totp_last_step is None
    assert PASSWORD
