"""The words people type in spreadsheets for each coded value, one table per enum.

A field export says `litige`, `VBG`, `Femme`, `en cours` or `oui` where the database holds
`litigation`, `gbv`, `F`, `in_progress` or true. Each table lists, per code, the French and
English words accepted for it (the code itself always is). Words are compared folded: case,
accents, spaces and punctuation do not matter (`Etat-civil` is `état civil`). The first word
of each code is the one a French template shows. These are words to read, not labels to show:
the labels of the pages live with the pages. The shared columns' tables are here; each kind
brings those of its own columns, its outcomes and its code (`CaseKindDefinition.import_words`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from legalaid.casekinds import case_kinds, kind_codes
from legalaid.cases.matching import fold
from legalaid.cases.models import CaseStatus, ServiceLevel, Sex
from legalaid.workflow.models import CloseReason


def word_key(text: str) -> str:
    """A typed word folded the way the tables compare them."""
    return "_".join(fold(text).split())


@dataclass(frozen=True)
class CodeWords:
    """The codes of one coded column and the words accepted for each."""

    words: Mapping[Any, tuple[str, ...]]
    _codes: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes: dict[str, Any] = {}
        for code, words in self.words.items():
            for word in (str(code), *words):
                if codes.setdefault(word_key(word), code) != code:
                    raise ValueError(f"{word!r} stands for two codes")
        object.__setattr__(self, "_codes", codes)

    def read(self, text: str, among: Iterable[Any] | None = None) -> Any | None:
        """The code `text` stands for (restricted to `among` when given), or None."""
        code = self._codes.get(word_key(text))
        if code is None or (among is not None and code not in set(among)):
            return None
        return code

    def allowed(self, among: Iterable[Any] | None = None) -> str:
        """The accepted values as a row error lists them: each code with its French word."""
        codes = self.words if among is None else [code for code in self.words if code in among]
        return ", ".join(
            f"{code} ({self.words[code][0]})" if self.words[code] else str(code) for code in codes
        )

    def french(self, code: Any) -> str:
        """The word a French spreadsheet writes for `code`."""
        words = self.words[code]
        return words[0] if words else str(code)


SEX = CodeWords(
    {
        Sex.FEMALE: ("Femme", "féminin", "fille", "female", "woman", "girl"),
        Sex.MALE: ("Homme", "H", "masculin", "garçon", "male", "man", "boy"),
    }
)
SERVICE_LEVEL = CodeWords(
    {
        ServiceLevel.ADVICE: ("aide juridique", "conseil", "conseil juridique", "legal advice"),
        ServiceLevel.REPRESENTATION: (
            "assistance judiciaire",
            "représentation",
            "legal representation",
        ),
    }
)
STATUS = CodeWords(
    {
        CaseStatus.INTAKE: ("accueil", "nouveau", "nouveau dossier", "enregistré", "new"),
        CaseStatus.ASSIGNED: ("assigné", "affecté", "attribué"),
        CaseStatus.IN_PROGRESS: ("en cours", "en traitement", "ongoing"),
        CaseStatus.RESOLVED: ("résolu", "résolue", "traité"),
        CaseStatus.CLOSED: ("clos", "clôturé", "fermé", "classé"),
    }
)
CLOSE_REASON = CodeWords(
    {
        CloseReason.RESOLVED: ("résolu", "résolue"),
        CloseReason.WITHDRAWN: ("retrait", "retiré", "désistement"),
        CloseReason.NO_CONTACT: ("sans contact", "injoignable", "perdu de vue"),
        CloseReason.TRANSFERRED: ("transféré", "transfert"),
        CloseReason.OTHER: ("autre",),
    }
)
YES_NO = CodeWords(
    {
        True: ("oui", "yes", "vrai", "true", "o", "y", "x", "1"),
        False: ("non", "no", "faux", "false", "n", "0"),
    }
)

# The tables of the shared coded columns; `kind`, `outcome` and the kinds' own columns take
# their words from the registered kinds (`column_codes`).
SHARED_CODES: dict[str, CodeWords] = {
    "sex": SEX,
    "service_level": SERVICE_LEVEL,
    "status": STATUS,
    "close_reason": CLOSE_REASON,
}


def column_codes() -> dict[str, CodeWords]:
    """The table of every coded column of an import file, the registered kinds' included."""
    return _column_codes(kind_codes())


def kind_words() -> CodeWords:
    """The words accepted for each registered kind's code."""
    return column_codes()["kind"]


@cache
def _column_codes(codes: tuple[str, ...]) -> dict[str, CodeWords]:
    """Built once per set of registered kinds (`codes` keys the cache); two kinds that give
    one word to two codes of a column fail here, loudly."""
    words: dict[str, dict[Any, tuple[str, ...]]] = {"kind": {}, "outcome": {}}
    for kind in case_kinds():
        words["kind"][kind.code] = kind.import_kind_words
        for outcome in kind.outcomes:
            words["outcome"].setdefault(outcome, ())
        for column, table in kind.import_words.items():
            merged = words.setdefault(column, {})
            for code, typed in table.items():
                merged[code] = tuple(dict.fromkeys((*merged.get(code, ()), *typed)))
    return {"kind": CodeWords(words.pop("kind")), **SHARED_CODES} | {
        column: CodeWords(table) for column, table in words.items()
    }
