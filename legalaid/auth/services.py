"""Authentication rules: password check, lockout held in the database, password changes."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import case, select, update

from legalaid.accounts.models import User
from legalaid.accounts.services import normalise_email
from legalaid.auth.passwords import check_password, dummy_hash, hash_password
from legalaid.extensions import db
from legalaid.timeutils import utcnow


def load_user(user_id: str) -> User | None:
    """The signed-in user of a session; a deactivated account ends its sessions."""
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


def authenticate(email: str, password: str, now: datetime | None = None) -> User | None:
    """The active, unlocked user with these credentials, or None.

    Failures are counted in the database with one atomic UPDATE, so the lockout holds across
    several app servers and two concurrent failures both count.
    """
    now = now or utcnow()
    rounds = current_app.config["BCRYPT_LOG_ROUNDS"]
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password(password, dummy_hash(rounds))  # same work as for a known email
        return None
    password_ok = check_password(password, user.password_hash)
    if not user.active or user.is_locked(now):
        return None
    if not password_ok:
        _record_failure(user.id, now)
        return None
    _record_success(user.id, now)
    return user


def _record_failure(user_id: int, now: datetime) -> None:
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    lock_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    reaches_limit = User.failed_login_count + 1 >= limit
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            failed_login_count=case((reaches_limit, 0), else_=User.failed_login_count + 1),
            locked_until=case((reaches_limit, lock_until), else_=User.locked_until),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _record_success(user_id: int, now: datetime) -> None:
    # A plain UPDATE: signing in must not bump the version an administrator's edit form carries.
    db.session.execute(
        update(User)
        .where(User.id == user_id)
        .values(failed_login_count=0, locked_until=None, last_login_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def change_password(user: User, new_password: str) -> None:
    """Store a new password chosen by the user; lifts the first-login obligation."""
    user.password_hash = hash_password(new_password, current_app.config["BCRYPT_LOG_ROUNDS"])
    user.must_change_password = False
    db.session.commit()


def safe_next_path(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
