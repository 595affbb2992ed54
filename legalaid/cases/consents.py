"""A GBV survivor's consents to referral and the referrals made: read and updated after intake.

They are part of her restricted record: shown only where her identity is (`identity_visible`),
changed only by those who work on the case, each change audited with its old and new values.
"""

from typing import Any

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.cases.models import Case, CaseEvent, EventKind, GbvIncident
from legalaid.editing import EditConflict, commit_versioned
from legalaid.extensions import db
from legalaid.timeutils import utcnow

CONSENT_FIELDS = (
    "consent_reporting",
    "consent_health",
    "consent_psychosocial",
    "consent_safety",
    "consent_legal",
    "referrals_made",
)
# Free text may name services, places or people: the audit trail (read by admins, who never see
# a survivor's record) says that it changed, never what it says.
UNQUOTED_FIELDS = frozenset({"referrals_made"})


def _audit_change(name: str, old: Any, new: Any) -> str:
    if name in UNQUOTED_FIELDS:
        return f"{name}: changed"
    return f"{name}: {old} -> {new}"


def update_consents(
    case: Case, incident: GbvIncident, values: dict[str, Any], *, expected_version: int, by: User
) -> list[str]:
    """Save the consents and referrals unless someone saved the case in between; returns the
    changed fields. The case's version covers them, as it covers the rest of its details."""
    if case.version != expected_version:
        raise EditConflict(case.version)
    changed = [name for name in CONSENT_FIELDS if getattr(incident, name) != values[name]]
    if not changed:
        return []
    trail = ", ".join(
        _audit_change(name, getattr(incident, name), values[name]) for name in changed
    )
    for name in changed:
        setattr(incident, name, values[name])
    case.last_activity_at = utcnow()  # also bumps the version: an open form is stale
    db.session.add(
        CaseEvent(case_id=case.id, kind=EventKind.EDIT, author=by, text=", ".join(changed))
    )
    audit("gbv_consent_update", by=by, obj=case, details=trail)
    commit_versioned(case)
    return changed
