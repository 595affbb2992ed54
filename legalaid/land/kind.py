"""Land-commission conciliation as a case kind: the dispute, its parties, sessions and the PV."""

from datetime import date
from random import Random
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from legalaid.casekinds import CaseKindDefinition, CasePanel
from legalaid.cases.forms import NO_CHOICE
from legalaid.formutils import choices
from legalaid.land import documents, importing, reporting
from legalaid.land.forms import LandEditForm, LandIntakeForm
from legalaid.land.labels import LABEL_GROUPS
from legalaid.land.models import LAND_CONCILIATION, LandDispute, LandParty, PartyRole
from legalaid.land.services import (
    commission_choices,
    may_file,
    other_party_rows,
    party_rows_from_form,
    path_steps,
    seed_commissions,
    set_other_side,
)
from legalaid.land.timeline import action_sentence
from legalaid.permissions import Permission, allows
from legalaid.reports.charts import Chart
from legalaid.reports.presentation import PeopleMeasure


def _sessions_panel(case, dispute, access, user) -> dict[str, Any]:
    """The sessions card: every session, and the button for those who work on the case."""
    return {"dispute": dispute, "sessions": dispute.sessions, "may_work": access.may_work}


def _path_panel(case, dispute, access, user) -> dict[str, Any]:
    """The PV's path card, with the buttons of the next step this user may take."""
    undecided = dispute.recognition is None
    return {
        "dispute": dispute,
        "steps": path_steps(case, dispute),
        "may_file": access.may_work and may_file(case) and undecided,
        "may_decide": access.may_work
        and dispute.pv_filed_on is not None
        and allows(user, Permission.RECORD_COURT_DECISIONS),
    }


class LandConciliationKind(CaseKindDefinition):
    """A land dispute brought before a land commission (CoFo) for conciliation."""

    code = LAND_CONCILIATION
    prefix = "COF"
    label = _l("Land-commission conciliation")
    document_fields = documents.DOCUMENT_FIELDS
    detail_model = LandDispute
    intake_form = LandIntakeForm
    edit_form = LandEditForm
    fields_template = "land/_case_fields.html"
    details_template = "land/_case_details.html"
    detail_fields = (
        "commission_id",
        "nature",
        "place",
        "parcel",
        "latitude",
        "longitude",
        "seized_on",
    )
    outcomes = ("conciliation_agreement", "non_conciliation", "withdrawn")
    # Paralegals and the staff who support the commissions record the sessions and the PV.
    paralegal_outcomes = outcomes
    # The bulk import (legalaid/land/importing.py): the other parties are the file's shared
    # `adverse_parties` column, whichever kind a row is.
    import_columns = importing.COLUMNS
    import_aliases = importing.ALIASES
    import_kind_words = ("conciliation foncière", "commission foncière", "CoFo", "COF")
    import_words = importing.WORDS
    import_field_columns = importing.FIELD_COLUMNS
    import_parties_column = importing.PARTIES
    import_multiline = frozenset({importing.PARTIES})
    reference_pages = ((_l("Land commissions"), "land.commissions"),)
    panels = (
        CasePanel("land/_path.html", _path_panel),
        CasePanel("land/_sessions.html", _sessions_panel),
    )
    label_groups = LABEL_GROUPS
    percentages = reporting.PERCENTAGES

    def document_values(self, case, details, on: date, language: str) -> dict[str, Any]:
        """The commission, the parties and the sessions, for the PVs."""
        return documents.document_values(case, details, on, language)

    def document_sample(self, on: date, language: str) -> dict[str, Any]:
        """An invented boundary dispute."""
        return documents.document_sample(on, language)

    def prepare_form(self, form) -> None:
        """Commissions from the active ones (and the case's own, when editing)."""
        current = form.commission_id.data or None
        form.commission_id.choices = choices([(0, NO_CHOICE[1]), *commission_choices(current)])

    def details_from_form(self, form) -> dict[str, Any]:
        """The dispute's fields, the seizure dated the opening day by default, and the parties."""
        details = super().details_from_form(form)
        details["place"] = (details["place"] or "").strip() or None
        details["parcel"] = (details["parcel"] or "").strip() or None
        details["seized_on"] = details["seized_on"] or form.opened_on.data
        details["party_rows"] = party_rows_from_form(form.parties.entries)
        return details

    def other_parties_from_form(self, form) -> list[str] | None:
        """The names of the parties on the other side, for the conflict check."""
        rows = party_rows_from_form(form.parties.entries)
        return [row["full_name"] for row in rows if row["role"] == PartyRole.OTHER]

    def edit_defaults(self, case, details) -> dict[str, Any]:
        """The parties' rows (the form's `parties` list, padded with empty rows to three)."""
        return {"parties": details.party_rows}

    def new_details(self, case, details: dict[str, Any], other_parties: list[str]):
        """The dispute with its parties: as typed at intake, or by name only (an import)."""
        details = dict(details)
        rows = details.pop("party_rows", None)
        dispute = LandDispute(case_id=case.id, **details)
        dispute.party_rows = rows if rows is not None else other_party_rows(other_parties)
        return dispute

    def other_parties(self, details) -> list[str]:
        """The names of the other side on file."""
        return [party.full_name for party in details.other_side]

    def set_other_parties(self, details, names: list[str]) -> None:
        """Make the other side these names; requesting parties and witnesses stay."""
        if self.other_parties(details) != names:
            set_other_side(details, names)

    def other_parties_table(self) -> Select:
        """(case_id, full_name, name_key) of every dispute's other parties."""
        return (
            select(LandDispute.case_id, LandParty.full_name, LandParty.name_key)
            .join(LandParty, LandParty.dispute_id == LandDispute.id)
            .where(LandParty.role == PartyRole.OTHER)
        )

    def read_import_row(self, row, directory) -> tuple[dict[str, Any], list[str] | None]:
        """An import row's dispute (legalaid/land/importing.py)."""
        return importing.read_row(row, directory)

    def import_directory(self) -> dict[str, Any]:
        """The commissions an import's rows refer to."""
        return importing.directory()

    def indicators(self, scope) -> dict[str, Any]:
        """Disputes received and resolved, PVs filed and recognised, attendance."""
        from legalaid.land import indicators

        return indicators.land_indicators(scope)

    def summary_rows(self, figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """Every land figure for the exports' summary sheet (legalaid/land/reporting.py)."""
        return reporting.summary_rows(figures[self.code])

    def charts(self, figures: dict[str, Any]) -> list[Chart]:
        """The PV's path from the commission to the court."""
        return [reporting.path_chart(figures[self.code])]

    def headline_sentences(self, figures: dict[str, Any]) -> list[str]:
        """Disputes resolved amicably; PVs recognised by the courts."""
        return reporting.headline_sentences(figures[self.code])

    def people_measures(self, figures: dict[str, Any]) -> list[PeopleMeasure]:
        """The requesting parties of the land disputes."""
        return reporting.people_measures(figures[self.code])

    def purge(self, cases) -> None:
        """Clear the parties' names and the free text of these disputes (retention)."""
        from legalaid.land import retention

        retention.purge(cases)

    def event_sentence(self, event) -> str:
        """A session, the PV's filing or the court's decision (legalaid/land/timeline.py)."""
        return action_sentence(event.facts)

    def seed_reference(self) -> int:
        """The land commissions of `data/commissions.csv` that are missing."""
        return seed_commissions()

    def bench_details(self, rng: Random, opened_on: date, reference: dict[str, list[int]]):
        """A made-up dispute for the bench and demo seeders."""
        from legalaid.land import bench

        return bench.dispute_details(rng, opened_on, reference)


KIND = LandConciliationKind()
