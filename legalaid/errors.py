"""Error pages: short, translated, never a traceback."""

from flask import Flask, flash, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import login_url
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, InternalServerError

from legalaid.auth.resume import answer_expired_post, kept_values, wants_json
from legalaid.extensions import login_manager
from legalaid.unitofwork import DatabaseBusy, is_busy, rollback_quietly

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
BUSY_TEXT = (
    _l("Server busy"),
    _l("The server is busy and nothing was saved. Wait a moment, then try again."),
)
CONNECTION_LOST_TEXT = (
    _l("Connection lost"),
    _l(
        "The connection to the database was lost. Reload the page; if you were saving, "
        "check whether your change is there before saving again."
    ),
)


def render_error(code: int, detail: str | None = None):
    """The error page for `code`, in the user's language."""
    title, message = ERROR_TEXTS.get(code) or ERROR_TEXTS[400 if code < 500 else 500]
    return render_template("error.html", code=code, title=title, message=detail or message), code


def not_signed_in():
    """No live session: a form sent with something typed is kept and the password asked on its
    page; any other request goes to the login page (a page asked for comes back afterwards)."""
    if request.method == "POST" and (wants_json() or kept_values(request.form)):
        return answer_expired_post()
    flash(login_manager.login_message, login_manager.login_message_category)
    if request.method == "POST":  # a button such as "Sign out": nothing to keep or come back to
        return redirect(login_url(login_manager.login_view))
    return redirect(login_url(login_manager.login_view, next_url=request.url))


def register(app: Flask) -> None:
    """Attach the handlers for HTTP errors, CSRF failures (an expired session among them: the
    form is kept, see auth/resume.py), requests without a session, and crashes."""
    login_manager.unauthorized_handler(not_signed_in)

    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return answer_expired_post(status=400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(InternalServerError)
    def server_error(_error):
        rollback_quietly()
        return render_error(500)

    register_database_errors(app)


def register_database_errors(app: Flask) -> None:
    """A busy database or a lost connection gets a page of ours (503), never a bare 500."""

    @app.errorhandler(DatabaseBusy)
    def database_busy(_error):
        return _render_try_again(*BUSY_TEXT)

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        rollback_quietly()  # the pool replaces a lost connection: the next request works
        if is_busy(error):
            return _render_try_again(*BUSY_TEXT)
        if error.connection_invalidated:
            return _render_try_again(*CONNECTION_LOST_TEXT)
        app.logger.exception("database error")
        return render_error(500)


def _render_try_again(title, message):
    """A 503 page; a form that was sent comes back in it, to send again as typed (not files)."""
    fields = list(request.form.items(multi=True)) if request.method == "POST" else []
    page = render_template(
        "error.html", code=503, title=title, message=message, resend_fields=fields
    )
    return page, 503
