"""Backups and restores of the database and documents; anonymisation of old records.

SQLite is copied through its online backup API (a consistent snapshot, even while the app
writes), never as a file: a file copy of a live database can catch half a transaction.
PostgreSQL goes through pg_dump and pg_restore, which must be installed next to the app.
Case documents live in files beside the database and go into a gzipped tar archive.
"""

import gzip
import os
import shutil
import sqlite3
import subprocess
import tarfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import Select, create_engine, func, inspect, or_, select, table, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from legalaid.activities.retention import purge_rosters
from legalaid.audit.services import audit
from legalaid.casekinds import case_kinds
from legalaid.cases.documents import upload_folder
from legalaid.cases.models import (
    Beneficiary,
    Case,
    CaseEvent,
    CaseStatus,
    Document,
)
from legalaid.cases.nameindex import FTS_SHADOWS, FTS_TABLE
from legalaid.extensions import db, write_transaction
from legalaid.timeutils import utcnow
from legalaid.workflow.models import Hearing

# Stored in place of a name once the retention period is over (data, not a translated text).
ANONYMISED = "[anonymisé]"
# What every database migrated to head holds before any data: Alembic's bookkeeping, the first
# token of the rolls kept in memory (detention/verdictcache.py) and, on SQLite, the FTS5 shadow
# tables of the name index (cases/nameindex.py). Schema, not data.
SCHEMA_TABLES = frozenset(
    {"alembic_version", "detention_verdicts_version", *(f"{FTS_TABLE}_{s}" for s in FTS_SHADOWS)}
)
SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
SQLITE_TIMEOUT_SECONDS = 30
# Ids per UPDATE: well under the bound-parameter limits of SQLite and PostgreSQL.
CHUNK = 500


class MaintenanceError(Exception):
    """A maintenance task refused or failed; the message is for the operator."""


def backup_name(now: datetime, extension: str) -> str:
    """`legalaid-YYYYMMDD-HHMMSS.<ext>` (UTC): backups sort by date and say what they hold."""
    return f"legalaid-{now:%Y%m%d-%H%M%S}.{extension}"


def backup_database(url: str, directory: Path, *, now: datetime | None = None) -> Path:
    """Write a consistent copy of the live database into `directory`; returns the file.

    The copy is written under a `.partial` name and renamed when whole, so that a file with the
    final name is always a complete backup. Backups hold personal data: owner-only permissions.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise MaintenanceError(_("Unsupported database: %(backend)s", backend=backend))
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    extension = "sqlite3" if backend == "sqlite" else "dump"
    target = directory / backup_name(now or utcnow(), extension)
    if target.exists():
        raise MaintenanceError(_("The file %(path)s exists already.", path=target))
    partial = target.with_name(target.name + ".partial")
    _create_private(partial)
    try:
        if backend == "sqlite":
            _sqlite_backup(_sqlite_file(parsed), partial)
        else:
            _pg_dump(parsed, partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def backup_documents(folder: Path, directory: Path, *, now: datetime) -> Path:
    """Archive the stored documents into `directory`; returns the archive.

    Take it after the database backup of the same `now`: a document's file is written before its
    row is committed and never changed, so every document in that backup has its file here.
    """
    target = directory / backup_name(now, "documents.tar.gz")
    partial = target.with_name(target.name + ".partial")
    _create_private(partial)
    try:
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(folder, arcname=".")
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def check_documents(source: Path, folder: Path) -> int:
    """Refuse a documents restore before anything is written; returns the number of files.

    The folder must be empty, the archive whole (read to its end) and safe: members that would
    land outside the folder, links and devices are refused (tarfile's "data" filter).
    """
    if folder.is_dir() and any(folder.iterdir()):
        raise MaintenanceError(
            _(
                "The documents folder %(path)s is not empty: restore documents only into an "
                "empty folder.",
                path=folder,
            )
        )
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = archive.getmembers()
            for member in members:
                tarfile.data_filter(member, str(folder))
        with gzip.open(source) as stream:  # read to the end, where gzip checks the CRC
            while stream.read(1 << 20):
                pass
    except ARCHIVE_ERRORS as error:
        raise _unreadable_documents(source, error) from error
    return sum(1 for member in members if member.isfile())


def restore_documents(source: Path, folder: Path) -> int:
    """Unpack a documents archive into an empty folder; returns how many files it held."""
    files = check_documents(source, folder)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(folder, filter="data")
    except ARCHIVE_ERRORS as error:
        raise _unreadable_documents(source, error) from error
    return files


# A damaged archive fails in tarfile, in gzip (an OSError) or in zlib, or ends too early
# (EOFError, which click would otherwise answer with a bare "Aborted!").
ARCHIVE_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error)


def _unreadable_documents(source: Path, error: Exception) -> MaintenanceError:
    """Say what is wrong with the archive, in words an operator can act on."""
    if isinstance(error, EOFError):
        reason = _("the archive ends too early: the copy is incomplete (truncated)")
    elif isinstance(error, tarfile.ReadError):
        reason = _("this is not a documents archive (a .tar.gz file written by flask backup)")
    elif isinstance(error, (zlib.error, gzip.BadGzipFile)):
        reason = _("the compressed data is damaged (a checksum does not match)")
    elif isinstance(error, tarfile.FilterError):
        reason = _("a file in it would land outside the documents folder: %(error)s", error=error)
    else:
        reason = str(error)
    return MaintenanceError(
        _(
            "The documents could not be restored from %(path)s: %(reason)s. Nothing was restored.",
            path=source,
            reason=reason,
        )
    )


@dataclass
class RestoreReport:
    """What a restore loaded: the database (password hidden) and its rows per table."""

    database: str
    rows: dict[str, int]

    @property
    def total_rows(self) -> int:
        """Rows in all tables, for a one-line summary."""
        return sum(self.rows.values())


def restore_database(url: str, source: Path) -> RestoreReport:
    """Load a backup into the database at `url`, which must hold no data: nothing is overwritten.

    Only the Alembic version may be there already (an empty database migrated to head).
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise MaintenanceError(_("Unsupported database: %(backend)s", backend=backend))
    try:
        counts = row_counts(url)
    except SQLAlchemyError as error:
        raise MaintenanceError(
            _("The database cannot be read: %(error)s", error=getattr(error, "orig", None) or error)
        ) from error
    occupied = [name for name, count in counts.items() if count and name not in SCHEMA_TABLES]
    if occupied:
        raise MaintenanceError(
            _(
                "The database is not empty (rows in %(tables)s): restore only into an empty "
                "database.",
                tables=", ".join(occupied),
            )
        )
    if backend == "sqlite":
        _expect_header(source, SQLITE_HEADER)
        _sqlite_restore(source, _sqlite_file(parsed, must_exist=False))
    else:
        _expect_header(source, PG_DUMP_HEADER)
        _pg_restore(parsed, source)
    return RestoreReport(parsed.render_as_string(hide_password=True), row_counts(url))


def row_counts(url: str) -> dict[str, int]:
    """Rows per table of the database at `url`, through a connection of its own."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {
                name: connection.scalar(select(func.count()).select_from(table(name)))
                for name in sorted(inspect(connection).get_table_names())
            }
    finally:
        engine.dispose()


@dataclass
class PurgeReport:
    """How many beneficiaries were (or would be) anonymised, and the closing date limit."""

    anonymised: int
    closed_before: date


def expiry_cutoff(today: date, years: int) -> date:
    """Cases closed before this day are past retention (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def expired_beneficiaries(cutoff: date) -> Select[tuple[int]]:
    """Query of the beneficiaries not yet anonymised whose every case closed before `cutoff`.

    One open case, or one closed recently, keeps the person's identity: the work goes on.
    """
    still_needed = select(Case.id).where(
        Case.beneficiary_id == Beneficiary.id,
        or_(Case.status != CaseStatus.CLOSED, Case.closed_on.is_(None), Case.closed_on >= cutoff),
    )
    any_case = select(Case.id).where(Case.beneficiary_id == Beneficiary.id)
    return (
        select(Beneficiary.id)
        .where(Beneficiary.full_name != ANONYMISED, any_case.exists(), ~still_needed.exists())
        .order_by(Beneficiary.id)
    )


def purge_expired(*, today: date, years: int, dry_run: bool = False) -> PurgeReport:
    """Anonymise people whose cases all closed more than `years` ago, in one transaction.

    Personal data is kept no longer than the work needs; what reports count stays (sex, birth
    year, region, the cases with their dates and outcomes). Running it again changes nothing.
    """
    if years < 1:
        raise MaintenanceError(_("The retention period must be at least one year."))
    cutoff = expiry_cutoff(today, years)
    if dry_run:
        count = select(func.count()).select_from(expired_beneficiaries(cutoff).subquery())
        return PurgeReport(db.session.scalar(count), cutoff)
    stored_files: list[str] = []
    with write_transaction():
        ids = list(db.session.scalars(expired_beneficiaries(cutoff)))
        for chunk in _chunks(ids, CHUNK):
            stored_files += _anonymise(chunk)
        # Activities' rosters too: a participant's name is kept as long as a case's person.
        roster_rows = purge_rosters(cutoff, ANONYMISED)
        audit(
            "retention_purge",
            details=f"{len(ids)} beneficiaries, {len(stored_files)} documents, "
            f"{roster_rows} roster rows, closed before {cutoff}",
        )
    # Only once the rows say so: a failed transaction leaves every file in place.
    for stored_name in stored_files:
        (upload_folder() / stored_name).unlink(missing_ok=True)
    return PurgeReport(len(ids), cutoff)


def _anonymise(beneficiary_ids: Sequence[int]) -> list[str]:
    """Clear what identifies these people, wherever free text may name them.

    The case summaries, timeline texts, hearing notes, places and cancellation reasons go, and
    each kind clears its own details (its `purge`: charges, GBV narratives, adverse parties…);
    documents are marked removed and their stored names returned, for deletion.
    """
    cases = select(Case.id).where(Case.beneficiary_id.in_(beneficiary_ids))
    db.session.execute(update(Case).where(Case.id.in_(cases)).values(summary=""))
    db.session.execute(update(CaseEvent).where(CaseEvent.case_id.in_(cases)).values(text=""))
    db.session.execute(
        update(Hearing)
        .where(Hearing.case_id.in_(cases))
        .values(adjournment_reason=None, decision=None, place=None)
    )
    # A cancelled hearing stays cancelled (its CHECK wants a reason), but the reason goes.
    db.session.execute(
        update(Hearing)
        .where(Hearing.case_id.in_(cases), Hearing.cancelled_at.is_not(None))
        .values(cancellation_reason="")
    )
    documents = Document.case_id.in_(cases)
    stored_files = list(db.session.scalars(select(Document.stored_name).where(documents)))
    db.session.execute(
        update(Document)
        .where(documents)
        .values(original_name=ANONYMISED, deleted_at=func.coalesce(Document.deleted_at, utcnow()))
    )
    for kind in case_kinds():
        kind.purge(cases)
    db.session.execute(
        update(Beneficiary)
        .where(Beneficiary.id.in_(beneficiary_ids))
        .values(
            full_name=ANONYMISED,
            name_key="",
            phone=None,
            phone_key=None,
            address=None,
            commune=None,
            birth_date=None,
            disability_details=None,
        )
    )
    return stored_files


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _create_private(path: Path) -> None:
    """Create an empty file only its owner may read; refuse to reuse one."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise MaintenanceError(_("The file %(path)s exists already.", path=path)) from None


def _sqlite_file(parsed: URL, *, must_exist: bool = True) -> Path:
    if not parsed.database or parsed.database == ":memory:":
        raise MaintenanceError(_("An in-memory database cannot be backed up or restored."))
    path = Path(parsed.database)
    if must_exist and not path.is_file():
        raise MaintenanceError(_("Database file not found: %(path)s", path=path))
    return path


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        raise MaintenanceError(
            _(
                "%(path)s failed its integrity check: %(problems)s",
                path=path,
                problems="; ".join(problems[:5]),
            )
        )


def _sqlite_backup(source: Path, target: Path) -> None:
    """Copy in a single step: one read snapshot, which writers in WAL mode do not disturb."""
    try:
        with (
            closing(sqlite3.connect(source, timeout=SQLITE_TIMEOUT_SECONDS)) as database,
            closing(sqlite3.connect(target)) as copy,
        ):
            database.backup(copy, pages=-1)
            # A backup is one self-contained file: no -wal or -shm beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
            _check_integrity(copy, target)
    except sqlite3.Error as error:
        raise MaintenanceError(_("The backup failed: %(error)s", error=error)) from error


def _sqlite_restore(source: Path, target: Path) -> None:
    try:
        with (
            closing(sqlite3.connect(source)) as backup,
            closing(sqlite3.connect(target, timeout=SQLITE_TIMEOUT_SECONDS)) as database,
        ):
            _check_integrity(backup, source)
            backup.backup(database)
            _check_integrity(database, target)
    except sqlite3.Error as error:
        raise MaintenanceError(_("The restore failed: %(error)s", error=error)) from error


def _expect_header(source: Path, header: bytes) -> None:
    """Refuse early a file that is not a backup of this kind of database."""
    with source.open("rb") as handle:
        if handle.read(len(header)) != header:
            raise MaintenanceError(
                _("%(path)s is not a backup of this kind of database.", path=source)
            )


def _libpq(parsed: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI for the client tools; the password goes in the environment, not in `ps`."""
    environment = dict(os.environ)
    if parsed.password is not None:
        environment["PGPASSWORD"] = str(parsed.password)
    uri = URL.create(
        "postgresql",
        username=parsed.username,
        host=parsed.host,
        port=parsed.port,
        database=parsed.database,
        query=parsed.query,
    )
    return uri.render_as_string(hide_password=False), environment


def _pg_dump(parsed: URL, target: Path) -> None:
    uri, environment = _libpq(parsed)
    _run_client(
        "pg_dump",
        ["--format=custom", "--no-owner", f"--file={target}", f"--dbname={uri}"],
        environment,
    )


def _pg_restore(parsed: URL, source: Path) -> None:
    """All or nothing; `--clean` only removes the empty tables of a database migrated to head."""
    uri, environment = _libpq(parsed)
    _run_client(
        "pg_restore",
        [
            "--no-owner",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={uri}",
            str(source),
        ],
        environment,
    )


def _run_client(program: str, arguments: list[str], environment: dict[str, str]) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise MaintenanceError(
            _(
                "%(program)s is not installed: install the PostgreSQL client tools "
                "(package postgresql-client) of the server's version.",
                program=program,
            )
        )
    try:
        subprocess.run(  # noqa: S603 - a program found on PATH and a list of arguments, no shell
            [executable, *arguments], check=True, env=environment, capture_output=True, text=True
        )
    except subprocess.CalledProcessError as error:
        raise MaintenanceError(
            _("%(program)s failed: %(error)s", program=program, error=error.stderr.strip())
        ) from error
