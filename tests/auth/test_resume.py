"""A form sent after the session expired is kept, never executed; "stay signed in" refreshes."""

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select, update

from legalaid.accounts.models import User
from legalaid.auth.models import UserSession
from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.timeutils import utcnow
from tests.builders import PASSWORD, make_user
from tests.conftest import build_app, sign_in

JSON = {"Accept": "application/json"}
NARRATIVE = "Elle a été frappée le 3 mars au marché."


def expire_sessions(minutes: int = 31) -> None:
    db.session.execute(
        update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=minutes))
    )
    db.session.commit()


def case_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def gbv_intake(**overrides) -> dict:
    data = {
        "full_name": "Awa Traoré",
        "sex": "F",
        "age": "24",
        "commune": "Sévaré",
        "opened_on": "02/03/2026",
        "service_level": "advice",
        "narrative": NARRATIVE,
        "csrf_token": "the-posted-token",
    }
    data.update(overrides)
    return data


@pytest.fixture
def paralegal(app, reference):
    user = make_user("paralegal")
    client = app.test_client()
    sign_in(client, user)
    client.user = user
    return client


class TestKeepAlive:
    def test_refreshes_the_idle_clock(self, paralegal):
        expire_sessions(minutes=25)
        answer = paralegal.post("/auth/keep-alive", headers=JSON)
        assert answer.status_code == 200
        assert answer.json["idle_seconds"] > 25 * 60
        db.session.expire_all()
        last_seen = db.session.scalar(select(UserSession.last_seen_at))
        assert utcnow() - last_seen < timedelta(seconds=5)
        expire_sessions(minutes=25)  # 25 + 25 minutes: still alive only thanks to the refresh
        assert paralegal.get("/").status_code == 200

    def test_needs_a_session(self, client, reference):
        answer = client.post("/auth/keep-alive", headers=JSON)
        assert answer.status_code == 401
        assert answer.json == {"error": "session_expired"}

    def test_an_expired_session_is_not_revived(self, paralegal):
        expire_sessions()
        assert paralegal.post("/auth/keep-alive", headers=JSON).status_code == 401
        assert paralegal.get("/").status_code == 302

    def test_needs_the_csrf_token(self, database_url, reference):
        app = build_app(database_url, WTF_CSRF_ENABLED=True)
        client = app.test_client()
        login_page = client.get("/auth/login").text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        user = make_user("lawyer")
        client.post(
            "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        home = client.get("/").text
        token = re.search(r'data-csrf-token="([^"]+)"', home).group(1)
        assert client.post("/auth/keep-alive", headers=JSON).status_code == 400
        answer = client.post("/auth/keep-alive", headers={**JSON, "X-CSRFToken": token})
        assert answer.status_code == 200


class TestExpiredPost:
    def test_a_page_copied_for_offline_work_leaves_the_expired_session_to_the_user(self, paralegal):
        expire_sessions()
        copy = paralegal.get("/cases/new/gbv", headers={"X-Offline-Copy": "1"})
        assert copy.status_code == 302 and "Set-Cookie" not in copy.headers
        page = paralegal.post("/cases/new/gbv", data=gbv_intake())
        assert page.status_code == 401
        assert f'value="{paralegal.user.email}"' in page.text  # still whose session it was

    def test_the_form_is_kept_in_the_page_and_not_saved(self, paralegal):
        expire_sessions()
        before = case_count()
        page = paralegal.post("/cases/new/gbv", data=gbv_intake(current_password="secret pass"))
        assert page.status_code == 401
        assert case_count() == before
        assert 'action="/auth/sign-in-again"' in page.text
        assert "Le formulaire a expiré" in page.text
        assert f'name="kept-narrative" value="{NARRATIVE}"' in page.text
        assert 'name="kept-full_name" value="Awa Traoré"' in page.text
        assert f'value="{paralegal.user.email}"' in page.text  # whose session it was
        assert 'name="next" type="hidden" value="/cases/new/gbv"' in page.text
        # Passwords and the posted CSRF token are never echoed.
        assert "secret pass" not in page.text and "current_password" not in page.text
        assert "the-posted-token" not in page.text

    def test_signing_in_again_gives_the_values_back_and_saves_nothing(self, paralegal):
        expire_sessions()
        before = case_count()
        page = paralegal.post(
            "/auth/sign-in-again",
            data={
                "email": paralegal.user.email,
                "password": PASSWORD,
                "next": "/cases/new/gbv",
                "kept-narrative": NARRATIVE,
                "kept-csrf_token": "the-posted-token",
                "kept-new_password": "not to show",
            },
        )
        assert page.status_code == 200
        assert NARRATIVE in page.text
        assert 'href="/cases/new/gbv"' in page.text
        assert "the-posted-token" not in page.text and "not to show" not in page.text
        assert case_count() == before
        assert paralegal.get("/").status_code == 200  # signed in again

    def test_without_kept_values_it_goes_back_to_the_form_page(self, paralegal):
        expire_sessions()
        answer = paralegal.post(
            "/auth/sign-in-again",
            data={"email": paralegal.user.email, "password": PASSWORD, "next": "/cases/new/gbv"},
        )
        assert answer.status_code == 302 and answer.headers["Location"] == "/cases/new/gbv"

    @pytest.mark.parametrize(
        "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
    )
    def test_no_open_redirect(self, paralegal, target):
        expire_sessions()
        answer = paralegal.post(
            "/auth/sign-in-again",
            data={"email": paralegal.user.email, "password": PASSWORD, "next": target},
        )
        assert answer.status_code == 302 and answer.headers["Location"] == "/"

    def test_a_wrong_password_counts_towards_the_lockout(self, paralegal):
        expire_sessions()
        page = paralegal.post(
            "/auth/sign-in-again",
            data={"email": paralegal.user.email, "password": "wrong one", "kept-commune": "Mopti"},
        )
        assert page.status_code == 401
        assert 'name="kept-commune" value="Mopti"' in page.text  # still kept for the next try
        assert "wrong one" not in page.text
        db.session.expire_all()
        assert db.session.get(User, paralegal.user.id).failed_login_count == 1
        assert paralegal.get("/").status_code == 302

    def test_a_locked_account_cannot_sign_in_again(self, paralegal):
        db.session.execute(
            update(User)
            .where(User.id == paralegal.user.id)
            .values(locked_until=utcnow() + timedelta(minutes=10))
        )
        expire_sessions()
        page = paralegal.post(
            "/auth/sign-in-again", data={"email": paralegal.user.email, "password": PASSWORD}
        )
        assert page.status_code == 401
        assert paralegal.get("/").status_code == 302

    def test_the_second_factor_is_asked_too(self, paralegal):
        secret = pyotp.random_base32()
        db.session.execute(
            update(User).where(User.id == paralegal.user.id).values(totp_secret=secret)
        )
        expire_sessions()
        credentials = {"email": paralegal.user.email, "password": PASSWORD}
        page = paralegal.post("/cases/new/gbv", data=gbv_intake())
        assert 'name="code"' in page.text
        without_code = paralegal.post("/auth/sign-in-again", data=credentials)
        assert without_code.status_code == 401 and paralegal.get("/").status_code == 302
        wrong = paralegal.post("/auth/sign-in-again", data={**credentials, "code": "000000"})
        assert wrong.status_code == 401 and paralegal.get("/").status_code == 302
        db.session.expire_all()
        assert db.session.get(User, paralegal.user.id).failed_login_count == 1
        right = paralegal.post(
            "/auth/sign-in-again", data={**credentials, "code": pyotp.TOTP(secret).now()}
        )
        assert right.status_code == 302
        assert paralegal.get("/").status_code == 200

    def test_a_stale_csrf_token_is_answered_the_same_way(self, database_url, reference):
        app = build_app(database_url, WTF_CSRF_ENABLED=True)
        client = app.test_client()
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/auth/login").text
        ).group(1)
        user = make_user("paralegal")
        client.post(
            "/auth/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        before = case_count()
        page = client.post("/cases/new/gbv", data=gbv_intake(csrf_token="stale"))
        assert page.status_code == 400
        assert case_count() == before
        assert 'name="kept-narrative"' in page.text and "stale" not in page.text

    def test_other_requests_still_go_to_the_login_page(self, client, reference):
        answer = client.get("/cases/")
        assert answer.status_code == 302
        assert answer.headers["Location"].startswith("/auth/login?next=")


def test_error_summary_links_every_error_to_its_field(paralegal):
    page = paralegal.post("/cases/new/gbv", data=gbv_intake(full_name="", sex=""))
    summary = re.search(
        r'<div class="alert alert-danger" role="alert" tabindex="-1" id="errors"'
        r" data-error-summary>(.*?)</div>",
        page.text,
        re.S,
    )
    assert summary, page.text
    assert 'href="#full_name"' in summary.group(1) and 'href="#sex"' in summary.group(1)
    assert 'action="#errors"' in page.text


def test_a_button_sent_after_expiry_just_leads_to_the_login_page(paralegal):
    expire_sessions()
    answer = paralegal.post("/auth/logout")
    assert answer.status_code == 302 and answer.headers["Location"] == "/auth/login"
