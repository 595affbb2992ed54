"""A confirmed import runs on the job queue, not in the request: a large file takes minutes,
longer than any web server waits. Its job row tells the import page how far it is."""

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from legalaid.accounts.models import User
from legalaid.extensions import db, write_transaction
from legalaid.imports.models import ImportJob, ImportStatus
from legalaid.imports.services import ImportReport, discard_upload, import_cases, upload_path
from legalaid.jobs import task
from legalaid.roles import Role
from legalaid.timeutils import utcnow

LISTED_JOBS = 10  # the upload page lists the user's latest imports


def start_import(pending: dict, *, by: User, skip_invalid: bool) -> ImportJob:
    """Hand the waiting file to the queue; from now on the job owns it (and removes it)."""
    job = ImportJob(
        created_by_id=by.id,
        organisation_id=pending.get("organisation_id"),
        filename=pending.get("filename", ""),
        upload=pending["upload"],
        skip_invalid=skip_invalid,
    )
    db.session.add(job)
    db.session.commit()
    run_import(job.id)
    return job


@task
def run_import(job_id: int) -> None:
    """Import the job's file, saving progress after each batch and the report at the end."""
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status != ImportStatus.QUEUED:
        return  # already run: the queue may deliver a task twice
    job.status = ImportStatus.RUNNING
    db.session.commit()
    by, organisation = job.created_by, job.organisation
    path = upload_path(job.upload)
    with force_locale(by.preferred_language):
        try:
            if path is None:
                report = ImportReport(problem=_("The file was no longer there: choose it again."))
            else:
                report = import_cases(
                    path,
                    by=by,
                    organisation=organisation,
                    skip_invalid=job.skip_invalid,
                    progress=lambda total: _saved_progress(job_id, total),
                )
            status = ImportStatus.DONE
        except Exception:
            current_app.logger.exception("import job %s failed", job_id)
            db.session.rollback()
            report = ImportReport(
                problem=_(
                    "The import stopped on an unexpected error. What was imported before it "
                    "stays; import the file again to complete it (nothing is created twice)."
                )
            )
            status = ImportStatus.FAILED
        finally:
            discard_upload(job.upload)
    with write_transaction():
        db.session.execute(
            update(ImportJob)
            .where(ImportJob.id == job_id)
            .values(status=status, report=report.to_json(), finished_at=utcnow())
        )


@contextmanager
def _saved_progress(job_id: int, total: int) -> Iterator[SimpleNamespace]:
    """The progress bar of `import_cases`, kept on the job row after each batch."""
    done = 0

    def save(**values: int) -> None:
        with write_transaction():
            db.session.execute(update(ImportJob).where(ImportJob.id == job_id).values(**values))

    def advance(rows: int) -> None:
        nonlocal done
        done += rows
        save(rows_done=done)

    save(rows_total=total, rows_done=0)
    yield SimpleNamespace(update=advance)


def job_report(job: ImportJob) -> ImportReport | None:
    """What the job did, once it has finished."""
    return None if job.report is None else ImportReport.from_json(job.report)


def may_follow(user: User, job: ImportJob) -> bool:
    """Who may see an import job: who started it, an admin, a coordinator of its organisation."""
    if job.created_by_id == user.id or user.role == Role.ADMIN:
        return True
    return (
        user.role == Role.COORDINATOR
        and job.organisation_id is not None
        and job.organisation_id == user.organisation_id
    )


def latest_jobs(user: User) -> list[ImportJob]:
    """The user's own latest imports, newest first, for the upload page."""
    return list(
        db.session.scalars(
            select(ImportJob)
            .where(ImportJob.created_by_id == user.id)
            .order_by(ImportJob.created_at.desc(), ImportJob.id.desc())
            .limit(LISTED_JOBS)
        )
    )
