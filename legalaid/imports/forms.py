"""Forms of the bulk import pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField
from wtforms.validators import DataRequired

from legalaid.formutils import PlainTextForm


class UploadForm(PlainTextForm):
    """The file to check; the organisation its rows go to (choices depend on the user)."""

    organisation_id = SelectField(_l("Organisation"), coerce=int)
    file = FileField(
        _l("File (CSV or XLSX)"),
        validators=[FileRequired()],
        render_kw={"accept": ".csv,.xlsx,text/csv"},
    )


class ConfirmImportForm(PlainTextForm):
    """Confirmation of the file the user has just read the check of."""

    upload = HiddenField(validators=[DataRequired()])
    skip_invalid = BooleanField(_l("Import the valid rows and leave out the rows with errors"))
