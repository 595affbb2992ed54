"""Writing audit entries (in the caller's transaction)."""

from typing import Any

from flask import has_request_context, request

from legalaid.audit.models import AuditEntry
from legalaid.extensions import db


def audit(
    action: str,
    *,
    by: Any = None,
    obj: Any = None,
    details: str = "",
    outcome: str = "ok",
) -> None:
    """Append an audit entry; the caller's commit writes it with the change it describes."""
    db.session.add(
        AuditEntry(
            user_id=getattr(by, "id", None),
            role=getattr(by, "role", None),
            action=action,
            object_type=type(obj).__name__ if obj is not None else None,
            object_id=getattr(obj, "id", None),
            ip=request.remote_addr if has_request_context() else None,
            outcome=outcome,
            details=details,
        )
    )
