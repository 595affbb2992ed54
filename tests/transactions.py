"""One test, one transaction: every app of the test works on one connection, rolled back after.

The sessions of the apps (the one serving requests, the test's own, any other a test builds)
join that connection's transaction with SAVEPOINTs: a commit is a RELEASE and a rollback goes
back to the last commit, as on a real server, so a request sees what the test stored and the
test sees what the request stored.

The app writes some things on a connection of its own (`db.engine.begin()`: `audit_now`, the
session table), which on a real server commit whatever the request's session does next. Here
they run on the test's connection, after the request's SAVEPOINT is released when it holds no
write yet, so that the session's later rollback cannot take them back. They get no SAVEPOINT of
their own: a session that begins while they run would end up beneath it.

Tests that need several real connections (threads, a live server, pg_dump, the job consumer,
migrations) are marked `real_commits` (tests/conftest.py) and commit for real.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask_sqlalchemy.session import Session
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session as OrmSession

from legalaid.extensions import db

FLUSHED = "flushed_in_savepoint"


class SharedConnection:
    """Stands in for an app's engine during a test: `begin()` and `connect()` hand out the test's
    one connection instead of a new one; anything else is the real engine's."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A write of its own, after the caller's unwritten SAVEPOINT is released."""
        _release_clean_session()
        yield self.connection

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read of its own: the test's connection, left open."""
        yield self.connection

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection.engine, name)


def _release_clean_session() -> None:
    """Commit the current session's SAVEPOINT when it holds no write: a later rollback of the
    session must not undo a write the app made on a connection of its own."""
    session = db.session()
    if session.in_transaction() and not session.info.get(FLUSHED) and not _pending(session):
        session.expire_on_commit = False  # nothing changed: the loaded objects stay as they are
        try:
            session.commit()
        finally:
            session.expire_on_commit = True


def _pending(session: OrmSession) -> bool:
    return bool(session.new or session.dirty or session.deleted)


def _mark_flushed(session: OrmSession, _context: Any) -> None:
    session.info[FLUSHED] = True


def _forget_flushes(session: OrmSession, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(FLUSHED, None)


@contextmanager
def rolled_back(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run the test's apps on one connection of `engine` inside a transaction rolled back after."""
    connection = engine.connect()
    transaction = connection.begin()
    shared = SharedConnection(connection)
    monkeypatch.setattr(type(db), "engines", property(lambda _db: {None: shared}))
    original_bind = Session.get_bind
    monkeypatch.setattr(
        Session,
        "get_bind",
        lambda session, *args, **kwargs: _unshared(original_bind(session, *args, **kwargs)),
    )
    factory = db.session.session_factory
    monkeypatch.setitem(factory.kw, "join_transaction_mode", "create_savepoint")
    event.listen(OrmSession, "after_flush", _mark_flushed)
    event.listen(OrmSession, "after_transaction_create", _forget_flushes)
    try:
        yield
    finally:
        event.remove(OrmSession, "after_transaction_create", _forget_flushes)
        event.remove(OrmSession, "after_flush", _mark_flushed)
        transaction.rollback()
        connection.close()


def _unshared(bind: Any) -> Any:
    return bind.connection if isinstance(bind, SharedConnection) else bind
