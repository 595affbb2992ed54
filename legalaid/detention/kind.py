"""Pre-trial detention as a case kind: a detainee, the prison, the legal-limit clock."""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, exists, update

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import NO_CHOICE, DetentionEditForm, DetentionIntakeForm
from legalaid.cases.intake import court_options, optional_text, reference_options
from legalaid.cases.models import Case, CaseKind
from legalaid.detention import documents, importing, indicators
from legalaid.detention.models import DetentionRecord
from legalaid.detention.panels import LEGAL_LIMIT
from legalaid.extensions import db
from legalaid.formutils import at_time
from legalaid.reference.models import Prison
from legalaid.reports.presentation import PeopleMeasure


class DetentionKind(CaseKindDefinition):
    """A pre-trial detainee held in one of the programme's prisons."""

    code = CaseKind.DETENTION.value
    prefix = "DET"
    label = _l("Pre-trial detention")
    detail_model = DetentionRecord
    intake_form = DetentionIntakeForm
    edit_form = DetentionEditForm
    fields_template = "detention/_case_fields.html"
    details_template = "detention/_case_details.html"
    detail_fields = (
        "prison_id",
        "arrested_on",
        "committal_on",
        "offence_class",
        "charges",
        "court_id",
        "investigating_judge",
        "procedure_stage",
        "code_regime",
    )
    outcomes = (
        "released_pending_trial",
        "charges_dismissed",
        "acquitted",
        "sentenced",
        "sentence_served",
        "transferred",
    )
    import_columns = ("prison", "arrested_on", "committal_date", "offence_class", "charges")
    panels = (LEGAL_LIMIT,)
    document_fields = documents.DOCUMENT_FIELDS
    reference_pages = ((_l("Detention rules"), "detention.rules"),)
    percentages = indicators.PERCENTAGES
    import_aliases = importing.ALIASES
    import_kind_words = ("détention", "détention provisoire", "détenu", "détenue", "DET")
    import_words = importing.WORDS
    import_field_columns = importing.FIELD_COLUMNS
    import_multiline = frozenset({"charges"})
    import_next_hearing = True

    def document_values(self, case: Case, details, on: date, language: str) -> dict[str, Any]:
        """The clock's dates, the orders on file and the article of the rule in force."""
        return documents.document_values(case, details, on, language)

    def document_sample(self, on: date, language: str) -> dict[str, Any]:
        """A detainee held 43 days beyond the limit."""
        return documents.document_sample(on, language)

    def document_state(self, case: Case, details, on: date) -> str | None:
        """The legal-limit clock's state."""
        return documents.document_state(case, on)

    def document_reason(self, case: Case, details, on: date) -> str | None:
        """How far past the limit, or how near it, the detention is."""
        return documents.document_reason(case, on)

    def prepare_form(self, form) -> None:
        """The prisons (one must be chosen) and the courts (optional)."""
        form.prison_id.choices = reference_options(Prison, str(NO_CHOICE[1]))
        form.court_id.choices = court_options()

    def details_from_form(self, form) -> dict[str, Any]:
        """The fields as typed, tidied, and the start of police custody from its day and time."""
        values = super().details_from_form(form)
        values["court_id"] = values["court_id"] or None
        values["charges"] = (values["charges"] or "").strip()
        values["investigating_judge"] = optional_text(values["investigating_judge"])
        day = form.custody_started_on.data
        values["custody_started_at"] = at_time(day, form.custody_started_time.data) if day else None
        return values

    def edit_defaults(self, case: Case, details) -> dict[str, Any]:
        """Police custody's start as the form's day and time; no court as the empty choice."""
        started = details.custody_started_at
        return {
            "custody_started_on": started.date() if started else None,
            "custody_started_time": started.strftime("%H:%M") if started else "",
            "court_id": details.court_id or 0,
        }

    def list_condition(self, criteria) -> ColumnElement[bool] | None:
        """The cases of detainees in the prison the list is filtered by."""
        if not criteria.prison_id:
            return None
        return exists().where(
            DetentionRecord.case_id == Case.id, DetentionRecord.prison_id == criteria.prison_id
        )

    def indicators(self, scope) -> dict[str, Any]:
        """The detainees identified, assisted and held (legalaid/detention/indicators.py)."""
        return {"detainees": indicators.detainees(scope)}

    def protect(self, exact: dict[str, Any], protected: dict[str, Any]) -> None:
        """No median of days held over fewer than 5 detainees."""
        indicators.protect(exact, protected)

    def summary_rows(self, figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """The detainees' rows of the exports' summary sheet."""
        return indicators.summary_rows(figures["detainees"])

    def charts(self, figures: dict[str, Any]) -> list[Any]:
        """The detainees held at the end of the period, by prison and state."""
        return [indicators.held_chart(figures["detainees"])]

    def headline_sentences(self, figures: dict[str, Any]) -> list[str]:
        """The detainees assisted out of those identified, and their cases resolved."""
        return indicators.headline_sentences(figures["detainees"])

    def people_measures(self, figures: dict[str, Any]) -> list[PeopleMeasure]:
        """The detainees identified, and those assisted."""
        return indicators.people_measures(figures["detainees"])

    def purge(self, cases: Select) -> None:
        """The charges may name the victim or the co-accused."""
        db.session.execute(
            update(DetentionRecord).where(DetentionRecord.case_id.in_(cases)).values(charges="")
        )

    def import_example(self, code, day, today: date, name: str) -> dict[str, str]:
        """A man held in the first prison, his hearing next month."""
        return importing.example(code, day, today, name)

    def read_import_row(self, row, directory) -> tuple[dict[str, Any], list[str] | None]:
        """The detention record of an import row (legalaid/detention/importing.py)."""
        return importing.read_row(row, directory)

    def import_directory(self) -> dict[str, Any]:
        """The prisons, by name and by code."""
        return importing.directory()


KIND = DetentionKind()
