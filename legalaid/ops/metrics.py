"""Prometheus metrics: requests, errors, database pool, job queue, and what an operator watches.

Counters and histograms are kept per process by prometheus_client. Under gunicorn, set
PROMETHEUS_MULTIPROC_DIR (an empty directory, before the app is imported: the units and the
image do): every worker then writes its values to files there and a scrape, whichever worker
answers it, sums them (prometheus_client's multiprocess mode; `gunicorn.conf.py` empties the
directory at start and forgets a worker that exits). The domain gauges and the queue depth are
read from the database and the queue at scrape time, with one cheap query each, so they are
the same whichever process answers.
"""

import os
from collections.abc import Iterator
from typing import Any

from flask import Flask, request
from flask.signals import got_request_exception
from flask.wrappers import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import event, func, select
from sqlalchemy.pool import Pool

from legalaid import jobs
from legalaid.cases.models import OPEN_STATUSES, Case
from legalaid.extensions import db
from legalaid.imports.models import ImportJob, ImportStatus
from legalaid.referrals.models import PENDING, Referral

REQUESTS = Counter("legalaid_http_requests", "Requests answered.", ("endpoint", "method", "status"))
LATENCY = Histogram(
    "legalaid_http_request_duration_seconds",
    "Time to answer a request.",
    ("endpoint",),
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter(
    "legalaid_http_errors", "Requests that ended in an unhandled error.", ("endpoint",)
)
CONNECTIONS_IN_USE = Gauge(
    "legalaid_db_connections_in_use",
    "Database connections lent by the pools now.",
    multiprocess_mode="livesum",
)


def record_request(response: Response, seconds: float) -> None:
    """Count the request and its time under its endpoint (a bounded set of labels)."""
    endpoint = request.endpoint or "-"
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(seconds)


def _count_error(_sender: Flask, **_extra: Any) -> None:
    ERRORS.labels(request.endpoint or "-").inc()


def _lent(*_args: Any) -> None:
    CONNECTIONS_IN_USE.inc()


def _returned(*_args: Any) -> None:
    CONNECTIONS_IN_USE.dec()


def init_app(app: Flask) -> None:
    """Count this app's unhandled errors; the pools' connections are counted for every app."""
    got_request_exception.connect(_count_error, app)
    if not event.contains(Pool, "checkout", _lent):
        event.listen(Pool, "checkout", _lent)
        event.listen(Pool, "checkin", _returned)


class DomainCollector(Collector):
    """What an operator watches, read at scrape time (the app context of the scrape)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        open_detention = GaugeMetricFamily(
            "legalaid_detention_cases_open", "Open detention cases, by status.", labels=["status"]
        )
        counts = dict(
            db.session.execute(
                select(Case.status, func.count())
                .where(Case.kind == "detention", Case.status.in_(OPEN_STATUSES))
                .group_by(Case.status)
            ).all()
        )
        for status in OPEN_STATUSES:
            open_detention.add_metric([status.value], counts.get(status.value, 0))
        yield open_detention
        yield _count(
            "legalaid_imports_pending",
            "Confirmed imports waiting for the job runner or running.",
            ImportJob,
            ImportJob.status.in_((ImportStatus.QUEUED, ImportStatus.RUNNING)),
        )
        yield _count(
            "legalaid_imports_failed",
            "Imports that failed (all time): the job failures an operator looks into.",
            ImportJob,
            ImportJob.status == ImportStatus.FAILED,
        )
        yield _count(
            "legalaid_referrals_pending",
            "Referrals waiting for the receiver's answer.",
            Referral,
            Referral.state.in_(PENDING),
        )
        yield GaugeMetricFamily(
            "legalaid_job_queue_depth",
            "Jobs waiting in the queue.",
            value=jobs.queue.pending_count(),
        )


def _count(name: str, documentation: str, model: Any, condition: Any) -> GaugeMetricFamily:
    count = db.session.scalar(select(func.count()).select_from(model).where(condition))
    return GaugeMetricFamily(name, documentation, value=count or 0)


def exposition() -> tuple[bytes, dict[str, str]]:
    """The text format of every metric: the process's own (or, in multiprocess mode, every
    worker's summed), then the domain gauges."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:  # as prometheus_client itself decides
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    domain = CollectorRegistry()
    domain.register(DomainCollector())
    body = generate_latest(registry) + generate_latest(domain)
    return body, {"Content-Type": CONTENT_TYPE_LATEST}
