"""Configuration from the environment; safe defaults, strict production."""

import pytest
from sqlalchemy import text

from config import normalise_database_url
from legalaid import _instance_secret, create_app
from legalaid.extensions import db


def test_production_refuses_to_start_without_secret_key():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", {"SECRET_KEY": None, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_starts_with_a_secret_key():
    app = create_app("production", {"SECRET_KEY": "s" * 64, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_postgresql_pool_holds_a_connection_for_each_one_a_request_may_use():
    app = create_app(
        "production",
        {"SECRET_KEY": "s" * 64, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@127.0.0.1/x"},
    )
    with app.app_context():
        assert db.engine.pool.size() == 12


def test_development_secret_is_generated_once_and_kept(tmp_path):
    path = tmp_path / "secret_key"
    first = _instance_secret(path)
    assert len(first) == 64
    assert _instance_secret(path) == first
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_normalisation(url, expected):
    assert normalise_database_url(url) == expected


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout():
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
