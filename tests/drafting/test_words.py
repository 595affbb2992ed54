"""Dates and durations as letters write them."""

from datetime import date

from legalaid.drafting.words import days_in_words, long_date, months_in_words


def test_dates_are_written_in_full_with_the_french_first_of_the_month():
    assert long_date(date(2026, 12, 3), "fr") == "3 décembre 2026"
    assert long_date(date(2027, 3, 1), "fr") == "1er mars 2027"
    assert long_date(date(2027, 3, 1), "en") == "1 March 2027"


def test_durations_are_written_in_words():
    assert days_in_words(43, "fr") == "quarante-trois jours"
    assert days_in_words(1, "fr") == "un jour"
    assert days_in_words(71, "fr") == "soixante et onze jours"
    assert days_in_words(43, "en") == "forty-three days"
    assert months_in_words(6, "fr") == "six mois"
