"""Forms of the detention pages."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from legalaid.formutils import (
    FlexibleDateField,
    PlainTextForm,
    VersionField,
    choices,
    not_in_future,
)
from legalaid.labels import options
from legalaid.workflow.forms import HearingForm


class ReleaseForm(PlainTextForm):
    """A release seen in the prison register."""

    released_on = FlexibleDateField(_l("Release date"), validators=[DataRequired(), not_in_future])
    reason = StringField(
        _l("Reason (as in the register)"), validators=[DataRequired(), Length(max=200)]
    )


class TransferForm(PlainTextForm):
    """A transfer to another prison."""

    prison_id = SelectField(_l("To prison"), coerce=int, validators=[DataRequired()])
    transferred_on = FlexibleDateField(
        _l("Transfer date"), validators=[DataRequired(), not_in_future]
    )


class HearingSeenForm(HearingForm):
    """A hearing date read in the prison register."""


class OrderForm(PlainTextForm):
    """An extension order (ordonnance de maintien en détention)."""

    ordered_on = FlexibleDateField(_l("Order date"), validators=[DataRequired(), not_in_future])
    length_months = IntegerField(
        _l("Length (months)"),
        validators=[DataRequired(), NumberRange(min=1, max=12)],
        render_kw={"inputmode": "numeric"},
    )
    deciding_body = SelectField(_l("Decided by"), choices=choices(options("deciding_body")))


# More than any prison holds: a count beyond is a typing slip.
PRISON_POPULATION_MAX = 100_000


class CensusForm(PlainTextForm):
    """The prison's population on a day."""

    counted_on = FlexibleDateField(
        _l("Date of the count"), validators=[DataRequired(), not_in_future]
    )
    total_held = IntegerField(
        _l("All detainees"),
        validators=[DataRequired(), NumberRange(min=1, max=PRISON_POPULATION_MAX)],
        render_kw={"inputmode": "numeric"},
    )
    pretrial_held = IntegerField(
        _l("Of whom not yet sentenced (pre-trial)"),
        validators=[Optional(), NumberRange(min=0, max=PRISON_POPULATION_MAX)],
        render_kw={"inputmode": "numeric"},
    )


def _unit(label) -> SelectField:
    return SelectField(label, choices=choices(options("duration_unit")))


class RuleForm(PlainTextForm):
    """A detention rule as admins correct it; `version` is the optimistic lock."""

    code_regime = SelectField(
        _l("Code regime"), choices=choices([("2001", "2001"), ("2024", "2024")])
    )
    offence_class = SelectField(_l("Offence class"), choices=choices(options("rule_class")))
    base_amount = IntegerField(_l("Base duration"), validators=[DataRequired(), NumberRange(min=1)])
    base_unit = _unit(_l("Unit"))
    extension_amount = IntegerField(
        _l("Extension length"), validators=[Optional(), NumberRange(min=1)]
    )
    extension_unit = _unit(_l("Unit"))
    max_extensions = IntegerField(
        _l("Extensions allowed"), default=0, validators=[NumberRange(min=0, max=10)]
    )
    cap_amount = IntegerField(
        _l("Absolute maximum"), validators=[DataRequired(), NumberRange(min=1)]
    )
    cap_unit = _unit(_l("Unit"))
    renewal_window_working_days = IntegerField(
        _l("Renewal window (working days before expiry)"),
        validators=[Optional(), NumberRange(min=1, max=60)],
    )
    legal_basis = StringField(_l("Legal basis"), validators=[DataRequired(), Length(max=200)])
    effective_from = FlexibleDateField(_l("In force from"), validators=[DataRequired()])
    effective_to = FlexibleDateField(_l("In force until"), validators=[Optional()])
    version = VersionField()
