"""The one access policy: who may use which endpoint, and (later) which objects.

Every view declares a permission with `@requires(...)` or `@public`. A view that declares nothing
is refused (deny by default), and so is any check that raises (fail closed).
"""

from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from legalaid.extensions import login_manager


class Role(StrEnum):
    """The six roles of DESIGN.md."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    LAWYER = "lawyer"
    PARALEGAL = "paralegal"
    PRISON_OFFICER = "prison_officer"
    VIEWER = "viewer"


class Permission(StrEnum):
    """What an endpoint asks of its user."""

    PUBLIC = "public"
    # Any signed-in user, even one who must still change a first password.
    OWN_ACCOUNT = "own_account"
    SIGNED_IN = "signed_in"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_REFERENCE = "manage_reference"


ALL_ROLES = frozenset(Role)

POLICY: dict[Permission, frozenset[Role]] = {
    Permission.OWN_ACCOUNT: ALL_ROLES,
    Permission.SIGNED_IN: ALL_ROLES,
    Permission.MANAGE_ACCOUNTS: frozenset({Role.ADMIN}),
    Permission.MANAGE_REFERENCE: frozenset({Role.ADMIN}),
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
    if current_user.must_change_password and permission != Permission.OWN_ACCOUNT:
        return redirect(url_for("auth.change_password"))
    if permission is None or not allows(current_user, permission):
        abort(403)
    return None
