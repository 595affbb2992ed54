"""Case pages: list, intake, case page, timeline entries, edits, documents."""

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from legalaid.accounts.forms import ConfirmForm
from legalaid.audit.services import audit_now, case_viewers
from legalaid.casekinds import CaseKindDefinition, UnknownCaseKind, case_kind, case_kinds
from legalaid.casepage import drawn_panels
from legalaid.cases import bp
from legalaid.cases.conflicts import ClientConflict, check_renamed_client
from legalaid.cases.consents import update_consents
from legalaid.cases.documents import (
    DocumentRejected,
    DocumentTooLarge,
    document_path,
    download_name,
    remove_document,
    store_document,
)
from legalaid.cases.forms import (
    BeneficiaryEditForm,
    CaseFilterForm,
    DocumentForm,
    GbvConsentForm,
    ReviewDecisionForm,
    TimelineEntryForm,
)
from legalaid.cases.intake import (
    UnseenBeneficiary,
    beneficiary_data_from_form,
    consent_values_from_form,
    details_from_form,
    edit_defaults,
    prepare_case_form,
    prepare_filter_form,
    prepare_person_form,
    screen_intake,
)
from legalaid.cases.models import (
    Case,
    CaseEvent,
    CaseKind,
    Document,
    ReviewOutcome,
    ReviewReason,
)
from legalaid.cases.reviews import (
    against_their_cases,
    cases_of,
    decide_review,
    load_review,
    waiting_reasons,
    waiting_reviews,
)
from legalaid.cases.search import CaseCriteria, case_page
from legalaid.cases.services import (
    OTHER_PARTIES_CHANGE,
    ConflictWarning,
    add_timeline_entry,
    details_of,
    open_case,
    recheck_other_parties,
    update_beneficiary,
    update_case,
)
from legalaid.cases.timeline import event_sentence
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.offline.services import offline_snapshot
from legalaid.permissions import (
    Permission,
    allows,
    cases_showing_identity,
    load_case,
    requires,
)
from legalaid.queryargs import page_arg

CASES_PER_PAGE = 50


@bp.get("/")
@requires(Permission.VIEW_CASES)
def index():
    """The cases the user may see, filtered, searched, sorted, 50 to a page."""
    filters = CaseFilterForm(request.args)
    prepare_filter_form(filters, current_user)
    criteria = CaseCriteria()
    if filters.validate():
        criteria = CaseCriteria(
            text=filters.q.data or "",
            kind=filters.kind.data,
            status=filters.status.data,
            mine=filters.mine.data,
            organisation_id=int(filters.organisation_id.data or 0) or None,
            region_id=int(filters.region_id.data or 0) or None,
            prison_id=int(filters.prison_id.data or 0) or None,
            opened_from=filters.opened_from.data,
            opened_to=filters.opened_to.data,
            sort=filters.sort.data,
        )
    page = case_page(current_user, criteria, page=page_arg(), per_page=CASES_PER_PAGE)
    return render_template(
        "cases/index.html",
        page=page,
        filters=filters,
        named=cases_showing_identity(current_user, (case.id for case in page.items)),
        searched=bool(request.args),
    )


@bp.get("/new")
@requires(Permission.INTAKE)
def choose_kind():
    """Intake starts by choosing the kind of case."""
    return render_template("cases/choose_kind.html", kinds=list(case_kinds()))


def _kind_or_404(code: str) -> CaseKindDefinition:
    """The kind a URL names; a code no package registered is a page that does not exist."""
    try:
        return case_kind(code)
    except UnknownCaseKind:
        abort(404)


@bp.route("/new/<kind>", methods=["GET", "POST"])
@requires(Permission.INTAKE)
def intake(kind: str):
    """Guided intake of one kind: the person, then the case; duplicates and conflicts first."""
    definition = _kind_or_404(kind)
    form = definition.intake_form()
    prepare_case_form(form, definition)
    if request.method == "GET":
        form.opened_on.data = local_today()
    screening = None
    if form.validate_on_submit():
        try:
            screening = screen_intake(form, definition, current_user)
        except UnseenBeneficiary:
            abort(404)
        if screening.clear:
            case = open_case(screening.data, current_user, today=local_today())
            flash(_("Case %(reference)s opened.", reference=case.reference), "success")
            _tell_what_waits(case)
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template(
        "cases/intake.html",
        form=form,
        kind=definition,
        duplicates=screening.duplicates if screening else [],
        conflicts=screening.conflicts if screening else [],
        client_conflict=screening.client_conflict if screening else None,
    )


def _tell_what_waits(case: Case) -> None:
    """Say that a match out of the user's sight waits for the coordinator, naming nobody."""
    reasons = waiting_reasons(case)
    if ReviewReason.DUPLICATE in reasons:
        flash(_("A possible match exists; ask your coordinator."), "warning")
    if ReviewReason.CONFLICT in reasons:
        flash(_("A conflict of interest exists; your coordinator must clear it."), "warning")


def _tell_conflicts(warnings: list[ConflictWarning], client: ClientConflict | None = None) -> None:
    """Say what corrected adverse parties (`warnings`) or a corrected name (`client`) match:
    the cases the user may see, by reference; anything else only as a conflict to clear."""
    for warning in warnings:
        if warning.case_references:
            flash(
                _(
                    "Possible conflict of interest: %(party)s matches %(references)s.",
                    party=warning.adverse_party,
                    references=", ".join(warning.case_references),
                ),
                "warning",
            )
    if client is not None and client.case_references:
        flash(
            _(
                "Possible conflict of interest: this person is an adverse party in %(references)s.",
                references=", ".join(client.case_references),
            ),
            "warning",
        )
    if any(warning.hidden for warning in warnings) or (client is not None and client.hidden):
        flash(_("A conflict of interest exists; your coordinator must clear it."), "warning")


def _timeline(case: Case) -> list[CaseEvent]:
    return list(
        db.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case.id)
            .options(joinedload(CaseEvent.author))
            .order_by(CaseEvent.occurred_at.desc(), CaseEvent.id.desc())
        )
    )


def _documents(case: Case) -> list[Document]:
    return list(
        db.session.scalars(
            select(Document)
            .where(Document.case_id == case.id, Document.deleted_at.is_(None))
            .options(joinedload(Document.uploaded_by))
            .order_by(Document.uploaded_at.desc())
        )
    )


@bp.get("/<int:case_id>")
@requires(Permission.VIEW_CASES)
def show(case_id: int):
    """The case page: summary, person, details, who works on it, documents and timeline."""
    access = load_case(current_user, case_id)
    audit_now("case_view", by=current_user, obj=access.case)
    return _render_case(access)


def _render_case(access, entry_form=None, document_form=None, status: int = 200):
    case = access.case
    details = details_of(case)
    return (
        render_template(
            "cases/show.html",
            access=access,
            case=case,
            kind=case_kind(case.kind),
            details=details,
            timeline=_timeline(case) if access.may_work else [],
            documents=_documents(case) if access.may_work else [],
            entry_form=entry_form or TimelineEntryForm(),
            event_sentence=event_sentence,
            document_form=document_form or DocumentForm(),
            panels=drawn_panels(case, access, current_user, details),
            offline_case=offline_snapshot(access, details),
            viewers=case_viewers(case.id)
            if access.may_work and allows(current_user, Permission.SEE_CASE_VIEWERS)
            else [],
        ),
        status,
    )


def _load_for_work(case_id: int):
    access = load_case(current_user, case_id)
    if not access.may_work:
        abort(403)
    return access


@bp.post("/<int:case_id>/timeline")
@requires(Permission.WORK_ON_CASES)
def add_entry(case_id: int):
    """Add a note or an action to the timeline."""
    access = _load_for_work(case_id)
    form = TimelineEntryForm()
    if not form.validate_on_submit():
        return _render_case(access, entry_form=form, status=400)
    add_timeline_entry(access.case, current_user, form.text.data.strip(), form.action_type.data)
    flash(_("Added to the timeline."), "success")
    return redirect(url_for("cases.show", case_id=case_id) + "#timeline")


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def edit(case_id: int):
    """Edit the case's details; a save by someone else in between is shown, never overwritten."""
    access = _load_for_work(case_id)
    case = access.case
    kind = case_kind(case.kind)
    details = details_of(case)
    form = kind.edit_form(obj=case)
    prepare_case_form(form, kind)
    if request.method == "GET":
        form.process(obj=details, data=edit_defaults(case, details, kind))
    conflict = None
    if form.validate_on_submit():
        case_changes, detail_changes, parties = details_from_form(form, kind)
        try:
            changed = update_case(
                case,
                case_changes=case_changes,
                detail_changes=detail_changes,
                other_parties=parties,
                expected_version=form.version.data or 0,
                by=current_user,
            )
        except EditConflict as error:
            conflict = case
            form.version.data = error.current_version
        else:
            flash(_("The case has been saved."), "success")
            if OTHER_PARTIES_CHANGE in changed:
                _tell_conflicts(recheck_other_parties(case, current_user))
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template(
        "cases/edit.html", form=form, case=case, kind=kind, details=details, conflict=conflict
    )


@bp.route("/<int:case_id>/consents", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def edit_consents(case_id: int):
    """Update a survivor's consents to referral and the referrals made (audited)."""
    access = _load_for_work(case_id)
    case = access.case
    if case.kind != CaseKind.GBV or not access.sees_identity:
        abort(404)
    incident = details_of(case)
    form = GbvConsentForm(obj=incident)
    if request.method == "GET":
        form.version.data = case.version
    conflict = None
    if form.validate_on_submit():
        try:
            update_consents(
                case,
                incident,
                consent_values_from_form(form),
                expected_version=form.version.data or 0,
                by=current_user,
            )
        except EditConflict as error:
            conflict = incident
            form.version.data = error.current_version
        else:
            flash(_("The consents and referrals have been saved."), "success")
            return redirect(url_for("cases.show", case_id=case.id) + "#consents")
    return render_template("cases/consents.html", form=form, case=case, conflict=conflict)


@bp.route("/<int:case_id>/person", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def edit_person(case_id: int):
    """Correct the person's details (a spelling, a new phone); a save in between is shown."""
    case = _load_for_work(case_id).case
    form = BeneficiaryEditForm(obj=case.beneficiary)
    prepare_person_form(form)
    conflict = None
    if form.validate_on_submit():
        try:
            changed = update_beneficiary(
                case,
                beneficiary_data_from_form(form),
                expected_version=form.version.data or 0,
                by=current_user,
                today=local_today(),
            )
        except EditConflict as error:
            conflict = case.beneficiary
            form.version.data = error.current_version
        else:
            flash(_("The person's details have been saved."), "success")
            if "full_name" in changed:
                _tell_conflicts([], check_renamed_client(case, current_user))
            return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/edit_person.html", form=form, case=case, conflict=conflict)


@bp.post("/<int:case_id>/documents")
@requires(Permission.WORK_ON_CASES)
def upload_document(case_id: int):
    """Attach a document (checked by content; 10 MB at most)."""
    access = _load_for_work(case_id)
    form = DocumentForm()
    if not form.validate_on_submit():
        return _render_case(access, document_form=form, status=400)
    try:
        store_document(access.case, form.file.data, form.document_type.data, current_user)
    except DocumentTooLarge:
        abort(413)
    except DocumentRejected as error:
        form.file.errors.append(str(error))
        return _render_case(access, document_form=form, status=400)
    flash(_("Document added."), "success")
    return redirect(url_for("cases.show", case_id=case_id) + "#documents")


def _load_document(case: Case, document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None or document.case_id != case.id or document.deleted_at is not None:
        abort(404)
    return document


@bp.get("/<int:case_id>/documents/<int:document_id>")
@requires(Permission.WORK_ON_CASES)
def download_document(case_id: int, document_id: int):
    """Send a document as an attachment, to those who work on the case only."""
    access = _load_for_work(case_id)
    document = _load_document(access.case, document_id)
    audit_now("document_download", by=current_user, obj=document)
    return send_file(
        document_path(document),
        mimetype=document.content_type,
        as_attachment=True,
        download_name=download_name(document),
        max_age=0,
    )


@bp.route("/<int:case_id>/documents/<int:document_id>/remove", methods=["GET", "POST"])
@requires(Permission.WORK_ON_CASES)
def remove_document_view(case_id: int, document_id: int):
    """Remove a document after confirmation (kept on file, recorded on the timeline)."""
    access = _load_for_work(case_id)
    document = _load_document(access.case, document_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        remove_document(access.case, document, current_user)
        flash(_("Document removed."), "success")
        return redirect(url_for("cases.show", case_id=case_id) + "#documents")
    return render_template(
        "cases/remove_document.html", form=form, case=access.case, document=document
    )


@bp.get("/reviews")
@requires(Permission.REVIEW_MATCHES)
def reviews():
    """Possible matches the authors of cases could not be shown: both sides, one click each."""
    page = waiting_reviews(current_user)
    return render_template(
        "cases/reviews.html",
        page=page,
        their_cases=cases_of(review.beneficiary for review in page.items),
        against_known=against_their_cases(page.items),
        form=ReviewDecisionForm(),
    )


@bp.post("/reviews/<int:review_id>/<any(linked, dismissed):outcome>")
@requires(Permission.REVIEW_MATCHES)
def decide(review_id: int, outcome: str):
    """Link the case to the person already known, or dismiss the match."""
    review = load_review(current_user, review_id)
    if review is None:
        abort(404)
    form = ReviewDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        decide_review(
            review,
            ReviewOutcome(outcome),
            expected_version=int(form.version.data),
            by=current_user,
        )
    except EditConflict:
        flash(_("Someone decided this match in the meantime; here is the list as it is now."))
    except ValueError:
        abort(400)
    else:
        reference = review.case.reference
        if outcome == ReviewOutcome.LINKED:
            flash(_("Case %(reference)s is now linked to the person.", reference=reference))
        else:
            flash(_("The match for case %(reference)s is dismissed.", reference=reference))
    return redirect(url_for("cases.reviews"))
