"""Reading an import file as rows of text cells, streamed: the file is never loaded whole.

A UTF-8 CSV (comma or semicolon, told from the header line; a BOM is accepted) or the first sheet
of an XLSX workbook. Formulas are never computed: openpyxl reads the formula text of such a cell
(data_only=True would give its cached result instead, or nothing), so that the row can be refused.
"""

import csv
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from flask_babel import format_decimal
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell

XLSX_START = b"PK\x03\x04"  # a zip archive, as every XLSX workbook is
XLS_START = b"\xd0\xcf\x11\xe0"  # the old binary Excel format
FORMULA_START = "="


class FileRefused(ValueError):
    """The file cannot be imported at all (size, format, encoding, header): nothing is read."""


def too_large(limit: int) -> FileRefused:
    """The refusal of a file above `limit` bytes, in megabytes."""
    megabytes = format_decimal(limit / (1024 * 1024), format="#,##0.#")
    return FileRefused(_("The file is too large: %(limit)s MB at most.", limit=megabytes))


def file_rows(path: Path, max_bytes: int) -> Iterator[list[str]]:
    """Every row of the file as text cells, the header first; size and format checked first."""
    size = path.stat().st_size
    if size == 0:
        raise FileRefused(_("The file is empty."))
    if size > max_bytes:
        raise too_large(max_bytes)
    with path.open("rb") as handle:
        start = handle.read(len(XLSX_START))
    if start == XLSX_START:
        yield from _xlsx_rows(path)
    elif start == XLS_START:
        raise FileRefused(_("Old Excel files (.xls) cannot be read: save the file as XLSX or CSV."))
    else:
        yield from _csv_rows(path)


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as text:
        try:
            header = text.readline()
            delimiter = ";" if header.count(";") > header.count(",") else ","
            yield next(csv.reader([header], delimiter=delimiter), [])
            yield from csv.reader(text, delimiter=delimiter)
        except UnicodeDecodeError:
            raise FileRefused(
                _("The file is not in UTF-8: save it as «CSV UTF-8» and import it again.")
            ) from None
        except csv.Error:
            raise FileRefused(_("The file is not a readable CSV file.")) from None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of error on a damaged archive
        raise FileRefused(_("The file is not a readable XLSX workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some tools write wrong dimensions; read what is there
        for row in sheet.iter_rows():
            yield [_cell_text(cell) for cell in row]
    except Exception:
        raise FileRefused(_("The file is not a readable XLSX workbook.")) from None
    finally:
        workbook.close()


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
