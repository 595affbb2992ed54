"""/metrics: refused unless configured and asked rightly; request, pool and domain figures."""

import re

import pytest

from legalaid.cases.models import CaseStatus
from legalaid.extensions import db
from legalaid.imports.models import ImportJob, ImportStatus
from tests.builders import make_case
from tests.conftest import build_app

TOKEN = "scrape-token-0123456789"


@pytest.fixture
def guarded(database_url):
    """An app whose /metrics answers the token, or callers from 10.0.0.0/8."""
    return build_app(database_url, METRICS_TOKEN=TOKEN, METRICS_ALLOW=("10.0.0.0/8",))


def scrape(app, **kwargs):
    return app.test_client().get("/metrics", **kwargs)


def value(text: str, sample: str) -> float:
    match = re.search(rf"^{re.escape(sample)} (\S+)$", text, re.MULTILINE)
    assert match, f"{sample} not in the metrics"
    return float(match.group(1))


def test_with_neither_token_nor_network_configured_nobody_may_scrape(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"headers": {"Authorization": "Bearer wrong"}},
        {"headers": {"Authorization": TOKEN}},
        {"environ_base": {"REMOTE_ADDR": "192.168.1.5"}},
    ],
)
def test_a_wrong_token_or_another_network_is_refused(guarded, kwargs):
    response = scrape(guarded, **kwargs)
    assert response.status_code == 404
    assert "legalaid_" not in response.text


def test_the_token_or_an_allowed_network_may_scrape(guarded):
    by_token = scrape(guarded, headers={"Authorization": f"Bearer {TOKEN}"})
    by_network = scrape(guarded, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    for response in (by_token, by_network):
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=")


def test_requests_are_counted_and_timed_by_endpoint(guarded):
    def figures() -> tuple[float, float]:
        text = scrape(guarded, headers={"Authorization": f"Bearer {TOKEN}"}).text
        labels = 'endpoint="main.healthz",method="GET",status="200"'
        return (
            value(text, f"legalaid_http_requests_total{{{labels}}}"),
            value(text, 'legalaid_http_request_duration_seconds_count{endpoint="main.healthz"}'),
        )

    guarded.test_client().get("/healthz")
    before = figures()
    for _ in range(3):
        guarded.test_client().get("/healthz")
    assert figures() == (before[0] + 3, before[1] + 3)


def test_an_unhandled_error_is_counted(database_url):
    crashing = build_app(database_url, PROPAGATE_EXCEPTIONS=False, METRICS_TOKEN=TOKEN)

    @crashing.get("/crash")
    def crash():
        raise RuntimeError("boom")

    crash.required_permission = "public"

    def errors() -> float:
        text = scrape(crashing, headers={"Authorization": f"Bearer {TOKEN}"}).text
        match = re.search(r'^legalaid_http_errors_total\{endpoint="crash"\} (\S+)$', text, re.M)
        return float(match.group(1)) if match else 0.0

    before = errors()
    assert crashing.test_client().get("/crash").status_code == 500
    assert errors() == before + 1


def test_domain_gauges_count_open_detention_cases_pending_imports_and_referrals(guarded, org):
    make_case("detention", by=org["paralegal"])
    closed = make_case("detention", by=org["paralegal"])
    closed.status = CaseStatus.CLOSED.value
    make_case("gbv", by=org["paralegal"])
    waiting = ImportJob(created_by_id=org["coordinator"].id, upload="u1", filename="a.csv")
    done = ImportJob(created_by_id=org["coordinator"].id, upload="u2", status=ImportStatus.DONE)
    db.session.add_all([waiting, done])
    db.session.commit()
    text = scrape(guarded, headers={"Authorization": f"Bearer {TOKEN}"}).text
    assert value(text, 'legalaid_detention_cases_open{status="intake"}') == 1
    assert value(text, 'legalaid_detention_cases_open{status="in_progress"}') == 0
    assert value(text, "legalaid_imports_pending") == 1
    assert value(text, "legalaid_referrals_pending") == 0
    assert value(text, "legalaid_job_queue_depth") == 0
    assert "legalaid_db_connections_in_use" in text
