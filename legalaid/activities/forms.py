"""Activity forms: the activity with its counted grid, a roster participant, a recommendation."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from legalaid.activities.labels import LABEL_GROUPS
from legalaid.activities.models import GRID_COLUMNS, ActivityType
from legalaid.formutils import (
    FlexibleDateField,
    PlainTextForm,
    VersionField,
    choices,
    not_in_future,
)
from legalaid.labels import options

SEX_AGE_LABELS = {
    "f_minor": _l("Women and girls: minors (under 18)"),
    "f_youth": _l("Women: youth (18–35)"),
    "f_adult": _l("Women: adults (36 and over)"),
    "f_unknown": _l("Women: age unknown"),
    "m_minor": _l("Men and boys: minors (under 18)"),
    "m_youth": _l("Men: youth (18–35)"),
    "m_adult": _l("Men: adults (36 and over)"),
    "m_unknown": _l("Men: age unknown"),
}
CURRENT_YEAR_LIMIT = 2100


def _count(name: str) -> IntegerField:
    return IntegerField(
        SEX_AGE_LABELS[name],
        default=0,
        validators=[Optional(), NumberRange(min=0, max=1_000_000)],
        render_kw={"inputmode": "numeric", "min": 0},
    )


class ActivityForm(PlainTextForm):
    """An activity: what, when, where, who led it, what it concerns, who came (counted)."""

    version = VersionField()
    type = SelectField(
        _l("Type of activity"), choices=choices(LABEL_GROUPS["activity_type"].items())
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    start_on = FlexibleDateField(_l("Date (first day)"), validators=[DataRequired(), not_in_future])
    end_on = FlexibleDateField(
        _l("Last day (if several days)"), validators=[Optional(), not_in_future]
    )
    region_id = SelectField(_l("Region"), coerce=int, validators=[Optional()])
    commune = StringField(_l("Commune"), validators=[Optional(), Length(max=120)])
    place = StringField(_l("Village or place"), validators=[Optional(), Length(max=200)])
    topics = TextAreaField(_l("Topics"), validators=[Optional(), Length(max=4000)])
    facilitator_ids = SelectMultipleField(_l("Facilitators"), coerce=int)
    commission_id = SelectField(
        _l("Land commission concerned"), coerce=int, validators=[Optional()]
    )
    prison_id = SelectField(_l("Prison concerned"), coerce=int, validators=[Optional()])
    court_id = SelectField(_l("Court concerned"), coerce=int, validators=[Optional()])
    members = TextAreaField(
        _l("Members of the mission from outside the organisation"),
        validators=[Optional(), Length(max=4000)],
    )
    findings = TextAreaField(_l("Findings"), validators=[Optional(), Length(max=20000)])
    case_references = StringField(
        _l("Detention cases found or opened (references, separated by commas)"),
        validators=[Optional(), Length(max=2000)],
    )
    f_minor = _count("f_minor")
    f_youth = _count("f_youth")
    f_adult = _count("f_adult")
    f_unknown = _count("f_unknown")
    m_minor = _count("m_minor")
    m_youth = _count("m_youth")
    m_adult = _count("m_adult")
    m_unknown = _count("m_unknown")
    counted_total = IntegerField(
        _l("Total counted (checks the grid)"),
        validators=[Optional(), NumberRange(min=0, max=8_000_000)],
        render_kw={"inputmode": "numeric", "min": 0},
    )

    def grid(self) -> dict[str, int]:
        """The counted grid as typed (an empty cell is zero)."""
        return {name: getattr(self, name).data or 0 for name in GRID_COLUMNS}

    def validate_end_on(self, field) -> None:
        """An activity ends on or after its first day."""
        if field.data and self.start_on.data and field.data < self.start_on.data:
            raise ValidationError(_l("The last day comes before the first."))

    def validate_counted_total(self, field) -> None:
        """The total typed must be the sum of the grid: a slip in one cell shows."""
        if field.data is not None and field.data != sum(self.grid().values()):
            raise ValidationError(
                _l(
                    "The grid adds up to %(sum)s, not to the total typed.",
                    sum=sum(self.grid().values()),
                )
            )

    def validate_case_references(self, field) -> None:
        """Cases are linked to monitoring missions only."""
        if field.data and field.data.strip() and self.type.data != ActivityType.MONITORING_MISSION:
            raise ValidationError(_l("Only a monitoring mission links detention cases."))


class ParticipantForm(PlainTextForm):
    """A named participant on the roster."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    sex = SelectField(_l("Sex"), choices=choices(options("sex")))
    birth_year = IntegerField(
        _l("Birth year"),
        validators=[Optional(), NumberRange(min=1900, max=CURRENT_YEAR_LIMIT)],
        render_kw={"inputmode": "numeric"},
    )
    age = IntegerField(
        _l("Age (if no birth year)"),
        validators=[Optional(), NumberRange(min=0, max=120)],
        render_kw={"inputmode": "numeric"},
    )
    role = StringField(_l("Role"), validators=[Optional(), Length(max=120)])
    phone = StringField(
        _l("Phone"), validators=[Optional(), Length(max=40)], render_kw={"inputmode": "tel"}
    )
    commission_id = SelectField(
        _l("Land commission (member of)"), coerce=int, validators=[Optional()]
    )
    member_of = StringField(
        _l("Organisation (member of)"), validators=[Optional(), Length(max=200)]
    )

    def validate_age(self, field) -> None:
        """A birth year or an age, not both."""
        if field.data is not None and self.birth_year.data is not None:
            raise ValidationError(_l("Give the birth year or the age, not both."))


class RecommendationForm(PlainTextForm):
    """A recommendation of a monitoring mission."""

    text = TextAreaField(_l("Recommendation"), validators=[DataRequired(), Length(max=4000)])
    addressee = StringField(_l("Addressed to"), validators=[DataRequired(), Length(max=200)])
    status = SelectField(_l("Follow-up"), choices=choices(LABEL_GROUPS["follow_up"].items()))


class FollowUpForm(PlainTextForm):
    """A new follow-up status of a recommendation."""

    version = VersionField()
    status = SelectField(_l("Follow-up"), choices=choices(LABEL_GROUPS["follow_up"].items()))


class ActivityImportForm(PlainTextForm):
    """The activities' file, the rosters' file (or the workbook's second sheet), the
    organisation (admins choose), and whether to check only."""

    organisation_id = SelectField(_l("Organisation"), coerce=int)
    file = FileField(
        _l("Activities (CSV or XLSX)"),
        validators=[FileRequired()],
        render_kw={"accept": ".csv,.xlsx,text/csv"},
    )
    roster = FileField(
        _l("Rosters (CSV; in a workbook, its second sheet)"),
        render_kw={"accept": ".csv,text/csv"},
    )
    dry_run = BooleanField(_l("Check only: write nothing"), default=True)
