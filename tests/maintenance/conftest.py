"""Fixtures for maintenance tests: the case tests' organisations, the CLI, a restore target."""

from collections.abc import Callable, Iterator

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from legalaid.extensions import db
from tests.cases.conftest import org, other_org  # noqa: F401


@pytest.fixture
def on_postgres(database_url: str) -> bool:
    """Whether the suite runs on PostgreSQL (else SQLite)."""
    return make_url(database_url).get_backend_name() == "postgresql"


@pytest.fixture
def cli(app: Flask) -> Callable[..., Result]:
    """Run a `flask` command of the app on the shared test database; returns click's result."""
    runner = app.test_cli_runner()

    def invoke(*args: str, **kwargs) -> Result:
        db.session.commit()
        result = runner.invoke(args=list(args), **kwargs)
        db.session.rollback()
        return result

    return invoke


@pytest.fixture
def restore_target(database_url: str, tmp_path) -> Iterator[str]:
    """URL of a separate, empty database to restore into: never the shared test database.

    SQLite: a new file. PostgreSQL: a throwaway database beside the test database (named after
    it: parallel runs and xdist workers each have their own), created and dropped through the
    `postgres` maintenance database.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"{url.database}_restore"
    server = create_engine(
        url.set(database="postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )
    drop = text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with server.connect() as connection:
        connection.execute(drop)
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(drop)
        server.dispose()
