"""What the benchmark scripts share: the app on a given database, users, PostgreSQL helpers.

Nothing here writes outside the database it is given (the app gets its SECRET_KEY from us, so
it never writes `instance/secret_key`).
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, text  # noqa: E402

# One password for every seeded user (hashed once, at cost 4).
BENCH_PASSWORD = "bench password 2026"  # noqa: S105 - benchmark data only
BENCH_SECRET_KEY = "bench-secret-key-not-for-production"  # noqa: S105
EMAIL_DOMAIN = "bench.example.org"


def email(role: str, number: int) -> str:
    """The seeded user `number` (1-based) of `role`: coordinator3@bench.example.org."""
    return f"{role.replace('_', '-')}{number}@{EMAIL_DOMAIN}"


def make_app(database_url: str, **overrides):
    """The app on `database_url`, as in development but with no second factor or rate limit."""
    from config import normalise_database_url
    from legalaid import create_app

    settings = {
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SECRET_KEY": BENCH_SECRET_KEY,
        "MFA_REQUIRED_ROLES": (),
        "RATELIMIT_ENABLED": False,
    }
    settings.update(overrides)
    return create_app("development", settings)


def is_postgresql(url: str) -> bool:
    """Whether `url` names a PostgreSQL database."""
    return url.startswith(("postgresql", "postgres:"))


def _server_url(url: str) -> tuple[str, str]:
    """(URL of the `postgres` maintenance database on the same server, database name)."""
    from config import normalise_database_url

    parts = urlsplit(normalise_database_url(url))
    name = parts.path.lstrip("/")
    if not name:
        raise SystemExit(f"no database name in {url}")
    return urlunsplit(parts._replace(path="/postgres")), name


def _check_local(url: str) -> None:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing a database that is not on this machine: {host}")


def create_pg_database(url: str) -> bool:
    """Create the database of `url` through `postgres` when it is missing; True if created."""
    _check_local(url)
    server, name = _server_url(url)
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            )
            if exists:
                return False
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
            return True
    finally:
        engine.dispose()


def drop_pg_database(url: str) -> None:
    """Drop the database of `url` (a throwaway one: its name must contain `bench`)."""
    _check_local(url)
    server, name = _server_url(url)
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: only databases named *bench* are dropped")
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        engine.dispose()


class QueryCounter:
    """Counts the SQL statements sent on `engine` while active (as tests/cases/test_list.py)."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *args, **kwargs):
        # SQLite's BEGIN is sent as a statement (see extensions.py), psycopg's is implicit: leave
        # it out so that both databases count the same queries.
        if statement.startswith("BEGIN"):
            return
        self.count += 1
        self.statements.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self)
