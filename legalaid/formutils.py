"""Small helpers shared by the forms of every domain."""

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from flask_babel import format_date, get_timezone
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    Field,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, Select, TextInput


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]


# Control characters (Unicode Cc) a person never means to type: PostgreSQL refuses NUL in text
# outright, and the others hide in names and break exports. Tab and newline are kept everywhere
# (a pasted address), carriage return only where lines are expected (textareas send CRLF).
_LINE_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TEXT_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTER_MESSAGE = _l(
    "This text holds an invisible control character (such as a NUL byte): type it again."
)


def control_character(text: str, *, multiline: bool = False) -> bool:
    """Whether `text` holds a control character other than tab and newline (and carriage
    return when `multiline`)."""
    return bool((_TEXT_CONTROLS if multiline else _LINE_CONTROLS).search(text))


def holds_control_character(field: Field) -> bool:
    """Whether a text field was sent a control character (see `control_character`)."""
    multiline = isinstance(field, TextAreaField)
    return any(
        isinstance(value, str) and control_character(value, multiline=multiline)
        for value in field.raw_data or ()
    )


# The largest whole number a database integer column holds (PostgreSQL `integer`).
LARGEST_INTEGER = 2**31 - 1


class PlainTextForm(FlaskForm):
    """The base of every form of the app: each text field (typed or hidden, passwords aside,
    which are never stored as typed) refuses control characters, each list a value that is not
    one of its choices, and each number one that no database integer holds.

    Checked once the fields are validated, so that no field can forget it and no validator can
    undo it: `Optional()` clears a field's errors when its text is blank to `str.strip()`, and
    `" "` or `"\x1f"` are, so that a select's "not a valid choice" would vanish and the value
    reach the database."""

    def validate(self, extra_validators=None) -> bool:
        """The fields' own validation, then plain text, real choices and integers everywhere."""
        valid = super().validate(extra_validators)
        for field in self:
            problem = _field_problem(self, field)
            if problem is not None:
                field.errors.append(problem)
                valid = False
        return valid


def _field_problem(form: FlaskForm, field: Field) -> Any | None:
    """What PlainTextForm refuses in a field that its own validators let through."""
    if isinstance(field, StringField) and not isinstance(field, PasswordField):
        return CONTROL_CHARACTER_MESSAGE if holds_control_character(field) else None
    if isinstance(field, IntegerField) and field.data is not None:
        if abs(field.data) > LARGEST_INTEGER:
            return _l("This number is too large.")
        return None
    if isinstance(field, SelectField) and field.validate_choice and field.data is not None:
        if field.errors:
            return None
        try:
            field.pre_validate(form)
        except ValueError as error:
            return str(error)
    return None


class QuickSelect(Select):
    """WTForms' select, each plain option written by one format string: its `html_params` per
    option cost a third of the case list's page. The markup is the same as WTForms'."""

    @classmethod
    def render_option(cls, choice: SelectChoice, **kwargs: Any) -> Markup:
        """`<option [selected ]value="…">label</option>`, as `Select.render_option` writes it."""
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""
        text = escape(choice.label or choice.value)
        value = escape(choice.value)
        return Markup(f'<option{selected} value="{value}">{text}</option>')  # noqa: S704 - escaped


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


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


# The dates the programme can mean. Anything outside is a typing slip or an attack, and keeping
# every date well inside what `date` holds lets reports and calendars add days and months safely.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# JJ/MM/AAAA (also with dots or dashes, as phones and spreadsheets write it) or ISO AAAA-MM-JJ;
# ASCII digits only (`re.ASCII`: `\d` alone would take `٣` or `３`).
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", re.ASCII)
_YEAR_FIRST = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)


def parse_date(text: str) -> date:
    """A date typed as JJ/MM/AAAA or AAAA-MM-JJ, between EARLIEST_DATE and LATEST_DATE.

    Raises ValueError with a message for the user when the text is no such date: a text that
    is not written as a date, a day that no calendar has (31/02/1985), or a year out of range.
    """
    text = text.strip()
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YEAR_FIRST.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(_l("Enter a date as DD/MM/YYYY."))
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValueError(_l("This date does not exist.")) from None
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValueError(_l("Enter a date between 1900 and 2100."))
    return value


# A time of day as people write it in Mali and on phone keypads without a colon: `9:30`,
# `09:30`, `9h30`, `9H30`, `09.30`, `9h` and `9` (on the hour), and `930` or `0930` (three or
# four digits: hours then two digits of minutes). ASCII digits only: `²:30` is no time.
_TIME_WITH_SEPARATOR = re.compile(r"(\d{1,2})\s*(?:[:hH.]\s*(\d{2})?)?", re.ASCII)
_TIME_DIGITS = re.compile(r"(\d{1,2})(\d{2})", re.ASCII)


def parse_time(text: str) -> time:
    """A time of day on a 24-hour clock, in any of the writings above.

    Raises ValueError with a message for the user when the text is no such time.
    """
    text = text.strip()
    match = _TIME_WITH_SEPARATOR.fullmatch(text) or _TIME_DIGITS.fullmatch(text)
    if match is None:
        raise ValueError(_l("Enter a time as HH:MM (for example 09:30 or 9h30)."))
    hours, minutes = int(match[1]), int(match[2] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(_l("This time does not exist: hours go to 23, minutes to 59."))
    return time(hours, minutes)


class _TypedTextField(StringField):
    """A plain text input whose text is read into a value, and comes back untouched, as typed,
    when the form has errors. A plain input works without JavaScript and on every phone."""

    widget = TextInput()
    placeholder: Any = ""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).update(
            {"inputmode": "numeric", "placeholder": self.placeholder, "autocomplete": "off"}
        )
        super().__init__(label, validators, **kwargs)
        self.raw_text: str | None = None

    def _value(self) -> str:
        if self.raw_text is not None:
            return self.raw_text
        return self.shown(self.data) if self.data is not None else ""

    def process_formdata(self, valuelist) -> None:
        if not valuelist:
            return
        self.raw_text = valuelist[0].strip()
        self.data = None
        if self.raw_text:
            self.data = self.parse(self.raw_text)

    def pre_validate(self, form) -> None:
        """A text that is no value keeps its own message: the validators stop here, or
        `DataRequired` would replace it by "this field is required"."""
        if self.process_errors:
            raise StopValidation()

    def parse(self, text: str) -> Any:
        """The value of the typed text; ValueError with the user's message when it is none."""
        raise NotImplementedError

    def shown(self, value: Any) -> str:
        """The value as the input shows it."""
        return str(value)


class FlexibleDateField(_TypedTextField):
    """A date typed as JJ/MM/AAAA (French habit) or ISO AAAA-MM-JJ; shown in the user's format."""

    placeholder = _l("DD/MM/YYYY")

    def parse(self, text: str) -> date:
        return parse_date(text)

    def shown(self, value: Any) -> str:
        return format_date(value, "dd/MM/yyyy") if isinstance(value, date) else str(value)


class TimeField(_TypedTextField):
    """A time of day as people type it (`9h30`, `9:30`, `09.30`, `930`; see `parse_time`),
    shown as HH:MM."""

    placeholder = "HH:MM"

    def parse(self, text: str) -> time:
        return parse_time(text)

    def shown(self, value: Any) -> str:
        return value.strftime("%H:%M") if isinstance(value, time) else str(value)


def not_in_future(_form, field) -> None:
    """Dates of facts already happened: never after today (in Bamako)."""
    if field.data is not None and field.data > local_today():
        raise ValidationError(_l("This date is in the future."))


# How far ahead a date to come (a hearing) may be: beyond, it is a typing slip (2062 for 2026).
YEARS_AHEAD = 5


def within_years_ahead(_form, field) -> None:
    """Dates to come (hearings): by the end of the year YEARS_AHEAD years from now."""
    last_year = local_today().year + YEARS_AHEAD
    if field.data is not None and field.data.year > last_year:
        raise ValidationError(_l("Enter a date before the end of %(year)s.", year=last_year))


def local_today() -> date:
    """Today where the programme works (dates of facts are local dates)."""
    return datetime.now(get_timezone()).date()


def at_time(day: date, moment: time | None) -> datetime:
    """`day` at `moment` (midnight when no time is given), as forms ask for them separately."""
    return datetime.combine(day, moment or time())
