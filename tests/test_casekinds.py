"""The kind registry: unknown kinds fail loudly, every kind has its templates, and the shared
case package depends on no kind's package (nor on the workflow's)."""

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import text

from legalaid import CASE_KIND_PACKAGES, PACKAGE_DIR, TEMPLATE_DIR
from legalaid.casekinds import UnknownCaseKind, case_kind, case_kinds, kind_codes
from legalaid.extensions import db

BUILT_IN = ("detention", "gbv", "litigation")


@pytest.mark.usefixtures("app")
@pytest.mark.parametrize("code", ["x", "", None, "DETENTION", ["gbv"]])
def test_an_unknown_code_raises_and_says_what_is_known(code):
    with pytest.raises(UnknownCaseKind) as raised:
        case_kind(code)
    assert raised.value.code == code
    assert "detention, gbv, litigation" in str(raised.value)


@pytest.mark.usefixtures("app")
def test_the_built_in_kinds_keep_their_codes_and_prefixes():
    assert kind_codes()[:3] == BUILT_IN
    assert [case_kind(code).prefix for code in BUILT_IN] == ["DET", "GBV", "LIT"]
    assert [kind.code for kind in case_kinds()] == list(kind_codes())


@pytest.mark.usefixtures("app")
def test_every_kind_has_the_templates_it_names():
    for kind in case_kinds():
        named = [kind.fields_template, kind.details_template, *(p.template for p in kind.panels)]
        assert [name for name in named if not (TEMPLATE_DIR / name).is_file()] == [], kind.code


def _imported(tree: ast.Module) -> set[str]:
    """Every module a file imports, at the top or inside a function, except for type checking."""
    checking_only = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for statement in branch.body
        for node in ast.walk(statement)
    }
    names = set()
    for node in ast.walk(tree):
        if id(node) in checking_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            if node.module == "legalaid":  # from legalaid import cases
                names.update(f"legalaid.{alias.name}" for alias in node.names)
    return names


def _package(module: str) -> str:
    """`legalaid.cases.views` -> `legalaid.cases`; a top-level module stands for itself."""
    return ".".join(module.split(".")[:2])


def package_imports() -> dict[str, set[str]]:
    """Which `legalaid` packages each `legalaid` package imports (itself left out)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        source = _package(".".join(part for part in parts if part != "__init__"))
        targets = {
            _package(name)
            for name in _imported(ast.parse(path.read_text(), filename=str(path)))
            if name.startswith("legalaid.")
        }
        graph.setdefault(source, set()).update(targets - {source})
    return graph


def test_the_import_graph_sees_imports_inside_functions_but_not_type_checking_ones():
    graph = package_imports()
    # legalaid/__init__.py imports the commands inside create_app's steps.
    assert "legalaid.detention" in graph["legalaid"]
    # casekinds.py names the Case model for type checking only.
    assert "legalaid.cases" not in graph["legalaid.casekinds"]


@pytest.mark.parametrize("other", ["legalaid.detention", "legalaid.workflow"])
def test_cases_imports_neither_detention_nor_workflow(other):
    graph = package_imports()
    assert other not in graph["legalaid.cases"]
    # They use the cases package, which asks the registries instead: one way only, no cycle.
    assert "legalaid.cases" in graph[other]


def test_the_kinds_registered_are_the_kind_packages():
    assert CASE_KIND_PACKAGES[:3] == BUILT_IN
    for name in CASE_KIND_PACKAGES:
        assert Path(PACKAGE_DIR / name / "kind.py").is_file()


def _allowed_kinds() -> set[str]:
    """The codes the database's `ck_cases_kind` allows, read from the schema itself."""
    if db.engine.dialect.name == "sqlite":
        schema = db.session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'cases'"))
        clause = re.search(r"CONSTRAINT ck_cases_kind CHECK \((.*?)\)\s*(,|\))", schema)[1]
    else:
        definition = "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name"
        clause = db.session.scalar(text(definition), {"name": "ck_cases_kind"})
    return set(re.findall(r"'([a-z_]+)'", clause))


@pytest.mark.usefixtures("app")
def test_the_database_allows_exactly_the_registered_kinds():
    assert _allowed_kinds() == set(kind_codes())
