"""Signing in again without losing a form.

A form sent after the session expired (or with a stale CSRF token) is not executed: the answer
asks for the password on the same page and carries what was typed back to the browser in the
page itself, never stored on the server. Passwords and CSRF tokens are never echoed. With
JavaScript, the page's script had also kept the form in sessionStorage and fills it in again once
the user is signed in; the user then sends it again, with a fresh token.
"""

from flask import jsonify, render_template, request, session
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from legalaid.accounts.models import User
from legalaid.auth.forms import SignInAgainForm
from legalaid.extensions import db

# The re-authentication form carries the kept values under this prefix, apart from its own fields.
KEPT_PREFIX = "kept-"


def kept_values(posted: MultiDict) -> list[tuple[str, str]]:
    """What a refused form carried, minus what must never be echoed (passwords, tokens)."""
    return [
        (name, value)
        for name, value in posted.items(multi=True)
        if name != "csrf_token"
        and "password" not in name.lower()
        and not name.startswith(KEPT_PREFIX)
    ]


def values_kept_by(posted: MultiDict) -> list[tuple[str, str]]:
    """The kept values that came back with the re-authentication form."""
    return kept_values(
        MultiDict(
            (name[len(KEPT_PREFIX) :], value)
            for name, value in posted.items(multi=True)
            if name.startswith(KEPT_PREFIX)
        )
    )


def wants_json() -> bool:
    """A script's request (keep-alive), answered in JSON rather than with a page."""
    return request.accept_mimetypes.best == "application/json"


def _account_of_expired_session() -> User | None:
    """The user whose session the browser's cookie pointed to, or the one still signed in."""
    if current_user.is_authenticated:
        return current_user
    user_id = getattr(session, "expired_user_id", None)
    return db.session.get(User, user_id) if user_id else None


def sign_in_again_page(
    kept: list[tuple[str, str]], form: SignInAgainForm | None = None, status: int = 401
):
    """The re-authentication page, with the kept values as hidden fields."""
    account = _account_of_expired_session()
    if form is None:
        form = SignInAgainForm(formdata=None, email=account.email if account else None)
        form.next.data = request.full_path.rstrip("?") if request.query_string else request.path
    asks_code = account is None or bool(account.totp_secret)
    page = render_template(
        "auth/sign_in_again.html", form=form, kept=kept, prefix=KEPT_PREFIX, asks_code=asks_code
    )
    return page, status


def answer_expired_post(status: int = 401):
    """The answer to a POST that arrives without a live session (401) or with a stale CSRF
    token (400): never executed, the form kept in the answer."""
    if wants_json():
        return jsonify(error="session_expired"), status
    return sign_in_again_page(kept_values(request.form), status=status)
