"""The case list: the policy's scope, filters, search by reference, code or folded name (the
person's or the other side's), sort."""

import re
from dataclasses import dataclass
from datetime import date

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from legalaid.accounts.models import User
from legalaid.casekinds import case_kinds
from legalaid.cases.conflicts import other_sides
from legalaid.cases.matching import name_tokens
from legalaid.cases.models import Assignment, Beneficiary, Case
from legalaid.cases.nameindex import persons_named
from legalaid.extensions import db
from legalaid.permissions import case_scope, identity_visible

# Matches counted at most before the list says "more than" (see `CasePage`).
COUNT_CAP = 1000

SORTS = {
    "-opened_on": (Case.opened_on.desc(), Case.id.desc()),
    "opened_on": (Case.opened_on.asc(), Case.id.asc()),
    "reference": (Case.reference.asc(),),
    "-last_activity_at": (Case.last_activity_at.desc(), Case.id.desc()),
    "last_activity_at": (Case.last_activity_at.asc(), Case.id.asc()),
}


@dataclass
class CaseCriteria:
    """What the user asked the list for; empty fields do not filter. A kind's own criterion
    (`prison_id`) is turned into a condition by the kind (its `list_condition`)."""

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
    """The reference anywhere; the person's code and name, and the names of the other side, only
    where her identity is shown, so that a name seen on a case never finds one that hides her.

    Each match is a list of ids found once through its index (the person's code, the name
    index, the parties' names), not a condition read on every case of the scope.
    """
    text = text.strip()
    by_person = [
        Case.beneficiary_id.in_(select(Beneficiary.id).where(Beneficiary.code == text.upper()))
    ]
    tokens = name_tokens(text)
    if tokens:
        by_person.append(Case.beneficiary_id.in_(persons_named(tokens)))
        # Every word in the same party's name, as for the person's.
        named = other_sides(lambda columns: [columns.name_key.contains(t) for t in tokens])
        if named is not None:
            by_person.append(Case.id.in_(select(named.c.case_id)))
    by_identity = and_(or_(*by_person), identity_visible(user))
    if not may_be_in_a_reference(text):
        return by_identity
    return or_(Case.reference.ilike(f"%{text}%"), by_identity)


def may_be_in_a_reference(text: str) -> bool:
    """Whether `text` may be part of a case reference (`DET-2026-00001`: a kind's prefix, the
    year and the number, as `allocate_reference` writes them): a name is not, and then the
    search need not read the reference of every case in the scope."""
    upper = text.upper()
    if "%" in upper or "_" in upper:  # LIKE's wildcards, as typed: anything may match
        return True
    if not re.fullmatch(r"[A-Z0-9-]*", upper):
        return False
    prefixes = [kind.prefix for kind in case_kinds()]
    return all(any(run in prefix for prefix in prefixes) for run in re.findall("[A-Z]+", upper))


def _matching_ids(user: User, criteria: CaseCriteria) -> Select:
    """The ids of the cases `user` may see that match `criteria`, unsorted.

    The beneficiary is joined only when a filter needs it: most pages stay on `cases` alone.
    """
    query = select(Case.id).where(case_scope(user))
    if criteria.region_id:
        query = query.join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
    filters = {
        Case.kind: criteria.kind,
        Case.status: criteria.status,
        Case.organisation_id: criteria.organisation_id,
    }
    for column, value in filters.items():
        if value:
            query = query.where(column == value)
    if criteria.region_id:
        # Where she lives is part of who she is: a case that hides her is never found by region.
        query = query.where(Beneficiary.region_id == criteria.region_id, identity_visible(user))
    if criteria.mine:
        query = query.where(
            exists().where(
                Assignment.case_id == Case.id,
                Assignment.user_id == user.id,
                Assignment.ended_at.is_(None),
            )
        )
    for kind in case_kinds():
        condition = kind.list_condition(criteria)
        if condition is not None:
            query = query.where(condition)
    if criteria.opened_from:
        query = query.where(Case.opened_on >= criteria.opened_from)
    if criteria.opened_to:
        query = query.where(Case.opened_on <= criteria.opened_to)
    if criteria.text.strip():
        query = query.where(_text_condition(user, criteria.text))
    return query


class CasePage(Pagination):
    """A page of the case list, cheap however many cases match.

    The page's ids are chosen on `cases` alone, then loaded with what the list shows: sorting
    thousands of rows already joined to beneficiaries cost more than the page. The total is
    counted only up to `count_limit`; past it the list says "more than", and the next page is
    offered as long as one exists.
    """

    @property
    def count_limit(self) -> int:
        """Matches counted at most: the cap, or up to this page so that "next" stays exact."""
        return max(COUNT_CAP, self.page * self.per_page)

    @property
    def capped(self) -> bool:
        """Whether more cases match than `count_limit` (then `total` is one past it)."""
        return self.total > self.count_limit

    def _query_items(self) -> list[Case]:
        order = self._query_args["order"]
        page_ids = (
            self._query_args["ids"]
            .order_by(*order)
            .limit(self.per_page)
            .offset(self._query_offset)
            .correlate(None)
        )
        query = (
            select(Case)
            .where(Case.id.in_(page_ids))
            .options(
                joinedload(Case.beneficiary),
                joinedload(Case.organisation),
                selectinload(Case.assignments).joinedload(Assignment.user),
            )
            .order_by(*order)
        )
        return list(db.session.scalars(query).unique())

    def _query_count(self) -> int:
        counted = self._query_args["ids"].limit(self.count_limit + 1).subquery()
        return db.session.scalar(select(func.count()).select_from(counted)) or 0


def case_page(user: User, criteria: CaseCriteria, page: int, per_page: int) -> CasePage:
    """One page of the case list, with its capped total."""
    return CasePage(
        ids=_matching_ids(user, criteria),
        order=SORTS.get(criteria.sort, SORTS["-opened_on"]),
        page=page,
        per_page=per_page,
        error_out=False,
    )
