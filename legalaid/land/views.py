"""Land-conciliation pages: sessions, the PV's filing and the court's decision, commissions."""

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from legalaid.cases.intake import court_options
from legalaid.editing import saved_or_told
from legalaid.extensions import db
from legalaid.formutils import choices, local_today
from legalaid.land import bp
from legalaid.land.forms import CommissionForm, DecisionForm, FilingForm, SessionForm
from legalaid.land.models import LAND_CONCILIATION, LandCommission
from legalaid.land.services import (
    CommissionData,
    LandRefused,
    SessionData,
    deactivate_commission,
    dispute_of,
    file_pv,
    load_session,
    record_decision,
    record_session,
    region_choices,
    save_commission,
    update_session,
)
from legalaid.permissions import Permission, load_case, requires


def _land_case(case_id: int):
    """A land case the user works on: 404 if they may not see it or it is of another kind
    (no IDOR), 403 if they see it but do not work on it."""
    access = load_case(current_user, case_id)
    if access.case.kind != LAND_CONCILIATION:
        abort(404)
    if not access.may_work:
        abort(403)
    return access.case, dispute_of(access.case)


def _back_to_case(case, anchor: str):
    return redirect(url_for("cases.show", case_id=case.id) + anchor)


def _saved(form, service: Callable[..., object], *args, **kwargs) -> bool:
    """Call a service; a refusal or a stale version is shown at the top of the form."""
    conflict = _("Someone else changed this case meanwhile; check it, then confirm again.")
    return saved_or_told(form, LandRefused, conflict, service, *args, **kwargs)


def _session_data(form) -> SessionData:
    return SessionData(
        held_on=form.held_on.data,
        place=form.place.data or "",
        beneficiary_present=form.beneficiary_present.data,
        present_party_ids=list(form.present_parties.data or []),
        attendance_total=form.attendance_total.data,
        attendance_women=form.attendance_women.data,
        attendance_youth=form.attendance_youth.data,
        minutes=form.minutes.data or "",
    )


@bp.route("/cases/<int:case_id>/land/sessions/new", methods=["GET", "POST"])
@bp.route("/cases/<int:case_id>/land/sessions/<int:session_id>", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def session(case_id: int, session_id: int | None = None):
    """Record a conciliation session of the commission, or correct one."""
    case, dispute = _land_case(case_id)
    existing = load_session(dispute, session_id) if session_id is not None else None
    if session_id is not None and existing is None:
        abort(404)
    if existing is None:
        defaults = {"held_on": local_today(), "place": dispute.place, "beneficiary_present": True}
    else:
        defaults = {"present_parties": [party.id for party in existing.present_parties]}
    form = SessionForm(obj=existing, data={**defaults, "version": case.version})
    form.present_parties.choices = choices((party.id, party.full_name) for party in dispute.parties)
    if form.validate_on_submit():
        data = _session_data(form)
        version = form.version.data
        if existing is None:
            done = _saved(form, record_session, case, current_user, data, expected_version=version)
        else:
            done = _saved(
                form, update_session, case, existing, current_user, data, expected_version=version
            )
        if done:
            flash(_("The session has been saved."), "success")
            return _back_to_case(case, "#land-sessions")
    status = 400 if request.method == "POST" else 200
    return render_template("land/session_form.html", form=form, case=case, session=existing), status


@bp.route("/cases/<int:case_id>/land/filing", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def filing(case_id: int):
    """Record that the PV of conciliation was filed at a court."""
    case, dispute = _land_case(case_id)
    form = FilingForm(
        data={
            "court_id": dispute.pv_court_id,
            "filed_on": dispute.pv_filed_on or local_today(),
            "version": case.version,
        }
    )
    form.court_id.choices = court_options()
    if form.validate_on_submit() and _saved(
        form,
        file_pv,
        case,
        current_user,
        court_id=form.court_id.data,
        filed_on=form.filed_on.data,
        expected_version=form.version.data,
    ):
        flash(_("The filing of the PV has been recorded."), "success")
        return _back_to_case(case, "#land-path")
    status = 400 if request.method == "POST" else 200
    return render_template("land/filing_form.html", form=form, case=case), status


@bp.route("/cases/<int:case_id>/land/decision", methods=["GET", "POST"])
@requires(Permission.RECORD_COURT_DECISIONS)
def decision(case_id: int):
    """Record the court's decision on the filed PV: recognised (homologué) or refused."""
    case, dispute = _land_case(case_id)
    form = DecisionForm(
        data={
            "recognition": dispute.recognition or "",
            "decided_on": dispute.recognised_on or local_today(),
            "version": case.version,
        }
    )
    if form.validate_on_submit() and _saved(
        form,
        record_decision,
        case,
        current_user,
        recognition=form.recognition.data,
        decided_on=form.decided_on.data,
        expected_version=form.version.data,
    ):
        flash(_("The court's decision has been recorded."), "success")
        return _back_to_case(case, "#land-path")
    status = 400 if request.method == "POST" else 200
    return render_template("land/decision_form.html", form=form, case=case, dispute=dispute), status


# Reference data: the commissions -----------------------------------------------------------


@bp.get("/admin/land-commissions")
@requires(Permission.MANAGE_REFERENCE)
def commissions():
    """The land commissions, active or not."""
    rows = db.session.scalars(
        select(LandCommission).order_by(LandCommission.active.desc(), LandCommission.name)
    )
    return render_template("land/commissions.html", commissions=list(rows))


@bp.route("/admin/land-commissions/new", methods=["GET", "POST"])
@bp.route("/admin/land-commissions/<int:commission_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE)
def edit_commission(commission_id: int | None = None):
    """Add a commission, or correct one (every change audited)."""
    commission = db.session.get(LandCommission, commission_id) if commission_id else None
    if commission_id and commission is None:
        abort(404)
    form = CommissionForm(obj=commission)
    form.region_id.choices = choices(region_choices())
    if form.validate_on_submit():
        data = CommissionData(
            code=form.code.data,
            name=form.name.data,
            level=form.level.data,
            commune=form.commune.data,
            region_id=form.region_id.data,
        )
        try:
            save_commission(commission, data, current_user)
        except LandRefused as error:
            db.session.rollback()
            form.form_errors.append(str(error))
        else:
            flash(_("The commission has been saved."), "success")
            return redirect(url_for("land.commissions"))
    status = 400 if request.method == "POST" else 200
    return render_template("land/commission_form.html", form=form, commission=commission), status


@bp.post("/admin/land-commissions/<int:commission_id>/deactivate")
@requires(Permission.MANAGE_REFERENCE)
def deactivate(commission_id: int):
    """Take a commission out of the intake lists (its cases keep it)."""
    commission = db.session.get(LandCommission, commission_id)
    if commission is None:
        abort(404)
    deactivate_commission(commission, current_user)
    flash(_("The commission has been deactivated."), "success")
    return redirect(url_for("land.commissions"))
