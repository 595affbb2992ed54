"""Land commissions (reference data) and the disputes they conciliate: parties, sessions, PV."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.accounts.models import User
from legalaid.cases.matching import name_key
from legalaid.cases.models import Sex
from legalaid.extensions import check_in, db
from legalaid.reference.models import Court, Region
from legalaid.timeutils import utcnow

LAND_CONCILIATION = "land_conciliation"


class CommissionLevel(StrEnum):
    """The level a land commission sits at (commission foncière villageoise, communale…)."""

    VILLAGE = "village"
    COMMUNE = "commune"
    CERCLE = "cercle"


class LandCommission(db.Model):
    """A land commission (commission foncière, CoFo); admins add and correct them."""

    __tablename__ = "land_commissions"
    __table_args__ = (CheckConstraint(check_in("level", CommissionLevel), name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str] = mapped_column(String(16), default=CommissionLevel.COMMUNE.value)
    commune: Mapped[str] = mapped_column(String(120))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    region: Mapped[Region] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<LandCommission {self.name!r}>"


class DisputeNature(StrEnum):
    """What the land dispute is about."""

    BOUNDARY = "boundary"
    OWNERSHIP = "ownership"
    INHERITANCE = "land_inheritance"
    FARMER_HERDER = "farmer_herder"
    WOMEN_ACCESS = "women_access"  # access to land for women
    OTHER = "other"


class Recognition(StrEnum):
    """The court's decision on a filed PV of conciliation."""

    RECOGNISED = "recognised"  # homologué
    REFUSED = "refused"


class LandDispute(db.Model):
    """The details of a land-conciliation case: the dispute, the parcel, the PV's path to court.

    The PV itself is the case's resolution (outcome and `resolved_on`); once filed at a court,
    the court's decision on it is recorded here with its date.
    """

    __tablename__ = "land_disputes"
    __table_args__ = (
        CheckConstraint(check_in("nature", DisputeNature), name="nature"),
        CheckConstraint(
            "recognition IS NULL OR " + check_in("recognition", Recognition), name="recognition"
        ),
        CheckConstraint(
            "(recognition IS NULL) = (recognised_on IS NULL)", name="recognition_dated"
        ),
        CheckConstraint("recognition IS NULL OR pv_filed_on IS NOT NULL", name="recognition_filed"),
        CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR "
            "(latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180))",
            name="gps_point",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    commission_id: Mapped[int] = mapped_column(ForeignKey("land_commissions.id"), index=True)
    nature: Mapped[str] = mapped_column(String(24))
    place: Mapped[str | None] = mapped_column(String(200))  # village or place
    parcel: Mapped[str | None] = mapped_column(Text)  # description of the parcel
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    seized_on: Mapped[date] = mapped_column(Date)  # the commission was seized
    pv_filed_on: Mapped[date | None] = mapped_column(Date)
    pv_court_id: Mapped[int | None] = mapped_column(ForeignKey("courts.id"))
    recognition: Mapped[str | None] = mapped_column(String(16))
    recognised_on: Mapped[date | None] = mapped_column(Date)  # the court's decision

    commission: Mapped[LandCommission] = relationship(lazy="joined")
    pv_court: Mapped[Court | None] = relationship()
    parties: Mapped[list["LandParty"]] = relationship(
        order_by="LandParty.id", cascade="all, delete-orphan", back_populates="dispute"
    )
    sessions: Mapped[list["ConciliationSession"]] = relationship(
        order_by="ConciliationSession.held_on", cascade="all, delete-orphan"
    )

    # The parties as plain values (`PARTY_FIELDS`), so that the shared intake and edit code can
    # read, compare and set them like any other detail attribute.
    @property
    def party_rows(self) -> list[dict]:
        """The parties as dictionaries of `PARTY_FIELDS`, in the order they were entered."""
        return [{name: getattr(party, name) for name in PARTY_FIELDS} for party in self.parties]

    @party_rows.setter
    def party_rows(self, rows: list[dict]) -> None:
        """Update the parties in place by id (sessions keep their attendance), add the rows
        without one, and drop the parties that are no longer listed."""
        by_id = {party.id: party for party in self.parties if party.id is not None}
        kept = []
        for row in rows:
            party = by_id.pop(row.get("id"), None) or LandParty()
            for name in PARTY_FIELDS[1:]:
                setattr(party, name, row.get(name))
            party.name_key = name_key(party.full_name)
            kept.append(party)
        for session in self.sessions:
            session.present_parties = [p for p in session.present_parties if p.id not in by_id]
        self.parties = kept

    @property
    def other_side(self) -> list["LandParty"]:
        """The parties on the other side of the dispute (conflict checks)."""
        return [party for party in self.parties if party.role == PartyRole.OTHER]


class PartyKind(StrEnum):
    """A party is one person, or a group (a lineage, a family, herders of a village)."""

    PERSON = "person"
    GROUP = "group"


class PartyRole(StrEnum):
    """A party's place in the dispute; the case's beneficiary is the first requesting party."""

    REQUESTING = "requesting"
    OTHER = "other"
    WITNESS = "witness"


class LandParty(db.Model):
    """A party to a land dispute besides the beneficiary, checked for conflicts of interest."""

    __tablename__ = "land_parties"
    __table_args__ = (
        CheckConstraint(check_in("kind", PartyKind), name="kind"),
        CheckConstraint(check_in("role", PartyRole), name="role"),
        CheckConstraint(
            "sex IS NULL OR (kind = 'person' AND " + check_in("sex", Sex) + ")", name="sex"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("land_disputes.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default=PartyKind.PERSON.value)
    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    sex: Mapped[str | None] = mapped_column(String(1))
    role: Mapped[str] = mapped_column(String(16), default=PartyRole.OTHER.value)
    phone: Mapped[str | None] = mapped_column(String(40))

    dispute: Mapped[LandDispute] = relationship(back_populates="parties")


# A party's values that intake and edit forms carry (`LandDispute.party_rows`); `id` first.
PARTY_FIELDS = ("id", "kind", "full_name", "sex", "role", "phone")


session_parties = Table(
    "land_session_parties",
    db.metadata,
    Column("session_id", ForeignKey("land_sessions.id"), primary_key=True),
    Column("party_id", ForeignKey("land_parties.id"), primary_key=True),
)


class ConciliationSession(db.Model):
    """A sitting of the commission on the dispute, with who came and what was said."""

    __tablename__ = "land_sessions"
    __table_args__ = (
        CheckConstraint(
            "attendance_women <= attendance_total AND attendance_youth <= attendance_total "
            "AND attendance_women >= 0 AND attendance_youth >= 0",
            name="attendance",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("land_disputes.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    # Whether the beneficiary (the requesting party) came; the other parties are listed below.
    beneficiary_present: Mapped[bool] = mapped_column(Boolean, default=True)
    attendance_total: Mapped[int] = mapped_column(Integer, default=0)
    attendance_women: Mapped[int] = mapped_column(Integer, default=0)
    attendance_youth: Mapped[int] = mapped_column(Integer, default=0)  # 18-35
    minutes: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Read with the sessions, in one query for all of them (the case page lists every session).
    present_parties: Mapped[list[LandParty]] = relationship(
        secondary=session_parties, order_by=LandParty.id, lazy="selectin"
    )
    recorded_by: Mapped[User] = relationship()
