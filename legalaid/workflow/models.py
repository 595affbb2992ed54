"""Hearings, lawyers' requests to take a case, GBV closure checklists; outcomes and reasons."""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.accounts.models import User
from legalaid.casekinds import case_kind, case_kinds, kind_codes
from legalaid.cases.models import Case, Forum
from legalaid.extensions import check_in, db
from legalaid.reference.models import Court
from legalaid.timeutils import utcnow


class KindOutcomes(Mapping[str, tuple[str, ...]]):
    """Each registered kind's outcomes, read from the registry when asked (kinds register in
    `create_app`, after this module is imported); an unregistered kind raises `UnknownCaseKind`."""

    def __getitem__(self, code: str) -> tuple[str, ...]:
        return case_kind(code).outcomes

    def __contains__(self, code: object) -> bool:
        return code in kind_codes()

    def __iter__(self) -> Iterator[str]:
        return iter(kind_codes())

    def __len__(self) -> int:
        return len(kind_codes())


class AllOutcomes(Sequence[str]):
    """Every registered kind's outcomes, each once, in the kinds' order, read when asked."""

    def _codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o for kind in case_kinds() for o in kind.outcomes))

    def __getitem__(self, index):
        return self._codes()[index]

    def __len__(self) -> int:
        return len(self._codes())


OUTCOMES = KindOutcomes()
ALL_OUTCOMES = AllOutcomes()


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


# Where a hearing is held: the case's forums, but a hearing is always before one of them.
HEARING_FORUMS = (Forum.COURT, Forum.LAND_COMMISSION, Forum.CUSTOMARY)


@dataclass(frozen=True)
class HearingPlace:
    """Before whom and where a hearing is held: a court is named only for a court's hearing."""

    forum: str = Forum.COURT
    court_id: int | None = None
    place: str = ""

    def problems(self) -> dict[str, str]:
        """What the forum refuses, by form field: the one rule, for the form and the service."""
        if self.forum not in HEARING_FORUMS:
            return {"forum": _("Choose before whom the hearing is held.")}
        found = {}
        if self.forum != Forum.COURT and self.court_id is not None:
            found["court_id"] = _("Choose a court only for a hearing before a court.")
        if self.forum != Forum.COURT and not self.place.strip():
            found["place"] = _("Say where the hearing is held.")
        return found


class Hearing(db.Model):
    """A hearing of a case; recording a next date creates the next hearing.

    A cancelled hearing is kept (the case history refers to it) with who cancelled it and why;
    `calendar_sequence` counts its changes, so that calendar clients replace their copy.
    """

    __tablename__ = "hearings"
    __table_args__ = (
        CheckConstraint("result IS NULL OR " + check_in("result", HearingResult), name="result"),
        CheckConstraint(check_in("forum", HEARING_FORUMS), name="forum"),
        CheckConstraint(f"court_id IS NULL OR forum = '{Forum.COURT}'", name="court_forum"),
        CheckConstraint(
            "(cancelled_at IS NULL AND cancelled_by_id IS NULL AND cancellation_reason IS NULL)"
            " OR (cancelled_at IS NOT NULL AND cancelled_by_id IS NOT NULL"
            " AND cancellation_reason IS NOT NULL AND result IS NULL)",
            name="cancelled",
        ),
        Index("ix_hearings_case_scheduled", "case_id", "scheduled_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    forum: Mapped[str] = mapped_column(String(16), default=Forum.COURT.value)
    court_id: Mapped[int | None] = mapped_column(ForeignKey("courts.id"))
    # The land commission, the chief's court, or a room of the court: where to go.
    place: Mapped[str | None] = mapped_column(String(200))
    scheduled_at: Mapped[datetime] = mapped_column(index=True)
    purpose: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[str | None] = mapped_column(String(16))
    adjournment_reason: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(Text)
    next_hearing_id: Mapped[int | None] = mapped_column(ForeignKey("hearings.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    calendar_sequence: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship()
    court: Mapped[Court | None] = relationship()

    @property
    def is_cancelled(self) -> bool:
        """Cancelled hearings stay in the history but on no calendar."""
        return self.cancelled_at is not None

    @property
    def is_coming(self) -> bool:
        """Still ahead, neither held nor cancelled: it may be cancelled or moved."""
        return self.result is None and not self.is_cancelled and self.scheduled_at > utcnow()

    @property
    def location(self) -> str:
        """The court and the place, as a person reads them to find the hearing."""
        return ", ".join(part for part in (self.court and self.court.name, self.place) if part)


def live_hearing() -> ColumnElement[bool]:
    """SQL condition on `Hearing`: not cancelled (calendars, reminders, detention alerts)."""
    return Hearing.cancelled_at.is_(None)


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
