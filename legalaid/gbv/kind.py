"""Gender-based violence as a case kind: the incident, the survivor's consents."""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import GbvEditForm, GbvIntakeForm
from legalaid.cases.models import CaseKind, GbvIncident
from legalaid.gbv import importing


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
    import_aliases = importing.ALIASES
    import_kind_words = (
        "VBG",
        "violence basée sur le genre",
        "violences basées sur le genre",
        "VSBG",
        "SGBV",
    )
    import_words = importing.WORDS

    def import_example(self, code, day, today: date, name: str) -> dict[str, str]:
        """A woman assaulted ten days ago."""
        return importing.example(code, day, today, name)

    def read_import_row(self, row, directory) -> tuple[dict[str, Any], list[str] | None]:
        """The incident of an import row (legalaid/gbv/importing.py)."""
        return importing.read_row(row, directory)


KIND = GbvKind()
