"""Gender-based violence as a case kind: the incident, the survivor's consents."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, update

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import GbvEditForm, GbvIntakeForm
from legalaid.cases.models import CaseKind, GbvIncident
from legalaid.extensions import db


class GbvKind(CaseKindDefinition):
    """A survivor of gender-based violence (GBVIMS incident types)."""

    code = CaseKind.GBV.value
    prefix = "GBV"
    label = _l("Gender-based violence")
    detail_model = GbvIncident
    intake_form = GbvIntakeForm
    edit_form = GbvEditForm
    fields_template = "gbv/_case_fields.html"
    details_template = "gbv/_case_details.html"
    detail_fields = ("incident_type", "incident_date", "narrative")
    outcomes = ("judgment_obtained", "mediation", "referred", "withdrawn")
    import_columns = ("incident_type", "incident_date", "consent_reporting")

    def indicators(self, scope) -> dict[str, Any]:
        """Victims assisted by lawyers, cases left out without consent (gbv/indicators.py)."""
        from legalaid.gbv import indicators

        return indicators.figures(scope)

    def summary_rows(self, figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """The GBV rows of the exports' summary sheet."""
        from legalaid.gbv import indicators

        return indicators.summary_rows(figures)

    def purge(self, cases: Select) -> None:
        """The narrative and the referrals tell the survivor's story."""
        db.session.execute(
            update(GbvIncident)
            .where(GbvIncident.case_id.in_(cases))
            .values(narrative=None, referrals_made=None)
        )


KIND = GbvKind()
