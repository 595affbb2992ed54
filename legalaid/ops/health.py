"""The health check: the database and the job backend answer, each within a short timeout."""

from typing import Any

import redis
from flask import current_app
from huey.storage import RedisStorage
from sqlalchemy import text

from legalaid import jobs
from legalaid.extensions import db


def failing_checks() -> list[str]:
    """The names of the backends that do not answer (logged with their error)."""
    failing = []
    for name, check in (("database", _database), ("jobs", _jobs)):
        try:
            check(current_app.config["HEALTH_TIMEOUT_SECONDS"])
        except Exception:
            current_app.logger.exception("health check: %s does not answer", name)
            failing.append(name)
    return failing


def _database(timeout: float) -> None:
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"SET LOCAL statement_timeout = {int(timeout * 1000)}"))
    db.session.execute(text("SELECT 1"))
    db.session.rollback()


def _jobs(timeout: float) -> None:
    storage: Any = jobs.queue.storage
    if isinstance(storage, RedisStorage):
        settings = storage.conn.connection_pool.connection_kwargs
        client = redis.Redis(
            **{**settings, "socket_timeout": timeout, "socket_connect_timeout": timeout}
        )
        try:
            client.ping()
        finally:
            client.close()
        return
    storage.queue_size()  # SQLite (bounded by its busy timeout) or memory
