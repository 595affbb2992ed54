"""Forgiving inputs and plain text (issues 13 and 14): times as people type them, dates that
do not exist told as such, control characters refused by every form of the app."""

import importlib
import pkgutil
from datetime import date, time

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

import legalaid
from legalaid.formutils import (
    PlainTextForm,
    TimeField,
    choices,
    control_character,
    parse_date,
    parse_time,
)


@pytest.fixture
def english():
    """Messages in English, the source language."""
    with force_locale("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9h30", time(9, 30)),
        ("9H30", time(9, 30)),
        ("9:30", time(9, 30)),
        ("09:30", time(9, 30)),
        ("09.30", time(9, 30)),
        (" 14 h 05 ", time(14, 5)),
        ("9h", time(9, 0)),
        ("9", time(9, 0)),
        ("930", time(9, 30)),
        ("0930", time(9, 30)),
        ("2359", time(23, 59)),
        ("0:00", time(0, 0)),
    ],
)
def test_a_time_is_read_as_people_type_it(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("²:30", "Enter a time as HH:MM"),  # "²".isdigit() is true, int("²") fails
        ("٩:٣٠", "Enter a time as HH:MM"),  # Arabic-Indic digits
        ("９:３０", "Enter a time as HH:MM"),  # full-width digits
        ("9h5", "Enter a time as HH:MM"),
        ("9:30:00", "Enter a time as HH:MM"),
        ("12345", "Enter a time as HH:MM"),
        ("1e3", "Enter a time as HH:MM"),
        ("midi", "Enter a time as HH:MM"),
        ("24:00", "This time does not exist"),
        ("9:60", "This time does not exist"),
        ("2460", "This time does not exist"),
    ],
)
def test_a_time_that_is_none_says_why(english, text, message):
    with pytest.raises(ValueError, match=message):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02/03/2026", date(2026, 3, 2)),
        ("2/3/2026", date(2026, 3, 2)),
        ("02.03.2026", date(2026, 3, 2)),
        ("02-03-2026", date(2026, 3, 2)),
        ("2026-03-02", date(2026, 3, 2)),
        ("29/02/2024", date(2024, 2, 29)),
        ("01/01/1900", date(1900, 1, 1)),
    ],
)
def test_a_date_is_read_day_first_or_iso(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/1985", "This date does not exist."),
        ("29/02/2023", "This date does not exist."),
        ("2026-13-01", "This date does not exist."),
        ("00/01/2026", "This date does not exist."),
        ("01/01/0001", "Enter a date between 1900 and 2100."),
        ("1000-06-01", "Enter a date between 1900 and 2100."),
        ("31/12/1899", "Enter a date between 1900 and 2100."),
        ("01/01/2101", "Enter a date between 1900 and 2100."),
        ("²1/01/2026", "Enter a date as DD/MM/YYYY."),
        ("٠١/٠١/٢٠٢٠", "Enter a date as DD/MM/YYYY."),
        ("02/03/26", "Enter a date as DD/MM/YYYY."),
        ("hier", "Enter a date as DD/MM/YYYY."),
    ],
)
def test_a_date_that_is_none_says_why(english, text, message):
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_the_french_messages(data_app):
    with data_app.test_request_context(headers={"Accept-Language": "fr"}):
        with pytest.raises(ValueError) as refused:
            parse_date("31/02/1985")
        assert str(refused.value) == "Cette date n'existe pas."
        with pytest.raises(ValueError, match="Saisissez une heure au format HH:MM"):
            parse_time("²:30")


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31m", "a\x7f", "a\x85b", "a\x0bb", "a\x1fb"])
def test_control_characters_are_found(text):
    assert control_character(text) and control_character(text, multiline=True)


def test_tab_and_newline_are_text_and_carriage_return_is_for_several_lines():
    assert not control_character("Awa\tTraoré\nMopti")
    assert control_character("ligne\r\nsuivante")
    assert not control_character("ligne\r\nsuivante", multiline=True)
    assert not control_character("Kéita — ²³ ½ ‘ok’ 𝒜")


class _Sample(PlainTextForm):
    class Meta:
        csrf = False

    name = StringField(validators=[Optional()])
    notes = TextAreaField(validators=[Optional()])
    secret = PasswordField(validators=[Optional()])
    at = TimeField(validators=[DataRequired()])


def _sample(**data) -> _Sample:
    return _Sample(formdata=MultiDict({"at": "9h30", **data}))


def test_every_text_field_refuses_control_characters_even_when_optional(data_app, english):
    with data_app.test_request_context():
        # "\x1f".strip() is empty: Optional() alone would stop validation and keep it.
        for value in ("\x1f", "Awa\x00", "a\x0cb"):
            form = _sample(name=value, notes=value)
            assert not form.validate()
            assert form.errors["name"] == [
                "This text holds an invisible control character (such as a NUL byte): type it "
                "again."
            ]
            assert "notes" in form.errors
        assert _sample(name="Awa\tTraoré", notes="ligne 1\r\nligne 2").validate()
        assert _sample(secret="mot de passe\x00").validate()  # never stored as typed


class _Choice(PlainTextForm):
    class Meta:
        csrf = False

    kind = SelectField(choices=choices([("", "Note"), ("visit", "Visit")]), validators=[Optional()])


@pytest.mark.parametrize("value", [" ", "\x1f", "\u3000"])
def test_a_blank_looking_value_is_no_choice_even_when_optional(data_app, value):
    """Optional() takes these for empty and clears "not a valid choice": the CHECK constraint
    of the column would have refused them (a 500)."""
    with data_app.test_request_context():
        form = _Choice(formdata=MultiDict({"kind": value}))
        assert not form.validate() and form.errors["kind"]
        assert _Choice(formdata=MultiDict({"kind": ""})).validate()
        assert _Choice(formdata=MultiDict({"kind": "visit"})).validate()


class _Number(PlainTextForm):
    class Meta:
        csrf = False

    count = IntegerField(validators=[Optional()])


@pytest.mark.parametrize(
    ("value", "valid"),
    [("2147483647", True), ("2147483648", False), ("-2147483648", False), (str(10**30), False)],
)
def test_a_number_no_database_integer_holds_is_refused(data_app, value, valid):
    with data_app.test_request_context():
        assert _Number(formdata=MultiDict({"count": value})).validate() is valid


def test_a_required_time_keeps_its_own_message(data_app, english):
    with data_app.test_request_context():
        form = _sample(at="²:30")
        assert not form.validate()
        assert form.errors["at"] == ["Enter a time as HH:MM (for example 09:30 or 9h30)."]
        assert form.at._value() == "²:30"  # the text comes back as typed
        form = _sample(at="0930")
        assert form.validate() and form.at.data == time(9, 30)


def _all_forms() -> set[type]:
    for module in pkgutil.walk_packages(legalaid.__path__, "legalaid."):
        importlib.import_module(module.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass.__module__.startswith("legalaid.") and subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    return found


def test_every_form_of_the_app_takes_plain_text_only():
    forms = _all_forms()
    assert len(forms) > 25
    assert {form for form in forms if not issubclass(form, PlainTextForm)} == set()
