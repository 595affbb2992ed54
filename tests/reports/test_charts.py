"""The dashboard's charts stay readable on a 360 px phone: text of 12 px or more, nothing cut."""

import re
from html import unescape
from xml.etree import ElementTree

from legalaid.reports.charts import CHAR_WIDTH, Chart
from tests.builders import make_user
from tests.cases.test_intake import client_of

SVG = "{http://www.w3.org/2000/svg}"
PHONE_CONTENT_WIDTH = 336  # 360 px less the page's 12 px padding on each side
LONG_PRISON = "Centre de détention de Bollé pour femmes et mineurs (Bamako, district)"


def texts_of(svg: str) -> tuple[float, list[ElementTree.Element]]:
    """The width of the chart's drawing box and its text elements."""
    root = ElementTree.fromstring(svg)  # noqa: S314 - our own markup
    width = float(root.get("viewBox").split()[2])
    return width, list(root.iter(f"{SVG}text"))


def assert_readable(svg: str) -> None:
    """At a phone's width, the drawing is shown at least at its own size (one unit, one pixel or
    more), every text is 12 units or more, and every text ends inside the drawing."""
    width, texts = texts_of(svg)
    assert width <= PHONE_CONTENT_WIDTH
    for text in texts:
        assert float(text.get("font-size")) >= 12, text.text
        right_edge = float(text.get("x")) + len(text.text) * CHAR_WIDTH
        assert right_edge <= width, text.text


def test_long_labels_wrap_instead_of_being_cut():
    chart = Chart(
        "Détenus en fin de période, par prison",
        [
            ("ok", "Dans le délai"),
            ("renewal_due", "Renouvellement à prévoir"),
            ("overdue", "Délai dépassé"),
            ("beyond_cap", "Au-delà du maximum légal"),
        ],
        [(LONG_PRISON, {"ok": 12, "renewal_due": 3, "overdue": 1234, "beyond_cap": "< 5"})],
    )
    svg = str(chart.svg())
    assert_readable(svg)
    _width, texts = texts_of(svg)
    words = " ".join(text.text for text in texts)
    assert LONG_PRISON in words  # whole, over several lines
    assert "Au-delà du maximum légal" in words


def test_a_series_name_too_long_for_a_line_wraps_and_the_next_starts_below():
    long_kind = "Conciliation foncière (commission foncière) des cercles de Mopti et Ségou"
    chart = Chart(
        "Dossiers ouverts par mois",
        [("detention", "Détention provisoire"), ("land", long_kind), ("gbv", "VBG")],
        [("2026-02", {"detention": 2, "land": 1, "gbv": 3})],
    )
    svg = str(chart.svg())
    assert_readable(svg)
    _width, texts = texts_of(svg)
    # The legend's names, then the row's label and its total.
    assert [text.text for text in texts[-3:]] == ["VBG", "2026-02", "6"]
    assert " ".join(text.text for text in texts[1:-3]) == long_kind
    wrapped, after = texts[-4], texts[-3]
    assert float(after.get("x")) == float(texts[0].get("x"))  # the next name starts a line
    assert float(after.get("y")) > float(wrapped.get("y"))


def test_every_chart_of_the_dashboard_is_readable(app, dataset):
    admin = client_of(app, make_user("admin"))
    page = admin.get("/reports/?start=2026-01-01&end=2026-06-30").text
    charts = re.findall(r"<svg[^>]*role=\"img\".*?</svg>", page, flags=re.S)
    assert len(charts) == 5
    for svg in charts:
        assert_readable(svg)
    row_labels = re.findall(r'<th scope="row">(.*?)</th>', page)
    drawn = " ".join(text.text for svg in charts for text in texts_of(svg)[1])
    for row_label in row_labels:  # the tables' row labels, each whole in its chart
        assert unescape(row_label) in drawn
