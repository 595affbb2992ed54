"""Error pages: short, translated, never a traceback."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from legalaid.extensions import db

ERROR_TEXTS = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Access denied"), _l("You are not allowed to see this page.")),
    404: (_l("Page not found"), _l("This page does not exist, or you may not see it.")),
    405: (_l("Method not allowed"), _l("This page cannot be used that way.")),
    413: (
        _l("File too large"),
        _l("The file or form sent is too large (documents: 10 MB at most). Send a smaller file."),
    ),
    500: (
        _l("Server error"),
        _l("Something went wrong on our side. Nothing was saved; please try again."),
    ),
}


def render_error(code: int, detail: str | None = None):
    """The error page for `code`, in the user's language."""
    title, message = ERROR_TEXTS.get(code) or ERROR_TEXTS[400 if code < 500 else 500]
    return render_template("error.html", code=code, title=title, message=detail or message), code


def register(app: Flask) -> None:
    """Attach the handlers for HTTP errors, CSRF failures and crashes."""

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(
            400, str(_l("The form expired or was sent twice. Reload the page and try again."))
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(_error):
        db.session.rollback()
        return render_error(500)
