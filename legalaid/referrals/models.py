"""Referrals and transfers of a case to another organisation, and the directory of outside
services (health centres, safe houses) that are not on the platform."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.accounts.models import Organisation, User
from legalaid.cases.models import Case
from legalaid.extensions import check_in, db
from legalaid.reference.models import Region
from legalaid.timeutils import utcnow


class ReferralMode(StrEnum):
    """A referral keeps the case with its organisation; a transfer moves it once accepted."""

    REFERRAL = "referral"
    TRANSFER = "transfer"


class ReferralService(StrEnum):
    """The service asked for: the four a GBV survivor consents to one by one."""

    LEGAL = "legal"
    HEALTH = "health"
    PSYCHOSOCIAL = "psychosocial"
    SAFETY = "safety"


class ReferralState(StrEnum):
    """sent → accepted / declined → done; revoked by the sender while sent."""

    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DONE = "done"
    REVOKED = "revoked"


# A referral still waiting for the receiver's answer, or (outside) for its outcome.
PENDING = (ReferralState.SENT,)
# The receiver took it on.
TAKEN = (ReferralState.ACCEPTED, ReferralState.DONE)
# A step of a referral that is no state of its own: the receiver put a worker on it.
ASSIGNED = "assigned"


class Urgency(StrEnum):
    """How soon the receiver should answer."""

    NORMAL = "normal"
    URGENT = "urgent"


class OutsideService(db.Model):
    """A service that is not on the platform (a health centre, a safe house), per region;
    admins add and correct them."""

    __tablename__ = "outside_services"
    __table_args__ = (CheckConstraint(check_in("service", ReferralService), name="service"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    service: Mapped[str] = mapped_column(String(16))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    region: Mapped[Region] = relationship(lazy="joined")


class Referral(db.Model):
    """A case sent to another organisation on the platform, or to an outside service, for one
    service, with the person's consent to share recorded on it."""

    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(check_in("mode", ReferralMode), name="mode"),
        CheckConstraint(check_in("service", ReferralService), name="service"),
        CheckConstraint(check_in("state", ReferralState), name="state"),
        CheckConstraint(check_in("urgency", Urgency), name="urgency"),
        # To an organisation on the platform, or to an outside service: one of the two.
        CheckConstraint(
            "(to_organisation_id IS NULL) <> (outside_service_id IS NULL)", name="destination"
        ),
        # Only an organisation on the platform can take a case over.
        CheckConstraint(
            "mode = 'referral' OR to_organisation_id IS NOT NULL", name="transfer_on_platform"
        ),
        # Nothing leaves without the person's consent to share, recorded with its date.
        CheckConstraint(
            "consent_to_share AND consent_given_on IS NOT NULL", name="consent_recorded"
        ),
        Index("ix_referrals_to_organisation_state", "to_organisation_id", "state"),
        Index("ix_referrals_from_organisation_state", "from_organisation_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    mode: Mapped[str] = mapped_column(String(16), default=ReferralMode.REFERRAL.value)
    service: Mapped[str] = mapped_column(String(16))
    from_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    to_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    outside_service_id: Mapped[int | None] = mapped_column(ForeignKey("outside_services.id"))
    urgency: Mapped[str] = mapped_column(String(16), default=Urgency.NORMAL.value)
    reason: Mapped[str] = mapped_column(Text, default="")
    message: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default=ReferralState.SENT.value)
    # The person's consent to share her case with the receiver: when she gave it, who recorded it.
    consent_to_share: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_given_on: Mapped[date | None] = mapped_column(Date)
    consent_recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decline_reason: Mapped[str | None] = mapped_column(Text)
    # Who of the receiving organisation provides the service.
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]
    # The printed referral slip, for an outside service.
    slip_id: Mapped[int | None] = mapped_column(ForeignKey("generated_documents.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    case: Mapped[Case] = relationship()
    from_organisation: Mapped[Organisation] = relationship(foreign_keys=[from_organisation_id])
    to_organisation: Mapped[Organisation | None] = relationship(foreign_keys=[to_organisation_id])
    outside_service: Mapped[OutsideService | None] = relationship()
    sent_by: Mapped[User] = relationship(foreign_keys=[sent_by_id])
    consent_recorded_by: Mapped[User] = relationship(foreign_keys=[consent_recorded_by_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute

    @property
    def outside(self) -> bool:
        """Sent to a service that is not on the platform: its outcome is entered by hand."""
        return self.outside_service_id is not None

    @property
    def receiver_name(self) -> str:
        """The organisation or outside service the case is sent to."""
        if self.outside_service is not None:
            return self.outside_service.name
        return self.to_organisation.name if self.to_organisation else ""
