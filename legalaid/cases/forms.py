"""Intake, edit, timeline and document forms."""

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

from legalaid.cases.models import (
    ActionType,
    CaseKind,
    CaseStatus,
    DocumentType,
    Forum,
    GbvIncidentType,
    MatterType,
    ReviewOutcome,
    ReviewReason,
    ServiceLevel,
    Sex,
    SpokenLanguage,
)
from legalaid.detention.models import CodeRegime, OffenceClass, ProcedureStage
from legalaid.formutils import (
    FlexibleDateField,
    PlainTextForm,
    TimeField,
    VersionField,
    choices,
    local_today,
    not_in_future,
)

KIND_LABELS = {
    CaseKind.DETENTION: _l("Pre-trial detention"),
    CaseKind.GBV: _l("Gender-based violence"),
    CaseKind.LITIGATION: _l("Litigation"),
}
STATUS_LABELS = {
    CaseStatus.INTAKE: _l("Intake"),
    CaseStatus.ASSIGNED: _l("Assigned"),
    CaseStatus.IN_PROGRESS: _l("In progress"),
    CaseStatus.RESOLVED: _l("Resolved"),
    CaseStatus.CLOSED: _l("Closed"),
}
SERVICE_LEVEL_LABELS = {
    ServiceLevel.ADVICE: _l("Legal advice (aide juridique)"),
    ServiceLevel.REPRESENTATION: _l("Legal representation (assistance judiciaire)"),
}
SEX_LABELS = {Sex.FEMALE: _l("Female"), Sex.MALE: _l("Male")}
SPOKEN_LANGUAGE_LABELS = {
    SpokenLanguage.FRENCH: _l("French"),
    SpokenLanguage.BAMBARA: _l("Bambara"),
    SpokenLanguage.FULFULDE: _l("Fulfulde (Peul)"),
    SpokenLanguage.SONGHAY: _l("Songhay"),
    SpokenLanguage.SONINKE: _l("Soninke"),
    SpokenLanguage.TAMASHEQ: _l("Tamasheq"),
    SpokenLanguage.DOGON: _l("Dogon"),
    SpokenLanguage.OTHER: _l("Other"),
}
OFFENCE_CLASS_LABELS = {
    OffenceClass.DELIT_MINOR: _l("Délit punishable by 2 years or less"),
    OffenceClass.DELIT_MAJOR: _l("Délit punishable by more than 2 years"),
    OffenceClass.CRIME: _l("Crime"),
}
PROCEDURE_STAGE_LABELS = {
    ProcedureStage.POLICE_CUSTODY: _l("Police custody (garde à vue)"),
    ProcedureStage.INVESTIGATION: _l("Under investigation (instruction)"),
    ProcedureStage.AWAITING_TRIAL: _l("Awaiting trial"),
    ProcedureStage.APPEAL: _l("Appeal"),
}
CODE_REGIME_LABELS = {
    CodeRegime.CODE_2001: _l("2001 Code of Criminal Procedure (Loi 01-080)"),
    CodeRegime.CODE_2024: _l("2024 Code of Criminal Procedure (Loi 2024-028)"),
}
INCIDENT_TYPE_LABELS = {
    GbvIncidentType.RAPE: _l("Rape"),
    GbvIncidentType.SEXUAL_ASSAULT: _l("Sexual assault"),
    GbvIncidentType.PHYSICAL_ASSAULT: _l("Physical assault"),
    GbvIncidentType.FORCED_MARRIAGE: _l("Forced marriage"),
    GbvIncidentType.DENIAL_OF_RESOURCES: _l("Denial of resources, opportunities or services"),
    GbvIncidentType.PSYCHOLOGICAL_ABUSE: _l("Psychological or emotional abuse"),
}
MATTER_TYPE_LABELS = {
    MatterType.LAND: _l("Land"),
    MatterType.FAMILY: _l("Family"),
    MatterType.INHERITANCE: _l("Inheritance"),
    MatterType.CIVIL_STATUS: _l("Civil status"),
    MatterType.LABOUR: _l("Labour"),
    MatterType.DEBT: _l("Debt"),
    MatterType.OTHER: _l("Other"),
}
FORUM_LABELS = {
    Forum.COURT: _l("Court"),
    Forum.LAND_COMMISSION: _l("Land commission (CoFo)"),
    Forum.CUSTOMARY: _l("Customary authority"),
    Forum.NONE: _l("None yet"),
}
ACTION_TYPE_LABELS = {
    ActionType.VISIT: _l("Visit"),
    ActionType.ADVICE: _l("Advice"),
    ActionType.MEDIATION: _l("Mediation"),
    ActionType.FILING: _l("Filing"),
    ActionType.REFERRAL: _l("Referral"),
}
DOCUMENT_TYPE_LABELS = {
    DocumentType.COURT: _l("Court document"),
    DocumentType.IDENTITY: _l("Identity document"),
    DocumentType.MEDICAL: _l("Medical certificate"),
    DocumentType.CORRESPONDENCE: _l("Correspondence"),
    DocumentType.OTHER: _l("Other"),
}
NO_CHOICE = ("", _l("— choose —"))


def _select(label, labels: dict, *, optional: bool = False, **kwargs) -> SelectField:
    options = [NO_CHOICE, *labels.items()] if optional else list(labels.items())
    return SelectField(label, choices=choices(options), **kwargs)


class CaseFieldsMixin:
    """What every case carries, whatever its kind."""

    opened_on = FlexibleDateField(_l("Opened on"), validators=[DataRequired(), not_in_future])
    service_level = _select(_l("Service"), SERVICE_LEVEL_LABELS)
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
        _l("Offence class"), OFFENCE_CLASS_LABELS, optional=True, validators=[DataRequired()]
    )
    charges = TextAreaField(_l("Charges"), validators=[Optional(), Length(max=2000)])
    court_id = SelectField(_l("Court"), coerce=int, validators=[Optional()])
    investigating_judge = StringField(
        _l("Investigating judge"), validators=[Optional(), Length(max=200)]
    )
    procedure_stage = _select(_l("Procedure stage"), PROCEDURE_STAGE_LABELS)
    code_regime = _select(_l("Code of Criminal Procedure"), CODE_REGIME_LABELS)

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
        _l("Incident type"), INCIDENT_TYPE_LABELS, optional=True, validators=[DataRequired()]
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

    matter_type = _select(
        _l("Matter"), MATTER_TYPE_LABELS, optional=True, validators=[DataRequired()]
    )
    # Most matters reach paralegals before any forum is seized.
    forum = _select(_l("Forum"), FORUM_LABELS, default=Forum.NONE.value)
    adverse_parties = TextAreaField(
        _l("Adverse parties (one name per line)"), validators=[Optional(), Length(max=4000)]
    )


class BeneficiaryFieldsMixin:
    """Who the case is for."""

    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    sex = _select(_l("Sex"), SEX_LABELS, optional=True, validators=[DataRequired()])
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
    preferred_language = _select(_l("Preferred language"), SPOKEN_LANGUAGE_LABELS)
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


INTAKE_FORMS = {
    CaseKind.DETENTION: DetentionIntakeForm,
    CaseKind.GBV: GbvIntakeForm,
    CaseKind.LITIGATION: LitigationIntakeForm,
}


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


EDIT_FORMS = {
    CaseKind.DETENTION: DetentionEditForm,
    CaseKind.GBV: GbvEditForm,
    CaseKind.LITIGATION: LitigationEditForm,
}


class TimelineEntryForm(PlainTextForm):
    """A note, or an action (visit, advice, mediation, filing, referral), on the timeline."""

    action_type = _select(
        _l("Kind"), {"": _l("Note"), **ACTION_TYPE_LABELS}, validators=[Optional()]
    )
    text = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=10000)])


class DocumentForm(PlainTextForm):
    """A document to attach to a case."""

    document_type = _select(_l("Document type"), DOCUMENT_TYPE_LABELS)
    file = FileField(
        _l("File (PDF, JPEG, PNG or DOCX, 10 MB at most)"), validators=[FileRequired()]
    )


class ReviewDecisionForm(PlainTextForm):
    """One click on a possible match; `version` is the optimistic lock."""

    version = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9]{1,9}$")])


REVIEW_REASON_LABELS = {
    ReviewReason.DUPLICATE: _l("Possible duplicate"),
    ReviewReason.CONFLICT: _l("Possible conflict of interest"),
}
REVIEW_OUTCOME_LABELS = {
    ReviewOutcome.FLAGGED: _l("A possible match is waiting for the coordinator's review"),
    ReviewOutcome.LINKED: _l("Linked by the coordinator to the person already known"),
    ReviewOutcome.DISMISSED: _l("Possible match dismissed by the coordinator"),
}


class CaseFilterForm(PlainTextForm):
    """Filters, search and sort of the case list (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(_l("Reference, code or name"), validators=[Optional(), Length(max=100)])
    kind = _select(_l("Kind"), KIND_LABELS, optional=True, default="")
    status = _select(_l("Status"), STATUS_LABELS, optional=True, default="")
    mine = BooleanField(_l("Assigned to me"))
    organisation_id = SelectField(_l("Organisation"), default="")
    region_id = SelectField(_l("Region"), default="")
    prison_id = SelectField(_l("Prison"), default="")
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
    )


# Every coded value a case page shows, by field name, for the templates.
LABELS = {
    "kind": KIND_LABELS,
    "status": STATUS_LABELS,
    "service_level": SERVICE_LEVEL_LABELS,
    "sex": SEX_LABELS,
    "preferred_language": SPOKEN_LANGUAGE_LABELS,
    "offence_class": OFFENCE_CLASS_LABELS,
    "procedure_stage": PROCEDURE_STAGE_LABELS,
    "code_regime": CODE_REGIME_LABELS,
    "incident_type": INCIDENT_TYPE_LABELS,
    "matter_type": MATTER_TYPE_LABELS,
    "forum": FORUM_LABELS,
    "action_type": ACTION_TYPE_LABELS,
    "document_type": DOCUMENT_TYPE_LABELS,
    "review_reason": REVIEW_REASON_LABELS,
    "review_outcome": REVIEW_OUTCOME_LABELS,
}
