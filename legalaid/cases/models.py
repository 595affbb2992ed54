"""Beneficiaries, cases and what hangs off a case: assignments, timeline, documents, details."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.accounts.models import Organisation, User
from legalaid.extensions import check_in, db
from legalaid.reference.models import Region
from legalaid.timeutils import utcnow


class CaseKind(StrEnum):
    """The codes of the three built-in kinds; the list of kinds is the registry's
    (legalaid/casekinds.py), where each kind's package declares itself."""

    DETENTION = "detention"
    GBV = "gbv"
    LITIGATION = "litigation"


class CaseStatus(StrEnum):
    """The workflow of DESIGN.md."""

    INTAKE = "intake"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


OPEN_STATUSES = (CaseStatus.INTAKE, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS)


class ServiceLevel(StrEnum):
    """Aide juridique (advice) or assistance judiciaire (representation)."""

    ADVICE = "advice"
    REPRESENTATION = "representation"


class Sex(StrEnum):
    """Sex as recorded for disaggregated reporting."""

    FEMALE = "F"
    MALE = "M"


class SpokenLanguage(StrEnum):
    """Languages a beneficiary may prefer to be addressed in."""

    FRENCH = "fr"
    BAMBARA = "bm"
    FULFULDE = "ff"
    SONGHAY = "son"
    SONINKE = "snk"
    TAMASHEQ = "tmh"
    DOGON = "dgo"
    OTHER = "other"


class Beneficiary(db.Model):
    """A person helped by an organisation; `code` stands in wherever the name must not appear."""

    __tablename__ = "beneficiaries"
    __table_args__ = (
        CheckConstraint(check_in("sex", Sex), name="sex"),
        CheckConstraint(check_in("preferred_language", SpokenLanguage), name="preferred_language"),
        CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1880 AND 2200", name="birth_year"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # Folded, variant-normalised name (see matching.py): search and duplicate checks.
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    birth_year_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    commune: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(40))
    phone_key: Mapped[str | None] = mapped_column(String(16), index=True)
    preferred_language: Mapped[str] = mapped_column(String(8), default=SpokenLanguage.FRENCH.value)
    needs_interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    has_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    disability_details: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    organisation: Mapped[Organisation] = relationship()
    region: Mapped[Region | None] = relationship()
    created_by: Mapped[User] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute


class Case(db.Model):
    """A case of one kind for one beneficiary, owned by one organisation."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("kind", "year", "sequence", name="uq_cases_kind_year_sequence"),
        # The identifier of a field data collection tool (KoboToolbox, ODK): bulk import finds
        # the case again by it, so that importing a file twice creates nothing twice.
        UniqueConstraint(
            "organisation_id", "external_id", name="uq_cases_organisation_external_id"
        ),
        # `ck_cases_kind` (kind IN the registered kinds' codes) lives in the migrations: each
        # kind's migration extends it, and tests/test_casekinds.py checks that it allows exactly
        # the registered kinds. The model cannot list them: kinds register after it is imported.
        CheckConstraint(check_in("status", CaseStatus), name="status"),
        CheckConstraint(check_in("service_level", ServiceLevel), name="service_level"),
        # The case list of one organisation, newest first, whole or by status: read in order
        # from the index, never sorted.
        Index("ix_cases_organisation_opened_on", "organisation_id", "opened_on"),
        Index("ix_cases_organisation_status_opened_on", "organisation_id", "status", "opened_on"),
        Index("ix_cases_kind_status", "kind", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.INTAKE.value)
    opened_on: Mapped[date] = mapped_column(Date, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    service_level: Mapped[str] = mapped_column(String(16), default=ServiceLevel.ADVICE.value)
    outcome: Mapped[str | None] = mapped_column(String(40))
    resolved_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_reason: Mapped[str | None] = mapped_column(String(32))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    external_id: Mapped[str | None] = mapped_column(String(100))

    organisation: Mapped[Organisation] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()
    created_by: Mapped[User] = relationship()
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="case", order_by="Assignment.started_at"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute

    @property
    def is_gbv(self) -> bool:
        """GBV cases carry a survivor whose identity is restricted."""
        return self.kind == CaseKind.GBV

    @property
    def active_assignments(self) -> list["Assignment"]:
        """Who works on the case now."""
        return [a for a in self.assignments if a.ended_at is None]


class ReferenceCounter(db.Model):
    """The last case number handed out per kind and year (incremented atomically)."""

    __tablename__ = "reference_counters"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class AssignmentRole(StrEnum):
    """In which capacity a person works on a case."""

    LAWYER = "lawyer"
    PARALEGAL = "paralegal"


class Assignment(db.Model):
    """A person working on a case, from `started_at` until `ended_at` (history is kept)."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint(check_in("role_on_case", AssignmentRole), name="role_on_case"),
        # A user's active assignments with their case ids, from the index alone (case scopes).
        Index("ix_assignments_user_ended_case", "user_id", "ended_at", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    role_on_case: Mapped[str] = mapped_column(String(16))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]

    case: Mapped[Case] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class EventKind(StrEnum):
    """What a timeline entry records."""

    INTAKE = "intake"
    NOTE = "note"
    ACTION = "action"
    HEARING = "hearing"
    HEARING_CANCELLED = "hearing_cancel"
    HEARING_RESCHEDULED = "hearing_moved"
    STATUS_CHANGE = "status_change"
    ASSIGNMENT = "assignment"
    DOCUMENT = "document"
    DOCUMENT_REMOVED = "document_removed"
    EDIT = "edit"
    CUSTODY = "custody"
    IMPORT = "import"
    REVIEW = "review"
    REFERRAL = "referral"


class ActionType(StrEnum):
    """Kinds of action a worker records on a case."""

    VISIT = "visit"
    ADVICE = "advice"
    MEDIATION = "mediation"
    FILING = "filing"
    REFERRAL = "referral"


class CaseEvent(db.Model):
    """One entry of a case's timeline: who did what, when."""

    __tablename__ = "case_events"
    __table_args__ = (
        CheckConstraint(check_in("kind", EventKind), name="kind"),
        CheckConstraint(
            "action_type IS NULL OR " + check_in("action_type", ActionType), name="action_type"
        ),
        Index("ix_case_events_case_occurred", "case_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(16))
    action_type: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    # The entry's coded facts (statuses, outcome, hearing result, ISO dates, role on the case),
    # kept as codes so that each reader gets them in their own language (cases.timeline);
    # `text` holds only what a person typed or a name.
    facts: Mapped[dict | None] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()


class DocumentType(StrEnum):
    """What a document is, for finding it again."""

    COURT = "court"
    IDENTITY = "identity"
    MEDICAL = "medical"
    CORRESPONDENCE = "correspondence"
    OTHER = "other"


class Document(db.Model):
    """A file attached to a case, stored outside static/ under a random name; soft-deleted."""

    __tablename__ = "documents"
    __table_args__ = (
        CheckConstraint(check_in("document_type", DocumentType), name="document_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    document_type: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])


class GbvIncidentType(StrEnum):
    """The six GBVIMS incident types."""

    RAPE = "rape"
    SEXUAL_ASSAULT = "sexual_assault"
    PHYSICAL_ASSAULT = "physical_assault"
    FORCED_MARRIAGE = "forced_marriage"
    DENIAL_OF_RESOURCES = "denial_of_resources"
    PSYCHOLOGICAL_ABUSE = "psychological_abuse"


class GbvIncident(db.Model):
    """GBV details of a case; the narrative is part of the survivor's restricted identity."""

    __tablename__ = "gbv_incidents"
    __table_args__ = (
        CheckConstraint(check_in("incident_type", GbvIncidentType), name="incident_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    incident_type: Mapped[str] = mapped_column(String(32))
    incident_date: Mapped[date | None] = mapped_column(Date)
    narrative: Mapped[str | None] = mapped_column(Text)
    consent_reporting: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_health: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_psychosocial: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_safety: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_legal: Mapped[bool] = mapped_column(Boolean, default=False)
    referrals_made: Mapped[str | None] = mapped_column(Text)


class MatterType(StrEnum):
    """Kinds of civil matter paralegals help litigants with."""

    LAND = "land"
    FAMILY = "family"
    INHERITANCE = "inheritance"
    CIVIL_STATUS = "civil_status"
    LABOUR = "labour"
    DEBT = "debt"
    OTHER = "other"


class Forum(StrEnum):
    """Where a civil matter is heard."""

    COURT = "court"
    LAND_COMMISSION = "land_commission"
    CUSTOMARY = "customary"
    NONE = "none"


class LitigationMatter(db.Model):
    """Litigation details of a case."""

    __tablename__ = "litigation_matters"
    __table_args__ = (
        CheckConstraint(check_in("matter_type", MatterType), name="matter_type"),
        CheckConstraint(check_in("forum", Forum), name="forum"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    matter_type: Mapped[str] = mapped_column(String(16))
    forum: Mapped[str] = mapped_column(String(16), default=Forum.NONE.value)

    adverse_parties: Mapped[list["AdverseParty"]] = relationship(
        order_by="AdverseParty.id", cascade="all, delete-orphan"
    )


class AdverseParty(db.Model):
    """The other side of a civil matter, checked for conflicts of interest."""

    __tablename__ = "adverse_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("litigation_matters.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)


class ReviewReason(StrEnum):
    """Why a new case waits for its coordinator."""

    # Its person may be someone the organisation helps already, whom its author may not see.
    DUPLICATE = "duplicate"
    # An adverse party may be someone the organisation helps, whom its author may not see.
    CONFLICT = "conflict"


class ReviewOutcome(StrEnum):
    """What the coordinator decided (also the text of the timeline entry)."""

    FLAGGED = "flagged"  # on the timeline only: the review is waiting
    LINKED = "linked"
    DISMISSED = "dismissed"


class MatchReview(db.Model):
    """A match the author of a case could not be shown: never linked silently, the coordinator
    of the case's organisation sees both sides and decides."""

    __tablename__ = "match_reviews"
    __table_args__ = (
        CheckConstraint(check_in("reason", ReviewReason), name="reason"),
        CheckConstraint(
            "outcome IS NULL OR "
            + check_in("outcome", (ReviewOutcome.LINKED, ReviewOutcome.DISMISSED)),
            name="outcome",
        ),
        UniqueConstraint(
            "case_id", "beneficiary_id", "reason", name="uq_match_reviews_case_beneficiary_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # The person already known, whom the case may be about (or whom it is against).
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
    reason: Mapped[str] = mapped_column(String(16))
    # The adverse party as typed, for a conflict.
    adverse_party: Mapped[str | None] = mapped_column(String(200))
    flagged_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    flagged_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(16), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    case: Mapped[Case] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()
    flagged_by: Mapped[User] = relationship(foreign_keys=[flagged_by_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own attribute
