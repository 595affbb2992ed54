"""The request hooks of the logs and the metrics, around every request."""

import time

from flask import Flask, g
from flask.wrappers import Response

from legalaid.ops import logs, metrics


def init_app(app: Flask) -> None:
    """Logging as configured, the metrics' hooks, and the two request hooks."""
    logs.configure_logging(app)
    metrics.init_app(app)
    app.before_request(_start)
    app.after_request(_finish)


def _start() -> None:
    g.request_started = time.perf_counter()
    logs.start_request()


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    if started is None:  # a hook registered before ours answered first
        return response
    seconds = time.perf_counter() - started
    logs.log_request(response, seconds)
    metrics.record_request(response, seconds)
    return response
