"""Fixtures for the land kind: its commissions, its labels, land cases with their parties."""

from datetime import date

import pytest
from sqlalchemy import select

from legalaid import labels
from legalaid.cases.matching import name_key
from legalaid.cases.models import Beneficiary, Case, CaseEvent, EventKind
from legalaid.cases.services import new_beneficiary_code
from legalaid.extensions import db
from legalaid.land.kind import KIND
from legalaid.land.models import LandCommission
from legalaid.land.services import seed_commissions
from tests.builders import assign, make_organisation, make_user
from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures

THREE_PARTIES = [
    {"kind": "group", "full_name": "Lignage Kouyaté de Socoura", "role": "other"},
    {
        "kind": "person",
        "full_name": "Hamadoun Cissé",
        "sex": "M",
        "role": "other",
        "phone": "76 12 34 56",
    },
    {"kind": "person", "full_name": "Fatoumata Djiré", "sex": "F", "role": "witness"},
]


@pytest.fixture(autouse=True)
def land_labels(monkeypatch):
    """The kind's label groups in the label registry, as the registry merges them (shared code
    that asks `label_groups` comes with the kshared work; until then, merged here)."""
    for group, entries in KIND.label_groups.items():
        monkeypatch.setitem(labels.GROUPS, group, {**labels.GROUPS.get(group, {}), **entries})


@pytest.fixture
def commissions(reference) -> dict[str, LandCommission]:
    """The seeded commissions, by code."""
    seed_commissions()
    return {c.code: c for c in db.session.scalars(select(LandCommission))}


_sequence = {"n": 0}


def make_land_case(
    by,
    *,
    commission: LandCommission | None = None,
    parties: list[dict] | None = None,
    full_name: str = "Aminata Togo",
    opened_on: date = date(2026, 3, 2),
    **details,
) -> Case:
    """A land case taken in by `by`, its dispute built by the kind's own `new_details`."""
    _sequence["n"] += 1
    commission = commission or db.session.scalars(select(LandCommission)).first()
    person = Beneficiary(
        code=new_beneficiary_code(),
        organisation_id=by.organisation_id,
        full_name=full_name,
        name_key=name_key(full_name),
        sex="F",
        birth_year=1985,
        created_by=by,
    )
    case = Case(
        reference=f"{KIND.prefix}-{opened_on.year}-{_sequence['n']:05d}",
        kind=KIND.code,
        year=opened_on.year,
        sequence=_sequence["n"],
        organisation_id=by.organisation_id,
        beneficiary=person,
        opened_on=opened_on,
        created_by=by,
    )
    db.session.add(case)
    db.session.flush()
    values = {
        "commission_id": commission.id,
        "nature": "boundary",
        "place": "Socoura",
        "parcel": None,
        "latitude": None,
        "longitude": None,
        "seized_on": opened_on,
        "party_rows": [dict(row) for row in (THREE_PARTIES if parties is None else parties)],
        **details,
    }
    db.session.add(KIND.new_details(case, values, []))
    db.session.add(CaseEvent(case_id=case.id, kind=EventKind.INTAKE, author=by, text=""))
    db.session.commit()
    return case


def resolve(case: Case, outcome: str = "conciliation_agreement", on: date = date(2026, 5, 4)):
    """The PV recorded, as the workflow's resolution writes it (outcome and date)."""
    case.status, case.outcome, case.resolved_on = "resolved", outcome, on
    db.session.commit()


@pytest.fixture
def land(request, commissions):
    """A land case of `org`, taken in by its paralegal, its lawyer assigned."""
    people = request.getfixturevalue("org")
    case = make_land_case(people["paralegal"], commission=commissions["COFO-MOP-SOCOURA"])
    assign(case, people["lawyer"])
    return case


@pytest.fixture
def outsiders(commissions):
    """People of another organisation, and a prison officer."""
    theirs = make_organisation("Barreau du Mali")
    return {
        "coordinator": make_user("coordinator", organisation=theirs),
        "prison_officer": make_user("prison_officer", organisation=theirs),
    }
