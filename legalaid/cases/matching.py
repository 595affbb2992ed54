"""Duplicate-beneficiary matching: the single place where name and phone matching is defined.

Intake compares names after folding case, accents, punctuation and spacing, then rewriting
common Malian spelling variants (French or Bambara orthography) to one canonical spelling,
so that Keïta, Keita and Kéita, or Coulibaly, Koulibaly and Kulibali, give the same key.
Stored keys and search queries must both go through these functions, never through ad hoc
rules elsewhere.
"""

import re
import unicodedata

# Ordered (pattern, replacement) rules for one folded token; canonical_token repeats the
# whole list until nothing changes, which makes the result idempotent whatever the input.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile("y"), "i"),  # y is i: Coulibaly/Kulibali, Mayga/Maïga
    (re.compile("^ou(?=[aeiou])"), "w"),  # initial ou before a vowel is w: Ouattara/Wattara
    (re.compile("ou"), "u"),  # French ou is u: Coulibaly/Kulibali, Touré/Ture, Oumar/Umar
    (re.compile("dj"), "j"),  # French dj is j: Djarra/Jara, Djibril/Jibril
    (re.compile("^di(?=[aeiou])"), "j"),  # initial di before a vowel is j: Diarra/Jara, Diallo
    (re.compile("[cs]h"), "s"),  # ch and sh are s: Cheick/Sheikh
    (re.compile("ck|kh"), "k"),  # ck and kh are k: Cheick/Sheikh
    (re.compile("qu"), "k"),  # French qu is k
    (re.compile("c(?=[aou])"), "k"),  # hard c is k: Coulibaly/Kulibali, Camara/Kamara
    (re.compile("c(?=[ei])"), "s"),  # soft c is s: Cissé/Sissé
    (re.compile("ph"), "f"),  # ph is f: Moustapha/Mustafa
    (re.compile("th"), "t"),  # th is t: Thierno/Tierno
    (re.compile(r"([a-z])\1+"), r"\1"),  # doubled letters are single: Diarra/Jara, Cissé/Sise
]


# The lengths of the stored keys (`name_key` and `phone_key` columns): a key never outgrows its
# column, however a name unfolds (NFKD makes 18 letters of the one character "ﷺ").
NAME_KEY_LENGTH = 200
PHONE_KEY_LENGTH = 16


def fold(text: str) -> str:
    """Case-, accent- and punctuation-free text, so that spelling noise never hides a match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[\W_]+", " ", bare).strip()


def canonical_token(token: str) -> str:
    """One folded word in canonical spelling, so that Malian spelling variants compare equal."""
    previous = None
    while token != previous:
        previous = token
        for pattern, replacement in _RULES:
            token = pattern.sub(replacement, token)
    return token


def name_key(full_name: str) -> str:
    """The stored comparison key of a name, independent of spelling variants and word order."""
    key = " ".join(sorted(canonical_token(token) for token in fold(full_name).split()))
    return key[:NAME_KEY_LENGTH].rstrip()


def name_tokens(query: str) -> list[str]:
    """The distinct canonical words of a search query, in order, to match against name keys."""
    return list(dict.fromkeys(canonical_token(token) for token in fold(query).split()))


def phone_key(phone: str | None) -> str | None:
    """The national 8-digit form of a Malian number, so that formatting never hides a match."""
    digits = re.sub("[^0-9]", "", phone or "")
    for prefix in ("00223", "223"):
        if len(digits) == len(prefix) + 8 and digits.startswith(prefix):
            digits = digits.removeprefix(prefix)
    return digits if 8 <= len(digits) <= PHONE_KEY_LENGTH else None
