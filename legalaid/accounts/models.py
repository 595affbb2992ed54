"""Organisations and user accounts."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.extensions import check_in, db
from legalaid.reference.models import Prison
from legalaid.roles import Role
from legalaid.timeutils import utcnow


class OrganisationKind(StrEnum):
    """Kinds of partner organisation."""

    BAR_ASSOCIATION = "bar_association"
    NGO = "ngo"
    UN_AGENCY = "un_agency"
    PUBLIC_BODY = "public_body"


class Organisation(db.Model):
    """A partner organisation; its members see only its cases."""

    __tablename__ = "organisations"
    __table_args__ = (CheckConstraint(check_in("kind", OrganisationKind), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32), default=OrganisationKind.NGO.value)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


user_prisons = Table(
    "user_prisons",
    db.Model.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("prison_id", ForeignKey("prisons.id", ondelete="RESTRICT"), primary_key=True),
)


class User(UserMixin, db.Model):
    """A person who signs in. Deactivated, never deleted: case history refers to users."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(check_in("role", Role), name="role"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("preferred_language IN ('fr', 'en')", name="preferred_language"),
        # Admins work across organisations; everyone else belongs to one.
        CheckConstraint("role = 'admin' OR organisation_id IS NOT NULL", name="organisation"),
        CheckConstraint("failed_login_count >= 0", name="failed_login_count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_login_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]
    preferred_language: Mapped[str] = mapped_column(String(5), default="fr")
    # Second factor: the TOTP secret once enrolled, and the last time step accepted (a code is
    # never accepted twice).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]
    # Secret of the user's private calendar feed URL; regenerated on request.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    prisons: Mapped[list[Prison]] = relationship(secondary=user_prisons, order_by=Prison.name)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses sessions of deactivated users."""
        return self.active

    @property
    def may_sign_in(self) -> bool:
        """Active, in an active organisation: deactivating an organisation shuts its users out
        without touching their own flag, so reactivating it lets them back in."""
        return self.active and (self.organisation is None or self.organisation.active)

    def is_locked(self, now: datetime) -> bool:
        """Whether too many failed logins keep this account shut at `now`."""
        return self.locked_until is not None and self.locked_until > now

    def __repr__(self) -> str:
        return f"<User {self.email!r} {self.role}>"
