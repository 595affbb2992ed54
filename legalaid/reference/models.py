"""Reference data: regions, courts and prisons of Mali (seeded, see `data/`)."""

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.extensions import check_in, db


class Region(db.Model):
    """An administrative region (2023 reform) or the District of Bamako."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    def __repr__(self) -> str:
        return f"<Region {self.name!r}>"


class CourtKind(StrEnum):
    """Levels of court that legal-aid cases go before."""

    COURT_OF_APPEAL = "court_of_appeal"
    HIGH_COURT = "high_court"  # tribunal de grande instance
    SPECIALISED_POLE = "specialised_pole"


class Court(db.Model):
    """A court (cour d'appel, tribunal de grande instance, pôle spécialisé)."""

    __tablename__ = "courts"
    __table_args__ = (CheckConstraint(check_in("kind", CourtKind), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)

    region: Mapped[Region] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Court {self.name!r}>"


class Prison(db.Model):
    """A prison (maison centrale d'arrêt, maison d'arrêt)."""

    __tablename__ = "prisons"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)
    for_women_and_minors: Mapped[bool] = mapped_column(default=False)

    region: Mapped[Region] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<Prison {self.name!r}>"


class DurationUnit(StrEnum):
    """Units of legal durations."""

    HOURS = "hours"
    DAYS = "days"
    MONTHS = "months"


class DetentionRule(db.Model):
    """A legal limit of detention for one code regime and offence class, as data.

    Seeded with the 2001 Code of Criminal Procedure; admins correct or add rules in the UI (the
    seed never overwrites an existing rule). A rule applies to detentions starting within its
    effective dates.
    """

    __tablename__ = "detention_rules"
    __table_args__ = (
        UniqueConstraint(
            "code_regime", "offence_class", "effective_from", name="uq_detention_rules_key"
        ),
        CheckConstraint(
            "offence_class IN ('police_custody', 'delit_minor', 'delit_major', 'crime')",
            name="offence_class",
        ),
        CheckConstraint(check_in("base_unit", DurationUnit), name="base_unit"),
        CheckConstraint(check_in("cap_unit", DurationUnit), name="cap_unit"),
        CheckConstraint(
            "extension_unit IS NULL OR " + check_in("extension_unit", DurationUnit),
            name="extension_unit",
        ),
        CheckConstraint(
            "base_amount > 0 AND cap_amount > 0 AND max_extensions >= 0", name="positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code_regime: Mapped[str] = mapped_column(String(8))
    offence_class: Mapped[str] = mapped_column(String(16))
    base_amount: Mapped[int]
    base_unit: Mapped[str] = mapped_column(String(8))
    extension_amount: Mapped[int | None]
    extension_unit: Mapped[str | None] = mapped_column(String(8))
    max_extensions: Mapped[int] = mapped_column(default=0)
    cap_amount: Mapped[int]
    cap_unit: Mapped[str] = mapped_column(String(8))
    renewal_window_working_days: Mapped[int | None]
    legal_basis: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute
