"""Hearings, lawyers' requests to take a case, GBV closure checklists; outcomes and reasons."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.accounts.models import User
from legalaid.cases.models import Case, CaseKind
from legalaid.extensions import check_in, db
from legalaid.reference.models import Court
from legalaid.timeutils import utcnow

OUTCOMES: dict[str, tuple[str, ...]] = {
    CaseKind.DETENTION: (
        "released_pending_trial",
        "charges_dismissed",
        "acquitted",
        "sentenced",
        "sentence_served",
        "transferred",
    ),
    CaseKind.GBV: ("judgment_obtained", "mediation", "referred", "withdrawn"),
    CaseKind.LITIGATION: (
        "conciliation_agreement",
        "judgment_in_favour",
        "judgment_against",
        "referred",
        "abandoned",
    ),
}
ALL_OUTCOMES = tuple(dict.fromkeys(o for outcomes in OUTCOMES.values() for o in outcomes))


class CloseReason(StrEnum):
    """Why a case was closed without (or after) a resolution."""

    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"
    NO_CONTACT = "no_contact"
    TRANSFERRED = "transferred"
    OTHER = "other"


class HearingResult(StrEnum):
    """What happened at a hearing."""

    HELD = "held"
    ADJOURNED = "adjourned"  # renvoi


class Hearing(db.Model):
    """A hearing of a case; recording a next date creates the next hearing."""

    __tablename__ = "hearings"
    __table_args__ = (
        CheckConstraint("result IS NULL OR " + check_in("result", HearingResult), name="result"),
        Index("ix_hearings_case_scheduled", "case_id", "scheduled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    court_id: Mapped[int | None] = mapped_column(ForeignKey("courts.id"))
    scheduled_at: Mapped[datetime] = mapped_column(index=True)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[str | None] = mapped_column(String(16))
    adjournment_reason: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(Text)
    next_hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship()
    court: Mapped[Court | None] = relationship()


class RequestStatus(StrEnum):
    """Where a lawyer's request to take a case stands."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class AssignmentRequest(db.Model):
    """A lawyer asking to take a case waiting for one; the coordinator decides."""

    __tablename__ = "assignment_requests"
    __table_args__ = (CheckConstraint(check_in("status", RequestStatus), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    lawyer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.PENDING.value)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]

    case: Mapped[Case] = relationship()
    lawyer: Mapped[User] = relationship(foreign_keys=[lawyer_id])


class GbvClosure(db.Model):
    """The GBV closure checklist, answered when a GBV case is closed."""

    __tablename__ = "gbv_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    needs_met_or_no_contact: Mapped[bool] = mapped_column(Boolean)
    safety_plan_reviewed: Mapped[bool] = mapped_column(Boolean)
    survivor_informed: Mapped[bool] = mapped_column(Boolean)
    supervisor_reviewed: Mapped[bool] = mapped_column(Boolean)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
