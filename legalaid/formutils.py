"""Small helpers shared by the forms of every domain."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, get_timezone
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]


class VersionField(HiddenField):
    """The version a form was loaded from (optimistic locking), as a number: a value that is
    not a plain whole number (`1e3`, `²`, a NUL byte) refuses the form instead of failing in
    `int()`. Empty reads as None (a form that creates, not edits)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        if not text:
            self.data = None
        elif text.isascii() and text.isdigit() and len(text) <= 9:
            self.data = int(text)
        else:
            self.data = None
            raise ValueError(_l("This form is out of date: reload the page and try again."))


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
# The dates the programme can mean. Anything outside is a typing slip or an attack, and keeping
# every date well inside what `date` holds lets reports and calendars add days and months safely.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def parse_date(text: str) -> date:
    """A date typed as JJ/MM/AAAA or AAAA-MM-JJ, between EARLIEST_DATE and LATEST_DATE.

    Raises ValueError with a message for the user when the text is no such date.
    """
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise ValueError(_l("Enter a date between 1900 and 2100."))
        return day
    raise ValueError(_l("Enter a date as DD/MM/YYYY."))


class FlexibleDateField(StringField):
    """A date typed as JJ/MM/AAAA (French habit) or ISO AAAA-MM-JJ; shown in the user's format.

    A plain text input: it works without JavaScript and on every phone, and what the user typed
    comes back untouched when the form has errors.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).update(
            {"inputmode": "numeric", "placeholder": _l("DD/MM/YYYY"), "autocomplete": "off"}
        )
        super().__init__(label, validators, **kwargs)
        self.raw_text: str | None = None

    def _value(self) -> str:
        if self.raw_text is not None:
            return self.raw_text
        return format_date(self.data, "dd/MM/yyyy") if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        self.raw_text = valuelist[0].strip()
        self.data = None
        if self.raw_text:
            self.data = parse_date(self.raw_text)


def not_in_future(_form, field) -> None:
    """Dates of facts already happened: never after today (in Bamako)."""
    if field.data is not None and field.data > local_today():
        raise ValidationError(_l("This date is in the future."))


def local_today() -> date:
    """Today where the programme works (dates of facts are local dates)."""
    return datetime.now(get_timezone()).date()


def at_time(day: date, time_text: str | None) -> datetime:
    """`day` at HH:MM (midnight when no time is given), as forms ask for them separately."""
    hours, _sep, minutes = (time_text or "").strip().partition(":")
    return datetime(day.year, day.month, day.day, int(hours or 0), int(minutes or 0))
