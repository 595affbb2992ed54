"""Signing in: success, one message for every failure, lockout in the database, safe redirects."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from legalaid.accounts.models import User
from legalaid.auth.services import authenticate
from legalaid.extensions import db
from legalaid.timeutils import utcnow
from tests.builders import PASSWORD, make_user
from tests.conftest import build_app, sign_in

FAILURE_TEXT = "E-mail ou mot de passe incorrect"


def reload(user: User) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.id == user.id))


def test_login_page_is_french_by_default(client, reference):
    page = client.get("/auth/login")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "Se connecter" in page.text
    assert 'name="email"' in page.text and 'name="password"' in page.text


def test_success_signs_in_and_records_last_login(client, reference):
    user = make_user("paralegal")
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Bienvenue" in client.get("/").text
    assert reload(user).last_login_at is not None


def test_email_is_case_and_space_insensitive(client, reference):
    user = make_user("lawyer", email="awa.traore@example.org")
    response = client.post(
        "/auth/login", data={"email": "  Awa.TRAORE@example.org ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert reload(user).email == "awa.traore@example.org"


def test_wrong_email_and_wrong_password_look_the_same(client, reference):
    user = make_user("lawyer")
    wrong_password = client.post(
        "/auth/login", data={"email": user.email, "password": "not the password at all"}
    )
    wrong_email = client.post(
        "/auth/login", data={"email": "nobody@example.org", "password": PASSWORD}
    )
    assert wrong_password.status_code == wrong_email.status_code == 200
    assert FAILURE_TEXT in wrong_password.text and FAILURE_TEXT in wrong_email.text
    assert _without_typed_email_and_csrf(wrong_password.text, user.email) == (
        _without_typed_email_and_csrf(wrong_email.text, "nobody@example.org")
    )


def _without_typed_email_and_csrf(page: str, email: str) -> str:
    """The page minus what legitimately differs: the echoed email and the timestamped CSRF token."""
    without_email = page.replace(email, "")
    return re.sub(r'(name="csrf_token"[^>]*>|data-csrf-token="[^"]*")', "", without_email)


def test_form_keeps_the_email_typed(client, reference):
    page = client.post("/auth/login", data={"email": "fanta@example.org", "password": "x" * 12})
    assert 'value="fanta@example.org"' in page.text


def test_five_failures_lock_the_account_for_fifteen_minutes(client, reference):
    user = make_user("paralegal")
    for _ in range(5):
        sign_in(client, user, password="wrong password here")
    locked = reload(user)
    assert locked.locked_until is not None
    assert timedelta(minutes=14) < locked.locked_until - utcnow() <= timedelta(minutes=15)
    # Even the right password is refused while locked, with the same message.
    refused = sign_in(client, user)
    assert refused.status_code == 200 and FAILURE_TEXT in refused.text
    # After the lock expires, the right password works again.
    later = utcnow() + timedelta(minutes=16)
    assert authenticate(user.email, PASSWORD, now=later) is not None


def test_four_failures_do_not_lock(client, reference):
    user = make_user("paralegal")
    for _ in range(4):
        sign_in(client, user, password="wrong password here")
    assert reload(user).locked_until is None
    assert sign_in(client, user).status_code == 302
    assert reload(user).failed_login_count == 0


def test_locking_one_account_never_locks_another(client, reference):
    victim, bystander = make_user("lawyer"), make_user("lawyer")
    for _ in range(6):
        sign_in(client, victim, password="wrong password here")
    assert reload(victim).locked_until is not None
    assert sign_in(client, bystander).status_code == 302


def test_lockout_holds_across_app_servers(app, database_url, reference):
    """Failures counted by two app servers add up: the count lives in the database."""
    user = make_user("coordinator")
    other_server = build_app(database_url)
    clients = [app.test_client(), other_server.test_client()]
    for attempt in range(5):
        sign_in(clients[attempt % 2], user, password="wrong password here")
    assert sign_in(clients[1], user).status_code == 200
    assert sign_in(clients[0], user).status_code == 200


def test_deactivated_user_cannot_sign_in(client, reference):
    user = make_user("lawyer")
    user.active = False
    db.session.commit()
    assert sign_in(client, user).status_code == 200


def test_deactivation_ends_an_open_session(client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    assert client.get("/").status_code == 200
    user.active = False
    db.session.commit()
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")


@pytest.mark.parametrize(
    ("next_value", "expected"),
    [
        ("/admin/users", "/admin/users"),
        ("/admin/users?page=2", "/admin/users?page=2"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("http:/evil.example", "/"),
        ("/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"),
        ("", "/"),
    ],
)
def test_next_only_redirects_within_the_site(client, reference, next_value, expected):
    user = make_user("admin")
    response = client.post(
        "/auth/login",
        query_string={"next": next_value},
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_anonymous_request_is_sent_to_login_with_next(client):
    response = client.get("/admin/users?page=2")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_logout_forgets_the_session(client, reference):
    user = make_user("paralegal")
    sign_in(client, user)
    response = client.post("/auth/logout")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_logout_is_post_only(client, reference):
    user = make_user("paralegal")
    sign_in(client, user)
    assert client.get("/auth/logout").status_code == 405
    assert client.get("/").status_code == 200


def test_first_login_requires_a_password_change(client, reference):
    user = make_user("admin", must_change_password=True)
    sign_in(client, user)
    assert client.get("/admin/users").headers["Location"] == "/auth/password"
    response = client.post(
        "/auth/password",
        data={
            "current_password": PASSWORD,
            "new_password": "Une nouvelle phrase secrète",
            "confirm_password": "Une nouvelle phrase secrète",
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/users").status_code == 200
    assert reload(user).must_change_password is False


def test_password_change_needs_the_current_password(client, reference):
    user = make_user("lawyer")
    sign_in(client, user)
    page = client.post(
        "/auth/password",
        data={
            "current_password": "not my password",
            "new_password": "Une nouvelle phrase secrète",
            "confirm_password": "Une nouvelle phrase secrète",
        },
    )
    assert "Le mot de passe actuel est incorrect." in page.text
    assert authenticate(user.email, PASSWORD) is not None


class TestCsrf:
    """CSRF stays on outside the test configuration: a form without its token is refused."""

    @pytest.fixture
    def csrf_client(self, database_url):
        return build_app(database_url, WTF_CSRF_ENABLED=True).test_client()

    def test_login_without_token_is_refused(self, csrf_client, reference):
        user = make_user("lawyer")
        response = sign_in(csrf_client, user)
        assert response.status_code == 400
        assert "Le formulaire a expiré" in response.text

    def test_login_with_token_works(self, csrf_client, reference):
        import re

        user = make_user("lawyer")
        page = csrf_client.get("/auth/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = csrf_client.post(
            "/auth/login",
            data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302

    def test_logout_without_token_is_refused(self, csrf_client, reference):
        import re

        user = make_user("lawyer")
        page = csrf_client.get("/auth/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        csrf_client.post(
            "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert csrf_client.post("/auth/logout").status_code == 400
        assert csrf_client.get("/").status_code == 200
