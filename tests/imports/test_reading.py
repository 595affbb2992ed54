"""Bad files: each refused as a whole with a clear message, before anything is written."""

import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from legalaid.imports.services import check_cases
from tests.imports.conftest import (
    HEADER,
    case_row,
    refusal,
    workbook_with_name,
    write_csv,
    write_xlsx,
)


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


def test_a_workbook_is_read_whatever_its_name(org, tmp_path):
    """A waiting upload has no extension: the workbook is told by its content."""
    path = write_xlsx(tmp_path / "export.xlsx", [case_row(), case_row(number=2)])
    path = path.rename(tmp_path / "0123abcd")
    report = check_cases(path, by=org["coordinator"], organisation=None)
    assert report.problem is None and report.created == 2


@pytest.mark.parametrize(
    "cell", [{"shared": "<t>Awa Traoré</t>"}, {"inline": "<r><t>Awa </t></r><r><t>Traoré</t></r>"}]
)
def test_a_name_as_excel_writes_it(org, tmp_path, cell):
    report = check_cases(
        workbook_with_name(tmp_path, **cell), by=org["coordinator"], organisation=None
    )
    assert report.problem is None and report.created == 1


@pytest.mark.parametrize(
    "cell",
    [
        {"shared": "<t>" + "x" * 30_000_000 + "</t>"},  # 30 MB, as the security review sent
        {"shared": "<r><t>x</t></r>" * 40_000},  # rich text: the runs add up
        {"inline": "<t>" + "x" * 40_000 + "</t>"},  # a string in the sheet itself
    ],
)
def test_a_cell_above_the_limit_is_refused_before_it_is_read(org, tmp_path, english, cell):
    path = workbook_with_name(tmp_path, **cell)
    assert path.stat().st_size < 200_000
    del cell
    tracemalloc.start()
    try:
        problem = refusal(path, org["coordinator"])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem == (
        "A cell of the file holds more than 32,767 characters: it cannot be imported."
    )
    assert peak < 5_000_000  # the 30 MB cell was never held whole


def test_a_workbook_that_unpacks_to_too_much_is_refused(
    org, data_app, tmp_path, monkeypatch, english
):
    path = write_xlsx(tmp_path / "export.xlsx", [case_row(number=n) for n in range(200)])
    monkeypatch.setitem(data_app.config, "IMPORT_MAX_BYTES", path.stat().st_size)
    assert refusal(path, org["coordinator"]) == (
        "The workbook is too large once unpacked: save it as CSV, or split it."
    )


def test_a_workbook_with_a_doctype_is_refused(org, tmp_path, english):
    """Entities could expand a few bytes into gigabytes; no part of a workbook declares any."""
    path = workbook_with_name(tmp_path, shared="<t>&a;&a;&a;</t>")
    with zipfile.ZipFile(path) as archive:
        parts = {entry.filename: archive.read(entry) for entry in archive.infolist()}
    doctype = b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]><sst'
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(b"<sst", doctype, 1)
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    assert refusal(path, org["coordinator"]) == "The file is not a readable XLSX workbook."


def test_a_csv_cell_above_the_limit_is_refused_without_being_shown(org, tmp_path, english):
    path = write_csv(tmp_path / "long.csv", [case_row(summary="y" * 40_000)])
    problem = refusal(path, org["coordinator"])
    assert problem.startswith("A cell of the file holds more than 32,767 characters")
    assert "yyy" not in problem


def test_a_file_wider_than_a_spreadsheet_is_refused(org, tmp_path, english):
    header = HEADER + [f"extra_{number}" for number in range(100_000)]
    path = write_csv(tmp_path / "wide.csv", [case_row()], header=header)
    assert refusal(path, org["coordinator"]) == (
        "The file has more than 16,384 columns: keep only the columns to import."
    )
