"""Authentication rules: password check, lockout held in the database, password changes."""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import case, select, update

from legalaid.accounts.models import User
from legalaid.accounts.services import normalise_email
from legalaid.audit.services import audit, audit_now
from legalaid.auth.mfa import use_recovery_code, verify_code
from legalaid.auth.passwords import check_password, dummy_hash, hash_password
from legalaid.auth.sessions import end_sessions
from legalaid.extensions import db, write_transaction
from legalaid.timeutils import utcnow
from legalaid.unitofwork import unit_of_work


def load_user(user_id: str) -> User | None:
    """The signed-in user of a session; a deactivated account or organisation ends it."""
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.may_sign_in else None


def authenticate(email: str, password: str, now: datetime | None = None) -> User | None:
    """The active, unlocked user with these credentials, or None.

    Failures are counted in the database with one atomic UPDATE, so the lockout holds across
    several app servers and two concurrent failures both count. A right password does not reset
    the count: the second factor's failures add to it until `record_sign_in` (a full sign-in).
    """
    now = now or utcnow()
    rounds = current_app.config["BCRYPT_LOG_ROUNDS"]
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        check_password(password, dummy_hash(rounds))  # same work as for a known email
        audit_now("login_failed", details="unknown account", outcome="refused")
        return None
    password_ok = check_password(password, user.password_hash)
    if not user.may_sign_in or user.is_locked(now):
        reason = "locked" if user.may_sign_in else "deactivated"
        audit_now("login_failed", obj=user, details=reason, outcome="refused")
        return None
    if not password_ok:
        locked = _record_failure(user.id, now)
        audit_now("lockout" if locked else "login_failed", obj=user, outcome="refused")
        return None
    return user


@unit_of_work()
def _record_failure(user_id: int, now: datetime) -> bool:
    """Count a failure; True when it locked the account."""
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
    locked_until = db.session.scalar(select(User.locked_until).where(User.id == user_id))
    return locked_until == lock_until


@unit_of_work()
def record_sign_in(user: User, now: datetime | None = None) -> None:
    """A full sign-in (password and, when enrolled, second factor): the failure count restarts.

    A plain UPDATE: signing in must not bump the version an administrator's edit form carries.
    """
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(failed_login_count=0, locked_until=None, last_login_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


def change_password(user: User, new_password: str, *, current_sid: str | None) -> None:
    """Store a new password chosen by the user; every other session of theirs ends."""
    user.password_hash = hash_password(new_password, current_app.config["BCRYPT_LOG_ROUNDS"])
    user.must_change_password = False
    audit("password_change", by=user, obj=user)
    db.session.commit()
    end_sessions(user.id, except_sid=current_sid)


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


SECOND_FACTOR_WINDOW_SECONDS = 300


def pending_second_factor(user_id: int | None, since: float | None) -> User | None:
    """The user who gave the right password less than five minutes ago, if still active and
    not locked since (wrong codes lock the account at this step too)."""
    now = utcnow()
    if not user_id or not since or now.timestamp() - since > SECOND_FACTOR_WINDOW_SECONDS:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.may_sign_in or not user.totp_secret or user.is_locked(now):
        return None
    return user


def check_second_factor(user: User, code: str) -> str:
    """'ok', 'wrong' or 'reused'; a wrong code counts as a failed login (lockout)."""
    code = code.strip()
    if len(code.replace(" ", "")) != 6 and use_recovery_code(user, code):
        audit_now("mfa_recovery_code", by=user, obj=user)
        return "ok"
    outcome = verify_code(user, code)
    if outcome == "reused":
        audit_now("mfa_code_reuse", by=user, obj=user, outcome="refused")
    elif outcome == "wrong":
        _record_failure(user.id, utcnow())
        audit_now("mfa_failed", by=user, obj=user, outcome="refused")
    return outcome


def second_factor_replaced(user: User) -> None:
    """Tell the user, in the app and by email when mail is set up, that their second factor
    changed: if it was not them, they know at once."""
    from legalaid.notifications.models import NotificationKind
    from legalaid.notifications.services import notify, send_emails

    with write_transaction():
        notifications = notify([user], NotificationKind.SECOND_FACTOR_CHANGED, None)
    send_emails(notifications)
