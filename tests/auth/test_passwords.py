"""Password hashing and policy."""

import pytest

from config import Config
from legalaid.auth.passwords import (
    MAX_LENGTH,
    check_password,
    hash_password,
    is_common,
    password_problem,
)


def test_production_cost_is_twelve():
    assert Config.BCRYPT_LOG_ROUNDS == 12


def test_hash_is_bcrypt_and_checks():
    hashed = hash_password("un mot de passe assez long", 4)
    assert hashed.startswith("$2b$04$")
    assert check_password("un mot de passe assez long", hashed)
    assert not check_password("un mot de passe assez lonG", hashed)


def test_long_passwords_are_never_truncated():
    """bcrypt alone would ignore everything past 72 bytes; the pre-hash keeps it all."""
    base = "é" * 60  # 120 bytes in UTF-8
    hashed = hash_password(base + "A", 4)
    assert check_password(base + "A", hashed)
    assert not check_password(base + "B", hashed)


def test_max_length_password_hashes():
    password = "ß" * MAX_LENGTH
    assert check_password(password, hash_password(password, 4))


def test_unicode_forms_of_the_same_password_match():
    composed = "Kéita à Ségou 2026"
    decomposed = "Ke\u0301ita a\u0300 Se\u0301gou 2026"
    assert composed != decomposed
    assert check_password(decomposed, hash_password(composed, 4))


def test_malformed_stored_hash_never_matches():
    assert not check_password("anything at all", "not-a-bcrypt-hash")


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("x" * 11 + "é", True),  # 12 characters, 13 bytes
        ("court mdp", False),  # 9 characters
        ("Ç" * 11, False),
        ("y" * 128, True),
        ("y" * 129, False),
        ("123456789012", False),  # common
        ("motdepasse123", False),  # common, French
        ("Password2026!", False),  # common word + digits and symbols
        ("azertyuiop12", False),
        ("le fleuve Niger à Mopti", True),
        ("🦁🦁🦁🦁🦁🦁🦁🦁🦁🦁🦁🦁", True),
    ],
)
def test_policy(password, accepted, app):
    assert (password_problem(password) is None) is accepted


def test_common_list_is_loaded():
    assert is_common("password") and is_common("qwerty123456")
    assert not is_common("le fleuve Niger à Mopti")
