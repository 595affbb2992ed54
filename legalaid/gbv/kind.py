"""Gender-based violence as a case kind: the incident, the survivor's consents."""

from flask_babel import lazy_gettext as _l

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import GbvEditForm, GbvIntakeForm
from legalaid.cases.models import CaseKind, GbvIncident


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


KIND = GbvKind()
