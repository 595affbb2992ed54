"""The conflict-of-interest check the other way round: a client who is the other side.

Intake already checks a new case's adverse parties against the people the organisation helps
(`services.possible_conflicts`). This module checks a client — taken in, imported, or whose name
is corrected — against the adverse parties of the organisation's open cases, with the same name
folding (`matching.name_key`). As everywhere, a match on a case or person out of the user's
sight is never shown: the user is told only that a conflict waits for the coordinator, who sees
it on the review list.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    false,
    select,
    union_all,
)
from sqlalchemy.sql.expression import ColumnCollection

from legalaid.accounts.models import User
from legalaid.casekinds import case_kinds
from legalaid.cases.matching import name_key
from legalaid.cases.models import OPEN_STATUSES, Beneficiary, Case, MatchReview, ReviewReason
from legalaid.cases.reviews import flag_for_review
from legalaid.extensions import db
from legalaid.permissions import case_scope, identity_visible

# A match held for review: the person on the other case, and the adverse party as typed there.
Match = tuple[int, str]


@dataclass
class ClientConflict:
    """The open cases of the organisation in which the client is an adverse party.

    `case_references` are those the user may see with their person; `hidden_matches` the others,
    which are held for the coordinator and never named to the user.
    """

    client: str
    case_references: list[str] = field(default_factory=list)
    hidden_matches: list[Match] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        """Whether a match exists that only the coordinator may see."""
        return bool(self.hidden_matches)


# Conditions on a kind's (case_id, full_name, name_key) columns.
Narrowing = Callable[[ColumnCollection], Iterable[ColumnElement[bool]]]


def _other_side_tables(narrow: Narrowing | None) -> list[Select]:
    """Each kind's `other_parties_table`, narrowed inside it, where its name index is: a
    condition on the union of them all would read every party of every case."""
    tables = [table for kind in case_kinds() if (table := kind.other_parties_table()) is not None]
    if narrow is None:
        return tables
    return [table.where(*narrow(table.selected_columns)) for table in tables]


def other_sides(narrow: Narrowing | None = None) -> Subquery | None:
    """(case_id, full_name, name_key) of the other side of the cases, whatever their kind,
    narrowed by `narrow`; None when no kind has another side."""
    tables = _other_side_tables(narrow)
    if not tables:
        return None
    return union_all(*tables).subquery("other_sides")


def _against(organisation_id: int, full_name: str, person_id: int | None, user: User | None):
    """Rows (person, adverse party, reference, shown) of the open cases naming `full_name` as the
    other side; `shown` says whether `user` may see the case and its person (never without one)."""
    key = name_key(full_name)
    parties = other_sides(lambda columns: [columns.name_key == key]) if key else None
    if parties is None:
        return []
    shown = false() if user is None else and_(case_scope(user), identity_visible(user))
    query = (
        select(Case.beneficiary_id, parties.c.full_name, Case.reference, shown.label("shown"))
        .join(Case, Case.id == parties.c.case_id)
        .where(
            Case.organisation_id == organisation_id,
            Case.status.in_(OPEN_STATUSES),
        )
        .order_by(Case.reference)
    )
    if person_id is not None:  # her own cases never conflict with her
        query = query.where(Case.beneficiary_id != person_id)
    return db.session.execute(query).all()


def client_conflicts(
    user: User, organisation_id: int, full_name: str, *, person_id: int | None = None
) -> ClientConflict | None:
    """Where the client `full_name` (the person `person_id`, if on file) is an adverse party in
    an open case of the organisation, as `user` may be told it; None when nowhere."""
    rows = _against(organisation_id, full_name, person_id, user)
    if not rows:
        return None
    conflict = ClientConflict(full_name)
    for other_person, adverse_party, reference, shown in rows:
        if shown:
            conflict.case_references.append(reference)
        else:
            conflict.hidden_matches.append((other_person, adverse_party))
    return conflict


def client_matches(organisation_id: int, person: Beneficiary) -> list[Match]:
    """Every open case of the organisation naming `person` as the other side, as matches to hold
    for review (bulk import, which has no one to warn)."""
    rows = _against(organisation_id, person.full_name, person.id, None)
    return [(row.beneficiary_id, row.full_name) for row in rows]


def adverse_party_matches(organisation_id: int, names: Iterable[str]) -> list[Match]:
    """Every person the organisation helps whose name is one of these adverse parties, as matches
    to hold for review (bulk import: the other direction of the check)."""
    keys = {name_key(name): name for name in names if name_key(name)}
    if not keys:
        return []
    rows = db.session.execute(
        select(Beneficiary.id, Beneficiary.name_key).where(
            Beneficiary.organisation_id == organisation_id, Beneficiary.name_key.in_(keys)
        )
    )
    return [(person_id, keys[key]) for person_id, key in rows]


def hold_conflicts(case: Case, matches: Iterable[Match], by: User) -> int:
    """Hold conflicts of `case` for its coordinator, in the caller's transaction, leaving out
    those already held (a name corrected twice flags a person once); returns how many."""
    held = set(
        db.session.scalars(
            select(MatchReview.beneficiary_id).where(
                MatchReview.case_id == case.id, MatchReview.reason == ReviewReason.CONFLICT
            )
        )
    )
    fresh = [
        (person_id, party)
        for person_id, party in matches
        if person_id not in held and person_id != case.beneficiary_id
    ]
    return flag_for_review(case, fresh, ReviewReason.CONFLICT, by)


def check_renamed_client(case: Case, by: User) -> ClientConflict | None:
    """After a correction of the person's name: the conflicts her new name raises, the hidden
    ones held for the coordinator on this case (committed), the rest for the user to see."""
    person = case.beneficiary
    conflict = client_conflicts(by, case.organisation_id, person.full_name, person_id=person.id)
    if conflict is not None and conflict.hidden:
        hold_conflicts(case, conflict.hidden_matches, by)
        db.session.commit()
    return conflict
