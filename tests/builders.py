"""Builders for test data, written through the same services as the app."""

from sqlalchemy import select

from legalaid.accounts.models import Organisation, OrganisationKind, User
from legalaid.accounts.services import create_user, ensure_organisation
from legalaid.extensions import db
from legalaid.permissions import Role
from legalaid.reference.models import Prison

PASSWORD = "Mopti au bord du fleuve 2026"
_counter = {"n": 0}


def make_organisation(name: str = "ONG de test", kind: str = OrganisationKind.NGO) -> Organisation:
    """An organisation, created once per name."""
    organisation, _created = ensure_organisation(name, kind)
    return organisation


def make_user(
    role: str = Role.PARALEGAL,
    *,
    email: str | None = None,
    organisation: Organisation | None = None,
    password: str = PASSWORD,
    **fields,
) -> User:
    """A user who may sign in with `password` straight away."""
    _counter["n"] += 1
    if organisation is None and role != Role.ADMIN:
        organisation = make_organisation()
    if role == Role.PRISON_OFFICER and "prisons" not in fields:
        fields["prisons"] = [db.session.scalars(select(Prison).order_by(Prison.code)).first()]
    account = create_user(
        email=email or f"{role}{_counter['n']}@example.org",
        full_name=fields.pop("full_name", f"{role.title()} {_counter['n']}"),
        role=role,
        organisation=organisation,
        password=password,
        must_change_password=fields.pop("must_change_password", False),
        **fields,
    )
    return account.user
