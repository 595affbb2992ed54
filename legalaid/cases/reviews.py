"""Matches a case's author could not be shown, held for the coordinator: flag, list, decide.

Duplicate matching and the conflict check never link a case to, or name, a person its author
may not see (`permissions.person_visible`): the case is opened on a person of its own, and the
match waits here for the coordinator of the case's organisation, who sees both sides and links
the case to the person already known, or dismisses the match, with one click.
"""

from collections import defaultdict
from collections.abc import Iterable

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.cases.matching import name_key
from legalaid.cases.models import (
    Beneficiary,
    Case,
    CaseEvent,
    EventKind,
    MatchReview,
    ReviewOutcome,
    ReviewReason,
)
from legalaid.editing import EditConflict, commit_versioned
from legalaid.extensions import db
from legalaid.permissions import person_visible, works_on_case
from legalaid.timeutils import utcnow

REVIEWS_PER_PAGE = 50


def flag_for_review(
    case: Case, matches: Iterable[tuple[int, str | None]], reason: ReviewReason, by: User
) -> int:
    """Hold the matches of `case` (person id, adverse party or None) for its coordinator, in the
    caller's transaction; on the timeline and the audit trail, without naming anyone."""
    people = dict(matches)
    for person_id, adverse_party in people.items():
        db.session.add(
            MatchReview(
                case_id=case.id,
                beneficiary_id=person_id,
                reason=reason,
                adverse_party=adverse_party,
                flagged_by=by,
            )
        )
    if people:
        db.session.add(
            CaseEvent(case_id=case.id, kind=EventKind.REVIEW, author=by, text=ReviewOutcome.FLAGGED)
        )
        audit("match_review_flag", by=by, obj=case, details=f"{reason}: {len(people)}")
    return len(people)


def waiting_reasons(case: Case) -> set[str]:
    """Why `case` waits for its coordinator, if it does (what intake tells its author)."""
    return set(
        db.session.scalars(
            select(MatchReview.reason).where(
                MatchReview.case_id == case.id, MatchReview.outcome.is_(None)
            )
        )
    )


def _reviews_of(user: User):
    """The waiting reviews `user` decides: cases they work on, people they may see."""
    return (
        select(MatchReview)
        .join(Case, Case.id == MatchReview.case_id)
        .join(Beneficiary, Beneficiary.id == MatchReview.beneficiary_id)
        .where(MatchReview.outcome.is_(None), works_on_case(user), person_visible(user))
    )


def waiting_reviews(user: User) -> Pagination:
    """The page of waiting reviews the request asks for (`?page=`), oldest first."""
    query = _reviews_of(user).options(
        joinedload(MatchReview.case).joinedload(Case.beneficiary),
        joinedload(MatchReview.beneficiary),
        joinedload(MatchReview.flagged_by),
    )
    return db.paginate(
        query.order_by(MatchReview.flagged_at, MatchReview.id),
        per_page=REVIEWS_PER_PAGE,
        error_out=False,
    )


def waiting_count(user: User) -> int:
    """How many reviews wait for `user` (the home page's link)."""
    return db.session.scalar(select(db.func.count()).select_from(_reviews_of(user).subquery()))


def cases_of(people: Iterable[Beneficiary]) -> dict[int, list[str]]:
    """The case references of each person, so that the coordinator knows whom a match is."""
    references = defaultdict(list)
    rows = db.session.execute(
        select(Case.beneficiary_id, Case.reference)
        .where(Case.beneficiary_id.in_({person.id for person in people}))
        .order_by(Case.reference)
    )
    for person_id, reference in rows:
        references[person_id].append(reference)
    return references


def against_their_cases(reviews: Iterable[MatchReview]) -> set[int]:
    """The conflict reviews in which the new case's person is the adverse party of a case of the
    person already known (the check the other way round), so that the list says which side
    the matching name is on."""
    return {
        review.id
        for review in reviews
        if review.reason == ReviewReason.CONFLICT
        and review.adverse_party
        and name_key(review.adverse_party) == review.case.beneficiary.name_key
    }


def load_review(user: User, review_id: int) -> MatchReview | None:
    """A waiting review `user` may decide, or None."""
    return db.session.scalar(_reviews_of(user).where(MatchReview.id == review_id))


def decide_review(
    review: MatchReview, outcome: ReviewOutcome, *, expected_version: int, by: User
) -> None:
    """Link the case to the person already known, or dismiss the match, unless someone decided
    in between; on the case's timeline and in the audit trail.

    Linking moves the case onto her record: its workers then see on it what her record holds,
    as the coordinator has just decided. The person the case was opened with stays on file.
    """
    if review.version != expected_version or review.outcome is not None:
        raise EditConflict(review.version)
    case = review.case
    if outcome == ReviewOutcome.LINKED:
        if review.reason != ReviewReason.DUPLICATE:
            raise ValueError("only a possible duplicate can be linked")
        case.beneficiary = review.beneficiary
    elif outcome != ReviewOutcome.DISMISSED:
        raise ValueError(f"not a decision: {outcome}")
    now = utcnow()
    review.outcome, review.decided_by_id, review.decided_at = outcome, by.id, now
    case.last_activity_at = now  # also bumps the case's version: an open edit form is stale
    db.session.add(CaseEvent(case_id=case.id, kind=EventKind.REVIEW, author=by, text=outcome))
    audit(f"match_review_{outcome}", by=by, obj=case, details=f"{review.reason} {review.id}")
    commit_versioned(review)
