"""Out-of-range and garbage query values: every list and report answers 200 or 400, never 500.

The attacker's values: pages far past any integer the database stores, negative and non-numeric
pages, the first and last days a `date` can hold, the last second of year 9999, and junk.
"""

from datetime import date, datetime
from urllib.parse import urlencode

import pytest

from legalaid.queryargs import MAX_ID, MAX_PAGE, date_arg, datetime_arg, page_arg
from tests.builders import first_prison

PAGES = ("1e20", "-1", "0", "abc", "99999999999999999999", str(2**63), str(2**31), "9" * 400, "")
DATES = (
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "31/12/9999",
    "01/01/0001",
    "2026-02-30",
    "garbage",
    "-1",
    "9" * 400,
)

REPORTS = (
    "/reports/",
    "/reports/indicators.csv",
    "/reports/indicators.xlsx",
    "/reports/report.pdf",
)
REPORT_ARGS = ("start", "end", "organisation_id", "region_id", "prison_id")

# (role, path, the query arguments that path reads)
ENDPOINTS = (
    ("coordinator", "/cases/", ("page", "opened_from", "opened_to")),
    ("admin", "/admin/audit", ("page", "from", "to", "object_id")),
    ("admin", "/admin/audit.csv", ("from", "to", "object_id")),
    ("admin", "/admin/users", ("page",)),
    ("admin", "/admin/organisations", ("page",)),
    ("lawyer", "/hearings", ("start",)),
    ("coordinator", "/detention/alerts", ("page",)),
    ("admin", "/prisons/{prison}/roll", ("page",)),
    ("prison_officer", "/prisons/{prison}/roll", ("page",)),
    ("paralegal", "/notifications/", ("page",)),
    *(("viewer", path, REPORT_ARGS) for path in REPORTS),
    ("coordinator", "/reports/", REPORT_ARGS),
    ("coordinator", "/reports/cases.csv", REPORT_ARGS),
)
DATE_ARGS = frozenset({"opened_from", "opened_to", "from", "to", "start", "end"})


def _queries(args: tuple[str, ...]) -> list[dict[str, str]]:
    """Each argument alone with each bad value, then the widest range the dates allow."""
    queries = [{name: value} for name in args for value in (DATES if name in DATE_ARGS else PAGES)]
    dates = [name for name in args if name in DATE_ARGS]
    if len(dates) == 2:
        first, last = dates
        queries += [
            {first: "0001-01-01", last: "9999-12-31"},
            {first: "9999-12-31", last: "9999-12-31"},
            {first: "0001-01-01", last: "0001-01-01"},
            {first: "01/01/0001", last: "31/12/9999"},
        ]
    if "page" in args and dates:
        queries.append({"page": "1e20", dates[0]: "9999-12-31T23:59:59"})
    return queries


@pytest.fixture
def clients(login_as):
    """One signed-in client per role, made on first use."""
    made = {}

    def client(role: str):
        if role not in made:
            fields = {"prisons": [first_prison()]} if role == "prison_officer" else {}
            made[role] = login_as(role, **fields)
        return made[role]

    return client


@pytest.mark.parametrize(("role", "path", "args"), ENDPOINTS, ids=lambda v: str(v))
def test_bad_query_values_never_give_a_server_error(clients, role, path, args):
    client = clients(role)
    url = path.format(prison=first_prison().id)
    assert client.get(url).status_code == 200
    for query in _queries(args):
        response = client.get(f"{url}?{urlencode(query)}")
        assert response.status_code in (200, 400), (query, response.status_code)


@pytest.mark.parametrize(
    "url",
    [
        "/cases/?page=1e20",
        "/admin/audit?page=1e20",
        "/hearings?start=0001-01-01",
        "/reports/?start=0001-01-01&end=9999-12-31",
        "/admin/audit?from=9999-12-31T23:59:59",
    ],
)
def test_the_reported_urls(login_as, url):
    """The five addresses of the review, each with a role allowed to open it."""
    role = "lawyer" if url.startswith("/hearings") else "admin"
    assert login_as(role).get(url).status_code in (200, 400)


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("", 1),
        ("page=abc", 1),
        ("page=-1", 1),
        ("page=0", 1),
        ("page=1e20", 1),
        ("page=%C2%B2", 1),  # "²" passes str.isdigit() but is no number
        ("page=7", 7),
        ("page=99999999999999999999", MAX_PAGE),
        (f"page={'9' * 400}", MAX_PAGE),
    ],
)
def test_pages_are_read_into_range(app, query, page):
    with app.test_request_context(f"/?{query}"):
        assert page_arg() == page


def test_dates_outside_the_programme_read_as_not_given(app):
    query = "a=0001-01-01&b=31/12/2100&c=9999-12-31T23:59:59&d=2026-06-01T12:00:00%2B02:00"
    with app.test_request_context(f"/?{query}"):
        assert date_arg("a") is None and date_arg("b") == date(2100, 12, 31)
        assert datetime_arg("c") is None
        assert datetime_arg("d") == datetime(2026, 6, 1, 10, 0)  # naive UTC, as stored


def test_an_id_no_row_can_have_is_refused(login_as):
    admin = login_as("admin")
    assert admin.get(f"/admin/audit?object_id={MAX_ID + 1}").status_code == 400
    assert admin.get(f"/admin/audit?object_id={MAX_ID}").status_code == 200


def test_the_form_says_why_a_date_was_refused(login_as):
    page = login_as("viewer").get("/reports/?start=0001-01-01&end=9999-12-31").text
    assert "Saisissez une date entre 1900 et 2100." in page
