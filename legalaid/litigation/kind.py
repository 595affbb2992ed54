"""Litigation as a case kind: the matter, its forum, the adverse parties."""

from flask_babel import lazy_gettext as _l

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import LitigationEditForm, LitigationIntakeForm
from legalaid.cases.models import CaseKind, LitigationMatter


class LitigationKind(CaseKindDefinition):
    """A litigant helped with a civil matter, with the parties on the other side."""

    code = CaseKind.LITIGATION.value
    prefix = "LIT"
    label = _l("Litigation")
    detail_model = LitigationMatter
    intake_form = LitigationIntakeForm
    edit_form = LitigationEditForm
    fields_template = "litigation/_case_fields.html"
    details_template = "litigation/_case_details.html"
    detail_fields = ("matter_type", "forum")
    outcomes = (
        "conciliation_agreement",
        "judgment_in_favour",
        "judgment_against",
        "referred",
        "abandoned",
    )
    # Paralegals resolve litigation by conciliation only (DESIGN.md, roles table).
    paralegal_outcomes = ("conciliation_agreement",)
    import_columns = ("matter_type", "forum", "adverse_parties")


KIND = LitigationKind()
