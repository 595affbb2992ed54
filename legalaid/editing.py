"""Optimistic locking: an edit applies only to the version its form was loaded from."""

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm.exc import StaleDataError

from legalaid.extensions import db


class EditConflict(Exception):
    """Someone else saved the record after the form was loaded."""

    def __init__(self, current_version: int):
        super().__init__(current_version)
        self.current_version = current_version


def save_changes(obj: Any, changes: dict[str, Any], expected_version: int) -> list[str]:
    """Apply `changes` to `obj` and commit, unless it moved past `expected_version`.

    Returns the names of the fields that really changed. The version check is done twice: here,
    against the loaded row, and by SQLAlchemy in the UPDATE itself (`version_id_col`), which
    catches a save that lands between the two.
    """
    if obj.version != expected_version:
        raise EditConflict(obj.version)
    changed = [name for name, value in changes.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, changes[name])
    commit_versioned(obj)
    return changed


def saved_or_told(
    form: Any,
    refusal: type[Exception],
    conflict: str,
    service: Callable[..., object],
    *args,
    **kwargs,
) -> bool:
    """Call a service for a form: a `refusal` (its message), or a stale version (`conflict`, with
    the form's version moved to the current one), is shown at the top of the form instead."""
    try:
        service(*args, **kwargs)
    except refusal as error:
        form.form_errors.append(str(error))
        return False
    except EditConflict as error:
        form.version.data = error.current_version
        form.form_errors.append(conflict)
        return False
    return True


def commit_versioned(obj: Any) -> None:
    """Commit, turning a save that landed in between (the UPDATE matched no row at the
    expected version) into an EditConflict instead of an error page."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        db.session.refresh(obj)
        raise EditConflict(obj.version) from None
