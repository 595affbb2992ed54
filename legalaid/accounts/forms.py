"""Administration forms for users and organisations."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from legalaid.formutils import PlainTextForm, VersionField, choices
from legalaid.i18n import LANGUAGE_NAMES
from legalaid.labels import options

# Deliberately loose: one @, a dot in the domain, no spaces. Deliverability is the admin's call.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def valid_email(_form, field) -> None:
    """A plausible address, trimmed."""
    field.data = (field.data or "").strip()
    if not EMAIL_PATTERN.match(field.data):
        raise ValidationError(_l("Enter a valid email address."))


class UserForm(PlainTextForm):
    """Create or edit an account; `version` carries the optimistic lock."""

    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254), valid_email])
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=choices(options("role")))
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[Optional()])
    prison_ids = SelectMultipleField(
        _l("Prisons (prison liaison officers only)"), coerce=int, validators=[Optional()]
    )
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    preferred_language = SelectField(
        _l("Language"), choices=choices(LANGUAGE_NAMES.items()), default="fr"
    )
    version = VersionField()
    submit = SubmitField(_l("Save"))


class UserFilterForm(PlainTextForm):
    """Search and filters of the user list (GET, no CSRF needed)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or email"), validators=[Optional(), Length(max=100)])
    role = SelectField(
        _l("Role"), choices=choices([("", _l("All roles")), *options("role")]), default=""
    )
    organisation_id = SelectField(_l("Organisation"), default="")
    status = SelectField(
        _l("Status"),
        choices=choices(
            [
                ("", _l("All")),
                ("active", _l("Active")),
                ("inactive", _l("Deactivated")),
                ("locked", _l("Locked")),
            ]
        ),
        default="",
    )
    page = IntegerField(validators=[Optional()], default=1)


class OrganisationForm(PlainTextForm):
    """Create or edit an organisation."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=choices(options("organisation_kind")))
    active = BooleanField(_l("Active"), default=True)
    version = VersionField()
    submit = SubmitField(_l("Save"))


class ConfirmForm(PlainTextForm):
    """An empty form: a POST button with its CSRF token."""

    submit = SubmitField(_l("Confirm"))
