"""The daily reminders (`flask send-reminders`): hearings tomorrow and detention alerts."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from legalaid.accounts.models import User
from legalaid.cases.models import Assignment, Case
from legalaid.detention.services import detainees, held, needs_attention
from legalaid.extensions import db
from legalaid.notifications.models import Notification, NotificationKind
from legalaid.notifications.services import notify, send_emails
from legalaid.roles import Role
from legalaid.workflow.models import Hearing, live_hearing


@dataclass
class ReminderReport:
    """What a run created and mailed."""

    hearings: int
    detention_alerts: int
    mailed: int


def _hearing_reminders(day: date) -> list[Notification]:
    tomorrow = datetime(day.year, day.month, day.day) + timedelta(days=1)
    hearings = db.session.scalars(
        select(Hearing)
        .where(
            Hearing.scheduled_at >= tomorrow,
            Hearing.scheduled_at < tomorrow + timedelta(days=1),
            Hearing.result.is_(None),
            live_hearing(),
        )
        .options(
            joinedload(Hearing.case).selectinload(Case.assignments).joinedload(Assignment.user)
        )
    ).all()
    created = []
    for hearing in hearings:
        created += notify(
            [assignment.user for assignment in hearing.case.active_assignments],
            NotificationKind.HEARING_TOMORROW,
            hearing.case,
            detail=f"{hearing.scheduled_at:%H:%M}",
            dedup_key=f"hearing_tomorrow:{hearing.id}",
        )
    return created


def _detention_alerts(day: date) -> list[Notification]:
    """Each detainee needing attention, to the case's lawyers and its coordinators, once a day."""
    rows = [row for row in detainees(held(), day) if needs_attention(row)]
    coordinators: dict[int, list[User]] = {}
    for user in db.session.scalars(
        select(User).where(User.role == Role.COORDINATOR, User.active.is_(True))
    ):
        coordinators.setdefault(user.organisation_id, []).append(user)
    created = []
    for row in rows:
        people = row.lawyers + coordinators.get(row.case.organisation_id, [])
        created += notify(
            people,
            NotificationKind.DETENTION_ALERT,
            row.case,
            detail=str(row.assessment.state),
            dedup_key=f"detention_alert:{row.case.id}:{day.isoformat()}",
        )
    return created


def send_reminders(day: date) -> ReminderReport:
    """Create the day's reminders; a second run the same day creates nothing new."""
    hearings = _hearing_reminders(day)
    alerts = _detention_alerts(day)
    db.session.commit()
    return ReminderReport(len(hearings), len(alerts), send_emails(hearings + alerts))
