"""The indicators as CSV, XLSX and a one- or two-page PDF; the case-level file for M&E."""

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from sqlalchemy import select

from legalaid.accounts.models import Organisation, User
from legalaid.cases.models import Beneficiary, Case
from legalaid.exports import csv_bytes, latin1, safe_cell
from legalaid.extensions import db
from legalaid.permissions import identity_visible
from legalaid.reference.models import Region
from legalaid.reports.sentences import headline_sentences, shown
from legalaid.reports.services import Scope, age_group, known_total

SKIP_IN_FLAT = ("period",)


def flatten(result: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """`detainees.identified` → value, for CSV and the summary sheet."""
    for key, value in result.items():
        path = f"{prefix}{key}"
        if key in SKIP_IN_FLAT and not prefix:
            continue
        if isinstance(value, dict):
            yield from flatten(value, path + ".")
        elif isinstance(value, list):
            for number, item in enumerate(value):
                yield from flatten(item, f"{path}.{number}.")
        else:
            yield path, value


def indicators_csv(result: dict[str, Any]) -> bytes:
    """One line per indicator: its dotted key and its value."""
    rows = [("period.from", result["period"]["from"]), ("period.to", result["period"]["to"])]
    rows += list(flatten(result))
    return csv_bytes([_("Indicator"), _("Value")], rows)


# (sheet prefix, path in the result): sheet names hold 31 characters at most.
DISAGGREGATIONS = (
    ("det_identified", ("detainees", "identified_by")),
    ("det_assisted", ("detainees", "assisted_by")),
    ("litigants", ("litigants_supported_by_paralegals",)),
    ("gbv_victims", ("victims_assisted_by_lawyers",)),
)


def indicators_xlsx(result: dict[str, Any]) -> bytes:
    """A workbook: the summary, then one sheet per disaggregation, with formatted headers."""
    book = Workbook()
    summary = book.active
    summary.title = _("Indicators")[:31]
    _sheet(summary, [_("Indicator"), _("Value")], flatten(result))
    for title, path in DISAGGREGATIONS:
        data = result
        for key in path:
            data = data[key]
        for dimension in ("by_age_group", "by_region", "by_organisation"):
            sheet = book.create_sheet(f"{title}.{dimension[3:]}")
            _sheet(sheet, [dimension[3:], _("People")], data[dimension].items())
        sex = book.create_sheet(f"{title}.sex")
        _sheet(sex, ["sex", _("People")], (("F", data["F"]), ("M", data["M"])))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(sheet, header: list[str], rows) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
    for key, value in rows:
        sheet.append(
            [safe_cell(key), value if isinstance(value, int | float) else safe_cell(value)]
        )
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 14
    sheet.freeze_panes = "A2"


def donor_report_pdf(result: dict[str, Any], title: str) -> bytes:
    """A short donor report in the user's language: headline sentences and key tables."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    period = _(
        "Cases opened from %(start)s to %(end)s",
        start=format_date(date.fromisoformat(result["period"]["from"]), "long"),
        end=format_date(date.fromisoformat(result["period"]["to"]), "long"),
    )
    pdf.multi_cell(0, 6, latin1(period), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 11)
    for sentence in headline_sentences(result):
        pdf.multi_cell(0, 6, latin1("• " + sentence), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, latin1(_("Cases opened and resolved")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    with pdf.table(col_widths=(60, 40, 40), text_align="LEFT", line_height=6) as table:
        table.row([latin1(_("Kind")), latin1(_("Opened")), latin1(_("Resolved"))])
        for kind, opened in result["cases_opened"].items():
            resolved = known_total(result["cases_resolved"][kind].values())
            table.row([kind, str(opened), latin1(shown(resolved))])
    left_out = result["gbv_left_out_without_consent"]
    pdf.ln(3)
    pdf.multi_cell(
        0,
        6,
        latin1(
            _(
                "GBV figures count only survivors who consented to reporting; "
                "%(cases)s cases were left out for lack of consent.",
                cases=left_out["cases"],
            )
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())


def case_level_rows(scope: Scope, by: User) -> tuple[list[str], list[list[Any]]]:
    """One line per case for M&E: codes only, never names, phones or addresses; and where `by`
    may not see the person (a restricted person), neither her code nor her region, which would
    join the line to her other cases or tell where she lives."""
    age = Case.year - Beneficiary.birth_year
    rows = db.session.execute(
        select(
            Case.reference,
            Case.kind,
            Case.status,
            Case.opened_on,
            Case.resolved_on,
            Case.outcome,
            Case.closed_on,
            Case.service_level,
            Organisation.name,
            Region.name,
            Beneficiary.code,
            Beneficiary.sex,
            age_group(age),
            identity_visible(by).label("shown"),
        )
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .join(Organisation, Organisation.id == Case.organisation_id)
        .outerjoin(Region, Region.id == Beneficiary.region_id)
        .where(scope.condition())
        .order_by(Case.opened_on, Case.reference)
    ).all()
    header = [
        "reference",
        "kind",
        "status",
        "opened_on",
        "resolved_on",
        "outcome",
        "closed_on",
        "service_level",
        "organisation",
        "region",
        "beneficiary_code",
        "sex",
        "age_group",
    ]
    region, code = header.index("region"), header.index("beneficiary_code")
    lines = []
    for *line, identity_shown in rows:
        if not identity_shown:
            line[region] = line[code] = ""
        lines.append(line)
    return header, lines


def case_level_csv(scope: Scope, by: User) -> bytes:
    """The case-level file as CSV, as `by` may see it."""
    header, rows = case_level_rows(scope, by)
    return csv_bytes(header, rows)
