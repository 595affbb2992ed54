"""The dry run refuses everything the write pass would refuse (issue 14): a value the database
cannot take is a row error of the check, never a crash halfway through the import. Run with
TEST_DATABASE_URL to hold it on PostgreSQL, which refuses NUL bytes in text."""

import itertools
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, Text, select

from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.formutils import control_character
from legalaid.imports.rows import RowError
from legalaid.imports.services import check_cases, import_cases
from tests.imports.conftest import HEADER, case_row, count, write_csv

CONTROL_MESSAGE = (
    "This text holds an invisible control character (such as a NUL byte): type it again."
)


def test_a_nul_byte_in_a_late_row_is_found_by_the_check_and_nothing_is_written(
    org, csv_file, english
):
    rows = [case_row("litigation", number=n) for n in range(1, 1_201)]
    rows[1_099]["full_name"] = "Awa\x00 Traoré"  # row 1,101 of the file: in the third batch
    path = csv_file(rows)
    report = check_cases(path, by=org["coordinator"], organisation=None)
    assert report.errors == [RowError(1_101, "full_name", CONTROL_MESSAGE)]
    assert (report.created, report.invalid_rows) == (1_199, 1)
    imported = import_cases(path, by=org["coordinator"], organisation=None)
    assert not imported.written and count(Case) == 0
    kept = import_cases(path, by=org["coordinator"], organisation=None, skip_invalid=True)
    assert kept.written and count(Case) == 1_199


TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["\x00", "a\x1bb", "\x7f", "x\r\ny", "²", "٣", "Z" * 300, "=1+1", "\u202e"]),
)
DAY = st.builds(
    lambda day, writing: day.strftime(writing),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]),
)
VALUES = st.one_of(TEXT, DAY, st.integers(-(2**40), 2**40).map(str))
# Columns a hypothesis example may change in a valid row of each kind.
COLUMNS = [name for name in HEADER if name not in {"lawyer_email", "paralegal_email"}]
EXAMPLES = itertools.count(1)


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["detention", "gbv", "litigation"]),
    changes=st.dictionaries(st.sampled_from(COLUMNS), VALUES, min_size=1, max_size=3),
)
def test_a_row_the_check_passes_is_written_whole(org, tmp_path: Path, kind, changes):
    """A row with a few cells changed at random is either refused by the check, or imported
    without error and without a control character."""
    number = next(EXAMPLES)  # a new case each time: nothing to clean between examples
    path = write_csv(tmp_path / f"row-{number}.csv", [case_row(kind, number=number) | changes])
    report = check_cases(path, by=org["coordinator"], organisation=None)
    imported = import_cases(path, by=org["coordinator"], organisation=None)
    assert imported.written == (report.error_count == 0), (changes, report.errors)
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, String | Text) and table.name != "audit_entries":
                values = db.session.scalars(select(column).where(column.is_not(None)))
                assert not any(control_character(value, multiline=True) for value in values)
