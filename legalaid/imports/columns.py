"""The columns of an import file: English names, French aliases, and how a header row is read.

Names are compared after folding case, accents, spaces and punctuation, and without the group
path that KoboToolbox and ODK put before a field (`detenu/prison` is `prison`), so that
`Date d'ouverture`, `date_d_ouverture` and `DATE D’OUVERTURE` are the same column.
"""

from dataclasses import dataclass
from functools import cache

from flask_babel import gettext as _

from legalaid.casekinds import case_kinds, kind_codes
from legalaid.cases.matching import fold
from legalaid.imports.reading import FileRefused

# The columns every kind shares, in the order the README lists them, with their French aliases;
# each kind brings its own (`CaseKindDefinition.import_columns`, `import_aliases`).
SHARED_COLUMNS: dict[str, tuple[str, ...]] = {
    "external_id": ("identifiant_externe", "id_externe"),
    "kind": ("type_de_dossier", "type_dossier"),
    "organisation": ("organisme", "structure"),
    "opened_on": ("date_d_ouverture", "date_ouverture", "ouvert_le"),
    "full_name": ("nom_complet", "nom_et_prenom", "nom"),
    "sex": ("sexe",),
    "birth_year": ("annee_de_naissance", "annee_naissance"),
    "age": (),
    "phone": ("telephone",),
    "region": (),
    "service_level": ("niveau_de_service", "prestation"),
    "status": ("statut",),
    "outcome": ("issue", "resultat"),
    "resolved_on": ("date_de_resolution", "resolu_le"),
    "closed_on": ("date_de_cloture", "clos_le"),
    "close_reason": ("motif_de_cloture", "motif_cloture"),
    "lawyer_email": ("email_avocat", "courriel_avocat"),
    "paralegal_email": ("email_parajuriste", "courriel_parajuriste"),
    "next_hearing": ("prochaine_audience",),
    "summary": ("resume",),
}
# Columns every file must have; `organisation` too unless the import is for one organisation.
REQUIRED_COLUMNS = ("external_id", "kind", "opened_on", "full_name", "sex")
# The check lists this many unknown columns, each in this many characters, and counts the others.
LISTED_UNKNOWN = 30
LABEL_CHARS = 80


def columns() -> dict[str, tuple[str, ...]]:
    """Every column with its French aliases: the shared ones, then each registered kind's."""
    return _columns(kind_codes())[0]


@cache
def _columns(codes: tuple[str, ...]) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The columns and the folded names that stand for each, once per set of kinds; two kinds
    may share a column (they read it each their way), never give one name to two columns."""
    found = dict(SHARED_COLUMNS)
    for kind in case_kinds():
        for column in kind.import_columns:
            found[column] = tuple(
                dict.fromkeys((*found.get(column, ()), *kind.import_aliases.get(column, ())))
            )
    names: dict[str, str] = {}
    for column, aliases in found.items():
        for alias in (column, *aliases):
            if names.setdefault(column_key(alias), column) != column:
                raise ValueError(f"the column name {alias!r} stands for two columns")
    return found, names


def column_key(label: str) -> str:
    """A header cell folded the way column names are compared."""
    return "_".join(fold(label.rsplit("/", 1)[-1]).split())


@dataclass(frozen=True)
class Header:
    """Where each known column is in the rows, how the file names it, and what is ignored
    (the first unknown columns by name, all of them by count)."""

    positions: dict[str, int]
    labels: dict[str, str]
    unknown: tuple[str, ...]
    unknown_count: int

    def has(self, column: str) -> bool:
        """Whether the file has this column."""
        return column in self.positions

    def label(self, column: str) -> str:
        """The column as the file names it (its English name when the file lacks it)."""
        return self.labels.get(column, column)


def read_header(cells: list[str] | None, *, organisation_named: bool) -> Header:
    """The header row read, or refused: no known column, a column twice, a required one missing.

    `organisation_named`: the rows must name their organisation (no organisation was chosen).
    """
    if cells is None:  # a workbook whose sheet has no row at all
        raise FileRefused(_("The file is empty."))
    names = _columns(kind_codes())[1]
    positions: dict[str, int] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    for position, label in enumerate(cells):
        if not label.strip():
            continue
        name = names.get(column_key(label))
        if name is None:
            unknown.append(label)
        elif name in positions:
            raise FileRefused(
                _(
                    "The columns %(first)s and %(second)s are the same column (%(name)s).",
                    first=labels[name],
                    second=_shown(label),
                    name=name,
                )
            )
        else:
            positions[name], labels[name] = position, _shown(label)
    if not positions:
        raise FileRefused(
            _("The first row must name the columns (external_id, kind, …); none was recognised.")
        )
    required = REQUIRED_COLUMNS + (("organisation",) if organisation_named else ())
    missing = [name for name in required if name not in positions]
    if missing:
        raise FileRefused(_("Required columns are missing: %(names)s.", names=", ".join(missing)))
    listed = tuple(_shown(label) for label in unknown[:LISTED_UNKNOWN])
    return Header(positions, labels, listed, len(unknown))


def _shown(label: str) -> str:
    """A column name as the check shows it (and every row error repeats it): bounded."""
    label = label.strip()
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
