"""Bulk import pages: upload a file, read its check (the dry run), confirm, follow the import.

The uploaded file waits in `instance/imports/` under a random name, which only the user's
server-side session knows, until it is imported or discarded. Its check is run once, at upload,
and kept beside it: showing the review again does not read the file again. A confirmed import
runs on the job queue; its page shows how far it is, and then what it did.
"""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from legalaid.accounts.models import Organisation
from legalaid.errors import render_error
from legalaid.extensions import db
from legalaid.formutils import choices, local_today
from legalaid.imports import bp
from legalaid.imports.columns import REQUIRED_COLUMNS, columns
from legalaid.imports.forms import ConfirmImportForm, UploadForm
from legalaid.imports.jobs import job_report, latest_jobs, may_follow, start_import
from legalaid.imports.models import ImportJob
from legalaid.imports.reading import FileRefused, too_large
from legalaid.imports.services import (
    check_upload,
    discard_upload,
    kept_check,
    organisation_choices,
    store_upload,
    upload_path,
)
from legalaid.imports.template import template_csv, template_xlsx
from legalaid.permissions import Permission, requires

PENDING = "pending_import"  # session key: {"upload", "organisation_id", "filename"}
TEMPLATES = {
    "csv": (template_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        template_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


@bp.route("/", methods=["GET", "POST"])
@requires(Permission.IMPORT_CASES)
def upload():
    """Choose a file; nothing is imported before its check has been read and confirmed."""
    form = UploadForm(organisation_id=current_user.organisation_id or 0)  # own one by default
    form.organisation_id.choices = choices(organisation_choices(current_user))
    if form.validate_on_submit():
        try:
            name = store_upload(form.file.data)
        except FileRefused as error:
            form.file.errors.append(str(error))
        else:
            discard_upload(session.get(PENDING, {}).get("upload"))
            # The name the user knows, without any folder: shown, never used as a path.
            filename = (form.file.data.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
            session[PENDING] = pending = {
                "upload": name,
                "organisation_id": form.organisation_id.data or None,
                "filename": filename[:255],
            }
            check_upload(name, by=current_user, organisation=_organisation(pending))
            return redirect(url_for("imports.review"))
    return render_template(
        "imports/upload.html",
        form=form,
        columns=columns(),
        required=REQUIRED_COLUMNS,
        jobs=latest_jobs(current_user),
    )


@bp.get("/template.<any(csv, xlsx):extension>")
@requires(Permission.IMPORT_CASES)
def template(extension: str):
    """The file to fill in, in the user's language: every column, one example row per kind
    (and, in the workbook, the values each coded column accepts). It holds no one's data."""
    build, mimetype = TEMPLATES[extension]
    language = str(get_locale() or "fr")
    content = build(language, current_user.organisation, local_today())
    # Translators: the name of the downloaded import template, without its extension.
    name = _("import-template")
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={name}.{extension}"},
    )


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error):
    """A file above the request limit is refused before it is read, with the limit that applies."""
    limit = current_app.config["IMPORT_MAX_BYTES"]
    limit = min(limit, current_app.config["MAX_CONTENT_LENGTH"] or limit)
    return render_error(413, str(too_large(limit)))


def _pending() -> dict | None:
    """The upload waiting in the session, if its file is still there."""
    pending = session.get(PENDING)
    return pending if pending and upload_path(pending.get("upload")) else None


def _organisation(pending: dict) -> Organisation | None:
    organisation_id = pending.get("organisation_id")
    return db.session.get(Organisation, organisation_id) if organisation_id else None


def _nothing_waiting():
    flash(_("No file is waiting to be imported: choose it again."), "warning")
    return redirect(url_for("imports.upload"))


@bp.get("/review")
@requires(Permission.IMPORT_CASES)
def review():
    """The check of the waiting file, as kept at upload: what importing it would do, and the
    first row errors."""
    pending = _pending()
    report = kept_check(pending["upload"]) if pending else None
    if report is None:
        return _nothing_waiting()
    form = ConfirmImportForm(upload=pending["upload"])
    return render_template("imports/review.html", report=report, form=form, pending=pending)


@bp.post("/confirm")
@requires(Permission.IMPORT_CASES)
def confirm():
    """Hand the waiting file to the job queue and follow the import on its own page."""
    pending = _pending()
    form = ConfirmImportForm()
    if pending is None or not form.validate_on_submit() or form.upload.data != pending["upload"]:
        return _nothing_waiting()
    report = kept_check(pending["upload"])
    if report is not None and report.invalid_rows and not form.skip_invalid.data:
        form.skip_invalid.errors.append(
            _("Rows have errors: correct the file, or tick this box to leave them out.")
        )
        return render_template("imports/review.html", report=report, form=form, pending=pending)
    session.pop(PENDING)
    job = start_import(pending, by=current_user, skip_invalid=form.skip_invalid.data)
    return redirect(url_for("imports.job", job_id=job.id))


@bp.get("/jobs/<int:job_id>")
@requires(Permission.IMPORT_CASES)
def job(job_id: int):
    """How far an import is (the page refreshes itself until it is done), then what it did."""
    job = db.session.get(ImportJob, job_id)
    if job is None or not may_follow(current_user, job):
        abort(404)
    return render_template("imports/job.html", job=job, report=job_report(job))


@bp.post("/cancel")
@requires(Permission.IMPORT_CASES)
def cancel():
    """Discard the waiting file without importing anything."""
    discard_upload(session.pop(PENDING, {}).get("upload"))
    flash(_("The file was discarded; nothing was imported."), "info")
    return redirect(url_for("imports.upload"))
