"""The words people type in spreadsheets for each coded value, one table per enum.

A field export says `litige`, `VBG`, `Femme`, `en cours` or `oui` where the database holds
`litigation`, `gbv`, `F`, `in_progress` or true. Each table lists, per code, the French and
English words accepted for it (the code itself always is). Words are compared folded: case,
accents, spaces and punctuation do not matter (`Etat-civil` is `état civil`). The first word
of each code is the one a French template shows. These are words to read, not labels to show:
the labels of the pages live with the pages.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from legalaid.cases.matching import fold
from legalaid.cases.models import (
    CaseKind,
    CaseStatus,
    Forum,
    GbvIncidentType,
    MatterType,
    ServiceLevel,
    Sex,
)
from legalaid.detention.models import OffenceClass
from legalaid.workflow.models import ALL_OUTCOMES, CloseReason


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


KIND = CodeWords(
    {
        CaseKind.DETENTION: ("détention", "détention provisoire", "détenu", "détenue", "DET"),
        CaseKind.GBV: (
            "VBG",
            "violence basée sur le genre",
            "violences basées sur le genre",
            "VSBG",
            "SGBV",
        ),
        CaseKind.LITIGATION: ("litige", "litiges", "contentieux", "LIT"),
    }
)
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
_OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    "released_pending_trial": ("liberté provisoire", "mise en liberté", "libéré"),
    "charges_dismissed": ("non-lieu",),
    "acquitted": ("acquittement", "acquitté", "relaxe", "relaxé"),
    "sentenced": ("condamnation", "condamné"),
    "sentence_served": ("peine purgée", "peine déjà purgée", "peine exécutée"),
    "transferred": ("transféré", "transfert"),
    "judgment_obtained": ("jugement obtenu", "jugement"),
    "mediation": ("médiation",),
    "referred": ("orientation", "orienté", "orientée", "orienté vers les services"),
    "withdrawn": ("retrait", "retiré", "désistement"),
    "conciliation_agreement": ("conciliation", "accord de conciliation", "accord amiable"),
    "judgment_in_favour": ("jugement favorable", "gain de cause"),
    "judgment_against": ("jugement défavorable",),
    "abandoned": ("abandon", "abandonné"),
}
OUTCOME = CodeWords({code: _OUTCOME_WORDS[code] for code in ALL_OUTCOMES})
OFFENCE_CLASS = CodeWords(
    {
        OffenceClass.DELIT_MINOR: ("délit mineur", "délit de 2 ans au plus", "petit délit"),
        OffenceClass.DELIT_MAJOR: ("délit majeur", "délit de plus de 2 ans", "délit grave"),
        OffenceClass.CRIME: ("crime", "criminel"),
    }
)
INCIDENT_TYPE = CodeWords(
    {
        GbvIncidentType.RAPE: ("viol",),
        GbvIncidentType.SEXUAL_ASSAULT: ("agression sexuelle", "agressions sexuelles"),
        GbvIncidentType.PHYSICAL_ASSAULT: (
            "agression physique",
            "violence physique",
            "violences physiques",
            "coups et blessures",
        ),
        GbvIncidentType.FORCED_MARRIAGE: ("mariage forcé", "mariage précoce", "mariage d'enfant"),
        GbvIncidentType.DENIAL_OF_RESOURCES: (
            "déni de ressources",
            "déni de ressources, d'opportunités ou de services",
            "privation de ressources",
        ),
        GbvIncidentType.PSYCHOLOGICAL_ABUSE: (
            "violence psychologique",
            "violences psychologiques",
            "violence émotionnelle",
            "abus psychologique",
        ),
    }
)
MATTER_TYPE = CodeWords(
    {
        MatterType.LAND: ("foncier", "litige foncier", "terre", "terrain"),
        MatterType.FAMILY: ("famille", "familial", "mariage", "divorce"),
        MatterType.INHERITANCE: ("succession", "héritage"),
        MatterType.CIVIL_STATUS: ("état civil",),
        MatterType.LABOUR: ("travail", "droit du travail", "emploi", "labor"),
        MatterType.DEBT: ("dette", "dettes", "créance", "recouvrement"),
        MatterType.OTHER: ("autre", "autres"),
    }
)
FORUM = CodeWords(
    {
        Forum.COURT: ("tribunal", "cour", "justice"),
        Forum.LAND_COMMISSION: ("commission foncière", "CoFo"),
        Forum.CUSTOMARY: ("autorité coutumière", "coutumier", "chefferie", "chef de village"),
        Forum.NONE: ("aucune", "aucun", "néant", "pas encore"),
    }
)
YES_NO = CodeWords(
    {
        True: ("oui", "yes", "vrai", "true", "o", "y", "x", "1"),
        False: ("non", "no", "faux", "false", "n", "0"),
    }
)

# The table of every coded column of an import file.
COLUMN_CODES: dict[str, CodeWords] = {
    "kind": KIND,
    "sex": SEX,
    "service_level": SERVICE_LEVEL,
    "status": STATUS,
    "outcome": OUTCOME,
    "close_reason": CLOSE_REASON,
    "offence_class": OFFENCE_CLASS,
    "incident_type": INCIDENT_TYPE,
    "consent_reporting": YES_NO,
    "matter_type": MATTER_TYPE,
    "forum": FORUM,
}
