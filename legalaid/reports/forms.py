"""The report filters."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import Optional, ValidationError

from legalaid.formutils import FlexibleDateField, PlainTextForm


class ReportFilterForm(PlainTextForm):
    """Period and filters (GET, no CSRF)."""

    class Meta:
        csrf = False

    # Optional: the view fills an empty period in, and DataRequired would replace the reason a
    # typed date was refused (not a date, out of range) by "this field is required".
    start = FlexibleDateField(_l("From"), validators=[Optional()])
    end = FlexibleDateField(_l("To"), validators=[Optional()])
    organisation_id = SelectField(_l("Organisation"), default="")
    region_id = SelectField(_l("Region"), default="")
    prison_id = SelectField(_l("Prison"), default="")

    def validate_end(self, field) -> None:
        """A period ends after it starts."""
        if self.start.data and field.data and field.data < self.start.data:
            raise ValidationError(_l("The end of the period comes before its start."))
