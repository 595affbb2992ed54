"""Response headers that every page carries, error pages included."""

from flask import Flask, Response
from flask_login import current_user

from legalaid.assets import serves_static_file

# No inline script anywhere: the templates load Bootstrap's files from this host only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def add_security_headers(response: Response, production: bool) -> Response:
    """CSP, no framing, no sniffing, same-origin referrers; no caching of private pages (static
    files are the same for everyone: `assets.py` lets browsers keep them)."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if current_user and current_user.is_authenticated and not serves_static_file(response):
        response.headers["Cache-Control"] = "no-store"
    if production:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


def register(app: Flask) -> None:
    """Attach the headers hook."""
    production = app.config["ENV_NAME"] == "production"
    app.after_request(lambda response: add_security_headers(response, production))
