"""Writing audit entries: with the change they describe, or at once for reads and refusals."""

from typing import Any

from flask import has_request_context, request
from sqlalchemy import insert, select

from legalaid.accounts.models import User
from legalaid.audit.models import AuditEntry
from legalaid.extensions import db
from legalaid.timeutils import utcnow


def _unproxied(value: Any) -> Any:
    """`current_user` is a proxy: name the user behind it, not "LocalProxy"."""
    unwrap = getattr(value, "_get_current_object", None)
    return unwrap() if unwrap is not None else value


def _values(action: str, by: Any, obj: Any, details: str, outcome: str) -> dict[str, Any]:
    by, obj = _unproxied(by), _unproxied(obj)
    return {
        "occurred_at": utcnow(),
        "user_id": getattr(by, "id", None),
        "role": getattr(by, "role", None),
        "action": action,
        "object_type": type(obj).__name__ if obj is not None else None,
        "object_id": getattr(obj, "id", None),
        "ip": request.remote_addr if has_request_context() else None,
        "outcome": outcome,
        "details": details,
    }


def audit(
    action: str, *, by: Any = None, obj: Any = None, details: str = "", outcome: str = "ok"
) -> None:
    """Append an entry in the caller's transaction: it is written with the change, or not at all.

    `details` carries field names and codes, never a GBV survivor's identity or a secret.
    """
    db.session.add(AuditEntry(**_values(action, by, obj, details, outcome)))


def audit_now(
    action: str, *, by: Any = None, obj: Any = None, details: str = "", outcome: str = "ok"
) -> None:
    """Append an entry at once, on its own connection: views, exports, refusals, logins."""
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEntry).values(**_values(action, by, obj, details, outcome)))


def case_viewers(case_id: int, limit: int = 30) -> list[tuple[Any, str]]:
    """Who opened a case lately (the coordinator's "who saw this case" panel)."""
    return list(
        db.session.execute(
            select(AuditEntry.occurred_at, User.full_name)
            .join(User, User.id == AuditEntry.user_id)
            .where(
                AuditEntry.object_type == "Case",
                AuditEntry.object_id == case_id,
                AuditEntry.action == "case_view",
            )
            .order_by(AuditEntry.occurred_at.desc())
            .limit(limit)
        ).all()
    )
