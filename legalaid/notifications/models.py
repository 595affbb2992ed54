"""In-app notifications: they name cases by reference only, never a person."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.cases.models import Case
from legalaid.extensions import check_in, db
from legalaid.timeutils import utcnow


class NotificationKind(StrEnum):
    """What a notification says."""

    ASSIGNED = "assigned"
    HEARING_TOMORROW = "hearing_tomorrow"
    STATUS_CHANGED = "status_changed"
    REOPENED = "reopened"
    CASE_REQUESTED = "case_requested"
    CUSTODY_UPDATE = "custody_update"
    DETENTION_ALERT = "detention_alert"
    SECOND_FACTOR_CHANGED = "second_factor_changed"
    REFERRAL = "referral"


class Notification(db.Model):
    """One message for one user; `dedup_key` makes daily reminders idempotent."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(check_in("kind", NotificationKind), name="kind"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(24))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    detail: Mapped[str] = mapped_column(String(64), default="")
    dedup_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]

    case: Mapped[Case | None] = relationship()
