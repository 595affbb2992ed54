"""Gender-based violence as a case kind: the incident, the survivor's consents."""

from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, update

from legalaid.casekinds import CaseKindDefinition, CasePanel
from legalaid.cases.forms import GbvEditForm, GbvIntakeForm
from legalaid.cases.intake import consent_values_from_form, optional_text
from legalaid.cases.models import CaseKind, GbvIncident
from legalaid.extensions import db
from legalaid.gbv import documents, importing

if TYPE_CHECKING:
    from legalaid.reports.presentation import PeopleMeasure


def consents(case, details, access, user) -> dict[str, Any] | None:
    """The consents card draws on the details already read; shown only where the survivor's
    identity is (her consents say who she is seen by)."""
    return {} if access.sees_identity else None


class GbvKind(CaseKindDefinition):
    """A survivor of gender-based violence (GBVIMS incident types)."""

    code = CaseKind.GBV.value
    prefix = "GBV"
    label = _l("Gender-based violence")
    document_fields = documents.DOCUMENT_FIELDS
    detail_model = GbvIncident
    intake_form = GbvIntakeForm
    edit_form = GbvEditForm
    fields_template = "gbv/_case_fields.html"
    details_template = "gbv/_case_details.html"
    detail_fields = ("incident_type", "incident_date", "narrative")
    # Notes on a survivor's case would tell her story on a shared phone.
    kept_offline = False
    outcomes = ("judgment_obtained", "mediation", "referred", "withdrawn")
    import_columns = ("incident_type", "incident_date", "consent_reporting")
    panels = (CasePanel("gbv/_consents.html", consents),)
    import_aliases = importing.ALIASES
    import_kind_words = (
        "VBG",
        "violence basée sur le genre",
        "violences basées sur le genre",
        "VSBG",
        "SGBV",
    )
    import_words = importing.WORDS

    def document_values(self, case, details, on: date, language: str) -> dict[str, Any]:
        """The incident's type and date, never the narrative."""
        return documents.document_values(case, details, on, language)

    def document_sample(self, on: date, language: str) -> dict[str, Any]:
        """An invented incident."""
        return documents.document_sample(on, language)

    def details_from_form(self, form) -> dict[str, Any]:
        """The incident, and at intake the consents and referrals (later they have their own
        form, never changed in passing with the incident)."""
        values = super().details_from_form(form)
        values["narrative"] = optional_text(values["narrative"])
        if isinstance(form, GbvIntakeForm):
            values |= consent_values_from_form(form)
        return values

    def indicators(self, scope) -> dict[str, Any]:
        """Victims assisted by lawyers, cases left out without consent (gbv/indicators.py)."""
        from legalaid.gbv import indicators

        return indicators.figures(scope)

    def summary_rows(self, figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """The GBV rows of the exports' summary sheet."""
        from legalaid.gbv import indicators

        return indicators.summary_rows(figures)

    def headline_sentences(self, figures: dict[str, Any]) -> list[str]:
        """The victims assisted by lawyers, women among them."""
        from legalaid.gbv import indicators

        return indicators.headline_sentences(figures)

    def people_measures(self, figures: dict[str, Any]) -> list["PeopleMeasure"]:
        """The victims assisted by lawyers."""
        from legalaid.gbv import indicators

        return indicators.people_measures(figures)

    def report_notes(self, figures: dict[str, Any]) -> list[str]:
        """Only survivors who consented to reporting are counted: how many cases were not."""
        from legalaid.gbv import indicators

        return [indicators.consent_note(figures)]

    def purge(self, cases: Select) -> None:
        """The narrative and the referrals tell the survivor's story."""
        db.session.execute(
            update(GbvIncident)
            .where(GbvIncident.case_id.in_(cases))
            .values(narrative=None, referrals_made=None)
        )

    def import_example(self, code, day, today: date, name: str) -> dict[str, str]:
        """A woman assaulted ten days ago."""
        return importing.example(code, day, today, name)

    def read_import_row(self, row, directory) -> tuple[dict[str, Any], list[str] | None]:
        """The incident of an import row (legalaid/gbv/importing.py)."""
        return importing.read_row(row, directory)


KIND = GbvKind()
