"""An import running as a background job: who started it, how far it is, what it did."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.accounts.models import Organisation, User
from legalaid.extensions import check_in, db
from legalaid.timeutils import utcnow


class ImportStatus(StrEnum):
    """Where an import job stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINISHED_STATUSES = (ImportStatus.DONE, ImportStatus.FAILED)


class ImportJob(db.Model):
    """One confirmed import; its page follows it while the queue runs it, and shows its report.

    The report (counts and the first row errors, never a row's values) is kept as JSON: it is
    only ever shown back, never queried.
    """

    __tablename__ = "import_jobs"
    __table_args__ = (
        CheckConstraint(check_in("status", ImportStatus), name="status"),
        Index("ix_import_jobs_created_by_created", "created_by_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The organisation the rows go to; None when an admin let each row name its own.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    filename: Mapped[str] = mapped_column(String(255), default="")
    upload: Mapped[str] = mapped_column(String(64))  # the waiting file's random name
    skip_invalid: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.QUEUED)
    rows_total: Mapped[int | None]
    rows_done: Mapped[int] = mapped_column(default=0)
    report: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    created_by: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()

    @property
    def finished(self) -> bool:
        """Whether the job has stopped, one way or the other."""
        return self.status in FINISHED_STATUSES

    @property
    def percent(self) -> int:
        """How far the writing is, for the progress bar."""
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)
