"""Fixtures: one migrated database per run (SQLite or TEST_DATABASE_URL), a transaction per test."""

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.pool import NullPool

from config import normalise_database_url
from legalaid import create_app, register_case_kinds
from legalaid.accounts.models import User
from legalaid.extensions import db, limiter
from legalaid.reference.services import seed_reference_data
from tests.builders import PASSWORD, make_organisation, make_user
from tests.transactions import rolled_back

# Before the test modules are imported, as `create_app` does before the blueprints are: a module
# may read the registry when it is imported (legalaid/imports/aliases.py reads the outcomes).
register_case_kinds()


def _reset_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _worker_database(url: str, worker: str) -> str:
    """The database of one pytest-xdist worker beside the given one (test_gw0 for test),
    created through the given one the first time."""
    given = make_url(url)
    name = f"{given.database}_{worker}"
    engine = create_engine(given, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with engine.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return given.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> str:
    """SQLite in a temporary folder (one per xdist worker), or the PostgreSQL database named by
    TEST_DATABASE_URL (under xdist, one beside it per worker)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = normalise_database_url(url)
        if worker_id != "master":
            url = _worker_database(url, worker_id)
        _reset_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def worker_id(request: pytest.FixtureRequest) -> str:
    """pytest-xdist's name of this worker (gw0, gw1…), "master" when the run is not split."""
    return getattr(request.config, "workerinput", {}).get("workerid", "master")


class RequestBoundaryClient(FlaskClient):
    """A test client that gives each request the transaction boundaries of a real server.

    Requests run in the app's own contexts (a fresh `g`, a fresh session), never in the test's.
    The test's work is committed before each request and its transaction ended after it, so
    that the test then reads what the request really stored, never a stale snapshot.
    """

    def open(self, *args, **kwargs):
        db.session.commit()
        try:
            return super().open(*args, **kwargs)
        finally:
            db.session.rollback()


def build_app(database_url: str, **overrides) -> Flask:
    """A testing app on the shared test database."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, **overrides})
    app.test_client_class = RequestBoundaryClient
    return app


@pytest.fixture(scope="session")
def app(database_url: str) -> Flask:
    """The app that serves the test clients, its database migrated to head once per run."""
    app = build_app(database_url)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session")
def data_app(app: Flask, database_url: str) -> Flask:
    """A twin app whose context the tests work in, so that requests never share it; the
    reference data is loaded once, committed, and every test starts from it."""
    data_app = build_app(database_url)
    with data_app.app_context():
        seed_reference_data()
    return data_app


# What needs several real connections: threads, a live server, pg_dump, the job consumer,
# migrations. These tests commit for real, then every table is emptied and reseeded.
REAL_COMMITS = (
    "tests/browser/",
    "tests/reliability/",
    "tests/maintenance/",
    "tests/imports/test_jobs.py",
    "tests/test_migrations.py",
)


# Whole-app sweeps (every route for every role, random form payloads): the full gate runs them,
# `make test-fast` leaves them out.
SWEEPS = (
    "tests/test_access_matrix.py",
    "tests/test_no_raw_codes.py",
    "tests/security/test_fuzz_forms.py",
    "tests/security/test_query_values.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the tests of REAL_COMMITS and SWEEPS (a test elsewhere marks itself)."""
    for item in items:
        if any(part in item.nodeid for part in REAL_COMMITS):
            item.add_marker(pytest.mark.real_commits)
        if any(part in item.nodeid for part in SWEEPS):
            item.add_marker(pytest.mark.sweep)


@pytest.fixture(autouse=True)
def app_context(
    request: pytest.FixtureRequest, data_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Each test runs in an app context, inside a transaction rolled back after it (see
    tests/transactions.py), or, marked `real_commits`, leaves every table empty behind it."""
    with data_app.app_context():
        if request.node.get_closest_marker("real_commits"):
            yield
            db.session.remove()
            _empty_every_table()
            return
        with rolled_back(db.engine, monkeypatch):
            yield
            db.session.remove()


@pytest.fixture
def empty_database() -> None:
    """No reference data either, for the tests of loading it (rolled back with the test)."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


def _empty_every_table() -> None:
    """Back to the start of every test: empty tables, then the reference data."""
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
    seed_reference_data()


@pytest.fixture(autouse=True)
def limiter_as_configured(app: Flask) -> None:
    """The rate limiter is one object for every app, and `init_app` switches it on or off for
    all of them: a test that builds a rate-limited app must not leave the others limited."""
    limiter.enabled = app.config["RATELIMIT_ENABLED"]


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser with no one signed in."""
    return app.test_client()


@pytest.fixture
def reference() -> None:
    """Regions, courts and prisons as `flask seed-reference` loads them: every test starts with
    them (see `data_app`); a test that needs them says so."""


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD):
    """Post the login form as `user`."""
    return client.post("/auth/login", data={"email": user.email, "password": password})


@pytest.fixture
def login_as(app: Flask, reference: None) -> Callable[..., FlaskClient]:
    """`login_as("lawyer")`: a new client signed in as a fresh user with that role."""

    def login(role: str, **fields) -> FlaskClient:
        user = make_user(role, **fields)
        client = app.test_client()
        response = sign_in(client, user)
        assert response.status_code == 302, response.text
        client.user = user
        return client

    return login


@pytest.fixture
def organisation():
    """A partner organisation."""
    return make_organisation("Association des juristes maliennes")
