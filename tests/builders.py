"""Builders for test data, written through the same services as the app."""

from datetime import date

from sqlalchemy import select

from legalaid.accounts.models import Organisation, OrganisationKind, User
from legalaid.accounts.services import create_user, ensure_organisation
from legalaid.cases.models import Assignment, Case
from legalaid.cases.services import BeneficiaryData, IntakeData, open_case
from legalaid.extensions import db
from legalaid.reference.models import Prison
from legalaid.roles import Role

PASSWORD = "Mopti au bord du fleuve 2026"
_counter = {"n": 0}


def make_organisation(name: str = "ONG de test", kind: str = OrganisationKind.NGO) -> Organisation:
    """An organisation, created once per name."""
    organisation, _created = ensure_organisation(name, kind)
    return organisation


def _letters(number: int) -> str:
    """A number spelt in letters (1 -> B, 26 -> BA): default names never contain a year or a
    phone number that a test looks for on a page."""
    spelt = ""
    while True:
        number, digit = divmod(number, 26)
        spelt = chr(ord("A") + digit) + spelt
        if not number:
            return spelt


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
        full_name=fields.pop("full_name", f"{role.title()} {_letters(_counter['n'])}"),
        role=role,
        organisation=organisation,
        password=password,
        must_change_password=fields.pop("must_change_password", False),
        **fields,
    )
    return account.user


def first_prison() -> Prison:
    """A seeded prison (needs the `reference` fixture)."""
    return db.session.scalars(select(Prison).order_by(Prison.code)).first()


def make_case(
    kind: str = "litigation",
    *,
    by: User,
    full_name: str = "Awa Traoré",
    sex: str = "F",
    birth_year: int | None = 1990,
    phone: str | None = None,
    opened_on: date | None = None,
    details: dict | None = None,
    adverse_parties: list[str] | None = None,
    beneficiary_id: int | None = None,
    **beneficiary,
) -> Case:
    """A case taken in by `by` through the intake service."""
    defaults = {
        "detention": {
            "prison_id": first_prison().id if kind == "detention" else None,
            "offence_class": "delit_major",
        },
        "gbv": {"incident_type": "physical_assault", "consent_reporting": True},
        "litigation": {"matter_type": "land", "forum": "customary"},
    }[kind]
    data = IntakeData(
        kind=kind,
        opened_on=opened_on or date(2026, 3, 2),
        service_level="advice",
        beneficiary=BeneficiaryData(
            full_name=full_name, sex=sex, birth_year=birth_year, phone=phone, **beneficiary
        ),
        details={**defaults, **(details or {})},
        adverse_parties=adverse_parties or [],
        existing_beneficiary_id=beneficiary_id,
    )
    return open_case(data, by, today=date(2026, 11, 29))


def assign(case: Case, user: User, role_on_case: str | None = None) -> Assignment:
    """Put `user` on `case` (the assignment workflow comes later; this is the table only)."""
    assignment = Assignment(
        case_id=case.id, user_id=user.id, role_on_case=role_on_case or user.role
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment
