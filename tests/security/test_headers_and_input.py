"""Headers on every response, rate limits, escaped input, formula-safe exports, logs."""

import csv
import io
import logging

from hypothesis import given, settings
from hypothesis import strategies as st

from legalaid.assets import STATIC_ENDPOINTS
from legalaid.exports import FORMULA_STARTS, csv_bytes, safe_cell
from legalaid.ops.logs import TEXT_FORMAT, JsonFormatter
from tests.builders import PASSWORD, assign, make_case, make_user
from tests.cases.test_intake import client_of
from tests.conftest import build_app, sign_in
from tests.test_access_matrix import build, routes

HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def check_headers(response, signed_in: bool) -> None:
    for name, expected in HEADERS.items():
        assert expected in response.headers.get(name, ""), name
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    if signed_in:
        assert response.headers.get("Cache-Control") == "no-store"


def test_headers_on_every_route_errors_included(app, world):
    people, own, _foreign = world
    anonymous = app.test_client()
    signed_in = app.test_client()
    sign_in(signed_in, people["coordinator"])
    for rule, method in routes(app):
        if rule.endpoint == "auth.logout":
            continue
        path = build(app, rule, own)
        check_headers(anonymous.open(path, method=method), signed_in=False)
        # Static files are the same for everyone: browsers keep them (tests/test_assets.py).
        private = rule.endpoint not in STATIC_ENDPOINTS
        check_headers(signed_in.open(path, method=method), signed_in=private)
    check_headers(signed_in.get("/no/such/page"), signed_in=True)


def test_hsts_in_production_only(database_url, app, client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    production = build_app(database_url, ENV_NAME="production")
    assert (
        "max-age=" in production.test_client().get("/healthz").headers["Strict-Transport-Security"]
    )


def test_login_is_rate_limited(database_url, reference):
    app = build_app(database_url, RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    user = make_user("lawyer")
    statuses = [
        client.post(
            "/auth/login", data={"email": user.email, "password": "wrong one here"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_stored_scripts_render_escaped(app, org):
    payload = '<script>alert("x")</script>'
    case = make_case(
        "litigation",
        by=org["paralegal"],
        full_name=f"Awa {payload}",
        adverse_parties=[f"Partie {payload}"],
        commune=payload,
    )
    client = client_of(app, org["paralegal"])
    client.post(f"/cases/{case.id}/timeline", data={"text": payload})
    for path in (f"/cases/{case.id}", "/cases/", f"/cases/{case.id}/edit", "/"):
        html = client.get(path).text
        assert payload not in html, path
    assert "&lt;script&gt;" in client.get(f"/cases/{case.id}").text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_cell_can_run_as_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS) or cell.startswith("'")
    assert cell.removeprefix("'") == text or cell == text


def test_csv_export_neutralises_formulas():
    data = csv_bytes(["a"], [['=HYPERLINK("http://x")'], ["+1"], ["-2"], ["@SUM(A1)"], ["ok"]])
    cells = [row[0] for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))]
    assert cells[1:] == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "ok"]


def test_logs_never_carry_secrets_or_a_survivors_name(app, org, caplog):
    caplog.set_level(logging.DEBUG)
    survivor = "Canarie Survivante Zébulon"
    case = make_case("gbv", by=org["paralegal"], full_name=survivor, phone="+223 66 66 66 66")
    assign(case, org["lawyer"])
    lawyer = client_of(app, org["lawyer"])
    lawyer.get(f"/cases/{case.id}")
    lawyer.get("/cases/?q=Canarie")
    setup = lawyer.get("/auth/second-factor/setup").text
    secret = setup.split('user-select-all">')[1].split("<")[0]
    anonymous = app.test_client()
    anonymous.post(
        "/auth/login", data={"email": org["lawyer"].email, "password": "Canary-password-42"}
    )
    sign_in(anonymous, org["lawyer"], PASSWORD)
    anonymous.get("/metrics", headers={"Authorization": "Bearer Canary-token-77"})
    # The request lines too, as production writes them (JSON, every field) and as text.
    lines = [record for record in caplog.records if record.name == "legalaid.requests"]
    assert len(lines) >= 6
    logged = caplog.text + "".join(
        formatter.format(record)
        for formatter in (JsonFormatter(), logging.Formatter(TEXT_FORMAT))
        for record in caplog.records
    )
    canaries = (survivor, "Canarie", "Canary-password-42", PASSWORD, secret, "66 66 66 66")
    for canary in (*canaries, "Canary-token-77"):
        assert canary not in logged
