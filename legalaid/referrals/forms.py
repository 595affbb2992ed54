"""Referral forms: sending a case, the receiver's answer, the outcome, the services directory."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from legalaid.cases.forms import NO_CHOICE
from legalaid.formutils import (
    FlexibleDateField,
    PlainTextForm,
    VersionField,
    choices,
    not_in_future,
)
from legalaid.labels import options
from legalaid.referrals.models import ReferralMode, Urgency

# The destination select's values: an organisation on the platform, or an outside service.
ORGANISATION, OUTSIDE = "org", "out"


class ReferralForm(PlainTextForm):
    """A case sent to another organisation or an outside service, with the person's consent."""

    mode = SelectField(
        _l("Referral or transfer"),
        choices=choices(options("referral_mode")),
        default=ReferralMode.REFERRAL.value,
    )
    destination = SelectField(_l("Sent to"), validators=[DataRequired()], choices=[])
    service = SelectField(
        _l("Service asked for"), choices=choices([NO_CHOICE, *options("referral_service")])
    )
    urgency = SelectField(
        _l("Urgency"), choices=choices(options("urgency")), default=Urgency.NORMAL.value
    )
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    message = TextAreaField(
        _l("Message to the receiver"), validators=[Optional(), Length(max=2000)]
    )
    consent_to_share = BooleanField(
        _l("The person consents to share her case with the receiver for this service")
    )
    consent_given_on = FlexibleDateField(
        _l("Consent given on"), validators=[Optional(), not_in_future]
    )
    print_slip = BooleanField(_l("Print the referral slip (outside services)"))

    def validate_service(self, field) -> None:
        """A service must be chosen: it decides what the receiver sees and which consent."""
        if not field.data:
            raise ValidationError(_l("Choose the service asked for."))

    def validate(self, extra_validators=None) -> bool:
        """The fields, then the consent's date, which is part of the consent (checked here: an
        empty date stops its own field's validators)."""
        valid = super().validate(extra_validators)
        date = self.consent_given_on
        if self.consent_to_share.data and date.data is None and not date.errors:
            date.errors = [*date.errors, _l("Enter the date the person gave her consent.")]
            valid = False
        return valid

    def destination_id(self) -> tuple[str, int]:
        """(ORGANISATION or OUTSIDE, id) of the chosen destination."""
        kind, _colon, number = self.destination.data.partition(":")
        return kind, int(number)


class StepForm(PlainTextForm):
    """Accept or revoke: the version the page was loaded from."""

    version = VersionField()


class DeclineForm(StepForm):
    """The receiver declines, with a reason."""

    reason = TextAreaField(
        _l("Why the referral is declined"), validators=[DataRequired(), Length(max=2000)]
    )


class AssignForm(StepForm):
    """The receiving coordinator puts one of their lawyers or paralegals on the referral."""

    person_id = SelectField(_l("Who provides the service"), coerce=int, choices=[])


class OutcomeForm(StepForm):
    """The service delivered, and what became of the person."""

    outcome = TextAreaField(_l("Outcome"), validators=[DataRequired(), Length(max=2000)])


class ListFilterForm(PlainTextForm):
    """Filters of the referral lists (GET)."""

    class Meta:
        csrf = False

    state = SelectField(
        _l("State"), choices=choices([("", _l("All")), *options("referral_state")]), default=""
    )
    service = SelectField(
        _l("Service"),
        choices=choices([("", _l("All")), *options("referral_service")]),
        default="",
    )


class OutsideServiceForm(PlainTextForm):
    """A service outside the platform, added or corrected by an administrator."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    service = SelectField(_l("Service"), choices=choices(options("referral_service")))
    region_id = SelectField(_l("Region"), coerce=int, validators=[DataRequired()])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
