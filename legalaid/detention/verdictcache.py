"""The verdicts of each prison's roll, worked out once per process and day until something they
depend on is written (issue 21: assessing every detainee of a prison was half of a roll page).

A verdict depends on the detention record, its orders, the case's kind and status, its lawyers,
its hearings, the rules and the day. Every ORM write of one of these, by any process, gives
`detention_verdicts_version` a new random token in the same transaction; a roll reads the token
first (one primary-key read) and uses what it kept only under that token and day. A write not
yet committed is not seen by the roll, nor is its token; a roll's verdicts are read after its
token, so they are never older than the token they are kept under. Verdicts hold no name: who
may see what is still decided per request, on the page's rows.
"""

import secrets
from collections.abc import Callable
from datetime import date

from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, attributes

from legalaid.cases.models import Assignment, Case, CaseKind
from legalaid.detention.models import DetentionOrder, DetentionRecord, VerdictsVersion
from legalaid.extensions import db
from legalaid.reference.models import DetentionRule
from legalaid.workflow.models import Hearing

ROW_ID = 1
# Any write of these changes some verdict (an assignment or a hearing of another kind of case
# too: telling them apart would load their case during the flush).
ALWAYS = (DetentionRecord, DetentionOrder, DetentionRule, Assignment, Hearing)
ALWAYS_TABLES = frozenset(model.__table__ for model in (*ALWAYS, Case))

# prison id -> (day, token, verdicts); one entry per prison, replaced when day or token change.
_kept: dict[int, tuple[date, str, tuple]] = {}


def current_token() -> str | None:
    """The token now (None before any write since the table was emptied: nothing is kept)."""
    return db.session.scalar(select(VerdictsVersion.token).where(VerdictsVersion.id == ROW_ID))


def prison_verdicts(prison_id: int, on: date, assess: Callable[[], list]) -> list:
    """`assess()` (the verdicts of the prison's roll on `on`), or what this process kept of it
    under the current token."""
    token = current_token()
    kept = _kept.get(prison_id)
    if token is not None and kept is not None and kept[:2] == (on, token):
        return list(kept[2])
    verdicts = assess()
    if token is not None:
        _kept[prison_id] = (on, token, tuple(verdicts))
    return verdicts


def _matters(obj: object, session: Session) -> bool:
    if isinstance(obj, ALWAYS):
        return True
    if not isinstance(obj, Case) or obj.kind != CaseKind.DETENTION:
        return False
    if obj in session.new or obj in session.deleted:
        return True
    return any(attributes.get_history(obj, name).has_changes() for name in ("status", "kind"))


def _new_token(session: Session) -> None:
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    token = secrets.token_hex(16)
    session.connection().execute(
        insert(VerdictsVersion)
        .values(id=ROW_ID, token=token)
        .on_conflict_do_update(index_elements=["id"], set_={"token": token})
    )


@event.listens_for(Session, "before_flush")
def _note_writes(session: Session, _context, _instances) -> None:
    """Remember whether this flush writes something a verdict depends on."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(_matters(obj, session) for obj in changed):
        session.info["verdicts_changed"] = True


@event.listens_for(Session, "after_flush")
def _bump_after_flush(session: Session, _context) -> None:
    """A new token in the flush's transaction."""
    if session.info.pop("verdicts_changed", False):
        _new_token(session)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_writes(state) -> None:
    """`update(Case)…`, `delete(Hearing)…` and the like, which no flush sees."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if table is not None and table in ALWAYS_TABLES:
        _new_token(state.session)
