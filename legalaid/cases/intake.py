"""Between the case forms and the case services: choices from the database, form data in and out."""

from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import select

from legalaid.accounts.models import Organisation, User
from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.conflicts import ClientConflict, client_conflicts
from legalaid.cases.consents import CONSENT_FIELDS
from legalaid.cases.models import Beneficiary, Case
from legalaid.cases.services import (
    BeneficiaryData,
    ConflictWarning,
    IntakeData,
    possible_conflicts,
    possible_duplicates,
)
from legalaid.extensions import db
from legalaid.formutils import choices, local_today
from legalaid.permissions import person_visible
from legalaid.reference.models import Court, Prison, Region
from legalaid.roles import Role

BENEFICIARY_FIELDS = tuple(BeneficiaryData.__dataclass_fields__)


def reference_options(model, blank_label: str | None = None) -> list:
    """The rows of a reference table (`id`, `name`) for a select box, by name, with an empty
    first choice labelled `blank_label` if given."""
    rows = db.session.execute(select(model.id, model.name).order_by(model.name)).all()
    blank = [(0, blank_label)] if blank_label is not None else []
    return choices(blank + [(row.id, row.name) for row in rows])


def court_options() -> list:
    """Courts for a select box, with an empty first choice."""
    return reference_options(Court, "—")


def prepare_person_form(form) -> None:
    """Fill the region box of a form with the person's fields."""
    form.region_id.choices = reference_options(Region, "—")


def prepare_case_form(form, kind: CaseKindDefinition) -> None:
    """Fill the select boxes that come from the reference data."""
    if hasattr(form, "region_id"):
        prepare_person_form(form)
    kind.prepare_form(form)


def prepare_filter_form(form, user: User) -> None:
    """Filter choices: organisations for admins only; regions and prisons for all."""
    everything = [("", "—")]
    if user.role == Role.ADMIN:
        organisations = db.session.execute(
            select(Organisation.id, Organisation.name).order_by(Organisation.name)
        ).all()
        form.organisation_id.choices = choices(
            everything + [(str(o.id), o.name) for o in organisations]
        )
    else:
        form.organisation_id.choices = choices(everything)
    for select_box, model in ((form.region_id, Region), (form.prison_id, Prison)):
        rows = db.session.execute(select(model.id, model.name).order_by(model.name)).all()
        select_box.choices = choices(everything + [(str(row.id), row.name) for row in rows])


def optional_text(value: str | None) -> str | None:
    """What was typed, trimmed, or None for nothing but spaces."""
    return (value or "").strip() or None


def adverse_party_names(text: str | None) -> list[str]:
    """Names typed one per line or separated by `;` (intake form, bulk import), spaces tidied."""
    lines = (text or "").replace(";", "\n").splitlines()
    return [" ".join(line.split()) for line in lines if line.strip()]


def consent_values_from_form(form) -> dict[str, Any]:
    """The consents and referrals of a GBV intake or consent form, as model attributes."""
    values = {name: getattr(form, name).data for name in CONSENT_FIELDS}
    values["referrals_made"] = optional_text(values["referrals_made"])
    return values


def beneficiary_data_from_form(form) -> BeneficiaryData:
    """The person's fields of an intake or person form."""
    beneficiary = BeneficiaryData(**{name: getattr(form, name).data for name in BENEFICIARY_FIELDS})
    beneficiary.region_id = beneficiary.region_id or None
    return beneficiary


def intake_data_from_form(form, kind: CaseKindDefinition) -> IntakeData:
    """What an intake form says, in the shape `open_case` takes."""
    return IntakeData(
        kind=kind.code,
        opened_on=form.opened_on.data,
        service_level=form.service_level.data,
        summary=form.summary.data or "",
        beneficiary=beneficiary_data_from_form(form),
        details=kind.details_from_form(form),
        adverse_parties=kind.other_parties_from_form(form) or [],
    )


def details_from_form(form, kind: CaseKindDefinition) -> tuple[dict, dict, list[str] | None]:
    """An edit form as (case changes, detail changes, the other side's names or None)."""
    case_changes = {
        "opened_on": form.opened_on.data,
        "service_level": form.service_level.data,
        "summary": (form.summary.data or "").strip(),
    }
    return case_changes, kind.details_from_form(form), kind.other_parties_from_form(form)


def edit_defaults(case: Case, details, kind: CaseKindDefinition) -> dict[str, Any]:
    """The edit form's first values that are not the details' attributes of the same names."""
    values = {
        "opened_on": case.opened_on,
        "service_level": case.service_level,
        "summary": case.summary,
        "version": case.version,
    }
    return values | kind.edit_defaults(case, details)


@dataclass
class IntakeScreening:
    """What an intake must show its author before the case is opened: people who may be this
    one (to link or confirm as new) and possible conflicts of interest (to acknowledge)."""

    data: IntakeData
    duplicates: list[Beneficiary] = field(default_factory=list)
    conflicts: list[ConflictWarning] = field(default_factory=list)
    client_conflict: ClientConflict | None = None

    @property
    def clear(self) -> bool:
        """Whether nothing waits for the author's answer: the case may be opened."""
        return not self.duplicates and not self.conflicts and self.client_conflict is None


class UnseenBeneficiary(Exception):
    """The intake links to a person its author may not see (a forged choice)."""


def screen_intake(form, kind: CaseKindDefinition, user: User) -> IntakeScreening:
    """The same checks for every intake, online or synced from a device: duplicates unless the
    author chose a person (one they may see) or a new one, conflicts unless acknowledged."""
    screening = IntakeScreening(intake_data_from_form(form, kind))
    data = screening.data
    choice = form.beneficiary_choice.data
    if not choice:
        birth_year, _estimated = data.beneficiary.resolved_birth_year(local_today())
        screening.duplicates = possible_duplicates(
            user, data.beneficiary.full_name, birth_year, data.beneficiary.phone
        )
    elif choice != "new":
        if not _may_link(user, choice):
            raise UnseenBeneficiary(choice)
        data.existing_beneficiary_id = int(choice)
    if not form.conflicts_acknowledged.data:
        screening.conflicts = possible_conflicts(user, data.adverse_parties)
        screening.client_conflict = client_conflicts(
            user,
            cast(int, user.organisation_id),  # those who take cases in belong to one
            data.beneficiary.full_name,
            person_id=data.existing_beneficiary_id,
        )
    return screening


def _may_link(user: User, choice: str) -> bool:
    """A beneficiary chosen as a duplicate must be one the user may see."""
    if not choice.isdigit():
        return False
    return (
        db.session.scalar(
            select(Beneficiary.id).where(Beneficiary.id == int(choice), person_visible(user))
        )
        is not None
    )
