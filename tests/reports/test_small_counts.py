"""A viewer sees no group of 1 to 4 people, on any figure of the dashboard or of an export.

The hand-counted data set (`dataset` in conftest.py) is made of small groups; `small_dataset` adds
one quick conciliation, so that a median is one person's own number of days. Each surface is read
whole, as the viewer gets it, and every number in it is checked: a figure from 1 to 4 (a count,
or a percentage or median built on such a count) must not be there. Periods start on the 5th or
later so that the day of a date written out in words is never mistaken for a figure.
"""

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from legalaid.extensions import db
from tests.builders import assign, make_case, make_user
from tests.cases.test_intake import client_of
from tests.reports.conftest import resolve

PERIOD = "start=2026-01-05&end=2026-06-30"
ONE_DAY = "start=2026-02-15&end=2026-02-15"  # D2 and L5: org A, Mopti
EXPORTS = ("indicators.csv", "indicators.xlsx", "report.pdf")


def small_figures(text: str) -> list[str]:
    """Every standalone number of the text from 1 to 4 (dates and keys like 2026-01 are no
    figures; a hidden count reads "< 5")."""
    found = []
    for token in re.findall(r"[\w.,:/–-]*\d[\w.,:/–-]*", text):
        token = token.rstrip(".,:")
        if re.fullmatch(r"\d+(?:[.,]\d+)?", token) and 0 < float(token.replace(",", ".")) < 5:
            found.append(token)
    return found


class MainText(HTMLParser):
    """The text a person reads in the page's <main>: sentences, tables, the charts' labels."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "main" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data) -> None:
        if self.depth:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = MainText()
    parser.feed(html)
    return " ".join(parser.parts)


def export_text(name: str, data: bytes) -> str:
    """An export as the text a reader of the file sees, cell by cell or line by line."""
    if name.endswith(".csv"):
        return " ".join(" ".join(row) for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    if name.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(data))
        return " ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"Page \d+ / \d+", "", text)  # a page number is no figure


@pytest.fixture
def small_dataset(dataset):
    """The hand-counted set, plus L5 (org A, Mopti): opened 15/02, conciliated 3 days later."""
    paralegal = dataset["people"]["a_paralegal"]
    quick = make_case(
        "litigation",
        by=paralegal,
        full_name="Oumou Rapide",
        opened_on=date(2026, 2, 15),
        region_id=dataset["mopti"].id,
    )
    assign(quick, paralegal)
    resolve(quick, "conciliation_agreement", date(2026, 2, 18))
    db.session.commit()
    return dataset


def queries(dataset) -> list[str]:
    """The whole period, then one day narrowed by region and by organisation."""
    mopti, org_a = dataset["mopti"].id, dataset["a"].id
    return [
        PERIOD,
        f"{PERIOD}&region_id={mopti}",
        f"{PERIOD}&organisation_id={org_a}",
        f"{PERIOD}&prison_id={dataset['prison'].id}",
        ONE_DAY,
        f"{ONE_DAY}&region_id={mopti}",
        f"{ONE_DAY}&organisation_id={org_a}",
        f"{ONE_DAY}&region_id={mopti}&organisation_id={org_a}",
    ]


def test_the_data_set_is_made_of_small_groups(app, small_dataset):
    """What the viewer must not see is there for those who see exact figures."""
    admin = client_of(app, make_user("admin"))
    page = page_text(admin.get(f"/reports/?{ONE_DAY}").text)
    assert small_figures(page), "the one-day chart of cases per month has a 1"
    for name in EXPORTS:
        data = admin.get(f"/reports/{name}?{PERIOD}").data
        assert small_figures(export_text(name, data)), name


@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_figure_of_the_viewers_dashboard_is_a_small_count(app, small_dataset, language):
    viewer = make_user("viewer", preferred_language=language)
    client = client_of(app, viewer)
    for query in queries(small_dataset):
        html = client.get(f"/reports/?{query}").text
        text = page_text(html)
        assert "< 5" in text, query
        assert small_figures(text) == [], query
    per_month = page_text(client.get(f"/reports/?{ONE_DAY}").text)
    assert "2026-02" in per_month  # the month's row is there, its count hidden


@pytest.mark.parametrize("name", EXPORTS)
def test_no_figure_of_the_viewers_exports_is_a_small_count(app, small_dataset, name):
    viewer = client_of(app, make_user("viewer"))
    for query in queries(small_dataset):
        response = viewer.get(f"/reports/{name}?{query}")
        assert response.status_code == 200, query
        text = export_text(name, response.data)
        assert small_figures(text) == [], (query, text)
        assert "< 5" in text, query
        assert "?" not in text, (query, text)  # "—" (no figure) drawn as "-" by the PDF font


def test_the_months_of_the_exports_are_the_charts(app, small_dataset):
    """The per-month figures travel in the one result, so the files carry them too."""
    viewer = client_of(app, make_user("viewer"))
    rows = dict(
        csv.reader(
            io.StringIO(viewer.get(f"/reports/indicators.csv?{PERIOD}").data.decode("utf-8-sig"))
        )
    )
    assert rows["cases_opened_by_month.2026-02.detention"] == "< 5"
    assert rows["cases_opened_by_month.2026-03.litigation"] == "< 5"
    assert rows["cases_opened_by_month.2026-04.litigation"] == "0"
    assert rows["detainees.median_days_held"] == ""
