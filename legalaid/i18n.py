"""Language selection: French first, English second."""

from typing import Any

from flask import current_app, has_request_context, session
from flask_babel import get_locale
from flask_login import current_user
from wtforms import HiddenField, SelectField

from legalaid.extensions import db
from legalaid.formutils import PlainTextForm, choices

LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


def select_locale() -> str:
    """The signed-in user's language, else the one chosen before login, else French."""
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    if current_user.is_authenticated and current_user.preferred_language in languages:
        return current_user.preferred_language
    chosen = session.get("lang")
    return chosen if chosen in languages else default


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
