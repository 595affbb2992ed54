"""Forms of legal documents: generating one from a case, and an admin's template edits."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from legalaid.formutils import PlainTextForm, VersionField


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
