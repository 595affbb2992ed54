"""Detention records, extension orders and prison population counts."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.extensions import check_in, db
from legalaid.reference.models import Court, Prison
from legalaid.timeutils import utcnow


class OffenceClass(StrEnum):
    """Offence classes that decide the legal limit of pre-trial detention."""

    DELIT_MINOR = "delit_minor"  # délit punishable by 2 years or less
    DELIT_MAJOR = "delit_major"
    CRIME = "crime"


class ProcedureStage(StrEnum):
    """Where the criminal procedure stands."""

    POLICE_CUSTODY = "police_custody"
    INVESTIGATION = "investigation"  # en instruction
    AWAITING_TRIAL = "awaiting_trial"
    APPEAL = "appeal"


class CodeRegime(StrEnum):
    """Code of Criminal Procedure in force for the case."""

    CODE_2001 = "2001"
    CODE_2024 = "2024"


class DetentionRecord(db.Model):
    """Custody facts of a detention case."""

    __tablename__ = "detention_records"
    __table_args__ = (
        CheckConstraint(check_in("offence_class", OffenceClass), name="offence_class"),
        CheckConstraint(check_in("procedure_stage", ProcedureStage), name="procedure_stage"),
        CheckConstraint(check_in("code_regime", CodeRegime), name="code_regime"),
        CheckConstraint(
            "committal_on IS NULL OR arrested_on IS NULL OR committal_on >= arrested_on",
            name="committal_after_arrest",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prisons.id"), index=True)
    arrested_on: Mapped[date | None] = mapped_column(Date)
    custody_started_at: Mapped[datetime | None]
    committal_on: Mapped[date | None] = mapped_column(Date)
    offence_class: Mapped[str] = mapped_column(String(16))
    charges: Mapped[str] = mapped_column(Text, default="")
    court_id: Mapped[int | None] = mapped_column(ForeignKey("courts.id"))
    investigating_judge: Mapped[str | None] = mapped_column(String(200))
    procedure_stage: Mapped[str] = mapped_column(
        String(16), default=ProcedureStage.INVESTIGATION.value
    )
    code_regime: Mapped[str] = mapped_column(String(8), default=CodeRegime.CODE_2001.value)
    released_on: Mapped[date | None] = mapped_column(Date)
    release_reason: Mapped[str | None] = mapped_column(String(200))

    prison: Mapped[Prison] = relationship()
    court: Mapped[Court | None] = relationship()


class DecidingBody(StrEnum):
    """Who ordered a detention extension."""

    INVESTIGATING_JUDGE = "investigating_judge"  # juge d'instruction
    LIBERTY_COLLEGE = "liberty_college"  # collège des libertés et de la détention (2024 code)
    CHAMBER = "chamber"  # chambre d'accusation / de contrôle
    TRIBUNAL = "tribunal"


class DetentionOrder(db.Model):
    """An extension order (ordonnance de maintien en détention)."""

    __tablename__ = "detention_orders"
    __table_args__ = (
        CheckConstraint(check_in("deciding_body", DecidingBody), name="deciding_body"),
        CheckConstraint("length_months > 0", name="length_months"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("detention_records.id"), index=True)
    ordered_on: Mapped[date] = mapped_column(Date)
    length_months: Mapped[int]
    deciding_body: Mapped[str] = mapped_column(String(24))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PrisonCensus(db.Model):
    """Population of a prison on a day, as counted by the officer (SDG 16.3.2)."""

    __tablename__ = "prison_censuses"
    __table_args__ = (
        UniqueConstraint("prison_id", "counted_on", name="uq_prison_censuses_prison_day"),
        CheckConstraint(
            "total_held >= 0 AND pretrial_held >= 0 AND pretrial_held <= total_held",
            name="counts",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    prison_id: Mapped[int] = mapped_column(ForeignKey("prisons.id"))
    counted_on: Mapped[date] = mapped_column(Date)
    total_held: Mapped[int]
    pretrial_held: Mapped[int]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def remand_share(self) -> float | None:
        """Unsentenced detainees as a percentage of all detainees, one decimal."""
        if not self.total_held:
            return None
        return round(100 * self.pretrial_held / self.total_held, 1)


class VerdictsVersion(db.Model):
    """One row whose token changes with every write that a detention verdict depends on, in
    the writer's own transaction: the processes that keep rolls in memory ask it to know
    whether theirs still hold (see `verdictcache.py`)."""

    __tablename__ = "detention_verdicts_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
