"""One way to run a unit of work (read, check, write, commit), used by every service that writes.

A stale version, a busy database and a lost connection are handled here, in one place:

- a stale version (the UPDATE matched no row at the expected version), whether raised by the
  commit or by an autoflush half-way through the checks, becomes an `EditConflict` that the view
  turns into its conflict page (or a new attempt, when the user promised no version);
- a busy database (SQLite's "database is locked", PostgreSQL's serialization failure or
  deadlock) runs the whole unit again, a few times, then becomes `DatabaseBusy` (a 503 page
  asking to try again, see `legalaid.errors`);
- a lost connection is rolled back and left to the error page; the pool then replaces the
  connection (`pool_pre_ping`), so the next request works.
"""

import inspect
import random
import time
from collections.abc import Callable
from functools import wraps
from operator import attrgetter
from typing import ParamSpec, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from legalaid.editing import EditConflict
from legalaid.extensions import begin_write, db

P = ParamSpec("P")
T = TypeVar("T")

ATTEMPTS = 4
# PostgreSQL: serialization failure, deadlock detected.
BUSY_SQLSTATES = frozenset({"40001", "40P01"})


class DatabaseBusy(Exception):
    """The database stayed busy through every attempt: nothing was saved, the user may retry."""


def is_busy(error: DBAPIError) -> bool:
    """True for a lock or serialization failure that a new attempt may not meet."""
    if error.connection_invalidated:
        return False
    sqlstate = getattr(error.orig, "sqlstate", None)
    message = str(error.orig).lower()
    return sqlstate in BUSY_SQLSTATES or "database is locked" in message or "busy" in message


def rollback_quietly() -> None:
    """Roll back, even when the connection is already gone (it is then simply discarded)."""
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.close()


def unit_of_work(versioned: str | None = None) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Run the decorated service as one unit of work: write lock first, commit at the end.

    `versioned` names the argument (or a path from it, "case.beneficiary") whose version the
    user's form promised; a stale write is then an `EditConflict` carrying its current version.
    Without it, a stale write (a note bumping the case another note just bumped) runs the unit
    again. The service may run more than once, so it must not act outside the database.
    A unit made of several services (an offline sync: the case and its record of the item)
    calls them through `inside_unit`.
    """

    def decorate(service: Callable[P, T]) -> Callable[P, T]:
        signature = inspect.signature(service)

        def current_version(versioned: str, args: tuple, kwargs: dict) -> int:
            name, _dot, path = versioned.partition(".")
            obj = signature.bind(*args, **kwargs).arguments[name]
            obj = attrgetter(path)(obj) if path else obj
            db.session.refresh(obj)
            return obj.version

        @wraps(service)
        def run(*args: P.args, **kwargs: P.kwargs) -> T:
            attempt = 1
            retry: Exception | None = None
            while True:
                try:
                    begin_write()
                    result = service(*args, **kwargs)
                    db.session.commit()
                    return result
                except StaleDataError as error:
                    rollback_quietly()
                    if versioned is not None:
                        raise EditConflict(current_version(versioned, args, kwargs)) from None
                    retry = error  # no version was promised: run again on the row as it is now
                except DBAPIError as error:
                    rollback_quietly()
                    if not is_busy(error):
                        raise
                    retry = error
                except BaseException:
                    rollback_quietly()
                    raise
                if attempt == ATTEMPTS:
                    raise DatabaseBusy from retry
                time.sleep(random.uniform(0.05, 0.2) * attempt)  # noqa: S311 - jitter only
                attempt += 1

        return run

    return decorate


def inside_unit(service: Callable[P, T]) -> Callable[P, T]:
    """A `unit_of_work` service without a transaction of its own, to be one step of a larger
    unit (its writes are committed, or rolled back, with the rest)."""
    return service.__wrapped__  # type: ignore[attr-defined]
