"""Activities, their participants (a counted grid and a roster of names), the recommendations
of monitoring missions, and what an activity concerns (a commission, a prison, a court, cases)."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.accounts.models import Organisation, User
from legalaid.cases.matching import NAME_KEY_LENGTH, name_key
from legalaid.cases.models import Case, Sex
from legalaid.extensions import check_in, db
from legalaid.land.models import LandCommission
from legalaid.reference.models import Court, Prison, Region
from legalaid.timeutils import utcnow


class ActivityType(StrEnum):
    """What kind of activity it was (the issue's six types)."""

    SENSITISATION = "sensitisation"
    TRAINING = "training"
    COMMUNITY_ENGAGEMENT = "community_engagement"
    MONITORING_MISSION = "monitoring_mission"
    MEDIA = "media"  # radio or media programme
    OTHER = "other"


class FollowUp(StrEnum):
    """Where a mission's recommendation stands."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_IMPLEMENTED = "not_implemented"


# The counted grid: one column per sex × age group (DESIGN.md's age groups).
GRID_AGE_GROUPS = ("minor", "youth", "adult", "unknown")
GRID_COLUMNS = tuple(f"{sex.lower()}_{group}" for sex in ("F", "M") for group in GRID_AGE_GROUPS)

activity_facilitators = Table(
    "activity_facilitators",
    db.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
)

# The detention cases a monitoring mission found or opened.
activity_cases = Table(
    "activity_cases",
    db.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("case_id", ForeignKey("cases.id"), primary_key=True),
)


class Activity(db.Model):
    """One activity of an organisation's programme, held from `start_on` to `end_on`."""

    __tablename__ = "activities"
    __table_args__ = (
        CheckConstraint(check_in("type", ActivityType), name="type"),
        CheckConstraint("end_on >= start_on", name="dates_in_order"),
        CheckConstraint(" AND ".join(f"{name} >= 0" for name in GRID_COLUMNS), name="counts"),
        UniqueConstraint(
            "organisation_id", "external_id", name="uq_activities_organisation_external_id"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    type: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    start_on: Mapped[date] = mapped_column(Date, index=True)
    end_on: Mapped[date] = mapped_column(Date)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    commune: Mapped[str | None] = mapped_column(String(120))
    place: Mapped[str | None] = mapped_column(String(200))
    topics: Mapped[str | None] = mapped_column(Text)
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("land_commissions.id"))
    prison_id: Mapped[int | None] = mapped_column(ForeignKey("prisons.id"))
    court_id: Mapped[int | None] = mapped_column(ForeignKey("courts.id"))
    members: Mapped[str | None] = mapped_column(Text)  # a mission's members from outside
    findings: Mapped[str | None] = mapped_column(Text)  # what a mission found
    f_minor: Mapped[int] = mapped_column(Integer, default=0)
    f_youth: Mapped[int] = mapped_column(Integer, default=0)
    f_adult: Mapped[int] = mapped_column(Integer, default=0)
    f_unknown: Mapped[int] = mapped_column(Integer, default=0)
    m_minor: Mapped[int] = mapped_column(Integer, default=0)
    m_youth: Mapped[int] = mapped_column(Integer, default=0)
    m_adult: Mapped[int] = mapped_column(Integer, default=0)
    m_unknown: Mapped[int] = mapped_column(Integer, default=0)
    external_id: Mapped[str | None] = mapped_column(String(100))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    region: Mapped[Region | None] = relationship(lazy="joined")
    commission: Mapped[LandCommission | None] = relationship()
    prison: Mapped[Prison | None] = relationship()
    court: Mapped[Court | None] = relationship()
    facilitators: Mapped[list[User]] = relationship(secondary=activity_facilitators)
    cases: Mapped[list[Case]] = relationship(secondary=activity_cases, order_by=Case.reference)
    participants: Mapped[list["Participant"]] = relationship(
        order_by="Participant.id", cascade="all, delete-orphan", back_populates="activity"
    )
    recommendations: Mapped[list["Recommendation"]] = relationship(
        order_by="Recommendation.id", cascade="all, delete-orphan"
    )

    def grid(self) -> dict[str, int]:
        """The counted participants, by grid column (`f_youth`…)."""
        return {name: getattr(self, name) or 0 for name in GRID_COLUMNS}

    def counted(self) -> int:
        """How many participants the grid counts."""
        return sum(self.grid().values())


class Participant(db.Model):
    """A named participant on an activity's roster (personal data: the organisation's only)."""

    __tablename__ = "activity_participants"
    __table_args__ = (
        CheckConstraint(check_in("sex", Sex), name="sex"),
        CheckConstraint("birth_year IS NULL OR birth_year >= 1900", name="birth_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    full_name: Mapped[str] = mapped_column(String(200))
    # The Malian name folding of legalaid/cases/matching.py: one person across trainings.
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_LENGTH), index=True)
    sex: Mapped[str] = mapped_column(String(1))
    birth_year: Mapped[int | None] = mapped_column(Integer)  # given, or from an age (an estimate)
    role: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(40))
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("land_commissions.id"))
    member_of: Mapped[str | None] = mapped_column(String(200))  # an organisation, by name

    activity: Mapped[Activity] = relationship(back_populates="participants")
    commission: Mapped[LandCommission | None] = relationship()

    def set_name(self, full_name: str) -> None:
        """The name and its folded key together."""
        self.full_name = full_name.strip()
        self.name_key = name_key(self.full_name)


class Recommendation(db.Model):
    """A recommendation a monitoring mission made, to whom, and where its follow-up stands."""

    __tablename__ = "activity_recommendations"
    __table_args__ = (CheckConstraint(check_in("status", FollowUp), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    addressee: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default=FollowUp.PENDING.value)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute
