"""The dashboard's charts in the system Chromium at 360 px: every text is drawn at 12 px or more
and ends inside its chart, which ends inside the screen."""

import pytest

from tests.browser.pages import log_in
from tests.builders import make_user
from tests.reports.conftest import dataset  # noqa: F401 - the hand-counted data set

pytestmark = pytest.mark.browser

MEASURE = """() => [...document.querySelectorAll("svg.chart")].map((svg) => {
  const box = svg.getBoundingClientRect();
  const scale = svg.getScreenCTM().a;
  return {
    right: box.right,
    texts: [...svg.querySelectorAll("text")].map((text) => {
      const drawn = text.getBoundingClientRect();
      return {
        text: text.textContent,
        px: parseFloat(getComputedStyle(text).fontSize) * scale,
        left: drawn.left - box.left,
        right: drawn.right - box.right,
      };
    }),
  };
})"""


def test_charts_read_on_a_phone(open_page, dataset):  # noqa: F811 - the fixture above
    page = open_page(width=360, height=800)
    log_in(page, make_user("admin").email)
    page.goto("/reports/?start=2026-01-01&end=2026-06-30")
    charts = page.evaluate(MEASURE)
    assert len(charts) == 5
    for chart in charts:
        assert chart["right"] <= 360
        for text in chart["texts"]:
            assert text["px"] >= 12, text
            assert text["left"] >= -0.5 and text["right"] <= 0.5, text
