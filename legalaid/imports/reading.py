"""Reading an import file as rows of text cells, streamed: the file is never loaded whole.

A UTF-8 CSV (comma or semicolon, told from the header line; a BOM is accepted) or the first sheet
of an XLSX workbook, told apart by their first bytes (never by the file's name: a waiting upload
has none). Formulas are never computed: openpyxl reads the formula text of such a cell
(data_only=True would give its cached result instead, or nothing), so that the row can be refused.

A workbook of a few kilobytes can unpack to gigabytes, and openpyxl holds every shared string in
memory, so the archive is measured before openpyxl opens it: its declared unpacked size, then
every XML part streamed through expat, counting each cell's characters without keeping them.
"""

import csv
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from itertools import chain
from pathlib import Path
from typing import IO
from xml.parsers import expat

from flask_babel import format_decimal
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell

XLSX_START = b"PK\x03\x04"  # a zip archive, as every XLSX workbook is
XLS_START = b"\xd0\xcf\x11\xe0"  # the old binary Excel format
FORMULA_START = "="
# Excel's own limits: no spreadsheet holds a longer cell or a wider row.
MAX_CELL_CHARS = 32_767
MAX_COLUMNS = 16_384
# An XLSX may unpack to this many times the file limit (its XML is some five times its CSV).
XLSX_EXPANSION = 5
# Elements whose text, all runs together, is one cell: a shared string, a sheet cell.
CELL_ELEMENTS = frozenset({"si", "c"})


class FileRefused(ValueError):
    """The file cannot be imported at all (size, format, encoding, header): nothing is read."""


def too_large(limit: int) -> FileRefused:
    """The refusal of a file above `limit` bytes, in megabytes."""
    megabytes = format_decimal(limit / (1024 * 1024), format="#,##0.#")
    return FileRefused(_("The file is too large: %(limit)s MB at most.", limit=megabytes))


def cell_too_large() -> FileRefused:
    """The refusal of a file with a cell above MAX_CELL_CHARS (the cell itself is never shown)."""
    limit = format_decimal(MAX_CELL_CHARS)
    return FileRefused(
        _(
            "A cell of the file holds more than %(limit)s characters: it cannot be imported.",
            limit=limit,
        )
    )


def file_rows(path: Path, max_bytes: int, sheet: int = 0) -> Iterator[list[str]]:
    """Every row of the file as text cells, the header first; size and format checked first,
    then each row's width. `sheet`: which sheet of a workbook (a CSV file has only the first;
    a sheet the workbook lacks has no rows)."""
    for cells in _rows(path, max_bytes, sheet):
        if len(cells) > MAX_COLUMNS:
            raise FileRefused(
                _(
                    "The file has more than %(limit)s columns: keep only the columns to import.",
                    limit=format_decimal(MAX_COLUMNS),
                )
            )
        yield cells


def _rows(path: Path, max_bytes: int, sheet: int = 0) -> Iterator[list[str]]:
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(_("The file is empty."))
    if size > max_bytes:
        raise too_large(max_bytes)
    with path.open("rb") as handle:
        start = handle.read(len(XLSX_START))
    if start == XLSX_START:
        yield from _xlsx_rows(path, max_bytes * XLSX_EXPANSION, sheet)
    elif start == XLS_START:
        raise FileRefused(_("Old Excel files (.xls) cannot be read: save the file as XLSX or CSV."))
    elif sheet == 0:
        yield from _csv_rows(path)


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as text:
        try:
            header = text.readline()
            delimiter = ";" if header.count(";") > header.count(",") else ","
            first = next(csv.reader([header], delimiter=delimiter), [])
            for cells in chain([first], csv.reader(text, delimiter=delimiter)):
                if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                    raise cell_too_large()
                yield cells
        except UnicodeDecodeError:
            raise FileRefused(
                _("The file is not in UTF-8: save it as «CSV UTF-8» and import it again.")
            ) from None
        except csv.Error:
            raise FileRefused(_("The file is not a readable CSV file.")) from None


def unreadable_xlsx() -> FileRefused:
    """The refusal of a damaged workbook (or of anything else that starts like a zip archive)."""
    return FileRefused(_("The file is not a readable XLSX workbook."))


def _xlsx_rows(path: Path, max_unpacked: int, index: int = 0) -> Iterator[list[str]]:
    with path.open("rb") as handle:  # a handle: openpyxl would refuse a name without .xlsx
        _measure_archive(handle, max_unpacked)
        handle.seek(0)
        try:
            workbook = load_workbook(handle, read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds of error on a damaged archive
            raise unreadable_xlsx() from None
        try:
            if index >= len(workbook.worksheets):
                return
            sheet = workbook.worksheets[index]
            sheet.reset_dimensions()  # some tools write wrong dimensions; read what is there
            for row in sheet.iter_rows():
                yield [_cell_text(cell) for cell in row]
        except Exception:
            raise unreadable_xlsx() from None
        finally:
            workbook.close()


def _measure_archive(handle: IO[bytes], max_unpacked: int) -> None:
    """Refuse a workbook that unpacks to more than `max_unpacked` bytes or holds a cell longer
    than MAX_CELL_CHARS, reading its XML parts in chunks (zipfile never unpacks more than an
    entry declares)."""
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
            if sum(entry.file_size for entry in entries) > max_unpacked:
                raise FileRefused(
                    _("The workbook is too large once unpacked: save it as CSV, or split it.")
                )
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")):
                    with archive.open(entry) as part:
                        _measure_part(part)
    except (zipfile.BadZipFile, zlib.error, expat.ExpatError, NotImplementedError, RuntimeError):
        raise unreadable_xlsx() from None  # damaged, encrypted or an unknown compression


def _measure_part(part: IO[bytes]) -> None:
    """Stream one XML part, counting the characters of each cell (all its runs together) or of
    any other element's text; refuse at the first over MAX_CELL_CHARS, and any DTD (entities)."""
    parser = expat.ParserCreate()
    length = 0
    cell_depth = 0  # open cell elements: inside one, every text run adds to the same cell

    def start(name: str, _attributes: dict) -> None:
        nonlocal length, cell_depth
        if cell_depth == 0:
            length = 0
        if name.rsplit(":", 1)[-1] in CELL_ELEMENTS:
            cell_depth += 1

    def end(name: str) -> None:
        nonlocal cell_depth
        if name.rsplit(":", 1)[-1] in CELL_ELEMENTS:
            cell_depth -= 1

    def text(data: str) -> None:
        nonlocal length
        length += len(data)
        if length > MAX_CELL_CHARS:
            raise cell_too_large()

    def no_doctype(*_args) -> None:
        raise unreadable_xlsx()  # no part of a workbook has one; entities could expand

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = no_doctype
    parser.ParseFile(part)


def _cell_text(cell: ReadOnlyCell) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    value = cell.value
    if cell.data_type == "f":
        return value if isinstance(value, str) else FORMULA_START  # array formulas are objects
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d" if value.time() == time() else "%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
