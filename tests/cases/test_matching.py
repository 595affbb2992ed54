"""The duplicate-matching rules: which names and phones must, and must not, compare equal."""

import pytest

from legalaid.cases.matching import canonical_token, fold, name_key, name_tokens, phone_key

COMMON_NAMES = [
    "Mamadou",
    "Moussa",
    "Oumar",
    "Fatoumata",
    "Aïssata",
    "Sékou",
    "Cheick",
    "Dembélé",
    "Maïga",
    "Touré",
    "Konaté",
    "Sangaré",
    "Doumbia",
    "Samaké",
    "Diallo",
    "Sidibé",
    "Ouattara",
    "Cissé",
    "Kouyaté",
    "Coulibaly",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  N'Diaye-KÉITA ", "n diaye keita"),
        ("Aïssata", "aissata"),
        ("TRAORÉ", "traore"),
        ("Sékou  Touré", "sekou toure"),
        ("M. Coulibaly, Moussa", "m coulibaly moussa"),
        ("Ba_Diallo", "ba diallo"),
        ("", ""),
        (" .-' ", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Keïta", "Keita"),
        ("Keïta", "Kéita"),
        ("Keita", "Kéita"),
        ("Traoré", "Traore"),
        ("Coulibaly", "Kulibali"),
        ("Coulibaly", "Koulibaly"),
        ("Kulibali", "Koulibaly"),
        ("Diarra", "Jara"),
        ("Diarra", "Djarra"),
        ("Jara", "Djarra"),
        ("Ouattara", "Wattara"),
        ("Touré", "Ture"),
        ("Oumar", "Umar"),
        ("Diallo", "Jallo"),
        ("Cheick", "Sheikh"),
        ("Cissé", "Sissé"),
        ("Maïga", "Mayga"),
        ("Moustapha", "Mustafa"),
        ("Thierno", "Tierno"),
        ("Fatoumata Diarra", "FATOUMATA  DJARRA"),
        ("Awa Traoré", "awa traore."),
    ],
)
def test_spelling_variants_share_a_key(first: str, second: str) -> None:
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Traoré Awa", "Awa Traore"),
        ("Coulibaly Moussa", "Moussa Kulibali"),
        ("Keïta Mamadou Sékou", "Sékou Mamadou Keita"),
    ],
)
def test_word_order_does_not_matter(first: str, second: str) -> None:
    assert name_key(first) == name_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Awa Traoré", "Awa Touré"),
        ("Moussa Keita", "Moussa Konaté"),
        ("Fatoumata Diarra", "Fatoumata Dembélé"),
        ("Sidibé", "Cissé"),
        ("Diallo", "Dicko"),
    ],
)
def test_different_names_do_not_match(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize("name", ["", "   ", "-'."])
def test_blank_name_has_empty_key(name: str) -> None:
    assert name_key(name) == ""


@pytest.mark.parametrize("name", [*COMMON_NAMES, "Kéita", "Djarra", "Sheikh", "Ddiyarra"])
def test_canonical_token_is_idempotent(name: str) -> None:
    token = canonical_token(fold(name))
    assert canonical_token(token) == token


def test_name_key_is_idempotent_on_common_names() -> None:
    for name in COMMON_NAMES:
        key = name_key(name)
        assert name_key(key) == key, name
    full_name = " ".join(COMMON_NAMES)
    assert name_key(name_key(full_name)) == name_key(full_name)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Awa Traoré", ["awa", "traore"]),
        ("Traoré Awa", ["traore", "awa"]),
        ("Coulibaly Moussa Kulibali", ["kulibali", "musa"]),
        ("awa AWA Awa", ["awa"]),
        ("  ", []),
    ],
)
def test_name_tokens_keep_order_without_duplicates(query: str, expected: list[str]) -> None:
    assert name_tokens(query) == expected


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+223 76 12 34 56", "76123456"),
        ("0022376123456", "76123456"),
        ("76-12-34-56", "76123456"),
        ("(223) 76.12.34.56", "76123456"),
        ("22376123", "22376123"),
        ("+33 6 12 34 56 78", "33612345678"),
        ("7612345", None),
        ("", None),
        (None, None),
    ],
)
def test_phone_key(phone: str | None, expected: str | None) -> None:
    assert phone_key(phone) == expected
