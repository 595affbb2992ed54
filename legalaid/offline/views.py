"""The offline page, the sync endpoint, and the files that make the app installable."""

from flask import current_app, jsonify, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from legalaid.casekinds import case_kinds
from legalaid.cases.forms import TimelineEntryForm
from legalaid.cases.intake import reference_options
from legalaid.offline import bp, texts  # noqa: F401 - texts registers offline_texts()
from legalaid.offline.forms import OfflineEditForm, VisitForm
from legalaid.offline.services import Refused, sync_item
from legalaid.permissions import Permission, allows, requires
from legalaid.reference.models import Prison

# The static files every offline page needs, cached on the device at preparation.
SHELL_FILES = (
    ("bootstrap.static", "css/bootstrap.min.css"),
    ("bootstrap.static", "umd/popper.min.js"),
    ("bootstrap.static", "js/bootstrap.min.js"),
    ("static", "legalaid.css"),
    ("static", "forms.js"),
    ("static", "offline.js"),
    ("static", "icon.svg"),
)


@bp.get("/offline/")
@requires(Permission.WORK_ON_CASES)
def index():
    """What waits on this device, the forms to fill offline, and the sync's questions."""
    visit = VisitForm()
    visit.prison_id.choices = reference_options(Prison, "—")
    return render_template(
        "offline/index.html",
        note_form=TimelineEntryForm(),
        edit_form=OfflineEditForm(),
        visit_form=visit,
        kinds=list(case_kinds()) if allows(current_user, Permission.INTAKE) else [],
    )


@bp.get("/offline/state")
@requires(Permission.WORK_ON_CASES)
def state():
    """What a device needs before it syncs or goes offline: who is signed in, a fresh CSRF
    token (the cached page's may be stale), and the pages and files to keep."""
    pages = [url_for("offline.index")]
    if allows(current_user, Permission.INTAKE):
        pages.append(url_for("cases.choose_kind"))
        pages += [url_for("cases.intake", kind=kind.code) for kind in case_kinds()]
    files = [url_for(endpoint, filename=filename) for endpoint, filename in SHELL_FILES]
    return jsonify(user_id=current_user.id, csrf_token=generate_csrf(), urls=pages + files)


@bp.post("/offline/sync")
@requires(Permission.WORK_ON_CASES)
def sync():
    """Carry out one queued item (JSON in, JSON out); the CSRF token comes in X-CSRFToken."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(status="refused", message=_("This item cannot be read.")), 400
    try:
        answer = sync_item(payload, current_user)
    except Refused as refusal:
        return jsonify(status="refused", message=refusal.message, errors=refusal.errors), 422
    return jsonify(answer.as_json())


@bp.get("/sw.js")
@requires(Permission.PUBLIC)
def service_worker():
    """The service worker, from the site's root so that it may serve every page offline."""
    response = send_from_directory(current_app.static_folder, "sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/manifest.webmanifest")
@requires(Permission.PUBLIC)
def manifest():
    """What a phone needs to install the app on its home screen."""
    icon = url_for("static", filename="icon.svg")
    response = jsonify(
        name="legalaid",
        short_name="legalaid",
        description=_("Case management for legal aid"),
        lang="fr",
        start_url=url_for("offline.index"),  # opens with or without a connection
        scope="/",
        display="standalone",
        background_color="#ffffff",
        theme_color="#212529",
        icons=[{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    )
    response.mimetype = "application/manifest+json"
    return response
