"""Pre-trial detention as a case kind: a detainee, the prison, the legal-limit clock."""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import DetentionEditForm, DetentionIntakeForm
from legalaid.cases.models import CaseKind
from legalaid.detention import importing
from legalaid.detention.models import DetentionRecord


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
    import_aliases = importing.ALIASES
    import_kind_words = ("détention", "détention provisoire", "détenu", "détenue", "DET")
    import_words = importing.WORDS
    import_field_columns = importing.FIELD_COLUMNS
    import_multiline = frozenset({"charges"})
    import_next_hearing = True

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
