"""Litigation as a case kind: the matter, its forum, the adverse parties."""

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import LitigationEditForm, LitigationIntakeForm
from legalaid.cases.models import CaseKind, LitigationMatter
from legalaid.cases.services import adverse_party_rows
from legalaid.litigation import importing


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
    import_aliases = importing.ALIASES
    import_kind_words = ("litige", "litiges", "contentieux", "LIT")
    import_words = importing.WORDS
    import_parties_column = "adverse_parties"
    import_multiline = frozenset({"adverse_parties"})

    def import_example(self, code, day, today: date, name: str) -> dict[str, str]:
        """A woman in a land matter, with two adverse parties."""
        return importing.example(code, day, today, name)

    def read_import_row(self, row, directory) -> tuple[dict[str, Any], list[str] | None]:
        """The matter and adverse parties of an import row (legalaid/litigation/importing.py)."""
        return importing.read_row(row, directory)

    def other_parties(self, details) -> list[str]:
        """The adverse parties' names on file."""
        return [party.full_name for party in details.adverse_parties]

    def set_other_parties(self, details, names: list[str]) -> None:
        """Replace the adverse parties (an import's update)."""
        details.adverse_parties = adverse_party_rows(names)


KIND = LitigationKind()
