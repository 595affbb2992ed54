"""The headline sentences and figures in French and English: plurals, percentages, thousands.

The sentences follow the order the kinds are registered: detention, GBV, litigation, land."""

import pytest
from flask_babel import force_locale

from legalaid.reports.presentation import label, number, percent
from legalaid.reports.sentences import headline_sentences, report_notes


def result_of(
    assisted,
    identified,
    assisted_pct,
    resolved,
    cases,
    resolved_pct,
    litigants,
    women_litigants,
    victims,
    women_victims,
    left_out,
    disputes_resolved,
    pv_recognised,
):
    """The part of a report's result the sentences read."""
    return {
        "detainees": {
            "assisted": assisted,
            "identified": identified,
            "assisted_pct": assisted_pct,
            "assisted_resolved": resolved,
            "assisted_cases": cases,
            "assisted_resolved_pct": resolved_pct,
        },
        "litigants_supported_by_paralegals": {"total": litigants, "F": women_litigants},
        "victims_assisted_by_lawyers": {"total": victims, "F": women_victims},
        "gbv_left_out_without_consent": {"cases": left_out},
        "land_conciliation": {
            "disputes_resolved": disputes_resolved,
            "pv_recognised": pv_recognised,
        },
    }


ONE_EACH = result_of(1, 1, 100.0, 1, 1, 100.0, 1, 1, 1, 0, 1, 1, 1)
SEVERAL = result_of(2, 3, 66.7, 2, 3, 66.7, 3, 2, 1234, 1000, 12, 433, 81)
HIDDEN = result_of("< 5", "< 5", None, "< 5", 7, None, "< 5", "< 5", 0, 0, "< 5", "< 5", "< 5")

SENTENCES = [
    (
        "fr",
        ONE_EACH,
        [
            "1 détenu identifié sur 1 a reçu une assistance juridique (100\xa0%).",
            "1 des 1 dossiers de détention assistés a été résolu (100\xa0%).",
            "1 victime de violences basées sur le genre, dont 0 femme, a été assistée par des "
            "avocats.",
            "1 justiciable, dont 1 femme, a reçu l'appui de parajuristes formés.",
            "1 litige foncier résolu à l'amiable ; "
            "1 procès-verbal de conciliation homologué par les tribunaux.",
        ],
    ),
    (
        "fr",
        SEVERAL,
        [
            "2 détenus identifiés sur 3 ont reçu une assistance juridique (66,7\xa0%).",
            "2 des 3 dossiers de détention assistés ont été résolus (66,7\xa0%).",
            "1\u202f234 victimes de violences basées sur le genre, dont 1\u202f000 femmes, ont été "
            "assistées par des avocats.",
            "3 justiciables, dont 2 femmes, ont reçu l'appui de parajuristes formés.",
            "433 litiges fonciers résolus à l'amiable ; "
            "81 procès-verbaux de conciliation homologués par les tribunaux.",
        ],
    ),
    (
        "en",
        ONE_EACH,
        [
            "1 identified detainee out of 1 received legal assistance (100%).",
            "1 of 1 assisted detention cases was resolved (100%).",
            "1 victim of gender-based violence, including 0 women, was assisted by lawyers.",
            "1 litigant, including 1 woman, received legal support from trained paralegals.",
            "1 land dispute resolved amicably; 1 conciliation report recognised by the courts.",
        ],
    ),
    (
        "en",
        SEVERAL,
        [
            "2 identified detainees out of 3 received legal assistance (66.7%).",
            "2 of 3 assisted detention cases were resolved (66.7%).",
            "1,234 victims of gender-based violence, including 1,000 women, were assisted by "
            "lawyers.",
            "3 litigants, including 2 women, received legal support from trained paralegals.",
            "433 land disputes resolved amicably; "
            "81 conciliation reports recognised by the courts.",
        ],
    ),
    (
        "fr",
        HIDDEN,
        [
            "< 5 détenus identifiés sur < 5 ont reçu une assistance juridique (—).",
            "< 5 des 7 dossiers de détention assistés ont été résolus (—).",
            "0 victime de violences basées sur le genre, dont 0 femme, a été assistée par des "
            "avocats.",
            "< 5 justiciables, dont < 5 femmes, ont reçu l'appui de parajuristes formés.",
            "< 5 litiges fonciers résolus à l'amiable ; "
            "< 5 procès-verbaux de conciliation homologués par les tribunaux.",
        ],
    ),
]


@pytest.mark.parametrize(("language", "result", "expected"), SENTENCES)
def test_headline_sentences(app, language, result, expected):
    with force_locale(language):
        assert headline_sentences(result) == expected


@pytest.mark.parametrize(
    ("language", "result", "expected"),
    [
        ("fr", ONE_EACH, "; 1 dossier a été écarté faute de consentement."),
        ("fr", SEVERAL, "; 12 dossiers ont été écartés faute de consentement."),
        ("fr", HIDDEN, "; < 5 dossiers ont été écartés faute de consentement."),
        ("en", ONE_EACH, "; 1 case was left out for lack of consent."),
        ("en", SEVERAL, "; 12 cases were left out for lack of consent."),
    ],
)
def test_the_consent_note_is_the_only_note(app, language, result, expected):
    with force_locale(language):
        (note,) = report_notes(result)
        assert note.endswith(expected)


def test_figures_and_labels_in_each_language(app):
    with force_locale("fr"):
        assert (number(12345), number(12.5), number("< 5"), number(None)) == (
            "12\u202f345",
            "12,5",
            "< 5",
            "—",
        )
        assert (percent(66.7), percent(75.0), percent(None)) == ("66,7\xa0%", "75\xa0%", "—")
        assert label("age_group", "minor") == "Mineurs (moins de 18 ans)"
        assert label("kind", "gbv") == "Violences basées sur le genre"
        assert label("sex", "F") == "Femme"
        assert label("region", "unknown") == "Région inconnue"
        assert label("region", "Ségou") == "Ségou"
    with force_locale("en"):
        assert (number(12345), percent(66.7)) == ("12,345", "66.7%")
        assert label("outcome", "charges_dismissed") == "Charges dismissed (non-lieu)"
