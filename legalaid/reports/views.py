"""The dashboard and the indicator exports."""

from datetime import date

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField

from legalaid.accounts.models import Organisation
from legalaid.audit.services import audit_now
from legalaid.extensions import db
from legalaid.formutils import choices, local_today
from legalaid.permissions import Permission, allows, requires
from legalaid.reference.models import Prison, Region
from legalaid.reports import bp
from legalaid.reports.dashboard import charts
from legalaid.reports.donor_report import donor_report_pdf
from legalaid.reports.exports import case_level_csv, indicators_csv, indicators_xlsx
from legalaid.reports.forms import ReportFilterForm
from legalaid.reports.presentation import number
from legalaid.reports.sentences import headline_sentences, report_notes
from legalaid.reports.services import Scope, report_figures


def _scope_from_request() -> tuple[ReportFilterForm, Scope]:
    """The filters as asked, within what the user may see (a coordinator: own organisation)."""
    today = local_today()
    form = ReportFilterForm(request.args)
    if not request.args.get("start"):
        form.start.data = date(today.year, 1, 1)
    if not request.args.get("end"):
        form.end.data = today
    everyone = [("", "—")]
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name).order_by(Organisation.name)
    ).all()
    form.organisation_id.choices = choices(everyone + [(str(i), n) for i, n in organisations])
    for field, model in ((form.region_id, Region), (form.prison_id, Prison)):
        rows = db.session.execute(select(model.id, model.name).order_by(model.name)).all()
        field.choices = choices(everyone + [(str(i), n) for i, n in rows])
    form.validate()
    start = form.start.data or date(today.year, 1, 1)
    end = form.end.data if form.end.data and form.end.data >= start else today
    organisation_id = _chosen_id(form.organisation_id)
    if not allows(current_user, Permission.REPORT_ALL_ORGANISATIONS):
        organisation_id = current_user.organisation_id
    scope = Scope(
        start,
        end,
        organisation_id=organisation_id,
        region_id=_chosen_id(form.region_id),
        prison_id=_chosen_id(form.prison_id),
    )
    return form, scope


def _chosen_id(field: SelectField) -> int | None:
    """The id picked in a filter; one that is not among its choices filters nothing."""
    return int(field.data) if field.data and not field.errors else None


@bp.get("/")
@requires(Permission.VIEW_REPORTS)
def dashboard():
    """Headline indicators as sentences, and charts with their tables."""
    form, scope = _scope_from_request()
    result = report_figures(scope, current_user)
    return render_template(
        "reports/dashboard.html",
        form=form,
        scope=scope,
        result=result,
        sentences=headline_sentences(result),
        notes=report_notes(result),
        charts=charts(result),
        number=number,
        all_organisations=allows(current_user, Permission.REPORT_ALL_ORGANISATIONS),
    )


# Translators: file names, in ASCII letters without spaces.
FILE_STEMS = {"indicators": _l("indicators"), "report": _l("report"), "cases": _l("cases")}


def _download(content: bytes, mimetype: str, name: str, scope: Scope) -> Response:
    """The file, audited, named in the user's language with its period:
    `rapport-2026-01-01_2026-06-30.pdf`."""
    stem, extension = name.split(".")
    audit_now(
        f"export_{extension}_{stem}",
        by=current_user,
        details=f"{scope.start}..{scope.end} org={scope.organisation_id} "
        f"region={scope.region_id} prison={scope.prison_id}",
    )
    filename = f"{FILE_STEMS[stem]}-{scope.start}_{scope.end}.{extension}"
    return Response(
        content,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={filename}"},
    )


@bp.get("/indicators.csv")
@requires(Permission.VIEW_REPORTS)
def export_csv():
    """The indicators, one per line."""
    _form, scope = _scope_from_request()
    return _download(
        indicators_csv(report_figures(scope, current_user)), "text/csv", "indicators.csv", scope
    )


@bp.get("/indicators.xlsx")
@requires(Permission.VIEW_REPORTS)
def export_xlsx():
    """The indicators as a workbook in the user's language, with the cross tables."""
    _form, scope = _scope_from_request()
    return _download(
        indicators_xlsx(report_figures(scope, current_user)),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "indicators.xlsx",
        scope,
    )


@bp.get("/report.pdf")
@requires(Permission.VIEW_REPORTS)
def export_pdf():
    """The donor report in the user's language."""
    _form, scope = _scope_from_request()
    pdf = donor_report_pdf(
        report_figures(scope, current_user),
        organisation=_name(Organisation, scope.organisation_id),
        filters=_narrowed_to(scope),
        exact=allows(current_user, Permission.EXACT_FIGURES),
    )
    return _download(pdf, "application/pdf", "report.pdf", scope)


def _narrowed_to(scope: Scope) -> list[str]:
    """The region and prison a report is narrowed to, as its subtitle says them."""
    filters = []
    if scope.region_id:
        filters.append(_("Region: %(name)s", name=_name(Region, scope.region_id)))
    if scope.prison_id:
        filters.append(_("Prison: %(name)s", name=_name(Prison, scope.prison_id)))
    return filters


def _name(model: type[Organisation | Region | Prison], row_id: int | None) -> str | None:
    """The name of the organisation, region or prison a report is narrowed to, if any."""
    row = db.session.get(model, row_id) if row_id else None
    return row.name if row else None


@bp.get("/cases.csv")
@requires(Permission.CASE_LEVEL_EXPORT)
def export_cases():
    """One line per case for M&E, with beneficiary codes only (no name, phone or address)."""
    _form, scope = _scope_from_request()
    return _download(case_level_csv(scope, current_user), "text/csv", "cases.csv", scope)
