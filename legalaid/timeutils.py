"""Time helpers: storage is naive UTC everywhere, on SQLite and PostgreSQL alike."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current UTC time without tzinfo, as stored in the database."""
    return datetime.now(UTC).replace(tzinfo=None)
