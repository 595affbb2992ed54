"""A filled Word document as a PDF: the same text, laid out plainly, for printing as it is.

The PDF is drawn from the filled DOCX itself (python-docx reads it back, fpdf2 draws it), so the
two never say different things; only the layout is simpler (titles, headings, alignment,
tables). Nothing outside Python is needed: no office suite to install on the server or in CI.
The letters are in Roboto, embedded (only the glyphs used), which has `œ`, `É` and the Bambara
letters `ɛ ɔ ɲ ŋ`; the core PDF fonts stop at Latin-1.
"""

from io import BytesIO

import font_roboto
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table
from docx.text.paragraph import Paragraph
from fpdf import FPDF
from fpdf.fonts import FontFace

FONT = "Roboto"
MARGIN = 20
LINE = 6
ALIGNMENTS = {
    WD_ALIGN_PARAGRAPH.CENTER: "C",
    WD_ALIGN_PARAGRAPH.RIGHT: "R",
    WD_ALIGN_PARAGRAPH.JUSTIFY: "J",
}
# Title, then heading levels: (size, bold).
STYLES = {"Title": (16, "B"), "Heading 1": (14, "B"), "Heading 2": (12, "B")}


def _paragraph(pdf: FPDF, paragraph: Paragraph) -> None:
    text = paragraph.text
    size, style = STYLES.get(paragraph.style.name if paragraph.style else "", (11, ""))
    if not style and paragraph.runs and all(run.bold for run in paragraph.runs if run.text):
        style = "B"
    if style and size > 11:
        pdf.ln(3)
    pdf.set_font(FONT, style, size)
    if not text.strip():
        pdf.ln(LINE / 2)
        return
    align = ALIGNMENTS.get(paragraph.alignment, "L")
    pdf.multi_cell(0, LINE, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _table(pdf: FPDF, table: Table) -> None:
    pdf.set_font(FONT, "", 11)
    with pdf.table(
        borders_layout="NONE",
        first_row_as_headings=False,
        line_height=LINE + 1,
        headings_style=FontFace(),
    ) as drawn:
        for row in table.rows:
            drawn_row = drawn.row()
            for cell in row.cells:
                drawn_row.cell(cell.text)
    pdf.ln(2)


def docx_to_pdf(content: bytes) -> bytes:
    """The PDF of a Word document's paragraphs and tables, in their order."""
    document = WordDocument(BytesIO(content))
    pdf = FPDF(format="A4")
    pdf.add_font(FONT, "", font_roboto.font_files["Roboto"])
    pdf.add_font(FONT, "B", font_roboto.font_files["RobotoBold"])
    pdf.set_margins(MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=MARGIN)
    pdf.add_page()
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            _paragraph(pdf, block)
        else:
            _table(pdf, block)
    return bytes(pdf.output())
