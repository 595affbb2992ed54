"""How a report shows its figures to a person: human labels for codes, numbers in the user's
locale, and the groups of people every surface breaks down the same way."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import format_percent
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from legalaid import labels
from legalaid.reports.services import AGE_GROUPS, SMALL
from legalaid.reportsections import report_sections

NO_FIGURE = "—"
REGION_UNKNOWN = _l("Region unknown")


def label(dimension: str, code: str) -> str:
    """The words a person reads for a code (`minor` → "Mineurs (moins de 18 ans)"), from the
    shared label registry; a region is already words, except the "unknown" of the reports."""
    if dimension == "region":
        return str(REGION_UNKNOWN) if code == "unknown" else code
    return labels.label(dimension, code)


def number(value: Any) -> str:
    """A count or a median as printed in the user's locale (`1 234`, `12,5`); a hidden count
    ("< 5") as it is, and "—" where there is no figure."""
    if value is None:
        return NO_FIGURE
    if isinstance(value, str):
        return value
    return format_decimal(value)


def percent(value: float | None) -> str:
    """A percentage (66.7 for two thirds) as printed in the user's locale: `66,7 %`, `75 %`."""
    if value is None:
        return NO_FIGURE
    # Without quantization the locale's pattern keeps the one decimal the result has.
    return format_percent(
        Decimal(str(value)) / 100, locale=get_locale(), decimal_quantization=False
    )


@dataclass(frozen=True)
class Percent:
    """A percentage for a cell: a number in percentage points, shown with one decimal."""

    value: float | None


def plural_count(value: Any) -> int:
    """The number that picks a sentence's plural: a hidden count ("< 5") reads as several."""
    return value if isinstance(value, int) else SMALL


@dataclass(frozen=True)
class PeopleMeasure:
    """One group of people the report counts, with its breakdowns (see `services.people`)."""

    title: str
    total: int | str
    data: dict[str, Any]

    def sex_age_cell(self, sex: str, group: str) -> int | str:
        """People of this sex and age group (a hidden count stays hidden)."""
        return self.data["by_sex_age_group"][sex][group]


def people_measures(result: dict[str, Any]) -> list[PeopleMeasure]:
    """The groups of people a donor asks about, each kind's own in the order the kinds are
    registered (detainees identified and assisted, GBV victims, litigants, …)."""
    return [measure for section in report_sections() for measure in section.people_measures(result)]


def sex_age_rows(measure: PeopleMeasure) -> list[tuple[str, list[int | str]]]:
    """The sex × age group cross table of one group: women, men, then the total of each column;
    the last column is the total of each row."""
    rows = [
        (
            label("sex", sex),
            [measure.sex_age_cell(sex, group) for group in AGE_GROUPS] + [measure.data[sex]],
        )
        for sex in ("F", "M")
    ]
    by_age = measure.data["by_age_group"]
    rows.append((_("Total"), [by_age[group] for group in AGE_GROUPS] + [measure.total]))
    return rows


def age_group_headers() -> list[str]:
    """The columns of a sex × age group table, after its first one."""
    return [label("age_group", group) for group in AGE_GROUPS] + [_("Total")]


def breakdown_rows(
    measures: list[PeopleMeasure], dimension: str
) -> list[tuple[str, list[int | str]]]:
    """People of each group per region (`by_region`) or organisation (`by_organisation`), one
    row per place in alphabetical order, the unknown region last."""
    places = set().union(*(measure.data[dimension] for measure in measures))
    ordered = sorted(places - {"unknown"}) + sorted(places & {"unknown"})
    return [
        (
            label("region", place) if dimension == "by_region" else place,
            [measure.data[dimension].get(place, 0) for measure in measures],
        )
        for place in ordered
    ]
