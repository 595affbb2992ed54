"""The one access policy: who may use which endpoint, and which cases they may see or work on.

Every view declares a permission with `@requires(...)` or `@public`. A view that declares nothing
is refused (deny by default), and so is any check that raises (fail closed). Object rules are SQL
conditions (`case_scope`, `works_on_case`, `identity_visible`), so that lists, searches and single
pages all ask the same question of the database.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true

from legalaid.audit.services import audit_now
from legalaid.cases.models import Assignment, AssignmentRole, Case, CaseKind, CaseStatus
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db, login_manager
from legalaid.reference.models import Prison
from legalaid.roles import Role


class Permission(StrEnum):
    """What an endpoint asks of its user."""

    PUBLIC = "public"
    # Any signed-in user, even one who must still change a first password.
    OWN_ACCOUNT = "own_account"
    SIGNED_IN = "signed_in"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_REFERENCE = "manage_reference"
    VIEW_CASES = "view_cases"
    INTAKE = "intake"
    WORK_ON_CASES = "work_on_cases"
    ASSIGN_CASES = "assign_cases"
    PRISON_ROLL = "prison_roll"
    CUSTODY_FACTS = "custody_facts"
    DETENTION_ORDERS = "detention_orders"
    DETENTION_ALERTS = "detention_alerts"
    VIEW_AUDIT = "view_audit"
    VIEW_REPORTS = "view_reports"
    REPORT_ALL_ORGANISATIONS = "report_all_organisations"
    EXACT_FIGURES = "exact_figures"
    CASE_LEVEL_EXPORT = "case_level_export"
    SEE_CASE_VIEWERS = "see_case_viewers"
    IMPORT_CASES = "import_cases"


ALL_ROLES = frozenset(Role)

POLICY: dict[Permission, frozenset[Role]] = {
    Permission.OWN_ACCOUNT: ALL_ROLES,
    Permission.SIGNED_IN: ALL_ROLES,
    Permission.MANAGE_ACCOUNTS: frozenset({Role.ADMIN}),
    Permission.MANAGE_REFERENCE: frozenset({Role.ADMIN}),
    Permission.VIEW_CASES: ALL_ROLES - {Role.VIEWER},
    Permission.INTAKE: frozenset({Role.COORDINATOR, Role.PARALEGAL}),
    Permission.WORK_ON_CASES: frozenset({Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL}),
    Permission.ASSIGN_CASES: frozenset({Role.COORDINATOR}),
    Permission.PRISON_ROLL: frozenset({Role.PRISON_OFFICER, Role.ADMIN}),
    Permission.CUSTODY_FACTS: frozenset({Role.PRISON_OFFICER}),
    Permission.DETENTION_ORDERS: frozenset({Role.COORDINATOR, Role.LAWYER}),
    Permission.DETENTION_ALERTS: frozenset({Role.COORDINATOR, Role.LAWYER}),
    Permission.VIEW_AUDIT: frozenset({Role.ADMIN}),
    Permission.VIEW_REPORTS: frozenset({Role.ADMIN, Role.COORDINATOR, Role.VIEWER}),
    Permission.REPORT_ALL_ORGANISATIONS: frozenset({Role.ADMIN, Role.VIEWER}),
    # Viewers see aggregates with small groups hidden; the others see exact figures.
    Permission.EXACT_FIGURES: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Permission.CASE_LEVEL_EXPORT: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Permission.SEE_CASE_VIEWERS: frozenset({Role.COORDINATOR}),
    Permission.IMPORT_CASES: frozenset({Role.ADMIN, Role.COORDINATOR}),
}

# Endpoints of extensions, which cannot carry a decorator of ours.
PUBLIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})

View = TypeVar("View", bound=Callable[..., Any])


def requires(permission: Permission) -> Callable[[View], View]:
    """Declare the permission a view needs; checked before the view runs."""

    def mark(view: View) -> View:
        view.required_permission = permission  # type: ignore[attr-defined]
        return view

    return mark


public = requires(Permission.PUBLIC)


def allows(user: Any, permission: Permission) -> bool:
    """Whether `user` holds `permission`; any error counts as a refusal."""
    try:
        if permission == Permission.PUBLIC:
            return True
        if not user.is_authenticated or not user.active:
            return False
        return Role(user.role) in POLICY[permission]
    except Exception:  # fail closed, whatever went wrong
        current_app.logger.exception("access check failed for %s", permission)
        return False


def required_permission(endpoint: str) -> Permission | None:
    """The permission declared by the view behind `endpoint`, if any."""
    if endpoint in PUBLIC_ENDPOINTS:
        return Permission.PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "required_permission", None)


def enforce_access():
    """Request hook: login for everything outside the allow-list, then the declared permission."""
    if request.endpoint is None:
        return None  # no such route: the 404 handler answers
    permission = required_permission(request.endpoint)
    if permission == Permission.PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if permission != Permission.OWN_ACCOUNT:
        if current_user.must_change_password:
            return redirect(url_for("auth.change_password"))
        if (
            current_user.role in current_app.config["MFA_REQUIRED_ROLES"]
            and not current_user.totp_secret
        ):
            return redirect(url_for("auth.second_factor_setup"))
    if permission is None or not allows(current_user, permission):
        audit_now("permission_denied", by=current_user, details=request.endpoint, outcome="refused")
        abort(403)
    return None


def _active_assignment(user: Any) -> ColumnElement[bool]:
    return exists().where(
        Assignment.case_id == Case.id,
        Assignment.user_id == user.id,
        Assignment.ended_at.is_(None),
    )


# The intake cases looked up inside a query on `cases`: a second name for the table, made once
# because building its columns costs more than running the lookup.
_WAITING_CASES = Case.__table__.alias("waiting_cases")


def _waiting_for_lawyer_ids(user: Any) -> Select:
    """The organisation's intake cases that no lawyer has taken yet, as ids.

    A short list of ids rather than `NOT EXISTS` inside the scope's `OR`, which PostgreSQL
    answers by hashing every active lawyer assignment of every organisation.
    """
    lawyer_on_it = exists().where(
        Assignment.case_id == _WAITING_CASES.c.id,
        Assignment.role_on_case == AssignmentRole.LAWYER,
        Assignment.ended_at.is_(None),
    )
    return select(_WAITING_CASES.c.id).where(
        _WAITING_CASES.c.organisation_id == user.organisation_id,
        _WAITING_CASES.c.status == CaseStatus.INTAKE,
        ~lawyer_on_it,
    )


def case_scope(user: Any) -> ColumnElement[bool]:
    """SQL condition on `Case`: the cases `user` may see (DESIGN.md, roles table)."""
    role = Role(user.role)
    own_organisation = Case.organisation_id == user.organisation_id
    if role == Role.ADMIN:
        return true()
    if role == Role.COORDINATOR:
        return own_organisation
    if role == Role.LAWYER:
        waiting_for_lawyer = Case.id.in_(_waiting_for_lawyer_ids(user))
        return and_(own_organisation, or_(_active_assignment(user), waiting_for_lawyer))
    if role == Role.PARALEGAL:
        return and_(own_organisation, or_(_active_assignment(user), Case.created_by_id == user.id))
    if role == Role.PRISON_OFFICER:
        held_in_their_prisons = exists().where(
            DetentionRecord.case_id == Case.id,
            DetentionRecord.prison_id.in_([prison.id for prison in user.prisons]),
        )
        return and_(Case.kind == CaseKind.DETENTION, held_in_their_prisons)
    return false()


def works_on_case(user: Any) -> ColumnElement[bool]:
    """SQL condition on `Case`: `user` works on it (notes, documents, edits)."""
    role = Role(user.role)
    own_organisation = Case.organisation_id == user.organisation_id
    if role == Role.COORDINATOR:
        return own_organisation
    if role == Role.LAWYER:
        return and_(own_organisation, _active_assignment(user))
    if role == Role.PARALEGAL:
        return and_(own_organisation, or_(_active_assignment(user), Case.created_by_id == user.id))
    return false()


def identity_visible(user: Any) -> ColumnElement[bool]:
    """SQL condition on `Case`: the beneficiary's name and contacts may be shown to `user`.

    A GBV survivor's identity is for the case's workers, the worker who took it in and the
    coordinator of its organisation only; everyone else sees the case reference.
    """
    return or_(Case.kind != CaseKind.GBV, works_on_case(user))


@dataclass(frozen=True)
class CaseAccess:
    """A case as one user may see it."""

    case: Case
    may_work: bool
    sees_identity: bool


def load_case(user: Any, case_id: int) -> CaseAccess:
    """The case if `user` may see it, with what they may do; 404 otherwise (no IDOR)."""
    try:
        row = db.session.execute(
            select(
                Case,
                works_on_case(user).label("may_work"),
                identity_visible(user).label("sees_identity"),
            ).where(Case.id == case_id, case_scope(user))
        ).first()
    except ValueError:  # an unknown role: fail closed
        row = None
    if row is None:
        audit_now("case_denied", by=user, details=f"case {case_id}", outcome="refused")
        abort(404)
    return CaseAccess(row.Case, bool(row.may_work), bool(row.sees_identity))


def prison_scope(user: Any) -> ColumnElement[bool]:
    """SQL condition on `Prison`: the prisons whose roll `user` may read."""
    role = Role(user.role)
    if role == Role.ADMIN:
        return true()
    if role == Role.PRISON_OFFICER:
        return Prison.id.in_([prison.id for prison in user.prisons])
    return false()


def load_prison(user: Any, prison_id: int) -> Prison:
    """The prison if `user` may read its roll; 404 otherwise."""
    try:
        prison = db.session.scalar(select(Prison).where(Prison.id == prison_id, prison_scope(user)))
    except ValueError:  # an unknown role: fail closed
        prison = None
    if prison is None:
        audit_now("prison_denied", by=user, details=f"prison {prison_id}", outcome="refused")
        abort(404)
    return prison
