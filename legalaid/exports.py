"""Spreadsheet and PDF output shared by every export."""

import csv
import io
from collections.abc import Iterable, Sequence

from fpdf import FPDF

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will never run as a formula (leading apostrophe when needed)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with a BOM (spreadsheets then read the accents right), formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def latin1(text: object) -> str:
    """Text the PDF core fonts can draw: they cover Latin-1 (every French letter), not more."""
    text = str(text).replace("’", "'").replace("–", "-").replace("—", "-").replace("•", "-")
    return text.encode("latin-1", "replace").decode("latin-1")


def table_pdf(
    title: str,
    subtitle: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    widths: Sequence[int],
) -> bytes:
    """A landscape A4 table with a title, repeated header on each page."""
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(0, 6, latin1(subtitle), new_x="LMARGIN", new_y="NEXT")
    with pdf.table(
        col_widths=widths, text_align="LEFT", line_height=5, first_row_as_headings=True
    ) as table:
        table.row([latin1(cell) for cell in header])
        for row in rows:
            table.row([latin1("" if cell is None else cell) for cell in row])
    return bytes(pdf.output())
