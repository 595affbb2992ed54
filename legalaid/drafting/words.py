"""Dates and durations as a letter writes them, in the template's language.

`le 3 décembre 2026`, `le 1er mars 2027`, `quarante-trois jours`: Babel writes the month,
num2words the number (Babel spells no numbers out).
"""

from datetime import date

from babel.dates import format_date
from num2words import num2words


def long_date(day: date, language: str) -> str:
    """The date in full: `3 décembre 2026` (`1er` for the first of the month in French)."""
    if language == "fr" and day.day == 1:
        return "1er " + format_date(day, "MMMM y", locale="fr")
    return format_date(day, "d MMMM y", locale=language)


def number_in_words(number: int, language: str) -> str:
    """`43` as `quarante-trois` (French) or `forty-three` (English)."""
    return num2words(number, lang=language)


def days_in_words(days: int, language: str) -> str:
    """A number of days in words with its noun: `quarante-trois jours`, `un jour`."""
    if language == "fr":
        return f"{number_in_words(days, language)} {'jour' if days == 1 else 'jours'}"
    return f"{number_in_words(days, language)} {'day' if days == 1 else 'days'}"


def months_in_words(months: int, language: str) -> str:
    """A number of months in words: `six mois`, `twelve months`."""
    if language == "fr":
        return f"{number_in_words(months, language)} mois"
    return f"{number_in_words(months, language)} {'month' if months == 1 else 'months'}"
