"""Forms of the workflow: transitions, assignment, hearings."""

from datetime import time

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from legalaid.formutils import (
    FlexibleDateField,
    PlainTextForm,
    TimeField,
    VersionField,
    choices,
    not_in_future,
    within_years_ahead,
)
from legalaid.workflow.models import CloseReason, HearingResult

OUTCOME_LABELS = {
    "released_pending_trial": _l("Released pending trial (liberté provisoire)"),
    "charges_dismissed": _l("Charges dismissed (non-lieu)"),
    "acquitted": _l("Acquitted (relaxe, acquittement)"),
    "sentenced": _l("Sentenced"),
    "sentence_served": _l("Sentence already served"),
    "transferred": _l("Transferred"),
    "judgment_obtained": _l("Judgment obtained"),
    "mediation": _l("Mediation"),
    "referred": _l("Referred to services"),
    "withdrawn": _l("Withdrawn at the survivor's request"),
    "conciliation_agreement": _l("Conciliation agreement"),
    "judgment_in_favour": _l("Judgment in favour"),
    "judgment_against": _l("Judgment against"),
    "abandoned": _l("Abandoned"),
}
CLOSE_REASON_LABELS = {
    CloseReason.RESOLVED: _l("Resolved"),
    CloseReason.WITHDRAWN: _l("Withdrawn"),
    CloseReason.NO_CONTACT: _l("No contact"),
    CloseReason.TRANSFERRED: _l("Transferred"),
    CloseReason.OTHER: _l("Other"),
}
ACTION_LABELS = {
    "start": _l("Start work"),
    "resolve": _l("Record the outcome"),
    "close": _l("Close the case"),
    "reopen": _l("Reopen the case"),
}
HEARING_RESULT_LABELS = {
    HearingResult.HELD: _l("Held"),
    HearingResult.ADJOURNED: _l("Adjourned (renvoi)"),
}


# The time a hearing form proposes, and a hearing with none typed is at.
HEARING_TIME = time(9, 0)


class TransitionForm(PlainTextForm):
    """One form for every transition; the service decides which fields matter."""

    version = VersionField()
    outcome = SelectField(_l("Outcome"), validators=[Optional()], validate_choice=False)
    resolved_on = FlexibleDateField(_l("Resolution date"), validators=[Optional(), not_in_future])
    reason = SelectField(
        _l("Reason"),
        choices=choices([("", _l("— choose —")), *CLOSE_REASON_LABELS.items()]),
        validators=[Optional()],
    )
    note = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=2000)])
    needs_met_or_no_contact = BooleanField(_l("Needs met, or no contact for 30 days"))
    safety_plan_reviewed = BooleanField(_l("Safety plan reviewed"))
    survivor_informed = BooleanField(_l("Survivor informed she can come back"))
    supervisor_reviewed = BooleanField(_l("Supervisor reviewed"))


class AssignForm(PlainTextForm):
    """Choose the lawyer or paralegal to put on the case."""

    person_id = SelectField(_l("Person"), coerce=int, validators=[DataRequired()])


class HearingForm(PlainTextForm):
    """Schedule a hearing."""

    day = FlexibleDateField(_l("Date"), validators=[DataRequired(), within_years_ahead])
    time = TimeField(_l("Time (HH:MM)"), default=HEARING_TIME, validators=[DataRequired()])
    court_id = SelectField(_l("Court"), coerce=int, validators=[Optional()])
    purpose = StringField(_l("Purpose"), validators=[Optional(), Length(max=200)])


class HearingResultForm(PlainTextForm):
    """What happened at a hearing, and the next date if any."""

    result = SelectField(_l("Result"), choices=choices(HEARING_RESULT_LABELS.items()))
    adjournment_reason = TextAreaField(
        _l("Reason for the adjournment"), validators=[Optional(), Length(max=2000)]
    )
    decision = TextAreaField(_l("Decision"), validators=[Optional(), Length(max=4000)])
    next_day = FlexibleDateField(
        _l("Next hearing date"), validators=[Optional(), within_years_ahead]
    )
    next_time = TimeField(_l("Time (HH:MM)"), default=HEARING_TIME, validators=[Optional()])
