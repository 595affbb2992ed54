"""Intake, edit, timeline and document forms (each kind's `intake_form`/`edit_form` are built here
from the shared parts and its mixin)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from legalaid.cases.models import Forum
from legalaid.formutils import (
    FlexibleDateField,
    PlainTextForm,
    QuickSelect,
    TimeField,
    VersionField,
    choices,
    local_today,
    not_in_future,
)
from legalaid.labels import options

NO_CHOICE = ("", _l("— choose —"))


def _select(label, group: str, *, optional: bool = False, **kwargs) -> SelectField:
    """A select of one group of the label registry, with "— choose —" first when optional."""
    pairs = options(group)
    return SelectField(label, choices=choices([NO_CHOICE, *pairs] if optional else pairs), **kwargs)


class CaseFieldsMixin:
    """What every case carries, whatever its kind."""

    opened_on = FlexibleDateField(_l("Opened on"), validators=[DataRequired(), not_in_future])
    service_level = _select(_l("Service"), "service_level")
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)])


class DetentionFieldsMixin:
    """Custody facts of a detainee."""

    prison_id = SelectField(_l("Prison"), coerce=int, validators=[DataRequired()])
    arrested_on = FlexibleDateField(_l("Arrest date"), validators=[Optional(), not_in_future])
    custody_started_on = FlexibleDateField(
        _l("Police custody start (garde à vue)"), validators=[Optional(), not_in_future]
    )
    custody_started_time = TimeField(_l("Time (HH:MM)"), validators=[Optional()])
    committal_on = FlexibleDateField(
        _l("Committal warrant date (mandat de dépôt)"), validators=[Optional(), not_in_future]
    )
    offence_class = _select(
        _l("Offence class"), "offence_class", optional=True, validators=[DataRequired()]
    )
    charges = TextAreaField(_l("Charges"), validators=[Optional(), Length(max=2000)])
    court_id = SelectField(_l("Court"), coerce=int, validators=[Optional()])
    investigating_judge = StringField(
        _l("Investigating judge"), validators=[Optional(), Length(max=200)]
    )
    procedure_stage = _select(_l("Procedure stage"), "procedure_stage")
    code_regime = _select(_l("Code of Criminal Procedure"), "code_regime")

    def validate_committal_on(self, field) -> None:
        """A committal warrant follows the arrest."""
        arrested = self.arrested_on.data
        if field.data and arrested and field.data < arrested:
            raise ValidationError(_l("The committal cannot be before the arrest."))

    def validate_custody_started_on(self, field) -> None:
        """Police custody starts with or after the arrest."""
        arrested = self.arrested_on.data
        if field.data and arrested and field.data < arrested:
            raise ValidationError(_l("Police custody cannot start before the arrest."))


class GbvFieldsMixin:
    """The incident and the survivor's consents."""

    incident_type = _select(
        _l("Incident type"), "incident_type", optional=True, validators=[DataRequired()]
    )
    incident_date = FlexibleDateField(_l("Incident date"), validators=[Optional(), not_in_future])
    narrative = TextAreaField(
        _l("What happened (restricted)"), validators=[Optional(), Length(max=10000)]
    )


class GbvConsentFieldsMixin:
    """The survivor's consents and the referrals made: taken at intake, updated on their own
    form (audited, old and new values), never in passing with the incident."""

    consent_reporting = BooleanField(_l("Consents to sharing non-identifying data for reporting"))
    consent_health = BooleanField(_l("Consents to referral: health"))
    consent_psychosocial = BooleanField(_l("Consents to referral: psychosocial support"))
    consent_safety = BooleanField(_l("Consents to referral: safety and protection"))
    consent_legal = BooleanField(_l("Consents to referral: legal"))
    referrals_made = TextAreaField(_l("Referrals made"), validators=[Optional(), Length(max=2000)])


class LitigationFieldsMixin:
    """The civil matter and the other side."""

    matter_type = _select(_l("Matter"), "matter_type", optional=True, validators=[DataRequired()])
    # Most matters reach paralegals before any forum is seized.
    forum = _select(_l("Forum"), "forum", default=Forum.NONE.value)
    adverse_parties = TextAreaField(
        _l("Adverse parties (one name per line)"), validators=[Optional(), Length(max=4000)]
    )


class BeneficiaryFieldsMixin:
    """Who the case is for."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    sex = _select(_l("Sex"), "sex", optional=True, validators=[DataRequired()])
    birth_date = FlexibleDateField(_l("Birth date"), validators=[Optional(), not_in_future])
    birth_year = IntegerField(
        _l("or estimated year"),
        validators=[Optional(), NumberRange(min=1900, message=_l("Enter a year after 1900."))],
        render_kw={"inputmode": "numeric"},
    )
    age = IntegerField(
        _l("or age"),
        validators=[
            Optional(),
            NumberRange(min=0, max=120, message=_l("The age must be between 0 and 120.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    region_id = SelectField(_l("Region"), coerce=int, validators=[Optional()])
    commune = StringField(_l("Commune"), validators=[Optional(), Length(max=120)])
    address = TextAreaField(_l("Address"), validators=[Optional(), Length(max=500)])
    phone = StringField(
        _l("Phone"), validators=[Optional(), Length(max=40)], render_kw={"inputmode": "tel"}
    )
    preferred_language = _select(_l("Preferred language"), "preferred_language")
    needs_interpreter = BooleanField(_l("Needs an interpreter"))
    has_disability = BooleanField(_l("Has a disability"))
    disability_details = StringField(
        _l("Disability (details)"), validators=[Optional(), Length(max=200)]
    )

    def validate_birth_year(self, field) -> None:
        """An estimated birth year cannot be in the future."""
        if field.data is not None and field.data > local_today().year:
            raise ValidationError(_l("This date is in the future."))


class IntakeForm(PlainTextForm, CaseFieldsMixin, BeneficiaryFieldsMixin):
    """Common part of the three intake forms; `beneficiary_choice` records the duplicate check."""

    # "new", or the id of the person to link to (a plain number: `"²".isdigit()` is true too).
    beneficiary_choice = HiddenField(
        validators=[
            Optional(),
            Regexp(
                r"^(new|[0-9]{1,9})$",
                message=_l("This form is out of date: reload the page and try again."),
            ),
        ]
    )
    conflicts_acknowledged = BooleanField(
        _l("I have read the conflict-of-interest warning and will check it with my coordinator")
    )


class DetentionIntakeForm(IntakeForm, DetentionFieldsMixin):
    """Intake of a pre-trial detainee."""


class GbvIntakeForm(IntakeForm, GbvFieldsMixin, GbvConsentFieldsMixin):
    """Intake of a GBV survivor."""


class LitigationIntakeForm(IntakeForm, LitigationFieldsMixin):
    """Intake of a litigant."""


class CaseEditForm(PlainTextForm, CaseFieldsMixin):
    """Editing a case's details; `version` is the optimistic lock."""

    version = VersionField()


class BeneficiaryEditForm(PlainTextForm, BeneficiaryFieldsMixin):
    """Correcting the person's details after intake; `version` is the optimistic lock."""

    version = VersionField()


class DetentionEditForm(CaseEditForm, DetentionFieldsMixin):
    """Editing a detention case."""


class GbvEditForm(CaseEditForm, GbvFieldsMixin):
    """Editing a GBV case."""


class LitigationEditForm(CaseEditForm, LitigationFieldsMixin):
    """Editing a litigation case."""


class GbvConsentForm(PlainTextForm, GbvConsentFieldsMixin):
    """Updating a survivor's consents and referrals; `version` is the case's optimistic lock."""

    version = VersionField()


class TimelineEntryForm(PlainTextForm):
    """A note, or an action (visit, advice, mediation, filing, referral), on the timeline."""

    action_type = SelectField(
        _l("Kind"),
        choices=choices([("", _l("Note")), *options("action_type")]),
        validators=[Optional()],
    )
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=10000)])


class DocumentForm(PlainTextForm):
    """A document to attach to a case."""

    document_type = _select(_l("Document type"), "document_type")
    file = FileField(
        _l("File (PDF, JPEG, PNG or DOCX, 10 MB at most)"), validators=[FileRequired()]
    )


class ReviewDecisionForm(PlainTextForm):
    """One click on a possible match; `version` is the optimistic lock."""

    version = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9]{1,9}$")])


class CaseFilterForm(PlainTextForm):
    """Filters, search and sort of the case list (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Reference, code or name"), validators=[Optional(), Length(max=100)])
    kind = _select(_l("Kind"), "kind", optional=True, default="", widget=QuickSelect())
    status = _select(_l("Status"), "status", optional=True, default="", widget=QuickSelect())
    mine = BooleanField(_l("Assigned to me"))
    organisation_id = SelectField(_l("Organisation"), default="", widget=QuickSelect())
    region_id = SelectField(_l("Region"), default="", widget=QuickSelect())
    prison_id = SelectField(_l("Prison"), default="", widget=QuickSelect())
    opened_from = FlexibleDateField(_l("Opened from"), validators=[Optional()])
    opened_to = FlexibleDateField(_l("Opened until"), validators=[Optional()])
    sort = SelectField(
        _l("Sort by"),
        choices=choices(
            [
                ("-opened_on", _l("Newest first")),
                ("opened_on", _l("Oldest first")),
                ("reference", _l("Reference")),
                ("-last_activity_at", _l("Recent activity")),
                ("last_activity_at", _l("Least recent activity")),
            ]
        ),
        default="-opened_on",
        widget=QuickSelect(),
    )
