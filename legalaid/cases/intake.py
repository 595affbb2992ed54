"""Between the case forms and the case services: choices from the database, form data in and out."""

from typing import Any

from sqlalchemy import select

from legalaid.accounts.models import Organisation, User
from legalaid.cases.consents import CONSENT_FIELDS
from legalaid.cases.forms import NO_CHOICE
from legalaid.cases.models import CaseKind
from legalaid.cases.services import BeneficiaryData, IntakeData
from legalaid.extensions import db
from legalaid.formutils import at_time, choices
from legalaid.reference.models import Court, Prison, Region
from legalaid.roles import Role

DETENTION_FIELDS = (
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
GBV_FIELDS = ("incident_type", "incident_date", "narrative")
LITIGATION_FIELDS = ("matter_type", "forum")
BENEFICIARY_FIELDS = tuple(BeneficiaryData.__dataclass_fields__)


def _options(model, blank_label: str | None = None) -> list:
    rows = db.session.execute(select(model.id, model.name).order_by(model.name)).all()
    blank = [(0, blank_label)] if blank_label is not None else []
    return choices(blank + [(row.id, row.name) for row in rows])


def court_options() -> list:
    """Courts for a select box, with an empty first choice."""
    return _options(Court, "—")


def prepare_person_form(form) -> None:
    """Fill the region box of a form with the person's fields."""
    form.region_id.choices = _options(Region, "—")


def prepare_case_form(form, kind: str) -> None:
    """Fill the select boxes that come from the reference data."""
    if hasattr(form, "region_id"):
        prepare_person_form(form)
    if kind == CaseKind.DETENTION:
        form.prison_id.choices = _options(Prison, str(NO_CHOICE[1]))
        form.court_id.choices = court_options()


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
    for field, model in ((form.region_id, Region), (form.prison_id, Prison)):
        rows = db.session.execute(select(model.id, model.name).order_by(model.name)).all()
        field.choices = choices(everything + [(str(row.id), row.name) for row in rows])


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def adverse_party_names(text: str | None) -> list[str]:
    """Names typed one per line or separated by `;` (intake form, bulk import), spaces tidied."""
    lines = (text or "").replace(";", "\n").splitlines()
    return [" ".join(line.split()) for line in lines if line.strip()]


def _kind_values(form, kind: str) -> dict[str, Any]:
    """The kind's detail fields as model attributes."""
    if kind == CaseKind.DETENTION:
        values = {name: getattr(form, name).data for name in DETENTION_FIELDS}
        values["court_id"] = values["court_id"] or None
        values["charges"] = (values["charges"] or "").strip()
        values["investigating_judge"] = _text(values["investigating_judge"])
        day = form.custody_started_on.data
        values["custody_started_at"] = at_time(day, form.custody_started_time.data) if day else None
        return values
    if kind == CaseKind.GBV:
        values = {name: getattr(form, name).data for name in GBV_FIELDS}
        values["narrative"] = _text(values["narrative"])
        return values
    return {name: getattr(form, name).data for name in LITIGATION_FIELDS}


def consent_values_from_form(form) -> dict[str, Any]:
    """The consents and referrals of a GBV intake or consent form, as model attributes."""
    values = {name: getattr(form, name).data for name in CONSENT_FIELDS}
    values["referrals_made"] = _text(values["referrals_made"])
    return values


def beneficiary_data_from_form(form) -> BeneficiaryData:
    """The person's fields of an intake or person form."""
    beneficiary = BeneficiaryData(**{name: getattr(form, name).data for name in BENEFICIARY_FIELDS})
    beneficiary.region_id = beneficiary.region_id or None
    return beneficiary


def intake_data_from_form(form, kind: str) -> IntakeData:
    """What an intake form says, in the shape `open_case` takes."""
    return IntakeData(
        kind=kind,
        opened_on=form.opened_on.data,
        service_level=form.service_level.data,
        summary=form.summary.data or "",
        beneficiary=beneficiary_data_from_form(form),
        details=_kind_values(form, kind)
        | (consent_values_from_form(form) if kind == CaseKind.GBV else {}),
        adverse_parties=adverse_party_names(form.adverse_parties.data)
        if kind == CaseKind.LITIGATION
        else [],
    )


def details_from_form(form, kind: str) -> tuple[dict, dict, list[str] | None]:
    """An edit form as (case changes, detail changes, adverse parties or None)."""
    case_changes = {
        "opened_on": form.opened_on.data,
        "service_level": form.service_level.data,
        "summary": (form.summary.data or "").strip(),
    }
    parties = (
        adverse_party_names(form.adverse_parties.data) if kind == CaseKind.LITIGATION else None
    )
    return case_changes, _kind_values(form, kind), parties
