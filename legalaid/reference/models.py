"""Reference data: regions, courts and prisons of Mali (seeded, see `data/`)."""

from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
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
