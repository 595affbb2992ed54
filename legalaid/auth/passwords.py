"""Password hashing and the password policy.

bcrypt reads only the first 72 bytes of its input, so the password is first hashed with SHA-256
(base64, 44 bytes): every character of a long password keeps counting, and nothing is truncated.
Unicode is normalised (NFC) so that the same password typed on two keyboards matches.
"""

import base64
import hashlib
import re
import unicodedata
from functools import cache
from pathlib import Path

import bcrypt
from flask_babel import gettext

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt"
_TRAILING_DIGITS_AND_SYMBOLS = re.compile(r"[\d\W_]+$")


def _prehash(password: str) -> bytes:
    normalised = unicodedata.normalize("NFC", password).encode("utf-8")
    return base64.b64encode(hashlib.sha256(normalised).digest())


def hash_password(password: str, rounds: int) -> str:
    """A bcrypt hash of the pre-hashed password, `rounds` being bcrypt's log2 cost."""
    return bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode("ascii")


def check_password(password: str, password_hash: str) -> bool:
    """Whether `password` matches `password_hash`, in constant time."""
    try:
        return bcrypt.checkpw(_prehash(password), password_hash.encode("ascii"))
    except ValueError:  # a malformed stored hash never matches
        return False


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-case."""
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as handle:
        return frozenset(
            line.strip() for line in handle if line.strip() and not line.startswith("#")
        )


def is_common(password: str) -> bool:
    """A listed password, alone or followed by digits and symbols (`password2026!`)."""
    folded = unicodedata.normalize("NFC", password).strip().lower()
    listed = common_passwords()
    return folded in listed or _TRAILING_DIGITS_AND_SYMBOLS.sub("", folded) in listed


def password_problem(password: str) -> str | None:
    """Why `password` is refused by the policy, in the user's language; None when it is fine."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return gettext(
            "The password must be %(min)d to %(max)d characters long.",
            min=MIN_LENGTH,
            max=MAX_LENGTH,
        )
    if is_common(password):
        return gettext("This password is too common; choose another one.")
    return None


@cache
def dummy_hash(rounds: int) -> str:
    """A hash to check against when the email is unknown, so that both cases take as long."""
    return hash_password("legalaid-no-such-account", rounds)
