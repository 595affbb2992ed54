"""/healthz: the app, the database and the job backend answer, or a 503 names the one that not."""

import time

from huey.storage import RedisStorage
from sqlalchemy.exc import OperationalError

from legalaid import jobs
from legalaid.ops import health


def test_all_answer(client):
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")


def test_a_database_that_does_not_answer_is_named(client, monkeypatch):
    def down(_timeout):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(health, "_database", down)
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (503, "failing: database")


def test_an_unreachable_redis_queue_is_named_within_the_timeout(client, monkeypatch):
    monkeypatch.setattr(
        jobs.queue, "storage", RedisStorage("legalaid", url="redis://10.255.255.1:6379/0")
    )
    started = time.monotonic()
    response = client.get("/healthz")
    assert (response.status_code, response.text) == (503, "failing: jobs")
    assert time.monotonic() - started < 5  # HEALTH_TIMEOUT_SECONDS is 2
