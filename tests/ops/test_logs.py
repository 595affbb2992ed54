"""One line per request, with its id; JSON in production; an error's traceback once."""

import json
import logging

import pytest

from legalaid.ops.logs import JsonFormatter
from tests.builders import make_user
from tests.cases.test_intake import client_of
from tests.conftest import build_app


def request_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "legalaid.requests"]


def test_each_request_logs_one_line_with_its_id_user_role_endpoint_status_duration(app, caplog):
    caplog.set_level(logging.INFO)
    lawyer = make_user("lawyer")
    client = client_of(app, lawyer)
    caplog.clear()
    response = client.get("/", headers={"X-Request-ID": "abc-123"})
    [line] = request_lines(caplog)
    assert response.headers["X-Request-ID"] == "abc-123"
    assert (line.request_id, line.method, line.endpoint, line.status) == (
        "abc-123",
        "GET",
        "main.home",
        200,
    )
    assert (line.user_id, line.role) == (lawyer.id, "lawyer")
    assert line.duration_ms >= 0


def test_an_insane_request_id_is_replaced(client, caplog):
    caplog.set_level(logging.INFO)
    response = client.get("/auth/login", headers={"X-Request-ID": 'x {forged} "line"'})
    [line] = request_lines(caplog)
    assert line.request_id == response.headers["X-Request-ID"]
    assert len(line.request_id) == 16 and "forged" not in line.request_id
    assert (line.user_id, line.role, line.endpoint) == (None, None, "auth.login")


def test_production_writes_json_lines_with_the_request_fields(database_url, caplog):
    production = build_app(database_url, LOG_FORMAT="json")
    caplog.set_level(logging.INFO)
    production.test_client().get("/healthz", headers={"X-Request-ID": "r1"})
    [line] = request_lines(caplog)
    entry = json.loads(JsonFormatter().format(line))
    assert entry["request_id"] == "r1" and entry["endpoint"] == "main.healthz"
    assert entry["status"] == 200 and entry["level"] == "INFO"
    assert "user_id" not in entry  # nobody signed in: no field rather than a null


def test_production_config_logs_json_and_development_text():
    from config import DevelopmentConfig, ProductionConfig

    assert (ProductionConfig.LOG_FORMAT, DevelopmentConfig.LOG_FORMAT) == ("json", "text")


def test_an_unhandled_error_is_logged_once_with_its_traceback(database_url, caplog):
    crashing = build_app(database_url, PROPAGATE_EXCEPTIONS=False)

    @crashing.get("/crash")
    def crash():
        raise RuntimeError("boom")

    crash.required_permission = "public"
    caplog.set_level(logging.INFO)
    response = crashing.test_client().get("/crash", headers={"X-Request-ID": "e1"})
    assert response.status_code == 500
    errors = [record for record in caplog.records if record.exc_info]
    assert len(errors) == 1 and errors[0].exc_info[0] is RuntimeError
    assert errors[0].request_id == "e1"
    assert "Traceback" in JsonFormatter().format(errors[0])
    [line] = request_lines(caplog)
    assert line.status == 500


@pytest.mark.parametrize("level", ["WARNING", "INFO"])
def test_the_level_comes_from_the_config(database_url, level):
    build_app(database_url, LOG_LEVEL=level)
    assert logging.getLogger("legalaid").level == logging.getLevelName(level)


def test_a_line_after_the_database_went_away_keeps_the_user_id(app, caplog, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from legalaid.accounts.models import User

    lawyer = make_user("lawyer")
    client = client_of(app, lawyer)
    caplog.set_level(logging.INFO)
    caplog.clear()

    def gone(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    # Reading the user fails, as a refresh after a commit does once the database is gone.
    monkeypatch.setattr(User, "role", property(gone))
    client.get("/")
    [line] = request_lines(caplog)
    assert (line.user_id, line.role) == (lawyer.id, None)
