"""The forms a device fills offline, checked again on the server when the item arrives."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from legalaid.formutils import FlexibleDateField, PlainTextForm, choices, not_in_future
from legalaid.labels import options


class OfflineEditForm(PlainTextForm):
    """The case fields a device may change offline; a field left out stays as it is."""

    service_level = SelectField(
        _l("Service"),
        choices=choices([("", "—"), *options("service_level")]),
        validators=[Optional()],
    )
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=5000)])

    def changes(self) -> dict[str, Any]:
        """The fields the device sent, trimmed (a summary may be emptied; a service not)."""
        changes = {}
        if self.service_level.raw_data and self.service_level.data:
            changes["service_level"] = self.service_level.data
        if self.summary.raw_data:
            changes["summary"] = (self.summary.data or "").strip()
        return changes


class VisitForm(PlainTextForm):
    """A prison-visit round: where and when; the detainees seen come as a list beside it."""

    prison_id = SelectField(_l("Prison"), coerce=int, validators=[DataRequired()])
    visited_on = FlexibleDateField(_l("Visit date"), validators=[DataRequired(), not_in_future])
