"""Bad files: each refused as a whole with a clear message, before anything is written."""

import pytest
from openpyxl import Workbook

from legalaid.imports.services import check_cases
from tests.imports.conftest import HEADER, case_row, refusal, write_csv


def test_an_empty_file(org, tmp_path, english):
    (tmp_path / "empty.csv").write_bytes(b"")
    assert refusal(tmp_path / "empty.csv", org["coordinator"]) == "The file is empty."


def test_a_workbook_with_an_empty_sheet(org, tmp_path, english):
    Workbook().save(tmp_path / "empty.xlsx")
    assert refusal(tmp_path / "empty.xlsx", org["coordinator"]) == "The file is empty."


def test_a_file_with_only_its_header(org, tmp_path, english):
    path = write_csv(tmp_path / "header.csv", [], encoding="utf-8-sig")
    assert refusal(path, org["coordinator"]) == "The file has column names but no rows."


def test_a_file_in_another_encoding(org, tmp_path, english):
    path = write_csv(
        tmp_path / "latin1.csv", [case_row(full_name="Sékou Touré")], encoding="cp1252"
    )
    assert refusal(path, org["coordinator"]) == (
        "The file is not in UTF-8: save it as «CSV UTF-8» and import it again."
    )


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(org, tmp_path, english):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # 50 MB, sparse: nothing is really written to disk
        handle.truncate(50 * 1024 * 1024)
    assert refusal(path, org["coordinator"]) == "The file is too large: 20 MB at most."


def test_the_limit_is_configurable(org, data_app, csv_file, monkeypatch, english):
    path = csv_file([case_row()])
    monkeypatch.setitem(data_app.config, "IMPORT_MAX_BYTES", path.stat().st_size - 1)
    assert refusal(path, org["coordinator"]).startswith("The file is too large")
    monkeypatch.setitem(data_app.config, "IMPORT_MAX_BYTES", path.stat().st_size)
    assert check_cases(path, by=org["coordinator"], organisation=None).problem is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "Old Excel files (.xls) cannot be read"),
        (b"PK\x03\x04" + bytes(500), "The file is not a readable XLSX workbook."),
        (
            ",".join(HEADER).encode() + b'\n"' + b"x" * 200_000 + b'"\n',  # a cell of 200 kB
            "The file is not a readable CSV file.",
        ),
    ],
)
def test_files_that_are_not_what_they_seem(org, tmp_path, english, content, message):
    (tmp_path / "file.csv").write_bytes(content)
    assert refusal(tmp_path / "file.csv", org["coordinator"]).startswith(message)
