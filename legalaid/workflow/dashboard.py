"""What each role's home page shows (one function per panel, each one query)."""

from datetime import date, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import joinedload

from legalaid.accounts.models import User
from legalaid.cases.models import OPEN_STATUSES, Assignment, Case, CaseStatus
from legalaid.extensions import db
from legalaid.permissions import works_on_case
from legalaid.roles import Role
from legalaid.timeutils import utcnow
from legalaid.workflow.models import Hearing
from legalaid.workflow.services import hearings_between, next_days

STALE_AFTER = timedelta(days=30)
PANEL_SIZE = 20


def _cases(condition, order) -> list[Case]:
    return list(
        db.session.scalars(
            select(Case)
            .where(condition)
            .options(joinedload(Case.beneficiary))
            .order_by(order)
            .limit(PANEL_SIZE)
        )
    )


def my_open_cases(user: User) -> list[Case]:
    """Open cases the user works on, most recently active first."""
    return _cases(
        and_(works_on_case(user), Case.status.in_(OPEN_STATUSES)), Case.last_activity_at.desc()
    )


def upcoming_hearings(user: User, today: date, days: int = 14) -> list[Hearing]:
    """Hearings of the user's cases in the next `days` days."""
    return hearings_between(user, *next_days(today, days))


def stale_cases(user: User) -> list[Case]:
    """Open cases of the user (or the coordinator's organisation) with no event for 30 days."""
    return _cases(
        and_(
            works_on_case(user),
            Case.status.in_(OPEN_STATUSES),
            Case.last_activity_at < utcnow() - STALE_AFTER,
        ),
        Case.last_activity_at.asc(),
    )


def unassigned_intake(user: User) -> list[Case]:
    """The organisation's cases nobody has been assigned to yet."""
    nobody = ~exists().where(Assignment.case_id == Case.id, Assignment.ended_at.is_(None))
    return _cases(
        and_(
            Case.organisation_id == user.organisation_id,
            Case.status == CaseStatus.INTAKE,
            nobody,
        ),
        Case.opened_on.asc(),
    )


def recent_resolutions(user: User) -> list[Case]:
    """The organisation's latest resolved cases."""
    return _cases(
        and_(Case.organisation_id == user.organisation_id, Case.outcome.is_not(None)),
        Case.resolved_on.desc(),
    )


def workload(user: User) -> list[tuple[User, int]]:
    """Open cases per lawyer and paralegal of the organisation."""
    rows = db.session.execute(
        select(User, func.count(Case.id))
        .outerjoin(Assignment, and_(Assignment.user_id == User.id, Assignment.ended_at.is_(None)))
        .outerjoin(Case, and_(Case.id == Assignment.case_id, Case.status.in_(OPEN_STATUSES)))
        .where(
            User.organisation_id == user.organisation_id,
            User.active.is_(True),
            User.role.in_([Role.LAWYER, Role.PARALEGAL]),
        )
        .group_by(User.id)
        .order_by(func.count(Case.id).desc(), User.full_name)
    ).all()
    return [(person, count) for person, count in rows]
