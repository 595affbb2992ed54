"""Litigation as a case kind: the matter, its forum, the adverse parties."""

from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import Select, and_, select, update

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import LitigationEditForm, LitigationIntakeForm
from legalaid.cases.intake import adverse_party_names
from legalaid.cases.matching import name_key
from legalaid.cases.models import AdverseParty, AssignmentRole, Case, CaseKind, LitigationMatter
from legalaid.extensions import db
from legalaid.litigation import importing

if TYPE_CHECKING:
    from legalaid.reports.presentation import PeopleMeasure


def adverse_party_rows(names: list[str]) -> list[AdverseParty]:
    """Adverse parties with their comparison keys (conflict-of-interest checks)."""
    return [AdverseParty(full_name=name, name_key=name_key(name)) for name in names]


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

    def other_parties_from_form(self, form) -> list[str]:
        """The adverse parties typed one per line (or separated by `;`)."""
        return adverse_party_names(form.adverse_parties.data)

    def edit_defaults(self, case: Case, details) -> dict[str, Any]:
        """The adverse parties one per line, as they are typed."""
        return {"adverse_parties": "\n".join(self.other_parties(details))}

    def new_details(self, case: Case, details: dict[str, Any], other_parties: list[str]):
        """The matter with its adverse parties."""
        return LitigationMatter(
            case_id=case.id, adverse_parties=adverse_party_rows(other_parties), **details
        )

    def other_parties(self, details) -> list[str]:
        """The adverse parties' names, in the order they were typed."""
        return [party.full_name for party in details.adverse_parties]

    def set_other_parties(self, details, names: list[str]) -> None:
        """Replace the adverse parties (the old rows go: the history keeps the edit)."""
        details.adverse_parties = adverse_party_rows(names)

    def other_parties_table(self) -> Select:
        """The adverse parties of every matter, by case."""
        return select(LitigationMatter.case_id, AdverseParty.full_name, AdverseParty.name_key).join(
            LitigationMatter, LitigationMatter.id == AdverseParty.matter_id
        )

    def indicators(self, scope) -> dict[str, Any]:
        """The litigants supported by paralegals (a donor's indicator)."""
        from legalaid.reports.services import has_assignment, people

        supported = and_(Case.kind == self.code, has_assignment(AssignmentRole.PARALEGAL))
        return {"litigants_supported_by_paralegals": people(scope, supported)}

    def summary_rows(self, figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """The litigants' rows of the exports' summary sheet."""
        from legalaid.reports.exports import people_rows

        supported = figures["litigants_supported_by_paralegals"]
        return people_rows(_("Litigants supported by paralegals"), supported)

    def headline_sentences(self, figures: dict[str, Any]) -> list[str]:
        """The litigants supported by paralegals, women among them."""
        from legalaid.reports.presentation import number, plural_count
        from legalaid.reports.sentences import including_women

        supported = figures["litigants_supported_by_paralegals"]
        return [
            ngettext(
                "%(total)s litigant, %(women)s, received legal support from trained paralegals.",
                "%(total)s litigants, %(women)s, received legal support from trained paralegals.",
                plural_count(supported["total"]),
                total=number(supported["total"]),
                women=including_women(supported),
            )
        ]

    def people_measures(self, figures: dict[str, Any]) -> list["PeopleMeasure"]:
        """The litigants supported by paralegals."""
        from legalaid.reports.presentation import PeopleMeasure

        supported = figures["litigants_supported_by_paralegals"]
        return [
            PeopleMeasure(_("Litigants supported by paralegals"), supported["total"], supported)
        ]

    def purge(self, cases: Select) -> None:
        """The names of the other side go, and their folded keys with them."""
        from legalaid.maintenance.services import ANONYMISED

        matters = select(LitigationMatter.id).where(LitigationMatter.case_id.in_(cases))
        db.session.execute(
            update(AdverseParty)
            .where(AdverseParty.matter_id.in_(matters))
            .values(full_name=ANONYMISED, name_key="")
        )


KIND = LitigationKind()
