"""Pages that belong to no single domain."""

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user

from legalaid.auth.services import safe_next_path
from legalaid.cases.reviews import waiting_count
from legalaid.formutils import local_today
from legalaid.i18n import LanguageForm, set_language
from legalaid.main import bp
from legalaid.ops.health import failing_checks
from legalaid.permissions import Permission, allows, cases_showing_identity, public, requires
from legalaid.referrals.services import stale_incoming
from legalaid.workflow import dashboard
from legalaid.workflow.models import Hearing


@bp.get("/")
@requires(Permission.SIGNED_IN)
def home():
    """The signed-in user's starting page: their work, or their organisation's."""
    user, panels = current_user, {}
    if allows(user, Permission.ASSIGN_CASES):
        panels = {
            "unassigned": dashboard.unassigned_intake(user),
            "workload": dashboard.workload(user),
            "stale": dashboard.stale_cases(user),
            "resolved": dashboard.recent_resolutions(user),
            "reviews": waiting_count(user),
            "stale_referrals": stale_incoming(user),
        }
    elif allows(user, Permission.WORK_ON_CASES):
        panels = {
            "open_cases": dashboard.my_open_cases(user),
            "hearings": dashboard.upcoming_hearings(user, local_today()),
            "stale": dashboard.stale_cases(user),
        }
    return render_template("main/home.html", panels=panels, named=_named(user, panels))


def _named(user, panels: dict) -> set[int]:
    """The panels' cases that may show their person's name to `user` (one query for all)."""
    cases = [
        item.case if isinstance(item, Hearing) else item
        for name in ("unassigned", "stale", "resolved", "open_cases", "hearings")
        for item in panels.get(name, ())
    ]
    return cases_showing_identity(user, (case.id for case in cases))


@bp.post("/language")
@public
def language():
    """Switch the interface language: kept on the user, or in the session before login."""
    form = LanguageForm()
    if form.validate_on_submit():
        set_language(form.language.data, current_user if current_user.is_authenticated else None)
        session["lang"] = form.language.data
    return redirect(safe_next_path(request.form.get("next")) or url_for("main.home"))


@bp.get("/healthz")
@public
def healthz():
    """For load balancers and container health checks: the app, the database and the job
    backend answer (503 naming the one that does not)."""
    failing = failing_checks()
    body, status = ("ok", 200) if not failing else ("failing: " + ", ".join(failing), 503)
    return body, status, {"Content-Type": "text/plain; charset=utf-8"}
