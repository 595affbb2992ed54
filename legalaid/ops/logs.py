"""Logs: one line per request, JSON in production and text in development, on stderr.

A request line carries the request id (the caller's X-Request-ID when it is sane, else a new
one; sent back in the response), the user's id and role, the endpoint, the status and the
duration. Never a path, a query string, a form or a header: they may carry a GBV survivor's name
(a search), a password or a token. An unhandled error is logged once, with its traceback, by
Flask (`app.log_exception`), and carries the request id too.
"""

import json
import logging
import re
import secrets
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from flask.wrappers import Response
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

REQUEST_LOGGER = logging.getLogger("legalaid.requests")
# The fields a request line adds to its record (and the JSON object's keys).
REQUEST_FIELDS = ("request_id", "method", "endpoint", "status", "duration_ms", "user_id", "role")
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# Loggers whose INFO lines an operator wants: ours, and the job consumer's.
APP_LOGGERS = ("legalaid", "huey")


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (a test runner swaps it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


class RequestIdFilter(logging.Filter):
    """Give every record logged during a request that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = g.get("request_id") if has_request_context() else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request fields, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def configure_logging(app: Flask) -> None:
    """One handler on the root logger (JSON or text, as LOG_FORMAT says), our loggers' level."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, StderrHandler)), None)
    if handler is None:
        handler = StderrHandler()
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    json_lines = app.config["LOG_FORMAT"] == "json"
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    for name in APP_LOGGERS:
        logging.getLogger(name).setLevel(app.config["LOG_LEVEL"])
    app.logger.removeHandler(default_handler)  # the root handler has it: no line twice


def start_request() -> None:
    """The request's id: the caller's, when it is sane (it goes into every line), else new."""
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if SANE_REQUEST_ID.fullmatch(given) else secrets.token_hex(8)


def log_request(response: Response, seconds: float) -> None:
    """The request's line, and its id in the response."""
    fields: dict[str, Any] = {
        "request_id": g.request_id,
        "method": request.method,
        "endpoint": request.endpoint or "-",
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        **_user_fields(),
    }
    response.headers["X-Request-ID"] = g.request_id
    REQUEST_LOGGER.info(
        "%(method)s %(endpoint)s %(status)s %(duration_ms)sms user=%(user_id)s role=%(role)s",
        fields,
        extra=fields,
    )


def _user_fields() -> dict[str, Any]:
    """The signed-in user's id and role, when the request loaded the user (never loaded for
    this). After a commit they are read again; with the database gone, the id alone."""
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user_id": None, "role": None}
    try:
        return {"user_id": user.id, "role": user.role}
    except SQLAlchemyError:
        identity = inspect(user).identity
        return {"user_id": identity[0] if identity else None, "role": None}
