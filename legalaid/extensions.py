"""Extension objects, created once and bound to the app in `create_app`."""

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints, so that migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def check_in(column: str, values: Iterable[str]) -> str:
    """SQL text of a CHECK constraint keeping `column` within `values` (enum values)."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
# Pages and Bootstrap's files travel gzipped: a page stays under 150 KB on a phone's connection.
compress = Compress()
# On top of the lockout held in the database; storage from RATELIMIT_STORAGE_URI (Redis in
# production, so that several app servers share the counts).
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, _record) -> None:
    """WAL and foreign keys on every SQLite connection (the busy timeout is a connect argument).

    The driver's own transaction handling is switched off so that SQLAlchemy's BEGIN is the one
    that counts (savepoints and locking then behave as documented).
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _begin_sqlite(connection) -> None:
    """Open SQLite transactions explicitly (the driver no longer does it, see above)."""
    if connection.dialect.name == "sqlite":
        immediate = connection.get_execution_options().get("sqlite_begin") == "IMMEDIATE"
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write() -> None:
    """End the read transaction the request had open, then start one that may write.

    On SQLite it starts with BEGIN IMMEDIATE, taking the write lock first (waiting up to the busy
    timeout) instead of failing at once when a deferred transaction that has read tries to write
    (WAL refuses that upgrade without waiting). PostgreSQL needs nothing more: row locks and
    constraints order concurrent writers.
    """
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        db.session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})


@contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction that reads and writes one consistent state, committed at the end (see
    `begin_write`); `legalaid.unitofwork` adds retries and conflict handling on top."""
    begin_write()
    try:
        yield
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
