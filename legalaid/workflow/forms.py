"""Forms of the workflow: transitions, assignment, hearings."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from legalaid.formutils import FlexibleDateField, VersionField, choices, not_in_future
from legalaid.labels import options


def _time(_form, field) -> None:
    hours, _sep, minutes = (field.data or "").strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
        raise ValidationError(_l("Enter a time as HH:MM."))


class TransitionForm(FlaskForm):
    """One form for every transition; the service decides which fields matter."""

    version = VersionField()
    outcome = SelectField(_l("Outcome"), validators=[Optional()], validate_choice=False)
    resolved_on = FlexibleDateField(_l("Resolution date"), validators=[Optional(), not_in_future])
    reason = SelectField(
        _l("Reason"),
        choices=choices([("", _l("— choose —")), *options("close_reason")]),
        validators=[Optional()],
    )
    note = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])
    needs_met_or_no_contact = BooleanField(_l("Needs met, or no contact for 30 days"))
    safety_plan_reviewed = BooleanField(_l("Safety plan reviewed"))
    survivor_informed = BooleanField(_l("Survivor informed she can come back"))
    supervisor_reviewed = BooleanField(_l("Supervisor reviewed"))


class AssignForm(FlaskForm):
    """Choose the lawyer or paralegal to put on the case."""

    person_id = SelectField(_l("Person"), coerce=int, validators=[DataRequired()])


class HearingForm(FlaskForm):
    """Schedule a hearing."""

    day = FlexibleDateField(_l("Date"), validators=[DataRequired()])
    time = StringField(
        _l("Time (HH:MM)"),
        default="09:00",
        validators=[DataRequired(), _time],
        render_kw={"inputmode": "numeric"},
    )
    court_id = SelectField(_l("Court"), coerce=int, validators=[Optional()])
    purpose = StringField(_l("Purpose"), validators=[Optional(), Length(max=200)])


class HearingResultForm(FlaskForm):
    """What happened at a hearing, and the next date if any."""

    result = SelectField(_l("Result"), choices=choices(options("hearing_result")))
    adjournment_reason = TextAreaField(
        _l("Reason for the adjournment"), validators=[Optional(), Length(max=2000)]
    )
    decision = TextAreaField(_l("Decision"), validators=[Optional(), Length(max=4000)])
    next_day = FlexibleDateField(_l("Next hearing date"), validators=[Optional()])
    next_time = StringField(
        _l("Time (HH:MM)"),
        default="09:00",
        validators=[Optional(), _time],
        render_kw={"inputmode": "numeric"},
    )
