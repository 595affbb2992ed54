"""The case list: the policy's scope, filters, search by reference, code or folded name, sort."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from legalaid.accounts.models import User
from legalaid.cases.matching import name_tokens
from legalaid.cases.models import Assignment, Beneficiary, Case
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from legalaid.permissions import case_scope, identity_visible

SORTS = {
    "-opened_on": (Case.opened_on.desc(), Case.id.desc()),
    "opened_on": (Case.opened_on.asc(), Case.id.asc()),
    "reference": (Case.reference.asc(),),
    "-last_activity_at": (Case.last_activity_at.desc(), Case.id.desc()),
    "last_activity_at": (Case.last_activity_at.asc(), Case.id.asc()),
}


@dataclass
class CaseCriteria:
    """What the user asked the list for; empty fields do not filter."""

    text: str = ""
    kind: str = ""
    status: str = ""
    mine: bool = False
    organisation_id: int | None = None
    region_id: int | None = None
    prison_id: int | None = None
    opened_from: date | None = None
    opened_to: date | None = None
    sort: str = "-opened_on"


def _text_condition(user: User, text: str):
    """Reference or beneficiary code anywhere; names only where the identity may be shown."""
    text = text.strip()
    conditions = [Case.reference.ilike(f"%{text}%"), Beneficiary.code == text.upper()]
    tokens = name_tokens(text)
    if tokens:
        by_name = and_(*(Beneficiary.name_key.contains(token) for token in tokens))
        conditions.append(and_(by_name, identity_visible(user)))
    return or_(*conditions)


def case_query(user: User, criteria: CaseCriteria) -> Select:
    """The cases `user` may see that match `criteria`, sorted, with what the list shows."""
    query = (
        select(Case)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(case_scope(user))
        .options(
            joinedload(Case.beneficiary),
            joinedload(Case.organisation),
            selectinload(Case.assignments).joinedload(Assignment.user),
        )
    )
    filters = {
        Case.kind: criteria.kind,
        Case.status: criteria.status,
        Case.organisation_id: criteria.organisation_id,
        Beneficiary.region_id: criteria.region_id,
    }
    for column, value in filters.items():
        if value:
            query = query.where(column == value)
    if criteria.mine:
        query = query.where(
            exists().where(
                Assignment.case_id == Case.id,
                Assignment.user_id == user.id,
                Assignment.ended_at.is_(None),
            )
        )
    if criteria.prison_id:
        query = query.where(
            exists().where(
                DetentionRecord.case_id == Case.id, DetentionRecord.prison_id == criteria.prison_id
            )
        )
    if criteria.opened_from:
        query = query.where(Case.opened_on >= criteria.opened_from)
    if criteria.opened_to:
        query = query.where(Case.opened_on <= criteria.opened_to)
    if criteria.text.strip():
        query = query.where(_text_condition(user, criteria.text))
    return query.order_by(*SORTS.get(criteria.sort, SORTS["-opened_on"]))


def identity_visible_ids(user: User, cases: list[Case]) -> set[int]:
    """Which of these cases may show the beneficiary's name to `user` (one query)."""
    if not cases:
        return set()
    ids = [case.id for case in cases]
    return set(db.session.scalars(select(Case.id).where(Case.id.in_(ids), identity_visible(user))))
