"""legalaid: case management for legal aid and pre-trial detention programmes."""

import os
import secrets
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask

from config import CONFIGS, Config

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_DIR.parent / "templates"
BLUEPRINT_PACKAGES = (
    "main",
    "auth",
    "accounts",
    "reference",
    "cases",
    "workflow",
    "notifications",
    "audit",
    "reports",
    "imports",
    "activities",
    "drafting",
    "referrals",
    "ops",
    "offline",
)
# The case kinds: each package's `kind.py` declares its kind (legalaid/casekinds.py).
CASE_KIND_PACKAGES = ("detention", "gbv", "litigation", "land")
# The programme packages whose `reporting.py` adds a `SECTION` to every report, after the kinds'
# (legalaid/reportsections.py), and whose `labels.py` adds its label groups.
PROGRAMME_PACKAGES = ("activities",)
# The packages whose `panels.py` adds a `PANEL` to every case page, whatever its kind.
CASE_PAGE_PACKAGES = ("workflow", "drafting", "referrals")


def create_app(config_name: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application in named steps (see STYLE.md)."""
    name = config_name or os.environ.get("LEGALAID_ENV", "development")
    app = Flask(__name__, template_folder=str(TEMPLATE_DIR), instance_relative_config=True)
    load_config(app, CONFIGS[name], overrides or {})
    register_extensions(app)
    register_observability(app)
    register_case_kinds()
    register_programme_sections()
    register_case_panels()
    register_assets(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_request_hooks(app)
    register_template_globals(app)
    register_proxies(app)
    return app


def load_config(app: Flask, config_class: type[Config], overrides: dict[str, Any]) -> None:
    """Load the config class, apply overrides, then fill in what depends on the instance folder."""
    app.config.from_object(config_class)
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_path = Path(app.instance_path) / "legalaid.sqlite3"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        options["connect_args"] = {"timeout": app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000}
    # A file database too: a thread that holds one connection and waits for a second (the audit
    # trail, the session table) must find one, or a busy moment stalls every thread.
    if url not in ("sqlite://", "sqlite:///:memory:"):
        options.setdefault("pool_size", app.config["DATABASE_POOL_SIZE"])
    if url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": app.config["DATABASE_CONNECT_TIMEOUT"]}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError("SECRET_KEY must be set in production (see .env.example).")
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")


def _instance_secret(path: Path) -> str:
    """A development secret generated once and kept, so sessions survive restarts."""
    if path.exists():
        return path.read_text().strip()
    secret = secrets.token_hex(32)
    path.write_text(secret)
    path.chmod(0o600)
    return secret


def register_extensions(app: Flask) -> None:
    """Bind the extension objects created in `extensions.py`."""
    from flask_babel import lazy_gettext as _l

    from legalaid import jobs
    from legalaid.auth.services import load_user
    from legalaid.auth.sessions import DatabaseSessionInterface
    from legalaid.extensions import (
        babel,
        bootstrap,
        compress,
        csrf,
        db,
        limiter,
        login_manager,
        migrate,
    )
    from legalaid.i18n import select_locale

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(PACKAGE_DIR.parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    app.session_interface = DatabaseSessionInterface()
    limiter.init_app(app)
    compress.init_app(app)
    jobs.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"


def register_observability(app: Flask) -> None:
    """Logs (one line per request) and metrics, around every request (legalaid/ops/)."""
    from legalaid.ops.instrument import init_app

    init_app(app)


def register_case_kinds() -> None:
    """Declare the kinds of `CASE_KIND_PACKAGES` to the registry the rest of the code asks, and
    their labels to the label registry."""
    from legalaid.casekinds import register
    from legalaid.labels import add_case_kind

    for name in CASE_KIND_PACKAGES:
        kind = import_module(f"legalaid.{name}.kind").KIND
        register(kind)
        add_case_kind(kind)


def register_programme_sections() -> None:
    """Declare the report sections and labels of `PROGRAMME_PACKAGES`."""
    from legalaid.labels import add_groups
    from legalaid.reportsections import register_section

    for name in PROGRAMME_PACKAGES:
        register_section(import_module(f"legalaid.{name}.reporting").SECTION)
        add_groups(import_module(f"legalaid.{name}.labels").LABEL_GROUPS)


def register_case_panels() -> None:
    """Add the cards of `CASE_PAGE_PACKAGES` to the case page (legalaid/casepage.py)."""
    from legalaid.casepage import register_panel

    for name in CASE_PAGE_PACKAGES:
        register_panel(import_module(f"legalaid.{name}.panels").PANEL)


def register_assets(app: Flask) -> None:
    """Static files under content-hashed URLs, cached for a year (see `assets.py`)."""
    from legalaid.assets import register

    register(app)


def register_blueprints(app: Flask) -> None:
    """One blueprint per domain, and one per case kind that has pages of its own; importing
    its views attaches the routes to it."""
    for name in BLUEPRINT_PACKAGES + CASE_KIND_PACKAGES:
        package = import_module(f"legalaid.{name}")
        if not hasattr(package, "bp"):
            continue
        import_module(f"legalaid.{name}.views")
        app.register_blueprint(package.bp)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages in the user's language, never a traceback."""
    from legalaid.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """CLI commands of each domain."""
    from legalaid.accounts.cli import register as register_account_commands
    from legalaid.activities.cli import register as register_activity_commands
    from legalaid.detention.cli import register as register_detention_commands
    from legalaid.imports.cli import register as register_import_commands
    from legalaid.maintenance.cli import register as register_maintenance_commands
    from legalaid.notifications.cli import register as register_notification_commands
    from legalaid.reference.cli import register as register_reference_commands
    from legalaid.reports.cli import register as register_report_commands

    register_account_commands(app)
    register_reference_commands(app)
    register_notification_commands(app)
    register_detention_commands(app)
    register_report_commands(app)
    register_import_commands(app)
    register_maintenance_commands(app)
    register_activity_commands(app)


def register_request_hooks(app: Flask) -> None:
    """Deny by default: login and a declared permission for every endpoint."""
    from legalaid.permissions import enforce_access
    from legalaid.security import register as register_security_headers

    app.before_request(enforce_access)
    register_security_headers(app)


def register_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address from their headers, so
    that the rate limit, the audit trail and the session records see the client, not the proxy."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def register_template_globals(app: Flask) -> None:
    """What every template may ask: the policy, the labels of codes, the language switch."""
    from flask_login import current_user

    from legalaid.i18n import format_day, format_moment, inject_languages
    from legalaid.labels import label, labels
    from legalaid.notifications.services import unread_badge
    from legalaid.permissions import Permission, allows
    from legalaid.urls import row_url

    app.context_processor(inject_languages)
    app.jinja_env.globals.update(
        may=lambda permission: allows(current_user, Permission(permission)),
        labels=labels,
        row_url=row_url,
        unread_notifications=lambda: unread_badge(current_user),
    )
    # {{ case.status|label("status") }}: every code a person reads goes through the registry.
    app.jinja_env.filters["label"] = lambda code, group: label(group, code)
    # In place of Flask-Babel's filters of the same names: see legalaid.i18n.DATE_LOCALES.
    app.jinja_env.filters.update(dateformat=format_day, datetimeformat=format_moment)
