"""TOTP second factor: enrolment with a QR code, codes accepted once, recovery codes."""

import hashlib
import hmac
import secrets

import pyotp
import segno
from sqlalchemy import delete, select, update

from legalaid.accounts.models import User
from legalaid.auth.models import RecoveryCode
from legalaid.extensions import db
from legalaid.timeutils import utcnow

ISSUER = "legalaid"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def qr_svg(user: User, secret: str) -> str:
    """The enrolment QR code as inline SVG, drawn on the server (no external service)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return segno.make(uri, error="m").svg_inline(scale=4, title="QR code")


def matching_step(secret: str, code: str, at_time: float) -> int | None:
    """The time step whose code is `code` (now, or one step either side), else None."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    step = int(at_time // totp.interval)
    for candidate in (step, step - 1, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def verify_code(user: User, code: str, at_time: float | None = None) -> str:
    """'ok', 'wrong' or 'reused'. A code's time step is recorded atomically: never twice."""
    at_time = utcnow().timestamp() if at_time is None else at_time
    step = matching_step(user.totp_secret or "", code, at_time)
    if step is None:
        return "wrong"
    claimed = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            (User.totp_last_step.is_(None)) | (User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return "ok" if claimed else "reused"


def enrol(user: User, secret: str, code: str, at_time: float | None = None) -> list[str] | None:
    """Store the secret once a code from it is right; returns the new recovery codes."""
    at_time = utcnow().timestamp() if at_time is None else at_time
    step = matching_step(secret, code, at_time)
    if step is None:
        return None
    user.totp_secret, user.totp_last_step = secret, step
    return _replace_recovery_codes(user)


def _hash(code: str) -> str:
    return hashlib.sha256(code.strip().lower().replace(" ", "").encode()).hexdigest()


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "-".join("".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    db.session.commit()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one recovery code (each works once)."""
    row_id = db.session.scalar(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row_id is None:
        return False
    spent = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.id == row_id, RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    db.session.commit()
    return bool(spent)


def reset_second_factor(user: User) -> None:
    """Remove the user's second factor (lost phone); they enrol again at next login."""
    user.totp_secret = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.commit()
