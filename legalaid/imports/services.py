"""Bulk import of cases: check a file (the dry run), then import it in batches, idempotently.

Every import reads the file twice, row by row: a first pass checks every row and counts what
would change, writing nothing; the second pass, only when no row is invalid (or the user chose
to leave invalid rows out), writes in one transaction per batch. A row finds its case again by
(organisation, external_id): an unchanged row is skipped, a changed one updates its case, so
that importing the same file twice creates nothing twice.
"""

import json
import re
import secrets
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.datastructures import FileStorage

from legalaid.accounts.models import Organisation, User
from legalaid.audit.services import audit, audit_now
from legalaid.casekinds import case_kind, case_kinds
from legalaid.cases.conflicts import Match, adverse_party_matches, client_matches, hold_conflicts
from legalaid.cases.matching import name_key
from legalaid.cases.models import (
    OPEN_STATUSES,
    Beneficiary,
    Case,
    CaseEvent,
    EventKind,
    ReviewReason,
)
from legalaid.cases.reviews import flag_for_review
from legalaid.cases.services import (
    IntakeData,
    hidden_duplicates,
    new_case,
    organisation_duplicate,
    record_new_case,
)
from legalaid.extensions import db, write_transaction
from legalaid.formutils import local_today
from legalaid.imports.columns import read_header
from legalaid.imports.reading import FileRefused, file_rows, too_large
from legalaid.imports.rows import CaseRow, Directory, RowChecker, RowError, field_columns
from legalaid.notifications.models import NotificationKind
from legalaid.notifications.services import notify
from legalaid.permissions import Permission, allows
from legalaid.roles import Role
from legalaid.timeutils import utcnow
from legalaid.workflow.models import Hearing
from legalaid.workflow.services import place_on_case

BATCH_SIZE = 500
LISTED_ERRORS = 500  # the report lists this many errors and counts the others
LISTED_CASES = 100  # the result page links this many created cases
WORKFLOW_FIELDS = ("status", "outcome", "resolved_on", "closed_on", "close_reason")
UPLOAD_NAME = re.compile(r"[0-9a-f]{48}")
CHECK_SUFFIX = ".check.json"  # the dry run of a waiting file, kept beside it
# An upload left waiting (the user went away) is removed this long after, at the next upload.
UPLOAD_KEPT = timedelta(hours=24)

Progress = Callable[[int], AbstractContextManager[Any]]


def no_progress(_total: int) -> AbstractContextManager[Any]:
    """For callers without a terminal: a progress bar that shows nothing."""
    return nullcontext(SimpleNamespace(update=lambda _rows: None))


class ImportNotAllowed(PermissionError):
    """The user may not import, or not for this organisation."""


@dataclass
class ImportReport:
    """What a file holds and what importing it would do (dry run) or did."""

    problem: str | None = None  # the whole file was refused
    unknown_columns: tuple[str, ...] = ()  # the first few; unknown_count counts them all
    unknown_count: int = 0
    rows: int = 0
    invalid_rows: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    created_cases: list[tuple[int, str]] = field(default_factory=list)  # id, reference
    # New cases held for the coordinators: people the importer may not see, or conflicts.
    to_review: int = 0

    @property
    def importable(self) -> bool:
        """Whether the file was read and at least one row would change something."""
        return self.problem is None and self.created + self.updated > 0

    def add_errors(self, errors: list[RowError]) -> None:
        """Count a row as invalid and keep its errors while the list is short."""
        self.invalid_rows += 1
        self.error_count += len(errors)
        self.errors.extend(errors[: max(0, LISTED_ERRORS - len(self.errors))])

    def review_note(self) -> str:
        """What the importer is told of new cases that may be people they may not see: a count,
        never which rows."""
        return ngettext(
            "%(num)d new case may be a person you may not see: it was not linked, and waits for "
            "the coordinator's review.",
            "%(num)d new cases may be people you may not see: they were not linked, and wait for "
            "the coordinators' review.",
            self.to_review,
        )

    def to_json(self) -> str:
        """The report as kept beside a waiting file or on an import job."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "ImportReport":
        """A report kept by `to_json`."""
        kept = json.loads(text)
        kept["unknown_columns"] = tuple(kept["unknown_columns"])
        kept["errors"] = [RowError(**error) for error in kept["errors"]]
        return cls(**kept)

    def summary(self) -> str:
        """The counts, for the audit trail (no value of any row)."""
        if self.problem:
            return "file refused"
        return (
            f"rows={self.rows} created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} invalid={self.invalid_rows}"
        )


def import_organisation(by: User, organisation: Organisation | None) -> Organisation | None:
    """The organisation the rows go to: a coordinator's own; the one an admin chose, or None
    when each row names its own."""
    if not allows(by, Permission.IMPORT_CASES):
        raise ImportNotAllowed(_("You may not import cases."))
    if by.role == Role.ADMIN:
        return organisation
    if organisation is not None and organisation.id != by.organisation_id:
        raise ImportNotAllowed(_("You may import cases for your own organisation only."))
    return by.organisation


def organisation_choices(user: User) -> list[tuple[int, str]]:
    """Organisations `user` may import for: any active one for admins (or the file says), else
    their own."""
    if user.role != Role.ADMIN:
        return [(user.organisation_id, user.organisation.name)]
    rows = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.active.is_(True))
        .order_by(Organisation.name)
    )
    return [(0, _("Named on each row (organisation column)"))] + [tuple(row) for row in rows]


def check_cases(path: Path, *, by: User, organisation: Organisation | None) -> ImportReport:
    """The dry run: every row checked and what importing would do counted; nothing written."""
    organisation = import_organisation(by, organisation)
    report = _run(path, organisation, by, write=False)
    audit_now("import_dry_run", by=by, obj=organisation, details=report.summary())
    return report


def import_cases(
    path: Path,
    *,
    by: User,
    organisation: Organisation | None,
    skip_invalid: bool = False,
    progress: Progress = no_progress,
) -> ImportReport:
    """Check the whole file, then import it batch by batch; nothing at all while a row is
    invalid, unless `skip_invalid` (then the invalid rows are left out)."""
    organisation = import_organisation(by, organisation)
    checked = _run(path, organisation, by, write=False)
    if checked.problem or (checked.invalid_rows and not skip_invalid):
        audit_now(
            "import_cases", by=by, obj=organisation, details=checked.summary(), outcome="refused"
        )
        return checked
    try:
        with progress(checked.rows) as bar:
            report = _run(path, organisation, by, write=True, bar=bar)
    except IntegrityError:  # two imports at once: the unique external id stopped a batch
        audit_now("import_cases", by=by, obj=organisation, details="conflict", outcome="failed")
        return ImportReport(
            problem=_(
                "Another import wrote some of these cases at the same time. Import the file "
                "again: what is imported already is skipped."
            )
        )
    report.written = True
    audit_now("import_cases", by=by, obj=organisation, details=report.summary())
    return report


def _run(
    path: Path, organisation: Organisation | None, by: User, *, write: bool, bar: Any = None
) -> ImportReport:
    """One pass over the file: check each row, compare it with its case (and write it)."""
    report = ImportReport()
    try:
        rows = enumerate(file_rows(path, current_app.config["IMPORT_MAX_BYTES"]), start=1)
        _number, first = next(rows, (1, None))
        header = read_header(first, organisation_named=organisation is None)
        report.unknown_columns, report.unknown_count = header.unknown, header.unknown_count
        checker = RowChecker(header, Directory.load(), organisation, local_today())
        for batch in _batches(rows):
            report.rows += len(batch)
            _settle(batch, checker, report, by, write=write)
            if bar is not None:
                bar.update(len(batch))
    except FileRefused as error:
        return ImportReport(problem=str(error))
    if not report.rows:
        return ImportReport(problem=_("The file has column names but no rows."))
    return report


def _batches(rows: Iterator[tuple[int, list[str]]]) -> Iterator[list[tuple[int, list[str]]]]:
    """Non-blank rows by batches, with their row numbers in the file (the header is row 1)."""
    batch = []
    for number, cells in rows:
        if any(cell.strip() for cell in cells):
            batch.append((number, cells))
        if len(batch) == BATCH_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _settle(batch, checker: RowChecker, report: ImportReport, by: User, *, write: bool) -> None:
    """Check a batch of rows and compare them with their cases; write them if asked, in one
    transaction that reads the cases it changes."""
    valid = []
    for number, cells in batch:
        values, errors = checker.check(number, cells)
        if errors:
            report.add_errors(errors)
        else:
            valid.append(values)
    if not write:
        _compare(valid, checker, report, by=None)
        return
    with write_transaction():
        _compare(valid, checker, report, by=by)


@dataclass
class _Existing:
    """A case a row refers to, with what the import compares: details, hearings, workers."""

    case: Case
    details: Any
    hearing_times: set[datetime]


def _existing(rows: list[CaseRow]) -> dict[tuple[int, str], _Existing]:
    """The cases of a batch's rows, found by (organisation, external id), in a few queries."""
    if not rows:
        return {}
    cases = list(
        db.session.scalars(
            select(Case)
            .where(
                Case.external_id.in_({row.external_id for row in rows}),
                Case.organisation_id.in_({row.organisation_id for row in rows}),
            )
            .options(selectinload(Case.assignments))
        )
    )
    ids = [case.id for case in cases]
    details: dict[int, Any] = {}
    hearings: dict[int, set[datetime]] = defaultdict(set)
    if ids:
        for kind in case_kinds():
            model = kind.detail_model
            # Every relationship at once (the adverse parties, a dispute's parties): one query
            # each, not one per case.
            query = select(model).where(model.case_id.in_(ids)).options(selectinload("*"))
            details.update((record.case_id, record) for record in db.session.scalars(query))
        for case_id, at in db.session.execute(
            select(Hearing.case_id, Hearing.scheduled_at).where(Hearing.case_id.in_(ids))
        ):
            hearings[case_id].add(at)
    return {
        (case.organisation_id, case.external_id): _Existing(
            case, details[case.id], hearings[case.id]
        )
        for case in cases
    }


def _compare(rows: list[CaseRow], checker: RowChecker, report: ImportReport, by: User | None):
    """Count each row as to create, to update or unchanged; write it when `by` is given."""
    existing = _existing(rows)
    new = []
    for row in rows:
        current = existing.get((row.organisation_id, row.external_id))
        if current is None:
            report.created += 1
            new.append(row)
        elif current.case.kind != row.kind:
            message = _(
                "This case exists as a %(kind)s case; the kind cannot change.",
                kind=current.case.kind,
            )
            report.add_errors([RowError(row.number, checker.header.label("kind"), message)])
        elif changed := _changes(current, row, checker.given):
            report.updated += 1
            if by is not None:
                _update(current, row, changed, by, utcnow())
        else:
            report.unchanged += 1
    if by is not None and new:
        created, held = _create(new, by)
        report.created_cases += created[: LISTED_CASES - len(report.created_cases)]
        report.to_review += held


def _changes(current: _Existing, row: CaseRow, given: frozenset[str]) -> list[str]:
    """What the row changes in its case, by column name; only the file's columns count."""
    case, details, kind = current.case, current.details, case_kind(row.kind)
    columns = field_columns()
    changed = [
        name for name, value in row.case.items() if name in given and getattr(case, name) != value
    ]
    changed += [
        name
        for name, value in row.details.items()
        if columns.get(name, name) in given and getattr(details, name) != value
    ]
    parties = kind.import_parties_column
    if (
        parties in given
        and row.other_parties is not None
        and row.other_parties != kind.other_parties(details)
    ):
        changed.append(parties)
    for column, user_id in row.workers.items():
        if user_id not in {a.user_id for a in case.active_assignments}:
            changed.append(column)
    if row.next_hearing is not None and row.next_hearing not in current.hearing_times:
        changed.append("next_hearing")
    return changed


def _hearing(case: Case, at: datetime, by: User) -> Hearing:
    return Hearing(case_id=case.id, scheduled_at=at, created_by_id=by.id)


def _create(rows: list[CaseRow], by: User) -> tuple[list[tuple[int, str]], int]:
    """New cases through intake's own two steps, the batch's cases all written in between (one
    flush, not one per case); each linked to a matching beneficiary if the organisation has one
    that `by` may see, else held for review when it has one they may not see, and any conflict
    of interest held too. Returns the cases' ids and references, and how many are held."""
    today, now = local_today(), utcnow()
    created = []
    known = _known_names(rows)
    unwritten: set[tuple[int, str]] = set()  # people created since the last flush
    with db.session.no_autoflush:
        for row in rows:
            key = (row.organisation_id, name_key(row.person.full_name))
            if key in unwritten:  # the same person twice in a batch: the check must see the first
                db.session.flush()
                unwritten.clear()
            linked, hidden = _match(row, today, by) if key in known else (None, [])
            data = _intake_data(row, linked)
            if data.existing_beneficiary_id is None:
                unwritten.add(key)
                known.add(key)
            case = new_case(data, row.organisation_id, by, today=today)
            for name in WORKFLOW_FIELDS:
                setattr(case, name, row.case[name])
            created.append((row, data, case, hidden))
    db.session.flush()
    held = 0
    for row, data, case, hidden in created:
        record_new_case(case, data, by)
        duplicates = flag_for_review(case, ((p, None) for p in hidden), ReviewReason.DUPLICATE, by)
        conflicts = hold_conflicts(case, _conflicts(row, case), by)
        held += bool(duplicates or conflicts)
        set_committed_value(case, "assignments", [])  # a new case: no query to find who is on it
        for user_id in row.workers.values():
            _place(case, user_id, by, now)
        if row.next_hearing is not None:
            db.session.add(_hearing(case, row.next_hearing, by))
        db.session.add(
            CaseEvent(
                case_id=case.id,
                kind=EventKind.IMPORT,
                author=by,
                text=_("Imported (external id %(id)s).", id=row.external_id),
            )
        )
    return [(case.id, case.reference) for _row, _data, case, _hidden in created], held


def _conflicts(row: CaseRow, case: Case) -> list[Match]:
    """Both ways of the conflict check for an imported case: its adverse parties among the
    people the organisation helps, its person among the adverse parties of its open cases.
    No one is there to be warned: every match waits for the coordinator, seen or not."""
    return [
        *adverse_party_matches(row.organisation_id, row.other_parties or []),
        *client_matches(row.organisation_id, case.beneficiary),
    ]


def _place(case: Case, user_id: int, by: User, now: datetime) -> None:
    """Put a named worker on the case; told like any assignee while the case is still open."""
    person = db.session.get(User, user_id)
    place_on_case(case, person, by, now)
    if case.status in OPEN_STATUSES:
        notify([person], NotificationKind.ASSIGNED, case)


def _known_names(rows: list[CaseRow]) -> set[tuple[int, str]]:
    """The (organisation, name key) pairs of the batch that some beneficiary has already: only
    these rows can match one, so that the others need no duplicate check (one query, not one
    per row)."""
    keys = {name_key(row.person.full_name) for row in rows}
    found = db.session.execute(
        select(Beneficiary.organisation_id, Beneficiary.name_key)
        .where(
            Beneficiary.name_key.in_(keys),
            Beneficiary.organisation_id.in_({row.organisation_id for row in rows}),
        )
        .distinct()
    )
    return {(organisation_id, key) for organisation_id, key in found}


def _match(row: CaseRow, today: date, by: User) -> tuple[int | None, list[int]]:
    """Intake's duplicate rule for a row: the beneficiary it links to, among the people `by`
    may see, or else the people it may be whom `by` may not see (never linked silently)."""
    birth_year, _estimated = row.person.resolved_birth_year(today)
    person = (row.person.full_name, birth_year, row.person.phone)
    match = organisation_duplicate(row.organisation_id, by, *person)
    if match is not None:
        return match.id, []
    return None, [hidden.id for hidden in hidden_duplicates(by, row.organisation_id, *person)]


def _intake_data(row: CaseRow, existing_beneficiary_id: int | None) -> IntakeData:
    """The row as intake takes it, linked to `existing_beneficiary_id` if given."""
    return IntakeData(
        kind=row.kind,
        opened_on=row.case["opened_on"],
        service_level=row.case["service_level"],
        beneficiary=row.person,
        summary=row.case["summary"],
        existing_beneficiary_id=existing_beneficiary_id,
        details=row.details,
        adverse_parties=row.other_parties or [],
        external_id=row.external_id,
    )


def _update(current: _Existing, row: CaseRow, changed: list[str], by: User, now: datetime) -> None:
    """Apply a changed row to its case, on its timeline and in the audit trail."""
    case, details, kind = current.case, current.details, case_kind(row.kind)
    for name in changed:
        if name in row.case:
            setattr(case, name, row.case[name])
        elif name in row.details:
            setattr(details, name, row.details[name])
    if kind.import_parties_column in changed:
        kind.set_other_parties(details, row.other_parties)
    for column, user_id in row.workers.items():
        if column in changed:
            _place(case, user_id, by, now)
    if "next_hearing" in changed:
        db.session.add(_hearing(case, row.next_hearing, by))
    case.last_activity_at = now  # also bumps the version: an open edit form is now stale
    names = field_columns()
    columns = ", ".join(names.get(name, name) for name in changed)
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.IMPORT,
            author=by,
            text=_("Updated by import: %(columns)s.", columns=columns),
        )
    )
    audit("case_update", by=by, obj=case, details=f"import: {columns}")


def imports_folder() -> Path:
    """Where uploaded files wait between the dry run and the import: `instance/imports/`."""
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def store_upload(upload: FileStorage) -> str:
    """Keep an uploaded file under a random name (never the user's) until it is imported;
    refused above IMPORT_MAX_BYTES without keeping anything."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    folder = imports_folder()
    _remove_forgotten(folder)
    name = secrets.token_hex(24)
    path = folder / name
    size = 0
    try:
        with path.open("wb") as stored:
            while chunk := upload.stream.read(64 * 1024):
                size += len(chunk)
                if size > limit:
                    break
                stored.write(chunk)
    except OSError as error:  # the disk is full: keep nothing of it
        path.unlink(missing_ok=True)
        current_app.logger.error("import upload not stored: %s", error)
        raise FileRefused(
            _("The file could not be saved on the server: nothing was kept. Try again later.")
        ) from error
    if size > limit:
        path.unlink()
        raise too_large(limit)
    return name


def upload_path(name: str | None) -> Path | None:
    """The waiting file of that name, if it is one of ours and still there."""
    if not name or not UPLOAD_NAME.fullmatch(name):
        return None
    path = imports_folder() / name
    return path if path.is_file() else None


def discard_upload(name: str | None) -> None:
    """Remove a waiting file and its check (imported, cancelled or replaced)."""
    path = upload_path(name)
    if path is not None:
        _check_path(path).unlink(missing_ok=True)
        path.unlink(missing_ok=True)


def check_upload(name: str, *, by: User, organisation: Organisation | None) -> ImportReport:
    """The dry run of a waiting file, kept beside it: the review page reads it as often as it
    is shown, and the file is read again only to be imported (which checks it once more)."""
    path = imports_folder() / name
    report = check_cases(path, by=by, organisation=organisation)
    _check_path(path).write_text(report.to_json(), encoding="utf-8")
    return report


def kept_check(name: str | None) -> ImportReport | None:
    """The dry run kept beside a waiting file, or None when there is no such file or check."""
    path = upload_path(name)
    if path is None:
        return None
    try:
        return ImportReport.from_json(_check_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):  # gone, or written by another version
        return None


def _check_path(upload: Path) -> Path:
    return upload.with_name(upload.name + CHECK_SUFFIX)


def _remove_forgotten(folder: Path) -> None:
    """Uploads nobody confirmed or cancelled hold personal data: they do not stay."""
    limit = time.time() - UPLOAD_KEPT.total_seconds()
    for path in folder.iterdir():
        name = path.name.removesuffix(CHECK_SUFFIX)
        if UPLOAD_NAME.fullmatch(name) and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
