"""Account rules: creating users and organisations, deactivation, unlocking, first admin."""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from legalaid.accounts.models import Organisation, OrganisationKind, User
from legalaid.audit.services import audit
from legalaid.auth.passwords import hash_password, is_common
from legalaid.auth.sessions import end_sessions
from legalaid.editing import EditConflict, save_changes
from legalaid.extensions import db
from legalaid.reference.models import Prison
from legalaid.roles import Role

# No look-alike characters (0/O, 1/l/I): generated passwords are read aloud and typed on phones.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - not a password
GENERATED_PASSWORD_LENGTH = 16


class AccountError(ValueError):
    """A refused account operation, with a message for the person who asked."""


def normalise_email(email: str) -> str:
    """Emails are stored and compared trimmed and lower-case."""
    return (email or "").strip().lower()


def generate_password() -> str:
    """A random password that passes the policy, for first logins and resets."""
    while True:
        password = "".join(
            secrets.choice(PASSWORD_ALPHABET) for _ in range(GENERATED_PASSWORD_LENGTH)
        )
        if not is_common(password):
            return password


def _hash(password: str) -> str:
    return hash_password(password, current_app.config["BCRYPT_LOG_ROUNDS"])


def find_organisation(name: str) -> Organisation | None:
    """The organisation of that name, compared without regard to case."""
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )


def find_prison(name: str) -> Prison | None:
    """The prison of that name or code, compared without regard to case."""
    wanted = name.strip().lower()
    return db.session.scalar(
        select(Prison).where(
            (func.lower(Prison.name) == wanted) | (func.lower(Prison.code) == wanted)
        )
    )


def ensure_organisation(name: str, kind: str = OrganisationKind.NGO) -> tuple[Organisation, bool]:
    """The organisation named `name`, created if missing; True when it was created."""
    existing = find_organisation(name)
    if existing is not None:
        return existing, False
    organisation = Organisation(name=name.strip(), kind=OrganisationKind(kind).value)
    db.session.add(organisation)
    db.session.commit()
    return organisation, True


# Prison liaison officers work for the prison administration, not for a partner organisation:
# created without an organisation, they join this public body, itself created on first use.
PRISON_ADMINISTRATION = "Administration pénitentiaire"


def organisation_for(role: str, organisation: Organisation | None) -> Organisation | None:
    """The organisation a new or edited account belongs to: the one chosen, or for a prison
    officer without one, the prison administration (added to the session, not committed)."""
    if organisation is not None or role != Role.PRISON_OFFICER:
        return organisation
    existing = find_organisation(PRISON_ADMINISTRATION)
    if existing is not None:
        return existing
    created = Organisation(name=PRISON_ADMINISTRATION, kind=OrganisationKind.PUBLIC_BODY.value)
    db.session.add(created)
    return created


def check_user_fields(
    role: str, organisation: Organisation | None, prisons: Sequence[Prison]
) -> None:
    """Role, organisation and prisons must fit together (see DESIGN.md)."""
    if role != Role.ADMIN and organisation is None:
        raise AccountError(_("Every user but an administrator belongs to an organisation."))
    if role == Role.PRISON_OFFICER and not prisons:
        raise AccountError(_("A prison officer must be attached to at least one prison."))
    if role != Role.PRISON_OFFICER and prisons:
        raise AccountError(_("Only prison officers are attached to prisons."))


def email_taken(email: str, except_user_id: int | None = None) -> bool:
    """Whether another account already uses `email`."""
    query = select(User.id).where(User.email == normalise_email(email))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.scalar(query) is not None


@dataclass
class NewAccount:
    """A created user and the password to hand over once."""

    user: User
    password: str


def create_user(
    *,
    email: str,
    full_name: str,
    role: str,
    organisation: Organisation | None,
    prisons: Sequence[Prison] = (),
    phone: str | None = None,
    preferred_language: str = "fr",
    password: str | None = None,
    must_change_password: bool = True,
    by: User | None = None,
) -> NewAccount:
    """Create an account; without `password`, one is generated to be handed over once."""
    role = Role(role).value
    organisation = organisation_for(role, organisation)
    check_user_fields(role, organisation, prisons)
    if email_taken(email):
        raise AccountError(_("An account with this email already exists."))
    password = password or generate_password()
    user = User(
        email=normalise_email(email),
        full_name=full_name.strip(),
        role=role,
        organisation=organisation,
        prisons=list(prisons),
        phone=(phone or "").strip() or None,
        preferred_language=preferred_language,
        password_hash=_hash(password),
        must_change_password=must_change_password,
    )
    db.session.add(user)
    db.session.flush()
    audit("user_create", by=by, obj=user, details=f"role={role}")
    db.session.commit()
    return NewAccount(user, password)


def set_active(user: User, active: bool, *, by: User) -> None:
    """Deactivate (never delete) or reactivate an account."""
    if not active and user.id == by.id:
        raise AccountError(_("You cannot deactivate your own account."))
    user.active = active
    audit("user_reactivate" if active else "user_deactivate", by=by, obj=user)
    db.session.commit()
    if not active:
        revoke_access(user)


def revoke_access(user: User) -> None:
    """End every session of `user` and move their calendar feed to a new secret address, so
    that nothing handed out before (a cookie, a feed URL) still opens anything."""
    if user.calendar_token:
        user.calendar_token = secrets.token_urlsafe(32)
        db.session.commit()
    end_sessions(user.id)


def save_organisation(
    organisation: Organisation | None, fields: dict, expected_version: int, *, by: User
) -> Organisation:
    """Create or edit an organisation, audited; deactivating it ends its users' sessions
    (they cannot sign in while it is inactive, and can again once it is reactivated)."""
    if organisation is None:
        organisation = Organisation(**fields)
        db.session.add(organisation)
        db.session.flush()
        audit("organisation_create", by=by, obj=organisation, details=f"kind={fields['kind']}")
        db.session.commit()
        return organisation
    if organisation.version != expected_version:
        raise EditConflict(organisation.version)
    changed = [name for name, value in fields.items() if getattr(organisation, name) != value]
    if changed:
        audit("organisation_update", by=by, obj=organisation, details=", ".join(changed))
    save_changes(organisation, fields, expected_version)
    if "active" in changed and not organisation.active:
        member_ids = db.session.scalars(
            select(User.id).where(User.organisation_id == organisation.id)
        )
        for user_id in member_ids.all():
            end_sessions(user_id)
    return organisation


def unlock(user: User, *, by: User) -> None:
    """Lift a lockout caused by failed logins."""
    user.locked_until = None
    user.failed_login_count = 0
    audit("user_unlock", by=by, obj=user)
    db.session.commit()


def reset_password(user: User, *, by: User | None = None) -> str:
    """Give the user a new generated password, to be changed at next login; sessions end."""
    password = generate_password()
    user.password_hash = _hash(password)
    user.must_change_password = True
    user.locked_until = None
    user.failed_login_count = 0
    audit("user_password_reset", by=by, obj=user)
    db.session.commit()
    revoke_access(user)
    return password


def update_user(user: User, fields: dict, expected_version: int, *, by: User) -> list[str]:
    """Save an admin's edit of an account; a role change ends the user's sessions."""
    fields = {**fields, "organisation": organisation_for(fields["role"], fields["organisation"])}
    check_user_fields(fields["role"], fields["organisation"], fields["prisons"])
    if email_taken(fields["email"], except_user_id=user.id):
        raise AccountError(_("An account with this email already exists."))
    if user.version == expected_version:
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        if changed:
            audit("user_update", by=by, obj=user, details=", ".join(changed))
    changed = save_changes(user, fields, expected_version)
    if "role" in changed or "organisation" in changed:
        end_sessions(user.id)
    return changed


def create_first_admin(email: str) -> NewAccount | None:
    """On an empty database, the one administrator account; None when users already exist."""
    if db.session.scalar(select(func.count(User.id))):
        return None
    return create_user(
        email=email, full_name=_("Administrator"), role=Role.ADMIN, organisation=None
    )


DEMO_ORGANISATIONS = (
    ("Barreau du Mali (démo)", OrganisationKind.BAR_ASSOCIATION),
    ("Association des juristes (démo)", OrganisationKind.NGO),
)


def seed_demo() -> list[NewAccount]:
    """Demo organisations and one user per role, with fresh passwords (never in production)."""
    bar, _created = ensure_organisation(*DEMO_ORGANISATIONS[0])
    ngo, _created = ensure_organisation(*DEMO_ORGANISATIONS[1])
    prison = db.session.scalar(select(Prison).order_by(Prison.code))
    if prison is None:
        raise AccountError(_("Load the reference data first (flask seed-reference)."))
    accounts = []
    for role in Role:
        email = f"{role.value.replace('_', '.')}@demo.legalaid.example"
        organisation = {Role.ADMIN: None, Role.PRISON_OFFICER: None, Role.LAWYER: bar}.get(
            role, ngo
        )
        prisons = [prison] if role == Role.PRISON_OFFICER else []
        existing = db.session.scalar(select(User).where(User.email == email))
        if existing is not None:
            accounts.append(NewAccount(existing, reset_password(existing)))
            existing.must_change_password = False
            db.session.commit()
            continue
        accounts.append(
            create_user(
                email=email,
                full_name=f"Démo {role.value}",
                role=role,
                organisation=organisation,
                prisons=prisons,
                must_change_password=False,
            )
        )
    return accounts
