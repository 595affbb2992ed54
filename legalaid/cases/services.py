"""Case rules: intake in one transaction, references, duplicates, conflicts, timeline, edits."""

import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.casekinds import case_kind
from legalaid.cases.conflicts import client_conflicts, hold_conflicts
from legalaid.cases.matching import name_key, phone_key
from legalaid.cases.models import (
    Beneficiary,
    Case,
    CaseEvent,
    EventKind,
    ReferenceCounter,
    ReviewReason,
)
from legalaid.cases.reviews import flag_for_review
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.permissions import case_scope, identity_visible, person_visible
from legalaid.timeutils import utcnow
from legalaid.unitofwork import unit_of_work

# No look-alike characters: codes are read out over the phone and copied by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
BIRTH_YEAR_TOLERANCE = 2
# What an edit calls a change of the other side (timeline, audit trail), whatever the kind.
OTHER_PARTIES_CHANGE = "adverse_parties"


def new_beneficiary_code() -> str:
    """A pseudonymous code (`B-7KQ2M9XA`) that says nothing about the person."""
    return "B-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def allocate_reference(kind: str, year: int) -> tuple[int, str]:
    """The next case number of `kind` for `year`, atomically: one UPDATE ... RETURNING.

    Two intakes at the same moment never get the same number: the row lock (PostgreSQL) or the
    write lock (SQLite) orders them. The counter row of a new year is created on first use.
    """
    prefix = case_kind(kind).prefix
    bump = (
        update(ReferenceCounter)
        .where(ReferenceCounter.kind == kind, ReferenceCounter.year == year)
        .values(last_value=ReferenceCounter.last_value + 1)
        .returning(ReferenceCounter.last_value)
        # No counter object is kept in the session: nothing to synchronise (bulk import).
        .execution_options(synchronize_session=False)
    )
    sequence = db.session.execute(bump).scalar()
    if sequence is None:
        insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
        db.session.execute(
            insert(ReferenceCounter)
            .values(kind=kind, year=year, last_value=0)
            .on_conflict_do_nothing()
        )
        sequence = db.session.execute(bump).scalar_one()
    return sequence, f"{prefix}-{year}-{sequence:05d}"


@dataclass
class BeneficiaryData:
    """What intake knows of the person."""

    full_name: str
    sex: str
    birth_date: date | None = None
    birth_year: int | None = None
    age: int | None = None
    region_id: int | None = None
    commune: str | None = None
    address: str | None = None
    phone: str | None = None
    preferred_language: str = "fr"
    needs_interpreter: bool = False
    has_disability: bool = False
    disability_details: str | None = None

    def resolved_birth_year(self, today: date) -> tuple[int | None, bool]:
        """Birth year and whether it is an estimate, from a date, a year or an age."""
        if self.birth_date:
            return self.birth_date.year, False
        if self.birth_year:
            return self.birth_year, True
        if self.age is not None:
            return today.year - self.age, True
        return None, False


@dataclass
class IntakeData:
    """A whole intake: the person (or an existing beneficiary), the case and its kind's details."""

    kind: str
    opened_on: date
    service_level: str
    beneficiary: BeneficiaryData
    summary: str = ""
    existing_beneficiary_id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # The other side's names, for a kind that has one (its `other_parties`).
    adverse_parties: list[str] = field(default_factory=list)
    external_id: str | None = None


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def _person_values(data: BeneficiaryData, today: date) -> dict[str, Any]:
    """The person's columns from what a form says, with the folded name and phone."""
    birth_year, estimated = data.resolved_birth_year(today)
    return {
        "full_name": data.full_name.strip(),
        "name_key": name_key(data.full_name),
        "sex": data.sex,
        "birth_date": data.birth_date,
        "birth_year": birth_year,
        "birth_year_estimated": estimated,
        "region_id": data.region_id,
        "commune": _clean(data.commune),
        "address": _clean(data.address),
        "phone": _clean(data.phone),
        "phone_key": phone_key(data.phone),
        "preferred_language": data.preferred_language,
        "needs_interpreter": data.needs_interpreter,
        "has_disability": data.has_disability,
        "disability_details": _clean(data.disability_details),
    }


# Columns computed from others: a change to them is told by the field the user changed.
DERIVED_PERSON_COLUMNS = frozenset({"name_key", "phone_key", "birth_year_estimated"})


def _new_beneficiary(data: BeneficiaryData, organisation_id: int, by: User, today: date):
    return Beneficiary(
        code=new_beneficiary_code(),
        organisation_id=organisation_id,
        created_by=by,
        **_person_values(data, today),
    )


@unit_of_work(versioned="case.beneficiary")
def update_beneficiary(
    case: Case, data: BeneficiaryData, *, expected_version: int, by: User, today: date
) -> list[str]:
    """Correct the person of `case` unless someone saved in between; returns the changed fields.

    The name and phone are folded again, so that search and duplicate checks find the new
    spelling. The timeline and the audit trail get field names only, never the values.
    """
    person = case.beneficiary
    if person.version != expected_version:
        raise EditConflict(person.version)
    values = _person_values(data, today)
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    shown = [name for name in changed if name not in DERIVED_PERSON_COLUMNS]
    if not shown:
        return []
    for name in changed:
        setattr(person, name, values[name])
    case.last_activity_at = utcnow()
    db.session.add(
        CaseEvent(case_id=case.id, kind=EventKind.EDIT, author=by, text=", ".join(shown))
    )
    audit("beneficiary_update", by=by, obj=person, details=", ".join(shown))
    return shown


def new_case(data: IntakeData, organisation_id: int, by: User, *, today: date) -> Case:
    """The beneficiary (new or linked) and the case with its reference, added to the session;
    `record_new_case` completes it once written. Intake and bulk import share these two steps;
    the import writes a whole batch of cases between them."""
    case_kind(data.kind)  # an unknown kind stops here, before anything is added
    if data.existing_beneficiary_id is not None:
        beneficiary = db.session.get(Beneficiary, data.existing_beneficiary_id)
        if beneficiary is None or beneficiary.organisation_id != organisation_id:
            raise ValueError("beneficiary outside the case's organisation")
    else:
        beneficiary = _new_beneficiary(data.beneficiary, organisation_id, by, today)
        db.session.add(beneficiary)
    sequence, reference = allocate_reference(data.kind, data.opened_on.year)
    case = Case(
        reference=reference,
        kind=data.kind,
        year=data.opened_on.year,
        sequence=sequence,
        organisation_id=organisation_id,
        beneficiary=beneficiary,
        opened_on=data.opened_on,
        summary=data.summary.strip(),
        service_level=data.service_level,
        external_id=data.external_id,
        created_by=by,
    )
    db.session.add(case)
    return case


def record_new_case(case: Case, data: IntakeData, by: User) -> None:
    """The details, first timeline entry and audit entry of a case just written."""
    details = case_kind(data.kind).new_details(case, data.details, data.adverse_parties)
    db.session.add(details)
    db.session.add(CaseEvent(case_id=case.id, kind=EventKind.INTAKE, author=by, text=""))
    audit("case_create", by=by, obj=case, details=data.kind)


@unit_of_work()
def open_case(data: IntakeData, by: User, *, today: date) -> Case:
    """Take in a case: beneficiary, case, details and the first timeline entry, all or nothing.

    A new person who may be someone `by` may not see, and an adverse party who may be someone
    `by` may not see, are held for the coordinator's review (never linked, never named).
    """
    case = new_case(data, by.organisation_id, by, today=today)
    db.session.flush()
    record_new_case(case, data, by)
    _hold_hidden_matches(case, data, by, today)
    return case


def _hold_hidden_matches(case: Case, data: IntakeData, by: User, today: date) -> None:
    """Flag for review the people out of `by`'s sight that the new case may be about or
    against, or whose open cases name its person as the other side, in the intake's
    transaction."""
    if data.existing_beneficiary_id is None:
        person = data.beneficiary
        birth_year, _estimated = person.resolved_birth_year(today)
        hidden = hidden_duplicates(
            by, case.organisation_id, person.full_name, birth_year, person.phone
        )
        flag_for_review(case, ((p.id, None) for p in hidden), ReviewReason.DUPLICATE, by)
    conflicts = possible_conflicts(by, data.adverse_parties)
    against = ((p, warning.adverse_party) for warning in conflicts for p in warning.hidden_people)
    flag_for_review(case, against, ReviewReason.CONFLICT, by)
    person = case.beneficiary
    other_side = client_conflicts(by, case.organisation_id, person.full_name, person_id=person.id)
    if other_side is not None:
        hold_conflicts(case, other_side.hidden_matches, by)


def _duplicates(
    among: ColumnElement[bool],
    full_name: str,
    birth_year: int | None,
    phone: str | None,
    limit: int,
) -> list[Beneficiary]:
    """Beneficiaries `among` those given with the same folded name and a compatible birth year
    or the same phone, oldest first."""
    key, phone_digits = name_key(full_name), phone_key(phone)
    if not key:
        return []
    compatible = [Beneficiary.birth_year.is_(None)]
    if birth_year is None:
        compatible.append(Beneficiary.birth_year.is_not(None))
    else:
        compatible.append(
            Beneficiary.birth_year.between(
                birth_year - BIRTH_YEAR_TOLERANCE, birth_year + BIRTH_YEAR_TOLERANCE
            )
        )
    if phone_digits:
        compatible.append(Beneficiary.phone_key == phone_digits)
    query = (
        select(Beneficiary)
        .where(Beneficiary.name_key == key, or_(*compatible), among)
        .order_by(Beneficiary.created_at, Beneficiary.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def possible_duplicates(
    user: User, full_name: str, birth_year: int | None, phone: str | None
) -> list[Beneficiary]:
    """Beneficiaries `user` may see that may be this person (DESIGN: duplicates are linked, not
    created twice); intake offers them to choose from."""
    return _duplicates(person_visible(user), full_name, birth_year, phone, limit=10)


def hidden_duplicates(
    user: User, organisation_id: int, full_name: str, birth_year: int | None, phone: str | None
) -> list[Beneficiary]:
    """The organisation's beneficiaries that may be this person but whom `user` may not see:
    never offered nor linked, held for the coordinator's review instead."""
    among = and_(Beneficiary.organisation_id == organisation_id, ~person_visible(user))
    return _duplicates(among, full_name, birth_year, phone, limit=10)


def organisation_duplicate(
    organisation_id: int, by: User, full_name: str, birth_year: int | None, phone: str | None
) -> Beneficiary | None:
    """The organisation's earliest beneficiary that may be this person and whom `by` may see:
    bulk import, which has no one to ask, links the row to it."""
    among = and_(Beneficiary.organisation_id == organisation_id, person_visible(by))
    found = _duplicates(among, full_name, birth_year, phone, limit=1)
    return found[0] if found else None


@dataclass
class ConflictWarning:
    """An adverse party who matches someone the organisation helps.

    `case_references` lists the matching cases whose person `user` may see there; `hidden` says
    that some match is out of their sight, which is stated without any detail: the coordinator
    clears it (`hidden_people` are the people held for that review).
    """

    adverse_party: str
    case_references: list[str] = field(default_factory=list)
    hidden_people: list[int] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        """Whether a match exists that only the coordinator may see."""
        return bool(self.hidden_people)


def possible_conflicts(user: User, adverse_parties: list[str]) -> list[ConflictWarning]:
    """Adverse parties matching people `user`'s organisation helps (conflict of interest): in
    detail where `user` may see the case and its person, as a bare "conflict" elsewhere."""
    keys = {name_key(name): name for name in adverse_parties if name_key(name)}
    if not keys:
        return []
    shown = and_(case_scope(user), identity_visible(user))
    rows = db.session.execute(
        select(Beneficiary.id, Beneficiary.name_key, Case.reference, shown.label("shown"))
        .join(Case, Case.beneficiary_id == Beneficiary.id)
        .where(Beneficiary.organisation_id == user.organisation_id, Beneficiary.name_key.in_(keys))
        .order_by(Case.reference)
    ).all()
    warnings: dict[str, ConflictWarning] = {}
    for person_id, key, reference, visible in rows:
        warning = warnings.setdefault(key, ConflictWarning(keys[key]))
        if visible:
            warning.case_references.append(reference)
        elif person_id not in warning.hidden_people:
            warning.hidden_people.append(person_id)
    return list(warnings.values())


def recheck_other_parties(case: Case, by: User) -> list[ConflictWarning]:
    """After an edit of a case's other side: the conflicts its names raise for `by`, those out of
    their sight held for the coordinator (committed), as intake does."""
    names = case_kind(case.kind).other_parties(details_of(case))
    warnings = possible_conflicts(by, names)
    hidden = [(person, w.adverse_party) for w in warnings for person in w.hidden_people]
    if hold_conflicts(case, hidden, by):
        db.session.commit()
    return warnings


@unit_of_work()
def add_timeline_entry(case: Case, by: User, text: str, action_type: str | None = None) -> None:
    """A note, or an action of the given type, on the case's timeline."""
    # The case's version, which the entry bumps, is read under a row lock (PostgreSQL; SQLite's
    # unit of work holds the write lock already): entries sent at once queue, none is refused.
    db.session.refresh(case, with_for_update=True)
    kind = EventKind.ACTION if action_type else EventKind.NOTE
    db.session.add(
        CaseEvent(case_id=case.id, kind=kind, action_type=action_type or None, text=text, author=by)
    )
    case.last_activity_at = utcnow()
    audit("case_timeline_entry", by=by, obj=case, details=kind)


def details_of(case: Case):
    """The kind-specific record of a case (`UnknownCaseKind` for a kind no package registered)."""
    model = case_kind(case.kind).detail_model
    return db.session.scalar(select(model).where(model.case_id == case.id))


@unit_of_work(versioned="case")
def update_case(
    case: Case,
    *,
    case_changes: dict[str, Any],
    detail_changes: dict[str, Any],
    other_parties: list[str] | None,
    expected_version: int,
    by: User,
) -> list[str]:
    """Save edited details unless someone saved in between; returns the changed field names.

    The case's version covers its details too: any change bumps it, so a concurrent edit of
    either is caught. `other_parties` None leaves the other side as it is (a kind without one).
    """
    if case.version != expected_version:
        raise EditConflict(case.version)
    kind = case_kind(case.kind)
    details = details_of(case)
    changed = [name for name, value in case_changes.items() if getattr(case, name) != value]
    changed += [name for name, value in detail_changes.items() if getattr(details, name) != value]
    for name, value in case_changes.items():
        setattr(case, name, value)
    for name, value in detail_changes.items():
        setattr(details, name, value)
    if other_parties is not None and kind.other_parties(details) != other_parties:
        changed.append(OTHER_PARTIES_CHANGE)
        kind.set_other_parties(details, other_parties)
    if not changed:
        return []
    case.last_activity_at = utcnow()  # also bumps the version
    db.session.add(
        CaseEvent(case_id=case.id, kind=EventKind.EDIT, author=by, text=", ".join(changed))
    )
    audit("case_update", by=by, obj=case, details=", ".join(changed))
    return changed
