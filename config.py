"""Configuration classes, read from the environment.

`LEGALAID_ENV` picks the class (development by default). Every setting a deployment may change is
an environment variable listed in `.env.example`.
"""

import os
from typing import ClassVar


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_secret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (Docker and systemd credentials):
    never written into the image or the unit."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        with open(path, encoding="utf-8") as secret:
            return secret.read().strip() or None
    return os.environ.get(name) or None


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual ways."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _database_url() -> str | None:
    url = _env_secret("DATABASE_URL")
    return normalise_database_url(url) if url else None


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = _env_secret("SECRET_KEY")
    # None means: SQLite in the instance folder (resolved in create_app, which knows the path).
    SQLALCHEMY_DATABASE_URI = _database_url()
    # hide_parameters: an error's message (and so its log line) never carries a row's values.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": True, "hide_parameters": True}
    DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    # PostgreSQL: a request may hold two connections at once (its session, and the audit trail or
    # the session table); keep enough per process for every thread, or each extra one is reopened.
    DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "12"))
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "5000"))

    BCRYPT_LOG_ROUNDS = int(os.environ.get("BCRYPT_LOG_ROUNDS", "12"))
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_LOCK_MINUTES = int(os.environ.get("LOGIN_LOCK_MINUTES", "15"))
    # Reverse proxies in front of the app (nginx: 1). Their X-Forwarded-For is believed that
    # many hops deep, for the rate limit, the audit trail and the session records; 0 believes none.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    ADMIN_EMAIL = os.environ.get("ADMIN_EMAIL", "admin@example.org")

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("DISPLAY_TIMEZONE", "Africa/Bamako")
    LANGUAGES = ("fr", "en")

    BOOTSTRAP_SERVE_LOCAL = True
    COMPRESS_ALGORITHM = "gzip"
    COMPRESS_ALGORITHM_STREAMING = "gzip"
    # Static files are gzipped as they stream: compare If-None-Match with the gzip ETag for every
    # static endpoint (flask-compress does it for "static" only), or Bootstrap's never gets a 304.
    COMPRESS_STREAMING_ENDPOINT_CONDITIONAL = ("static", "bootstrap.static")
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = (
        None  # the token lives as long as the session: forms filled slowly in the field
    )
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(16 * 1024 * 1024)))

    SESSION_COOKIE_NAME = "legalaid_session"
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
    SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
    # A device's offline store (what waits to be sent) is wiped after this long unused.
    OFFLINE_IDLE_HOURS = int(os.environ.get("OFFLINE_IDLE_HOURS", "72"))
    MFA_REQUIRED_ROLES = tuple(
        role.strip()
        for role in os.environ.get("MFA_REQUIRED_ROLES", "admin,coordinator").split(",")
        if role.strip()
    )
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "20 per minute")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    # Email goes out only when MAIL_SERVER is set (reminders); in-app notifications always.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = _env_secret("MAIL_PASSWORD")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "legalaid@localhost")
    # Case documents live outside static/, in instance/uploads/ unless set.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or None
    # Bulk import: larger files are refused before they are read (the web upload is also bounded
    # by MAX_CONTENT_LENGTH).
    IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
    # Background jobs (imports, daily reminders): a redis:// URL in production, else a SQLite
    # file (this path, or instance/jobs.sqlite3). JOBS_IMMEDIATE runs them where they are queued.
    JOBS_URL = os.environ.get("JOBS_URL") or None
    JOBS_IMMEDIATE = _env_bool("JOBS_IMMEDIATE", False)
    # Maintenance: personal data is anonymised this many years after a beneficiary's last case
    # closed (`flask purge-expired`); backups go to instance/backups/ unless set.
    RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "10"))
    BACKUP_DIR = os.environ.get("BACKUP_DIR") or None
    # Logs on stderr: "json" (one object per line) or "text"; production defaults to json.
    LOG_FORMAT = os.environ.get("LOG_FORMAT") or "text"
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
    # /metrics answers a bearer token, or callers from these networks (comma-separated CIDRs);
    # with neither, nobody.
    METRICS_TOKEN = _env_secret("METRICS_TOKEN")
    METRICS_ALLOW = tuple(
        network.strip()
        for network in os.environ.get("METRICS_ALLOW", "").split(",")
        if network.strip()
    )
    # /healthz waits this long for the database and the job backend.
    HEALTH_TIMEOUT_SECONDS = float(os.environ.get("HEALTH_TIMEOUT_SECONDS", "2"))


class DevelopmentConfig(Config):
    """Local use: SQLite in instance/, a secret generated once and kept in instance/."""

    ENV_NAME = "development"


class TestingConfig(Config):
    """The test suite: cheap hashes; the database comes from the test fixtures."""

    ENV_NAME = "testing"
    TESTING = True
    BCRYPT_LOG_ROUNDS = 4
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105 - only the test suite uses it
    WTF_CSRF_ENABLED = False
    MAIL_SERVER = None  # the tests never send mail
    MFA_REQUIRED_ROLES = ()  # the MFA tests turn it on
    RATELIMIT_ENABLED = False  # the rate-limit test turns it on
    JOBS_IMMEDIATE = True  # the job tests that need a real queue turn it off


class ProductionConfig(Config):
    """Behind gunicorn, on PostgreSQL; refuses to start without SECRET_KEY."""

    ENV_NAME = "production"
    LOG_FORMAT = os.environ.get("LOG_FORMAT") or "json"
    SESSION_COOKIE_SECURE = True
    # The __Host- prefix: the browser sends it only over HTTPS, to this host, for every path.
    SESSION_COOKIE_NAME = "__Host-legalaid"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
