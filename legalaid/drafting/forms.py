"""Forms of legal documents: generating one from a case, and an admin's template edits."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from legalaid.formutils import MultiCheckboxField, PlainTextForm, VersionField, choices
from legalaid.labels import options


class GenerateForm(PlainTextForm):
    """Generate the document; a referral slip also asks what the referral is."""

    referral_type = SelectField(_l("Type of referral"), validators=[Optional()], choices=[])
    referral_service = StringField(
        _l("Service or place referred to"), validators=[Optional(), Length(max=200)]
    )
    referral_note = TextAreaField(
        _l("What the receiving service needs to know (no more)"),
        validators=[Optional(), Length(max=2000)],
    )
    submit = SubmitField(_l("Generate the document"))


class TemplateUploadForm(PlainTextForm):
    """A new version of a template: the Word file edited from the current one."""

    file = FileField(_l("Word file (.docx, 2 MB at most)"), validators=[FileRequired()])
    note = StringField(_l("What changed"), validators=[DataRequired(), Length(max=200)])
    number = VersionField(validators=[InputRequired()])
    submit = SubmitField(_l("Upload the new version"))


class TemplateCopyForm(PlainTextForm):
    """An organisation's own copy of a shared template."""

    organisation_id = SelectField(_l("Organisation"), coerce=int, choices=[])
    submit = SubmitField(_l("Make a copy for this organisation"))


class NewTemplateForm(PlainTextForm):
    """A template of the programme's own: what it is, what it applies to, its Word file."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    organisation_id = SelectField(_l("Organisation"), coerce=int, choices=[])
    language = SelectField(_l("Language"), choices=choices([("fr", "Français"), ("en", "English")]))
    document_type = SelectField(
        _l("Filed on the case as"), choices=choices(options("document_type"))
    )
    case_kinds = MultiCheckboxField(_l("Case kinds (none ticked: every kind)"), choices=[])
    detention_states = MultiCheckboxField(
        _l("Only in these legal-limit states (detention; none ticked: whatever the state)"),
        choices=choices(options("state", "renewal_due", "overdue", "beyond_cap", "ok")),
    )
    needs_referral_consent = BooleanField(
        _l("A GBV referral slip: only for a referral the survivor consented to")
    )
    file = FileField(_l("Word file (.docx, 2 MB at most)"), validators=[FileRequired()])
    submit = SubmitField(_l("Add the template"))
