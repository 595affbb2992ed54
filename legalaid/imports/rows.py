"""One row of an import file: its cells checked, and turned into what its case holds.

The rules are those of intake and of the workflow: dates not in the future, a case past intake
has someone working on it, an outcome fits the kind and goes with a resolution, a closed case
has a date and a reason. The kind's own columns are read by the kind (`read_import_row`, in
each kind's `importing.py`), from the cells and the reference names it asked for.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from legalaid.accounts.models import Organisation, User
from legalaid.casekinds import CaseKindDefinition, case_kind, case_kinds
from legalaid.cases.intake import adverse_party_names
from legalaid.cases.matching import fold
from legalaid.cases.models import AssignmentRole, CaseStatus, ServiceLevel
from legalaid.cases.services import BeneficiaryData
from legalaid.extensions import db
from legalaid.formutils import (
    CONTROL_CHARACTER_MESSAGE,
    YEARS_AHEAD,
    control_character,
    parse_date,
    parse_time,
)
from legalaid.imports.aliases import column_codes
from legalaid.imports.columns import Header
from legalaid.imports.reading import FORMULA_START
from legalaid.reference.models import Region
from legalaid.roles import Role
from legalaid.workflow.models import CloseReason

S = CaseStatus
HEARING_TIME = time(9, 0)  # as the hearing form proposes
NAME_CHARS = 200  # as a party's name column holds
WORKER_COLUMNS = {
    "lawyer_email": AssignmentRole.LAWYER,
    "paralegal_email": AssignmentRole.PARALEGAL,
}


@dataclass(frozen=True)
class RowError:
    """A problem in one cell of one row, where the user can find it in the spreadsheet."""

    row: int
    column: str
    message: str

    def said(self) -> str:
        """The error as the command and the pages print it, in the reader's language."""
        return _(
            "Row %(row)s, %(column)s: %(message)s",
            row=self.row,
            column=self.column,
            message=self.message,
        )


@dataclass
class CaseRow:
    """What a valid row says about its case, with the defaults of intake filled in."""

    number: int
    external_id: str
    organisation_id: int
    kind: str
    person: BeneficiaryData
    case: dict[str, Any]
    details: dict[str, Any]
    other_parties: list[str] | None  # None: the kind has no other side, or the file no column
    workers: dict[str, int]  # worker column -> user id; an empty cell changes nobody
    next_hearing: datetime | None


@dataclass
class Directory:
    """The names rows refer to, read once per import (a few hundred entries, never per row)."""

    organisations: dict[str, tuple[int, str]]  # folded name -> id, name
    regions: dict[str, int]  # folded name -> id
    workers: dict[tuple[int, str, str], int]  # organisation id, role, email -> user id
    kinds: dict[str, dict[str, Any]]  # kind code -> its `import_directory()`

    @classmethod
    def load(cls) -> "Directory":
        """The active organisations, the regions, every active lawyer and paralegal, and the
        reference data each kind's rows name."""
        organisations = db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.active.is_(True))
        )
        workers = db.session.execute(
            select(User.id, User.organisation_id, User.role, User.email).where(
                User.active.is_(True), User.role.in_([Role.LAWYER, Role.PARALEGAL])
            )
        )
        return cls(
            organisations={fold(row.name): (row.id, row.name) for row in organisations},
            regions={
                fold(row.name): row.id for row in db.session.execute(select(Region.id, Region.name))
            },
            workers={(row.organisation_id, row.role, row.email): row.id for row in workers},
            kinds={kind.code: kind.import_directory() for kind in case_kinds()},
        )


class _Cells:
    """The cells of one row by column name; reading a cell records its errors. Dates are
    checked against `today` (the day of the import)."""

    def __init__(self, header: Header, number: int, cells: list[str], today: date):
        self.header, self.number, self.cells, self.today = header, number, cells, today
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        """Record an error in this cell, named as the file names its column."""
        error = RowError(self.number, self.header.label(column), message)
        if error not in self.errors:  # a cell may be read twice; its error is told once
            self.errors.append(error)

    def text(self, column: str, *, required: bool = False, max_length: int = 200) -> str:
        """The cell's text, trimmed; empty when the file lacks the column or the cell is bad."""
        position = self.header.positions.get(column, len(self.cells))
        value = self.cells[position].strip() if position < len(self.cells) else ""
        if value.startswith(FORMULA_START):
            self.fail(column, _("Formulas are not accepted: type the value itself."))
            return ""
        if control_character(value, multiline=column in multiline_columns()):
            self.fail(column, str(CONTROL_CHARACTER_MESSAGE))
            return ""
        if required and not value:
            self.fail(column, _("A value is required."))
        if len(value) > max_length:
            self.fail(column, _("Too long: %(max)s characters at most.", max=max_length))
            return ""
        return value

    def choice(
        self, column: str, among: Iterable[str] | None = None, *, required: bool = False
    ) -> Any:
        """The code the cell stands for, in the words of the column's table (`litige`, `VBG`,
        `en cours`…), restricted to `among` when given."""
        text = self.text(column, required=required)
        codes = column_codes()[column]
        code = codes.read(text, among) if text else None
        if text and code is None:
            self.fail(
                column,
                _(
                    "Unknown value “%(value)s”: expected %(values)s.",
                    value=text[:40],
                    values=codes.allowed(among),
                ),
            )
        return code

    def date(
        self, column: str, *, today: date | None = None, required: bool = False
    ) -> date | None:
        """The date of a fact: from 1900, never after `today` (the import's day by default)."""
        today = today or self.today
        text = self.text(column, required=required)
        if not text:
            return None
        try:
            value = parse_date(text)
        except ValueError as error:
            self.fail(column, str(error))
            return None
        if value > today:
            self.fail(column, _("This date is in the future."))
        return value

    def moment(self, column: str, *, today: "date | None" = None) -> datetime | None:
        """A date to come with an optional time (`2026-12-01 9h30`), for hearings; a day alone
        is at 09:00. No later than YEARS_AHEAD years from `today` (the import's day)."""
        today = today or self.today
        day_text, _space, time_text = self.text(column).partition(" ")
        if not day_text:
            return None
        try:
            day = parse_date(day_text)
            at = parse_time(time_text) if time_text.strip() else HEARING_TIME
        except ValueError as error:
            self.fail(column, str(error))
            return None
        if day.year > today.year + YEARS_AHEAD:
            last_year = today.year + YEARS_AHEAD
            self.fail(column, _("Enter a date before the end of %(year)s.", year=last_year))
            return None
        return datetime.combine(day, at)

    def whole_number(self, column: str) -> int | None:
        """A count or a year, as digits only."""
        text = self.text(column)
        if not text:
            return None
        if not (text.isascii() and text.isdigit()):
            self.fail(column, _("Enter a whole number."))
            return None
        return int(text)

    def names(self, column: str) -> list[str]:
        """People's names separated by `;` or one per line, each as long as a name may be."""
        names = adverse_party_names(self.text(column, max_length=4000))
        if any(len(name) > NAME_CHARS for name in names):
            self.fail(column, _("Too long: %(max)s characters at most.", max=NAME_CHARS))
        return names

    def known(self, column: str, names: dict, message: str, *, required: bool = False):
        """The id of what the cell names, looked up folded (case and accents ignored)."""
        text = self.text(column, required=required)
        if text and fold(text) not in names:
            self.fail(column, message % {"name": text})
        return names.get(fold(text)) if text else None


class RowChecker:
    """Checks the rows of one file in turn; remembers the external ids seen (duplicates)."""

    def __init__(
        self, header: Header, directory: Directory, organisation: Organisation | None, today: date
    ):
        self.header, self.directory = header, directory
        self.organisation, self.today = organisation, today
        self.seen: dict[str, int] = {}
        # An update changes only what the file has a column for (see README, Bulk import).
        self.given = frozenset(header.positions)

    def check(self, number: int, cells: list[str]) -> tuple[CaseRow | None, list[RowError]]:
        """The row's case, or its errors (every one of them, not only the first)."""
        row = _Cells(self.header, number, cells, self.today)
        external_id = row.text("external_id", required=True, max_length=100)
        if external_id:
            first = self.seen.setdefault(external_id, number)
            if first != number:
                row.fail("external_id", _("Already on row %(row)s of the file.", row=first))
        code = row.choice("kind", required=True)  # an unknown kind is this cell's error
        kind = case_kind(code) if code else None
        organisation_id = self._organisation(row)
        person = self._person(row)
        workers = self._workers(row, organisation_id)
        case = self._case(row, kind)
        details, parties = (
            kind.read_import_row(row, self.directory.kinds[code]) if kind else ({}, None)
        )
        next_hearing = row.moment("next_hearing") if kind and kind.import_next_hearing else None
        if row.errors:
            return None, row.errors
        return (
            CaseRow(
                number=number,
                external_id=external_id,
                organisation_id=organisation_id,
                kind=code,
                person=person,
                case=case,
                details=details,
                other_parties=parties,
                workers=workers,
                next_hearing=next_hearing,
            ),
            [],
        )

    def _organisation(self, row: _Cells) -> int | None:
        named = row.text("organisation")
        if self.organisation is None:
            found = row.known(
                "organisation",
                self.directory.organisations,
                _("Unknown organisation: %(name)s"),
                required=True,
            )
            return found[0] if found else None
        if named and fold(named) != fold(self.organisation.name):
            row.fail(
                "organisation",
                _("This file is imported for %(name)s.", name=self.organisation.name),
            )
        return self.organisation.id

    def _person(self, row: _Cells) -> BeneficiaryData:
        birth_year, age = row.whole_number("birth_year"), row.whole_number("age")
        if birth_year is not None and birth_year < 1900:
            row.fail("birth_year", _("Enter a year after 1900."))
        elif birth_year is not None and birth_year > self.today.year:
            row.fail("birth_year", _("This date is in the future."))
        if age is not None and age > 120:
            row.fail("age", _("The age must be between 0 and 120."))
        return BeneficiaryData(
            full_name=row.text("full_name", required=True),
            sex=row.choice("sex", required=True),
            birth_year=birth_year,
            age=age,
            region_id=row.known("region", self.directory.regions, _("Unknown region: %(name)s")),
            phone=row.text("phone", max_length=40) or None,
        )

    def _workers(self, row: _Cells, organisation_id: int | None) -> dict[str, int]:
        messages = {
            "lawyer_email": _("No active lawyer of the organisation has this email."),
            "paralegal_email": _("No active paralegal of the organisation has this email."),
        }
        workers = {}
        for column, role in WORKER_COLUMNS.items():
            email = row.text(column, max_length=254).lower()
            if not email or organisation_id is None:
                continue
            user_id = self.directory.workers.get((organisation_id, role, email))
            if user_id is None:
                row.fail(column, messages[column])
            else:
                workers[column] = user_id
        return workers

    def _case(self, row: _Cells, kind: CaseKindDefinition | None) -> dict[str, Any]:
        """The case's own fields, checked against the workflow: who, outcome, dates."""
        opened_on = row.date("opened_on", today=self.today, required=True)
        named_workers = any(row.text(column) for column in WORKER_COLUMNS)
        status = row.choice("status") or (S.ASSIGNED if named_workers else S.INTAKE)
        outcome = row.choice("outcome", kind.outcomes) if kind else None
        resolved_on = row.date("resolved_on", today=self.today)
        closed_on = row.date("closed_on", today=self.today)
        close_reason = row.choice("close_reason")
        if status != S.INTAKE and not named_workers:
            row.fail("status", _("A case past intake needs a lawyer or a paralegal on it."))
        if (status == S.RESOLVED or resolved_on) and not outcome and not row.text("outcome"):
            row.fail("outcome", _("A resolution needs an outcome."))
        if outcome and status not in (S.RESOLVED, S.CLOSED):
            row.fail("outcome", _("Only a resolved or closed case has an outcome."))
        if outcome and not resolved_on:
            row.fail("resolved_on", _("Give the date of the resolution."))
        if resolved_on and opened_on and resolved_on < opened_on:
            row.fail("resolved_on", _("The resolution date cannot be before the case was opened."))
        if status == S.CLOSED:
            close_reason = close_reason or (CloseReason.RESOLVED if outcome else None)
            if not closed_on:
                row.fail("closed_on", _("Give the closing date."))
            if not close_reason and not row.text("close_reason"):
                row.fail("close_reason", _("Give the reason for closing the case."))
        else:
            for column, value in (("closed_on", closed_on), ("close_reason", close_reason)):
                if value:
                    row.fail(column, _("Only a closed case has this: leave it empty."))
        earliest = resolved_on or opened_on
        if closed_on and earliest and closed_on < earliest:
            row.fail(
                "closed_on", _("The closing date cannot be before the opening or the resolution.")
            )
        return {
            "opened_on": opened_on,
            "summary": row.text("summary", max_length=5000),
            "service_level": row.choice("service_level") or ServiceLevel.ADVICE,
            "status": status,
            "outcome": outcome,
            "resolved_on": resolved_on,
            "closed_on": closed_on,
            "close_reason": close_reason,
        }


def multiline_columns() -> frozenset[str]:
    """The columns whose text may hold several lines (a spreadsheet cell ends its lines with
    CR LF): the summary, and those the kinds say."""
    return frozenset({"summary"}).union(*(kind.import_multiline for kind in case_kinds()))


def field_columns() -> dict[str, str]:
    """Detail attribute -> the column it comes from, where the names differ (every kind's)."""
    return {
        name: column for kind in case_kinds() for name, column in kind.import_field_columns.items()
    }
