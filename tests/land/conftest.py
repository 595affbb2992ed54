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
from legalaid.land.models import ConciliationSession, LandCommission, LandDispute
from legalaid.land.services import seed_commissions
from legalaid.reference.models import Region
from tests.builders import assign, make_case, make_organisation, make_user
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


# The hand-counted land disputes of a half-year and their sessions: the data set of the land
# figures (test_indicators.py) and of the reports that show them (test_reporting.py).
START, END = date(2026, 1, 1), date(2026, 6, 30)
# name, sex, birth year, region code, opened, outcome, PV's date, filed, decision, decided on
DISPUTES = [
    (
        "Aminata Togo",
        "F",
        1985,
        "MOP",
        "03-01",
        "conciliation_agreement",
        "03-10",
        "03-20",
        "recognised",
        "04-15",
    ),
    (
        "Hawa Cissé",
        "F",
        1995,
        "MOP",
        "03-02",
        "conciliation_agreement",
        "03-12",
        "03-25",
        "recognised",
        "05-02",
    ),
    (
        "Oumar Guindo",
        "M",
        1970,
        "SEG",
        "03-03",
        "conciliation_agreement",
        "04-01",
        "04-10",
        "refused",
        "05-20",
    ),
    # filed within the period, recognised after its end
    (
        "Fatoumata Diarra",
        "F",
        2010,
        "MOP",
        "03-04",
        "conciliation_agreement",
        "04-05",
        "06-01",
        "recognised",
        "07-05",
    ),
    (
        "Mariam Sangaré",
        "F",
        None,
        None,
        "03-05",
        "conciliation_agreement",
        "05-05",
        None,
        None,
        None,
    ),
    ("Boubacar Maïga", "M", 1999, "SEG", "03-06", "non_conciliation", "04-20", None, None, None),
    ("Kadiatou Traoré", "F", 1960, "MOP", "03-07", "non_conciliation", "05-30", None, None, None),
    ("Sékou Kouyaté", "M", 1995, None, "03-08", "withdrawn", "03-15", None, None, None),
    # the PV signed, filed and recognised after the period's end: none of it counts yet
    (
        "Awa Diallo",
        "F",
        1988,
        "SEG",
        "03-09",
        "conciliation_agreement",
        "07-15",
        "07-20",
        "recognised",
        "08-01",
    ),
    ("Moussa Coulibaly", "M", 2000, "MOP", "05-01", None, None, None, None, None),
    ("Moussa Coulibaly", "M", 2000, "MOP", "06-01", None, None, None, None, None),  # his 2nd
]
# Opened before the period: neither it nor its session counts.
BEFORE = (
    "Salif Keita",
    "M",
    1980,
    "MOP",
    "2025-12-10",
    "conciliation_agreement",
    "02-01",
    "02-10",
    "recognised",
    "03-01",
)


def _day(text: str | None) -> date | None:
    """A day of 2026 written MM-DD (or a whole ISO date)."""
    if text is None:
        return None
    return date.fromisoformat(text if len(text) > 5 else f"2026-{text}")


@pytest.fixture
def disputes(request, commissions):
    """The land cases of the table, each with its requesting party as the table says, and a
    litigation case resolved by conciliation in the period (not a land dispute)."""
    regions = dict(db.session.execute(select(Region.code, Region.id)).all())
    by = request.getfixturevalue("org")["paralegal"]
    made = {}
    for name, sex, born, region, opened, outcome, pv_on, filed, decision, decided in [
        *DISPUTES,
        BEFORE,
    ]:
        case = make_land_case(
            by,
            full_name=name,
            opened_on=_day(opened),
            pv_filed_on=_day(filed),
            recognition=decision,
            recognised_on=_day(decided),
        )
        if name in made:  # the same person's second dispute
            case.beneficiary = made[name].beneficiary
        person = case.beneficiary
        person.sex, person.birth_year = sex, born
        person.region_id = regions[region] if region else None
        if outcome:
            resolve(case, outcome, _day(pv_on))
        made.setdefault(name, case)
    litigation = make_case("litigation", by=by, full_name="Awa Traoré", opened_on=date(2026, 3, 2))
    resolve(litigation, "conciliation_agreement", date(2026, 4, 1))
    db.session.commit()
    return made


def _session(case, on: str, total: int, women: int, youth: int, by) -> None:
    dispute = db.session.scalar(select(LandDispute).where(LandDispute.case_id == case.id))
    db.session.add(
        ConciliationSession(
            dispute_id=dispute.id,
            held_on=_day(on),
            place="Socoura",
            attendance_total=total,
            attendance_women=women,
            attendance_youth=youth,
            recorded_by_id=by.id,
        )
    )


@pytest.fixture
def sessions(request, disputes):
    """Three sessions held in the period, one after it, one on the dispute opened before it."""
    by = request.getfixturevalue("org")["paralegal"]
    _session(disputes["Aminata Togo"], "03-01", 12, 5, 3, by)
    _session(disputes["Aminata Togo"], "03-05", 8, 2, 4, by)
    _session(disputes["Boubacar Maïga"], "04-10", 20, 9, 6, by)
    _session(disputes["Moussa Coulibaly"], "07-10", 15, 7, 5, by)  # after the end
    _session(disputes["Salif Keita"], "01-15", 30, 10, 10, by)  # a case opened before
    db.session.commit()
