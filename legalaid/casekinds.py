"""The registry of case kinds: each kind is one declaration, and the rest of the code asks it.

A kind lives in its own package, whose `kind.py` holds a `KIND`: an instance of a subclass of
`CaseKindDefinition` saying everything the shared code needs (reference prefix, label, detail
model, forms, templates, outcomes, import columns and reader, retention hook, indicators, bench
builder, who may resolve it). `create_app` registers the packages of `CASE_KIND_PACKAGES`
(legalaid/__init__.py): that tuple is the only place that lists the kinds.

Asking for a kind that was not registered raises `UnknownCaseKind`, wherever it is asked (a URL,
an import row, a stored value): never a quiet fall-through to another kind.
"""

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from random import Random
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel.speaklater import LazyString

from legalaid.reportsections import ReportSection

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Select

    from legalaid.cases.models import Case


class UnknownCaseKind(LookupError):
    """A kind code that no package registered."""

    def __init__(self, code: object):
        super().__init__(f"unknown case kind: {code!r} (registered: {', '.join(_KINDS) or '-'})")
        self.code = code


@dataclass(frozen=True)
class CasePanel:
    """A card a package adds to the case page: its template, and the variables it needs.

    `context(case, details, access, user)` (`details`: the case's detail row, read once for the
    whole page) returns the template's variables, or None when the card is not
    shown to this user (it is then neither rendered nor queried for).
    """

    template: str
    context: Callable[[Any, Any, Any, Any], dict[str, Any] | None]


class CaseKindDefinition(ReportSection):
    """What the shared code asks a kind; a kind's package fills it in.

    Class attributes are the kind's data; the methods have the defaults that fit a kind whose
    details are one row of `detail_model` filled from its form's fields of the same names. Its
    report hooks (figures, sentences, charts, rows) are those of every `ReportSection`.
    """

    code: ClassVar[str]  # stored in cases.kind, in URLs and import files
    prefix: ClassVar[str]  # of the case references: DET-2026-00001
    label: ClassVar[LazyString]
    detail_model: ClassVar[type]  # one row per case, with a `case_id`
    intake_form: ClassVar[type]
    edit_form: ClassVar[type]
    # Intake and edit: a template whose macro `kind_fields(form)` renders the kind's fieldsets.
    fields_template: ClassVar[str]
    # The case page: the kind's <dt>/<dd> rows of the details card (`case`, `details`, `access`).
    details_template: ClassVar[str]
    detail_fields: ClassVar[tuple[str, ...]]  # the form fields copied as they are to the details
    outcomes: ClassVar[tuple[str, ...]]
    # Paralegals may resolve with these outcomes only; empty: they may not resolve the kind.
    paralegal_outcomes: ClassVar[tuple[str, ...]] = ()
    # Whether a device may keep the kind's cases (reference and version) for notes and
    # corrections offline; a kind whose notes would tell a survivor's story says no.
    kept_offline: ClassVar[bool] = True
    # The bulk import (legalaid/imports/): the kind's detail columns (the shared columns are
    # the import's own), in the order the template shows them.
    import_columns: ClassVar[tuple[str, ...]] = ()
    # The French names of those columns, read folded in a header; the first heads the template.
    import_aliases: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    # The words a spreadsheet types for the kind's own code (`litige`, `VBG`).
    import_kind_words: ClassVar[tuple[str, ...]] = ()
    # The words of the kind's coded columns, by column then code; under "outcome", the words of
    # its outcomes (the shared outcome column reads the words of every kind).
    import_words: ClassVar[Mapping[str, Mapping[Any, tuple[str, ...]]]] = {}
    # Detail attribute -> the column it is read from, where the names differ.
    import_field_columns: ClassVar[Mapping[str, str]] = {}
    # The column naming the other parties (`;` between names), for a kind with another side.
    import_parties_column: ClassVar[str | None] = None
    # The kind's columns whose cells may hold several lines.
    import_multiline: ClassVar[frozenset[str]] = frozenset()
    # Whether a row may give the case's next hearing (the shared `next_hearing` column).
    import_next_hearing: ClassVar[bool] = False
    panels: ClassVar[tuple[CasePanel, ...]] = ()
    # The admin pages of the kind's own reference data, listed on the Reference data page:
    # (link text, endpoint), e.g. the detention rules.
    reference_pages: ClassVar[tuple[tuple[LazyString, str], ...]] = ()
    # The labels of the kind's own codes, by group (see legalaid/labels.py), e.g. {"nature": …};
    # {"outcome": {…}} adds the labels of outcomes the shared group does not have.
    label_groups: ClassVar[dict[str, Mapping[str, LazyString]]] = {}

    def prepare_form(self, form) -> None:
        """Fill the form's select boxes that come from the reference data."""

    def details_from_form(self, form) -> dict[str, Any]:
        """The form's detail fields as attributes of `detail_model`."""
        return {name: getattr(form, name).data for name in self.detail_fields}

    def other_parties_from_form(self, form) -> list[str] | None:
        """The names of the other side typed in the form (conflict checks), or None if the kind
        has no other side."""
        return None

    def edit_defaults(self, case: "Case", details) -> dict[str, Any]:
        """The edit form's values that are not the details' attributes of the same names."""
        return {}

    def new_details(self, case: "Case", details: dict[str, Any], other_parties: list[str]):
        """The details row of a case just taken in (its children cascade with it), to add to
        the session."""
        return self.detail_model(case_id=case.id, **details)

    def other_parties(self, details) -> list[str]:
        """The names of the other side on file (empty for a kind without one)."""
        return []

    def set_other_parties(self, details, names: list[str]) -> None:
        """Replace the other side's names on file."""

    def other_parties_table(self) -> "Select | None":
        """(case_id, full_name, name_key) of the other side of every case of the kind, for the
        conflict check both ways; None for a kind without another side."""
        return None

    def import_example(
        self, code: Callable[[str, Any], str], day: Callable[[date], str], today: date, name: str
    ) -> dict[str, str]:
        """The import template's example case of this kind, by column (`code(column, value)` and
        `day(date)` write a value in the template's language, `name` is the example family
        name); empty: the template shows no case of the kind."""
        return {}

    def read_import_row(self, row, directory) -> tuple[dict[str, Any], list[str] | None]:
        """The kind's details read from one import row (`row` records its own errors), and the
        other parties' names or None."""
        raise NotImplementedError(f"{self.code} cannot be imported")

    def import_directory(self) -> dict[str, Any]:
        """The reference names this kind's import rows refer to, read once per import."""
        return {}

    def list_condition(self, criteria) -> "ColumnElement[bool] | None":
        """The kind's own filter of the case list for these `cases.search.CaseCriteria` (the
        detention kind's prison), or None when the criteria ask nothing of it."""
        return None

    def purge(self, cases: "Select") -> None:
        """Clear the free text and names of these cases' details (retention)."""

    def event_sentence(self, event) -> str:
        """The sentence of one of the kind's own timeline actions with facts (a conciliation
        session, a filing…), in the reader's language; "" to show the action's text alone."""
        return ""

    def hearing_defaults(self, case: "Case", details) -> dict[str, Any]:
        """What a new hearing's form proposes (`forum`, `place`) before anything is typed."""
        return {}

    # Legal documents (legalaid/drafting/): the placeholders the kind fills, with what they hold.
    document_fields: ClassVar[Mapping[str, LazyString]] = {}

    def document_values(self, case: "Case", details, on: date, language: str) -> dict[str, Any]:
        """The kind's values for a template in `language` (the shared ones are the drafting
        package's), None where the case lacks one."""
        return {}

    def document_sample(self, on: date, language: str) -> dict[str, Any]:
        """Invented values of the shape `document_values` gives, for a template's preview."""
        return {}

    def document_state(self, case: "Case", details, on: date) -> str | None:
        """The state templates' `detention_states` are matched against; None: no such state."""
        return None

    def document_reason(self, case: "Case", details, on: date) -> str | None:
        """Why the documents its state calls for are due now, in a sentence for the case page."""
        return None

    def seed_reference(self) -> int:
        """Add the kind's reference data that is missing (`flask seed-reference`); how many."""
        return 0

    def bench_details(self, rng: Random, opened_on: date, reference: dict[str, list[int]]):
        """The details of a made-up case for the bench and demo seeders."""
        raise NotImplementedError(f"{self.code} has no bench builder")


_KINDS: dict[str, CaseKindDefinition] = {}


def register(kind: CaseKindDefinition) -> None:
    """Register a kind (again, harmlessly, when another app is built in the same process)."""
    known = _KINDS.get(kind.code)
    if known is not None and type(known) is not type(kind):
        raise ValueError(f"two case kinds with the code {kind.code!r}")
    _KINDS[kind.code] = kind


def case_kind(code: object) -> CaseKindDefinition:
    """The kind of this code, or `UnknownCaseKind`."""
    try:
        return _KINDS[code]  # type: ignore[index]
    except (KeyError, TypeError):
        raise UnknownCaseKind(code) from None


def case_kinds() -> Iterator[CaseKindDefinition]:
    """The registered kinds, in the order they were registered (menus, reports)."""
    return iter(tuple(_KINDS.values()))


def kind_codes() -> tuple[str, ...]:
    """The registered kinds' codes."""
    return tuple(_KINDS)


@contextmanager
def registered(kind: CaseKindDefinition) -> Iterator[CaseKindDefinition]:
    """Register a kind for the time of a block (a test's throwaway kind), then forget it."""
    register(kind)
    try:
        yield kind
    finally:
        _KINDS.pop(kind.code, None)
