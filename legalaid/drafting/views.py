"""Generating a document from a case, downloading it, and the admins' template pages."""

from io import BytesIO

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from legalaid.accounts.models import Organisation
from legalaid.audit.services import audit_now
from legalaid.casekinds import case_kinds
from legalaid.cases.documents import DOCX_TYPE, document_path, download_name
from legalaid.cases.services import details_of
from legalaid.drafting import bp
from legalaid.drafting.fields import all_fields
from legalaid.drafting.filling import TemplateRefused
from legalaid.drafting.forms import (
    GenerateForm,
    NewTemplateForm,
    TemplateCopyForm,
    TemplateUploadForm,
)
from legalaid.drafting.models import DocumentTemplate, GeneratedDocument, TemplateVersion
from legalaid.drafting.pdf import docx_to_pdf
from legalaid.drafting.services import (
    REFERRAL_TYPES,
    GenerationRefused,
    NewTemplate,
    Referral,
    add_version,
    copy_for_organisation,
    create_template,
    draft,
    generate,
    load_offer,
    preview,
)
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.formutils import choices, local_today
from legalaid.permissions import CaseAccess, Permission, load_case, may_generate, requires

FORMATS = {"docx": DOCX_TYPE, "pdf": "application/pdf"}


def _load_offer(case_id: int, template_id: int):
    """The case, its details and the template, if this user may fill it from this case now."""
    access = load_case(current_user, case_id)
    details = details_of(access.case)
    template = load_offer(access.case, details, template_id, local_today())
    if template is None or not may_generate(current_user, access, template):
        abort(404)
    return access, details, template


def _referral(form: GenerateForm) -> Referral | None:
    if not form.referral_type.data:
        return None
    return Referral(
        form.referral_type.data, form.referral_service.data or "", form.referral_note.data or ""
    )


@bp.route("/cases/<int:case_id>/generate/<int:template_id>", methods=["GET", "POST"])
@requires(Permission.GENERATE_DOCUMENTS)
def generate_document(case_id: int, template_id: int):
    """What the document will hold (the values the case lacks listed first), then generate."""
    access, details, template = _load_offer(case_id, template_id)
    form = GenerateForm()
    form.referral_type.choices = choices([("", "—"), *REFERRAL_TYPES.items()])

    def filled(referral: Referral | None = None):
        return draft(
            access.case,
            details,
            template,
            by=current_user,
            sees_identity=access.sees_identity,
            on=local_today(),
            referral=referral,
        )

    if form.validate_on_submit():
        try:
            made = filled(_referral(form))
        except GenerationRefused as refusal:
            form.referral_type.errors.append(str(refusal))
        except TemplateRefused as refusal:
            form.form_errors.append(_template_error(refusal))
        else:
            generated = generate(access.case, made, by=current_user)
            flash(_("The document was generated and saved on the case."), "success")
            return redirect(
                url_for("drafting.generated", case_id=case_id, generated_id=generated.id)
            )
    missing = None
    # A referral slip is never filled before its consent is checked, not even to list.
    if not template.needs_referral_consent and not form.form_errors:
        try:
            missing = filled().missing
        except TemplateRefused as refusal:
            form.form_errors.append(_template_error(refusal))
    return render_template(
        "drafting/generate.html",
        case=access.case,
        template=template,
        form=form,
        missing=missing,
        fields=all_fields(),
    )


def _template_error(refusal: TemplateRefused) -> str:
    return _("%(error)s Tell the administrator, who manages the templates.", error=refusal)


def _load_generated(case_id: int, generated_id: int) -> tuple[CaseAccess, GeneratedDocument]:
    access = load_case(current_user, case_id)
    generated = db.session.get(GeneratedDocument, generated_id)
    if generated is None or generated.case_id != access.case.id:
        abort(404)
    if not (access.may_work or generated.generated_by_id == current_user.id):
        abort(404)
    return access, generated


@bp.get("/cases/<int:case_id>/generated/<int:generated_id>")
@requires(Permission.GENERATE_DOCUMENTS)
def generated(case_id: int, generated_id: int):
    """A generated document: what it lacks, and its two files."""
    access, document = _load_generated(case_id, generated_id)
    return render_template(
        "drafting/generated.html",
        case=access.case,
        generated=document,
        fields=all_fields(),
    )


@bp.get("/cases/<int:case_id>/generated/<int:generated_id>.<any(docx, pdf):format>")
@requires(Permission.GENERATE_DOCUMENTS)
def download_generated(case_id: int, generated_id: int, format: str):
    """One of a generated document's files, as an attachment."""
    _access, document = _load_generated(case_id, generated_id)
    stored = document.docx if format == "docx" else document.pdf
    audit_now("document_download", by=current_user, obj=stored)
    return send_file(
        document_path(stored),
        mimetype=stored.content_type,
        as_attachment=True,
        download_name=download_name(stored),
        max_age=0,
    )


def _organisation_choices(shared: str | None = None) -> list[SelectChoice]:
    rows = db.session.scalars(
        select(Organisation).where(Organisation.active).order_by(Organisation.name)
    )
    return choices(([(0, shared)] if shared else []) + [(o.id, o.name) for o in rows])


@bp.route("/admin/templates/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_TEMPLATES)
def new_template():
    """A template of the programme's own, checked like any upload."""
    form = NewTemplateForm()
    form.organisation_id.choices = _organisation_choices(shared=_("Shared by every organisation"))
    form.case_kinds.choices = choices((kind.code, kind.label) for kind in case_kinds())
    if form.validate_on_submit():
        values = NewTemplate(
            title=form.title.data,
            organisation_id=form.organisation_id.data or None,
            language=form.language.data,
            document_type=form.document_type.data,
            case_kinds=form.case_kinds.data,
            detention_states=form.detention_states.data,
            needs_referral_consent=form.needs_referral_consent.data,
        )
        try:
            template = create_template(values, form.file.data.read(), by=current_user)
        except TemplateRefused as refusal:
            form.file.errors.append(str(refusal))
        else:
            flash(_("Template added."), "success")
            return redirect(url_for("drafting.template_page", template_id=template.id))
    return render_template("drafting/new_template.html", form=form, fields=all_fields()), (
        422 if form.errors else 200
    )


@bp.get("/admin/templates")
@requires(Permission.MANAGE_TEMPLATES)
def templates():
    """Every template, shared ones first, with its current version."""
    rows = db.session.scalars(
        select(DocumentTemplate).order_by(
            DocumentTemplate.organisation_id.is_not(None),
            DocumentTemplate.organisation_id,
            DocumentTemplate.title,
        )
    ).all()
    return render_template("drafting/templates.html", templates=rows)


def _template(template_id: int) -> DocumentTemplate:
    template = db.session.get(DocumentTemplate, template_id)
    if template is None:
        abort(404)
    return template


def _template_page(template, upload_form=None, copy_form=None, status=200):
    upload_form = upload_form or TemplateUploadForm(number=template.current.number)
    copy_form = copy_form or TemplateCopyForm()
    copy_form.organisation_id.choices = _organisation_choices()
    return (
        render_template(
            "drafting/template.html",
            template=template,
            upload_form=upload_form,
            copy_form=copy_form,
            fields=all_fields(),
        ),
        status,
    )


@bp.get("/admin/templates/<int:template_id>")
@requires(Permission.MANAGE_TEMPLATES)
def template_page(template_id: int):
    """A template: its versions (who, when, what changed), a new upload, a copy."""
    return _template_page(_template(template_id))


@bp.post("/admin/templates/<int:template_id>/versions")
@requires(Permission.MANAGE_TEMPLATES)
def upload_version(template_id: int):
    """Upload a new version; the previous ones stay."""
    template = _template(template_id)
    form = TemplateUploadForm()
    if form.validate_on_submit():
        try:
            version = add_version(
                template,
                form.file.data.read(),
                form.note.data,
                expected_number=form.number.data,
                by=current_user,
            )
        except TemplateRefused as refusal:
            form.file.errors.append(str(refusal))
        except EditConflict as conflict:
            form.number.errors.append(
                _(
                    "Someone uploaded version %(number)s meanwhile: download it, check it, "
                    "then upload yours again.",
                    number=conflict.current_version,
                )
            )
        else:
            flash(_("Version %(number)s saved.", number=version.number), "success")
            return redirect(url_for("drafting.template_page", template_id=template.id))
    return _template_page(template, upload_form=form, status=422)


@bp.post("/admin/templates/<int:template_id>/copy")
@requires(Permission.MANAGE_TEMPLATES)
def copy_template(template_id: int):
    """An organisation's own copy of a shared template."""
    template = _template(template_id)
    if template.organisation_id is not None:
        abort(404)
    form = TemplateCopyForm()
    form.organisation_id.choices = _organisation_choices()
    if not form.validate_on_submit():
        return _template_page(template, copy_form=form, status=422)
    copy = copy_for_organisation(template, form.organisation_id.data, by=current_user)
    flash(_("The organisation now has its own copy of this template."), "success")
    return redirect(url_for("drafting.template_page", template_id=copy.id))


def _version(template: DocumentTemplate, number: int) -> TemplateVersion:
    version = next((v for v in template.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


@bp.get("/admin/templates/<int:template_id>/versions/<int:number>.docx")
@requires(Permission.MANAGE_TEMPLATES)
def download_version(template_id: int, number: int):
    """A version's Word file as uploaded, to edit it."""
    template = _template(template_id)
    version = _version(template, number)
    return send_file(
        BytesIO(version.content),
        mimetype=DOCX_TYPE,
        as_attachment=True,
        download_name=f"{template.code}-v{version.number}.docx",
        max_age=0,
    )


@bp.get("/admin/templates/<int:template_id>/versions/<int:number>/preview.<any(docx, pdf):format>")
@requires(Permission.MANAGE_TEMPLATES)
def preview_version(template_id: int, number: int, format: str):
    """A version filled with an invented case (admins see no real one)."""
    template = _template(template_id)
    made = preview(template, _version(template, number), on=local_today())
    return send_file(
        BytesIO(made.docx if format == "docx" else docx_to_pdf(made.docx)),
        mimetype=FORMATS[format],
        as_attachment=True,
        download_name=f"{template.code}-v{number}-apercu.{format}",
        max_age=0,
    )
