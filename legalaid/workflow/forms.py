"""Forms of the workflow: transitions, assignment, hearings."""

from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from legalaid.cases.models import Forum
from legalaid.formutils import (
    FlexibleDateField,
    PlainTextForm,
    TimeField,
    VersionField,
    choices,
    not_in_future,
    within_years_ahead,
)
from legalaid.labels import options
from legalaid.workflow.models import HearingPlace

# The time a hearing form proposes, and a hearing with none typed is at.
HEARING_TIME = time(9, 0)


class TransitionForm(PlainTextForm):
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


class AssignForm(PlainTextForm):
    """Choose the lawyer or paralegal to put on the case, on the case as the page showed it."""

    version = VersionField()
    person_id = SelectField(_l("Person"), coerce=int, validators=[DataRequired()])


class HearingDateForm(PlainTextForm):
    """The date and time of a hearing, as every hearing form asks for them."""

    day = FlexibleDateField(_l("Date"), validators=[DataRequired(), within_years_ahead])
    time = TimeField(_l("Time (HH:MM)"), default=HEARING_TIME, validators=[DataRequired()])


class HearingForm(HearingDateForm):
    """Schedule a hearing, before a court, a land commission or a customary authority."""

    forum = SelectField(
        _l("Held before"),
        choices=choices(options("forum", Forum.COURT, Forum.LAND_COMMISSION, Forum.CUSTOMARY)),
        default=Forum.COURT,
    )
    court_id = SelectField(_l("Court"), coerce=int, validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    purpose = StringField(_l("Purpose"), validators=[Optional(), Length(max=200)])

    def where(self) -> HearingPlace:
        """Before whom and where, as typed."""
        return HearingPlace(self.forum.data, self.court_id.data or None, self.place.data or "")

    def validate(self, extra_validators=None) -> bool:
        """Each field's own checks, then what the chosen forum allows."""
        valid = super().validate(extra_validators)
        problems = self.where().problems()
        for name, message in problems.items():
            field = getattr(self, name)
            if not field.errors:
                field.errors.append(message)
        return valid and not problems


class RescheduleHearingForm(HearingDateForm):
    """Move a coming hearing to a new date, saying why."""

    reason = TextAreaField(
        _l("Reason for the new date"),
        validators=[DataRequired(_l("Give the reason for the new date.")), Length(max=2000)],
    )


class CancelHearingForm(PlainTextForm):
    """Cancel a coming hearing, saying why (the page itself is the confirmation step)."""

    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[DataRequired(_l("Give the reason for cancelling.")), Length(max=2000)],
    )


class HearingResultForm(PlainTextForm):
    """What happened at a hearing, and the next date if any."""

    result = SelectField(_l("Result"), choices=choices(options("hearing_result")))
    adjournment_reason = TextAreaField(
        _l("Reason for the adjournment"), validators=[Optional(), Length(max=2000)]
    )
    decision = TextAreaField(_l("Decision"), validators=[Optional(), Length(max=4000)])
    next_day = FlexibleDateField(
        _l("Next hearing date"), validators=[Optional(), within_years_ahead]
    )
    next_time = TimeField(_l("Time (HH:MM)"), default=HEARING_TIME, validators=[Optional()])
