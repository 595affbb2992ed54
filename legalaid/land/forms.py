"""Land-conciliation forms: the dispute and its parties, sessions, the PV's filing and decision."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from legalaid.cases.forms import NO_CHOICE, CaseEditForm, IntakeForm
from legalaid.formutils import (
    CONTROL_CHARACTER_MESSAGE,
    FlexibleDateField,
    MultiCheckboxField,
    PlainTextForm,
    VersionField,
    choices,
    holds_control_character,
    not_in_future,
)
from legalaid.labels import options
from legalaid.land.labels import land_options
from legalaid.land.models import PartyKind, PartyRole

# Empty party rows an intake form shows; "add a party" adds one more.
EMPTY_PARTY_ROWS = 3


def _select(label, group: str, *, optional: bool = False, **kwargs) -> SelectField:
    """A select of one label group (the kind's own, or a shared one), "— choose —" first when
    optional."""
    pairs = land_options(group) if group != "sex" else options(group)
    return SelectField(label, choices=choices([NO_CHOICE, *pairs] if optional else pairs), **kwargs)


class PartyForm(Form):
    """One party besides the beneficiary; a row left without a name is ignored."""

    id = HiddenField()
    kind = _select(_l("Person or group"), "party_kind", default=PartyKind.PERSON.value)
    full_name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    sex = _select(_l("Sex"), "sex", optional=True, validators=[Optional()])
    role = _select(_l("Role in the dispute"), "party_role", default=PartyRole.OTHER.value)
    phone = StringField(
        _l("Phone"), validators=[Optional(), Length(max=40)], render_kw={"inputmode": "tel"}
    )

    def validate_full_name(self, field) -> None:
        """A subform is not a PlainTextForm: refuse control characters here."""
        if holds_control_character(field):
            raise ValidationError(CONTROL_CHARACTER_MESSAGE)

    def validate_phone(self, field) -> None:
        """As for the name."""
        self.validate_full_name(field)

    def validate_sex(self, field) -> None:
        """A group has no sex."""
        if field.data and self.kind.data == PartyKind.GROUP:
            raise ValidationError(_l("A group has no sex: leave it empty."))


class DisputeFieldsMixin:
    """The dispute, the parcel and the other parties."""

    commission_id = SelectField(_l("Land commission"), coerce=int, validators=[DataRequired()])
    nature = _select(
        _l("Nature of the dispute"), "dispute_nature", optional=True, validators=[DataRequired()]
    )
    place = StringField(_l("Village or place"), validators=[Optional(), Length(max=200)])
    parcel = TextAreaField(_l("Parcel (description)"), validators=[Optional(), Length(max=4000)])
    latitude = FloatField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(min=-90, max=90, message=_l("Between -90 and 90."))],
        render_kw={"inputmode": "decimal"},
    )
    longitude = FloatField(
        _l("Longitude"),
        validators=[
            Optional(),
            NumberRange(min=-180, max=180, message=_l("Between -180 and 180.")),
        ],
        render_kw={"inputmode": "decimal"},
    )
    seized_on = FlexibleDateField(
        _l("Commission seized on"), validators=[Optional(), not_in_future]
    )
    parties = FieldList(FormField(PartyForm), min_entries=EMPTY_PARTY_ROWS)
    add_party = SubmitField(_l("Add a party"))

    def validate(self, extra_validators=None) -> bool:
        """The button to add a party redisplays the form with one more row and nothing lost
        (no JavaScript); a GPS point has both coordinates or neither (checked here:
        `Optional()` stops a field's own checks when it is empty)."""
        if self.add_party.data:
            self.parties.append_entry()
            return False
        valid = super().validate(extra_validators)
        latitude, longitude = self.latitude, self.longitude
        if not (latitude.errors or longitude.errors) and (latitude.data is None) != (
            longitude.data is None
        ):
            missing = latitude if latitude.data is None else longitude
            missing.errors.append(_l("Give both the latitude and the longitude, or neither."))
            valid = False
        return valid


# The mixin first: its `validate` comes before the forms' own.
class LandIntakeForm(DisputeFieldsMixin, IntakeForm):
    """Intake of a land dispute; the beneficiary is the requesting party."""


class LandEditForm(DisputeFieldsMixin, CaseEditForm):
    """Editing a land dispute and its parties."""


class AttendanceMixin:
    """Who came to a session, counted."""

    attendance_total = IntegerField(
        _l("Attendance: total"), validators=[InputRequired(), NumberRange(min=0, max=10000)]
    )
    attendance_women = IntegerField(
        _l("of whom women"), validators=[InputRequired(), NumberRange(min=0, max=10000)]
    )
    attendance_youth = IntegerField(
        _l("of whom young people (18-35)"),
        validators=[InputRequired(), NumberRange(min=0, max=10000)],
    )

    def validate_attendance_women(self, field) -> None:
        """The women are counted in the total."""
        if field.data is not None and (self.attendance_total.data or 0) < field.data:
            raise ValidationError(_l("Cannot be more than the total."))

    def validate_attendance_youth(self, field) -> None:
        """The young people are counted in the total."""
        self.validate_attendance_women(field)


class SessionForm(PlainTextForm, AttendanceMixin):
    """A conciliation session; `version` is the case's optimistic lock."""

    held_on = FlexibleDateField(_l("Held on"), validators=[DataRequired(), not_in_future])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    beneficiary_present = BooleanField(_l("The requesting party (beneficiary) was present"))
    present_parties = MultiCheckboxField(_l("Parties present"), coerce=int)
    minutes = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=10000)])
    version = VersionField()


class FilingForm(PlainTextForm):
    """The PV of conciliation filed at a court; `version` is the case's optimistic lock."""

    court_id = SelectField(_l("Court"), coerce=int, validators=[DataRequired()])
    filed_on = FlexibleDateField(_l("Filed on"), validators=[DataRequired(), not_in_future])
    version = VersionField()


class DecisionForm(PlainTextForm):
    """The court's decision on the filed PV; `version` is the case's optimistic lock."""

    recognition = _select(_l("Decision"), "recognition", optional=True, validators=[DataRequired()])
    decided_on = FlexibleDateField(_l("Decided on"), validators=[DataRequired(), not_in_future])
    version = VersionField()


class CommissionForm(PlainTextForm):
    """A land commission, added or corrected by an administrator."""

    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    level = _select(_l("Level"), "commission_level")
    commune = StringField(_l("Commune"), validators=[DataRequired(), Length(max=120)])
    region_id = SelectField(_l("Region"), coerce=int, validators=[DataRequired()])
