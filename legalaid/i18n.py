"""Language selection: French first, English second."""

from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel import dates as babel_dates
from flask import current_app, has_request_context, session
from flask_babel import get_locale, get_timezone
from flask_login import current_user
from wtforms import HiddenField, SelectField

from legalaid.extensions import db
from legalaid.formutils import PlainTextForm, choices

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
# Dates follow the conventions of the language's region, not Babel's default one: English pages
# read 03/12/2026 or 3 Dec 2026 (British usage, as in Mali's English-speaking partners), never
# the American 12/3/26 that plain "en" gives.
DATE_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    """The signed-in user's language, else the one chosen before login, else French."""
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    if current_user.is_authenticated and current_user.preferred_language in languages:
        return str(current_user.preferred_language)
    chosen = session.get("lang")
    return str(chosen) if chosen in languages else default


class LanguageForm(PlainTextForm):
    """The language switch in the navigation bar."""

    language = SelectField(choices=choices(LANGUAGE_NAMES.items()))
    next = HiddenField()


def set_language(language: str, user: Any | None) -> None:
    """Remember the chosen language on the account (the session keeps it before login)."""
    if user is not None:
        user.preferred_language = language
        db.session.commit()


def inject_languages() -> dict[str, Any]:
    """Template globals for the language switch."""
    return {
        "language_names": LANGUAGE_NAMES,
        "current_language": str(get_locale() or "fr"),
        "language_form": LanguageForm,
    }


def _language() -> Locale | str:
    return get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]


@cache
def _locale(language: Locale | str) -> Locale:
    return Locale.parse(DATE_LOCALES.get(str(language), str(language)))


def date_locale() -> Locale:
    """The locale whose date formats the current language uses."""
    return _locale(_language())


@lru_cache(maxsize=8192)
def _formatted_day(value: date, style: str, language: Locale | str) -> str:
    return babel_dates.format_date(value, style, locale=_locale(language))


def format_day(value: date, style: str = "medium") -> str:
    """A date as a person reads it: 03/12/2026 (short), 3 déc. 2026 / 3 Dec 2026 (medium).

    Remembered per process and language: a list shows the same few days on every row and page,
    and Babel's formatting cost more than the rest of the row.
    """
    if isinstance(value, datetime):  # a day's own formats, whatever the time
        value = value.date()
    return _formatted_day(value, style, _language())


def format_moment(value: datetime, style: str = "medium") -> str:
    """A UTC time of the database in the display time zone: 03/12/2026 10:00 (short)."""
    return babel_dates.format_datetime(value, style, tzinfo=get_timezone(), locale=date_locale())
