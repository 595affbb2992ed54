"""Activity pages: the list, recording and correcting an activity, its roster, a mission's
recommendations. Thin: each parses the form and calls one service."""

import io
from collections.abc import Callable

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from openpyxl import Workbook
from sqlalchemy import select

from legalaid.accounts.models import Organisation
from legalaid.activities import bp
from legalaid.activities.forms import (
    ActivityForm,
    ActivityImportForm,
    FollowUpForm,
    ParticipantForm,
    RecommendationForm,
)
from legalaid.activities.importing import import_activities, template_sheets
from legalaid.activities.models import GRID_COLUMNS, Activity, ActivityType
from legalaid.activities.services import (
    ActivityData,
    ActivityRefused,
    ParticipantData,
    add_participant,
    add_recommendation,
    facilitator_choices,
    follow_up,
    record_activity,
    remove_participant,
    same_person_elsewhere,
    split_references,
    update_activity,
    visible_cases,
)
from legalaid.audit.services import audit_now
from legalaid.cases.intake import reference_options
from legalaid.editing import EditConflict, saved_or_told
from legalaid.exports import csv_bytes, safe_cell
from legalaid.extensions import db
from legalaid.formutils import choices, local_today
from legalaid.imports.reading import FileRefused
from legalaid.imports.services import (
    discard_upload,
    organisation_choices,
    store_upload,
    upload_path,
)
from legalaid.land.models import LandCommission
from legalaid.permissions import (
    Permission,
    activity_scope,
    load_activity,
    requires,
    sees_roster,
)
from legalaid.queryargs import page_arg, text_arg
from legalaid.reference.models import Court, Prison, Region

PER_PAGE = 50


def _own_activity(activity_id: int) -> Activity:
    """An activity of the user's own organisation, which they may change; 404 otherwise."""
    activity = load_activity(current_user, activity_id)
    if activity.organisation_id != current_user.organisation_id:
        abort(404)
    return activity


def _saved(form, service: Callable[..., object], *args, **kwargs) -> bool:
    """Call a service; a refusal or a stale version is shown at the top of the form."""
    conflict = _("Someone else changed this activity meanwhile; check it, then save again.")
    return saved_or_told(form, ActivityRefused, conflict, service, *args, **kwargs)


@bp.route("/")
@requires(Permission.VIEW_ACTIVITIES)
def index():
    """The activities the user may see, latest first, by type."""
    query = select(Activity).where(activity_scope(current_user))
    chosen = text_arg("type")
    if chosen in set(ActivityType):
        query = query.where(Activity.type == chosen)
    query = query.order_by(Activity.start_on.desc(), Activity.id.desc())
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template(
        "activities/index.html", page=page, chosen=chosen, types=list(ActivityType)
    )


def _prepare(form: ActivityForm) -> None:
    form.region_id.choices = reference_options(Region, "—")
    form.commission_id.choices = reference_options(LandCommission, "—")
    form.prison_id.choices = reference_options(Prison, "—")
    form.court_id.choices = reference_options(Court, "—")
    form.facilitator_ids.choices = facilitator_choices(current_user.organisation_id)


def _activity_data(form: ActivityForm) -> ActivityData:
    return ActivityData(
        type=form.type.data,
        title=form.title.data,
        start_on=form.start_on.data,
        end_on=form.end_on.data,
        region_id=form.region_id.data,
        commune=form.commune.data or "",
        place=form.place.data or "",
        topics=form.topics.data or "",
        commission_id=form.commission_id.data,
        prison_id=form.prison_id.data,
        court_id=form.court_id.data,
        members=form.members.data or "",
        findings=form.findings.data or "",
        grid=form.grid(),
        facilitator_ids=list(form.facilitator_ids.data or []),
        case_references=split_references(form.case_references.data),
    )


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:activity_id>/edit", methods=["GET", "POST"])
@requires(Permission.RECORD_ACTIVITIES)
def edit(activity_id: int | None = None):
    """Record an activity of the organisation, or correct one."""
    activity = _own_activity(activity_id) if activity_id is not None else None
    if activity is None:
        chosen = text_arg("type")
        defaults = {
            "start_on": local_today(),
            "type": chosen if chosen in set(ActivityType) else ActivityType.SENSITISATION.value,
        }
        form = ActivityForm(data=defaults)
    else:
        references = ", ".join(case.reference for case in visible_cases(activity, current_user))
        form = ActivityForm(
            obj=activity,
            data={
                "version": activity.version,
                "facilitator_ids": [user.id for user in activity.facilitators],
                "case_references": references,
                "region_id": activity.region_id or 0,
                "commission_id": activity.commission_id or 0,
                "prison_id": activity.prison_id or 0,
                "court_id": activity.court_id or 0,
            },
        )
    _prepare(form)
    if form.validate_on_submit():
        data = _activity_data(form)
        if activity is None:
            created: list[Activity] = []
            done = _saved(form, lambda: created.append(record_activity(data, current_user)))
            target = created[0] if done else None
        else:
            done = _saved(
                form,
                update_activity,
                activity,
                data,
                current_user,
                expected_version=form.version.data,
            )
            target = activity
        if done and target is not None:
            flash(_("The activity has been saved."), "success")
            return redirect(url_for("activities.show", activity_id=target.id))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "activities/form.html", form=form, activity=activity, grid=GRID_COLUMNS
    ), status


@bp.route("/<int:activity_id>")
@requires(Permission.VIEW_ACTIVITIES)
def show(activity_id: int):
    """An activity: its details, the counted grid, the roster (its organisation only, audited),
    a mission's cases and recommendations."""
    activity = load_activity(current_user, activity_id)
    roster = sees_roster(current_user, activity)
    if roster and activity.participants:
        audit_now("activity_roster_view", by=current_user, obj=activity)
    return render_template(
        "activities/show.html",
        activity=activity,
        roster=roster,
        may_edit=roster,  # the organisation's workers: the same people as the roster's readers
        elsewhere=same_person_elsewhere(activity) if roster else {},
        cases=visible_cases(activity, current_user),
        recommendation_form=RecommendationForm(formdata=None),
    )


@bp.route("/<int:activity_id>/participants", methods=["GET", "POST"])
@requires(Permission.RECORD_ACTIVITIES)
def participant(activity_id: int):
    """Add a named participant to the roster."""
    activity = _own_activity(activity_id)
    form = ParticipantForm()
    form.commission_id.choices = reference_options(LandCommission, "—")
    if form.validate_on_submit():
        data = ParticipantData(
            full_name=form.full_name.data,
            sex=form.sex.data,
            birth_year=form.birth_year.data,
            age=form.age.data,
            role=form.role.data or "",
            phone=form.phone.data or "",
            commission_id=form.commission_id.data,
            member_of=form.member_of.data or "",
        )
        add_participant(activity, data, current_user)
        flash(_("%(name)s is on the roster.", name=data.full_name.strip()), "success")
        return redirect(url_for("activities.participant", activity_id=activity.id))
    status = 400 if request.method == "POST" else 200
    return render_template("activities/participant_form.html", form=form, activity=activity), status


@bp.route("/<int:activity_id>/participants/<int:participant_id>/remove", methods=["POST"])
@requires(Permission.RECORD_ACTIVITIES)
def remove(activity_id: int, participant_id: int):
    """Take a participant off the roster."""
    activity = _own_activity(activity_id)
    try:
        remove_participant(activity, participant_id, current_user)
    except ActivityRefused:
        abort(404)
    flash(_("The participant has been removed from the roster."), "success")
    return redirect(url_for("activities.show", activity_id=activity.id) + "#roster")


@bp.route("/<int:activity_id>/recommendations", methods=["POST"])
@requires(Permission.RECORD_ACTIVITIES)
def recommendation(activity_id: int):
    """Record a recommendation of a monitoring mission."""
    activity = _own_activity(activity_id)
    form = RecommendationForm()
    if not form.validate_on_submit():
        flash(_("The recommendation needs its text and its addressee."), "danger")
        return redirect(url_for("activities.show", activity_id=activity.id) + "#recommendations")
    try:
        add_recommendation(
            activity, form.text.data, form.addressee.data, form.status.data, current_user
        )
    except ActivityRefused as error:
        flash(str(error), "danger")
    return redirect(url_for("activities.show", activity_id=activity.id) + "#recommendations")


@bp.route("/<int:activity_id>/recommendations/<int:recommendation_id>", methods=["POST"])
@requires(Permission.RECORD_ACTIVITIES)
def follow(activity_id: int, recommendation_id: int):
    """Move a recommendation to a new follow-up status."""
    activity = _own_activity(activity_id)
    found = next((r for r in activity.recommendations if r.id == recommendation_id), None)
    if found is None:
        abort(404)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            follow_up(found, form.status.data, current_user, expected_version=form.version.data)
        except EditConflict:
            flash(_("Someone else changed this recommendation meanwhile; check it."), "warning")
    return redirect(url_for("activities.show", activity_id=activity.id) + "#recommendations")


@bp.route("/import", methods=["GET", "POST"])
@requires(Permission.IMPORT_CASES)
def import_page():
    """Check (by default) or import a file of activities and its rosters, at once: the files
    are small, one row per activity."""
    form = ActivityImportForm(organisation_id=current_user.organisation_id or 0)
    form.organisation_id.choices = choices(organisation_choices(current_user))
    report = None
    if form.validate_on_submit():
        stored = []
        try:
            stored.append(store_upload(form.file.data))
            if form.roster.data and form.roster.data.filename:
                stored.append(store_upload(form.roster.data))
            organisation = db.session.get(Organisation, form.organisation_id.data or 0)
            report = import_activities(
                upload_path(stored[0]),
                roster_path=upload_path(stored[1]) if len(stored) > 1 else None,
                organisation_name=organisation.name if organisation else None,
                by_email=current_user.email,
                dry_run=form.dry_run.data,
            )
        except FileRefused as error:
            form.file.errors.append(str(error))
        finally:
            for name in stored:
                discard_upload(name)
    return render_template("activities/import.html", form=form, report=report)


@bp.get("/import/template.<any(csv, xlsx):extension>")
@requires(Permission.IMPORT_CASES)
def import_template(extension: str):
    """The file to fill in, headed in the user's language, with an example of each way of
    counting; the workbook has the rosters' sheet too. It holds no one's data."""
    organisation = current_user.organisation.name if current_user.organisation else ""
    sheets = template_sheets(str(get_locale() or "fr"), organisation)
    if extension == "csv":
        content = csv_bytes(sheets[0][1][0], sheets[0][1][1:])
        mimetype = "text/csv"
    else:
        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets:
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append([safe_cell(value) for value in row])
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # Translators: the name of the downloaded activities template, without its extension.
    name = _("activities-template")
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={name}.{extension}"},
    )
