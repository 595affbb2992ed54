"""The donor report as a PDF: what a coordinator sends a funder for a period.

Written with fpdf2 in Roboto, a TrueType font embedded in the file (only the letters used), so
that French (œ, É) and Bambara (ɛ, ɔ, ɲ, ŋ) names print as typed; the core PDF fonts stop at
Latin-1. Roboto ships inside the `font-roboto` package (Apache 2.0), so no system font is needed.
"""

from datetime import date
from typing import Any

import font_roboto
from flask_babel import format_date, pgettext
from flask_babel import gettext as _
from fpdf import FPDF

from legalaid.reports.charts import PALETTE, Chart, drawn, drawn_total
from legalaid.reports.dashboard import charts
from legalaid.reports.presentation import (
    age_group_headers,
    breakdown_rows,
    label,
    number,
    people_measures,
    sex_age_rows,
)
from legalaid.reports.sentences import headline_sentences, report_notes
from legalaid.reports.services import known_total

FONT = "Roboto"
MARGIN = 15
LINE = 5.5
CHART_LABEL_WIDTH = 62
CHART_BAR_WIDTH = 95
CHART_BAR_HEIGHT = 4
REGION_WIDTH = 40


class DonorReport(FPDF):
    """An A4 page layout with the Unicode font and "Page 1 / 2" at the foot of every page."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font(FONT, "", font_roboto.font_files["Roboto"])
        self.add_font(FONT, "B", font_roboto.font_files["RobotoBold"])
        self.set_margins(MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + 5)

    def footer(self) -> None:
        """The page number out of the total, filled in by fpdf2 when the file is written."""
        self.set_y(-MARGIN)
        self.set_font(FONT, "", 8)
        text = _("Page %(page)s / %(pages)s", page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(0, 6, text, align="C")

    def heading(self, text: str) -> None:
        """A section title, kept on the same page as the start of its section."""
        if self.will_page_break(30):
            self.add_page()
        self.ln(2)
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 9)

    def paragraph(self, text: str, size: int = 10) -> None:
        """Running text across the page."""
        self.set_font(FONT, "", size)
        self.multi_cell(0, LINE, text, new_x="LMARGIN", new_y="NEXT")


def donor_report_pdf(
    result: dict[str, Any], organisation: str | None, filters: list[str], exact: bool
) -> bytes:
    """The report in the user's language, drawn from `result` alone (see `report_figures`).

    `organisation` is the one the report is about (None: all of them), `filters` the region or
    prison it is narrowed to, `exact` whether small counts are shown (otherwise "< 5").
    """
    pdf = DonorReport()
    start, end = (date.fromisoformat(result["period"][key]) for key in ("from", "to"))
    title = _(
        "%(organisation)s: legal aid programme report",
        organisation=organisation or _("All partner organisations"),
    )
    period = _(
        "Cases opened from %(start)s to %(end)s",
        start=format_date(start, "long"),
        end=format_date(end, "long"),
    )
    pdf.set_title(f"{title} — {period}")
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 12)
    pdf.multi_cell(0, 7, period, new_x="LMARGIN", new_y="NEXT")
    if filters:
        pdf.paragraph(" · ".join(filters), size=9)
    pdf.ln(2)
    pdf.heading(_("Headline results"))
    for sentence in headline_sentences(result):
        pdf.paragraph(f"• {sentence}", size=11)
    _cases_table(pdf, result)
    _people_tables(pdf, result)
    pdf.heading(_("About these figures"))
    for note in _notes(result, exact):
        pdf.paragraph(note, size=9)
    for chart in charts(result):
        if not chart.empty:
            _draw_chart(pdf, chart)
    return bytes(pdf.output())


def _cases_table(pdf: DonorReport, result: dict[str, Any]) -> None:
    pdf.heading(_("Cases opened and resolved"))
    with pdf.table(
        col_widths=(70, 35, 35, 40), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=5
    ) as table:
        table.row(
            [
                _("Kind"),
                pgettext("cases", "Opened"),
                pgettext("cases", "Resolved"),
                _("Median days to resolution"),
            ]
        )
        for kind, opened in result["cases_opened"].items():
            resolved = known_total(result["cases_resolved"][kind].values())
            days = result["median_days_to_resolution"][kind]
            table.row([label("kind", kind), number(opened), number(resolved), number(days)])


def _people_tables(pdf: DonorReport, result: dict[str, Any]) -> None:
    measures = people_measures(result)
    pdf.heading(_("People helped, by sex and age group"))
    with pdf.table(
        col_widths=(40, 22, 24, 24, 24, 22, 24),
        text_align=("LEFT", "LEFT", *["RIGHT"] * 5),
        line_height=4.5,
    ) as table:
        table.row(["", _("Sex"), *age_group_headers()])
        for measure in measures:
            for position, (row_label, values) in enumerate(sex_age_rows(measure)):
                title = measure.title if position == 0 else ""
                table.row([title, row_label, *(number(value) for value in values)])
    pdf.heading(_("People helped, by region"))
    # The groups share the page's width after the regions' column, however many kinds count.
    group_width = (pdf.epw - REGION_WIDTH) / len(measures)
    with pdf.table(
        col_widths=(REGION_WIDTH, *[group_width] * len(measures)),
        text_align=("LEFT", *["RIGHT"] * len(measures)),
        line_height=4.5,
    ) as table:
        table.row([_("Region"), *(measure.title for measure in measures)])
        for region, values in breakdown_rows(measures, "by_region"):
            table.row([region, *(number(value) for value in values)])


def _notes(result: dict[str, Any], exact: bool) -> list[str]:
    """What a reader must know to quote the figures: each kind's notes (GBV: consent), how
    people are counted, and small groups hidden."""
    notes = [
        *report_notes(result),
        _(
            "A person is counted once per group, at the age they had when their first case of "
            "the period was opened."
        ),
    ]
    if not exact:
        notes.append(_("Groups of fewer than 5 people are shown as “< 5” to protect them."))
    return notes


def _draw_chart(pdf: DonorReport, chart: Chart) -> None:
    """The dashboard's chart as vector bars: a label, the stacked bar, its total."""
    pdf.set_font(FONT, "", 8)
    label_lines = [
        pdf.multi_cell(
            CHART_LABEL_WIDTH, 4, str(row_label), align="L", dry_run=True, output="LINES"
        )
        for row_label, _values in chart.rows
    ]
    height = 18 + sum(max(len(lines) * 4, CHART_BAR_HEIGHT + 2) for lines in label_lines)
    if pdf.will_page_break(height):
        pdf.add_page()
    pdf.heading(chart.title)
    pdf.set_font(FONT, "", 8)
    for index, (_key, series_label) in enumerate(chart.series):
        width = pdf.get_string_width(str(series_label)) + 8
        if pdf.get_x() + width > pdf.w - MARGIN:
            pdf.ln(5)
        pdf.set_fill_color(*_rgb(PALETTE[index % len(PALETTE)]))
        pdf.rect(pdf.get_x(), pdf.get_y() + 1, 3, 3, style="F")
        pdf.set_x(pdf.get_x() + 4)
        pdf.cell(width - 4, 5, str(series_label))
    pdf.ln(6)
    largest = max((drawn_total(values) for _label, values in chart.rows), default=0) or 1
    for (row_label, values), lines in zip(chart.rows, label_lines, strict=True):
        top = pdf.get_y()
        row_height = max(len(lines) * 4, CHART_BAR_HEIGHT + 2)
        pdf.multi_cell(
            CHART_LABEL_WIDTH, 4, str(row_label), align="L", new_x="LMARGIN", new_y="TOP"
        )
        x = MARGIN + CHART_LABEL_WIDTH + 2
        for index, (key, _series_label) in enumerate(chart.series):
            length = CHART_BAR_WIDTH * drawn(values.get(key, 0)) / largest
            if length:
                pdf.set_fill_color(*_rgb(PALETTE[index % len(PALETTE)]))
                pdf.rect(x, top + 1, length, CHART_BAR_HEIGHT, style="F")
            x += length
        total = known_total(values.values())
        if total is not None:
            pdf.set_xy(x + 1, top)
            pdf.cell(15, 6, number(total))
        pdf.set_xy(MARGIN, top + row_height)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
