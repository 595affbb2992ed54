"""The admin's audit page, with filters and CSV export."""

from datetime import timedelta

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from legalaid.accounts.models import User
from legalaid.audit import bp
from legalaid.audit.models import AuditEntry
from legalaid.audit.services import audit_now
from legalaid.exports import csv_bytes
from legalaid.extensions import db
from legalaid.labels import label
from legalaid.permissions import Permission, requires
from legalaid.queryargs import datetime_arg, id_arg, page_arg, text_arg

EXPORT_LIMIT = 100_000


def _filtered():
    query = select(AuditEntry, User.email).outerjoin(User, User.id == AuditEntry.user_id)
    email, action, object_type = text_arg("email"), text_arg("action"), text_arg("object_type")
    if email:
        query = query.where(User.email.contains(email.lower()))
    if action:
        query = query.where(AuditEntry.action.contains(action))
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    object_id = id_arg("object_id")
    if object_id is not None:
        query = query.where(AuditEntry.object_id == object_id)
    start, end = datetime_arg("from"), datetime_arg("to")
    if start:
        query = query.where(AuditEntry.occurred_at >= start)
    if end:
        query = query.where(AuditEntry.occurred_at < end + timedelta(days=1))
    return query.order_by(AuditEntry.occurred_at.desc(), AuditEntry.id.desc())


@bp.get("/admin/audit")
@requires(Permission.VIEW_AUDIT)
def index():
    """Who did what, when, from where; filterable, 100 to a page."""
    page = page_arg()
    query = _filtered()
    rows = db.session.execute(query.limit(101).offset((page - 1) * 100)).all()
    return render_template(
        "audit/index.html",
        rows=rows[:100],
        page=page,
        has_next=len(rows) > 100,
    )


@bp.get("/admin/audit.csv")
@requires(Permission.VIEW_AUDIT)
def export():
    """The filtered trail as CSV (this export is itself audited)."""
    rows = db.session.execute(_filtered().limit(EXPORT_LIMIT)).all()
    audit_now("export_audit", by=current_user, details=request.query_string.decode()[:200])
    header = [
        _("When (UTC)"),
        _("Email"),
        _("Role"),
        _("Action"),
        _("Object"),
        _("IP"),
        _("Outcome"),
        _("Details"),
        # Translators: the column of the audit CSV that keeps the action's code, for scripts.
        _("Action code"),
    ]
    body = [
        [
            entry.occurred_at.isoformat(timespec="seconds"),
            email or "",
            label("role", entry.role),
            label("audit_action", entry.action),
            f"{label('object_type', entry.object_type)} {entry.object_id or ''}".strip(),
            entry.ip or "",
            label("audit_outcome", entry.outcome),
            entry.details,
            entry.action,
        ]
        for entry, email in rows
    ]
    return Response(
        csv_bytes(header, body),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit.csv"},
    )
