"""The indicators as CSV and XLSX; the case-level file for M&E (the PDF: donor_report.py)."""

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from legalaid.accounts.models import Organisation, User
from legalaid.cases.models import Beneficiary, Case
from legalaid.exports import csv_bytes, safe_cell
from legalaid.extensions import db
from legalaid.permissions import identity_visible
from legalaid.reference.models import Region
from legalaid.reports.presentation import (
    NO_FIGURE,
    Percent,
    age_group_headers,
    breakdown_rows,
    label,
    people_measures,
    sex_age_rows,
)
from legalaid.reports.services import Scope, age_group
from legalaid.reportsections import report_sections

SKIP_IN_FLAT = ("period",)


def flatten(result: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """`detainees.identified` → value, for the CSV file."""
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


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
PERCENT_FORMAT = "0.0"  # percentages are stored as percentage points (75.0), said in the label


def indicators_xlsx(result: dict[str, Any]) -> bytes:
    """A workbook in the user's language: the indicators, the sex × age group cross tables, the
    people per region and per organisation, the cases per month. Figures are numbers (a hidden
    count reads "< 5", no figure "—"), codes are shown as words."""
    measures = people_measures(result)
    titles = [measure.title for measure in measures]
    book = Workbook()
    summary = book.active
    summary.title = _("Indicators")[:31]
    _table(summary, [_("Indicator"), _("Value")], summary_rows(result), widths=(70, 14))
    # Translators: a sheet name, 31 characters at most.
    crossed = book.create_sheet(_("Sex and age group")[:31])
    for measure in measures:
        _table(crossed, [measure.title, *age_group_headers()], sex_age_rows(measure))
        crossed.append([])
    for sheet_name, heading, dimension in (
        # Translators: a sheet name, 31 characters at most.
        (_("Regions"), _("Region"), "by_region"),
        # Translators: a sheet name, 31 characters at most.
        (_("Organisations"), _("Organisation"), "by_organisation"),
    ):
        sheet = book.create_sheet(sheet_name[:31])
        _table(sheet, [heading, *titles], breakdown_rows(measures, dimension))
    # Translators: a sheet name, 31 characters at most.
    months = book.create_sheet(_("Cases per month")[:31])
    kinds = list(result["cases_opened"])
    _table(
        months,
        [_("Month"), *(label("kind", kind) for kind in kinds)],
        (
            (month, [values[kind] for kind in kinds])
            for month, values in sorted(result["cases_opened_by_month"].items())
        ),
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def summary_rows(result: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    """Every headline indicator with its label in the user's language, for the summary sheet:
    each kind's own rows (its `summary_rows`), then the cases of every kind."""
    period = result["period"]
    yield _("Cases opened from"), [date.fromisoformat(period["from"])]
    yield _("Cases opened until"), [date.fromisoformat(period["to"])]
    for section in report_sections():
        yield from section.summary_rows(result)
    for kind, opened in result["cases_opened"].items():
        yield _("Cases opened: %(kind)s", kind=label("kind", kind)), [opened]
    for kind, by_outcome in result["cases_resolved"].items():
        for outcome, count in by_outcome.items():
            yield (
                _(
                    "Cases resolved: %(kind)s, %(outcome)s",
                    kind=label("kind", kind),
                    outcome=label("outcome", outcome),
                ),
                [count],
            )
    for kind, days in result["median_days_to_resolution"].items():
        yield _("Median days to resolution: %(kind)s", kind=label("kind", kind)), [days]


def people_rows(title: str, people: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """A group of people's summary rows: its total, then its women and men."""
    return [(title, [people["total"]])] + [
        (f"{title}: {label('sex', sex)}", [people[sex]]) for sex in ("F", "M")
    ]


def _table(sheet, header: list[str], rows, widths: tuple[int, ...] = (42,)) -> None:
    """Append a header (white on blue) and rows of (label, figures) to `sheet`."""
    sheet.append([safe_cell(text) for text in header])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row_label, values in rows:
        sheet.append([safe_cell(row_label), *(_cell_value(value) for value in values)])
        for cell, value in zip(sheet[sheet.max_row][1:], values, strict=True):
            if isinstance(value, Percent):
                cell.number_format = PERCENT_FORMAT
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    for column in range(1, len(header) + 1):
        width = widths[column - 1] if column <= len(widths) else 18
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B2"


def _cell_value(value: Any) -> Any:
    """A number stays a number; a hidden count ("< 5") is text; no figure is "—"."""
    if isinstance(value, Percent):
        value = value.value
    if value is None:
        return NO_FIGURE
    if isinstance(value, int | float | date):
        return value
    return safe_cell(value)


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
