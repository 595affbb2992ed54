"""Fill a Word template with a case's values, in a sandbox, and read what a template uses.

docxtpl puts Jinja inside the document's XML: a template written in Word, with `{{ person.name }}`
where the name goes, stays editable by the people who write the letters. Templates are uploaded
by admins, so they are rendered in Jinja's sandbox (no attribute of Python objects reachable)
with autoescaping (a `&` in a name cannot break the XML). A value the case lacks prints as the
language's "to be completed" mark and is named in `Filled.missing`.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from docx import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docxtpl import DocxTemplate, Listing
from flask_babel import gettext as _
from jinja2 import ChainableUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

MISSING_MARK = {"fr": "«\u00a0à compléter\u00a0»", "en": "[to be completed]"}


class TemplateRefused(ValueError):
    """A file that is not a template this application can fill; the message says why."""


@dataclass(frozen=True)
class Missing:
    """A value the case does not have: printed as the mark, named for the user; false, so
    that `{{ person.commune or organisation.name }}` falls back."""

    name: str

    def __bool__(self) -> bool:
        """Absent."""
        return False


@dataclass(frozen=True)
class Filled:
    """A filled document and the placeholders it had no value for."""

    content: bytes
    missing: list[str]


class _Unknown(ChainableUndefined):
    """A placeholder no value is given for (`{{ party.nickname }}`): the mark, never an error."""


def with_missing(values: Any, name: str = "") -> Any:
    """`values` with each None replaced by `Missing(its dotted name)` and multi-line text kept
    as lines (Word line breaks)."""
    if isinstance(values, dict):
        return {
            key: with_missing(value, f"{name}.{key}" if name else key)
            for key, value in values.items()
        }
    if isinstance(values, list):
        return [with_missing(item, name) for item in values]
    if values is None or values == "":
        return Missing(name)
    if isinstance(values, str) and "\n" in values:
        return Listing(values)
    return values


def _environment(language: str, missing: list[str]) -> SandboxedEnvironment:
    def finalize(value: Any) -> Any:
        if isinstance(value, Missing | _Unknown):
            name = value.name if isinstance(value, Missing) else value._undefined_name
            if name and name not in missing:
                missing.append(name)
            return MISSING_MARK[language]
        return value

    return SandboxedEnvironment(finalize=finalize, undefined=_Unknown, autoescape=True)


def fill(content: bytes, values: dict[str, Any], language: str) -> Filled:
    """The template `content` filled with `values` (None and "" print as the mark)."""
    missing: list[str] = []
    template = _open(content)
    try:
        template.render(with_missing(values), jinja_env=_environment(language, missing))
    except TemplateSyntaxError as error:
        raise TemplateRefused(_syntax_message(error)) from error
    except TemplateError as error:  # the sandbox refused a call, or a filter failed
        raise TemplateRefused(
            _("This template cannot be filled (%(error)s): correct it.", error=error.message or "")
        ) from error
    output = BytesIO()
    template.save(output)
    return Filled(output.getvalue(), missing)


def _open(content: bytes) -> DocxTemplate:
    try:
        template = DocxTemplate(BytesIO(content))
        template.init_docx()
    except Exception as error:  # python-docx raises many kinds for a file that is not DOCX
        raise TemplateRefused(_("This file is not a Word document (.docx).")) from error
    return template


def _syntax_message(error: TemplateSyntaxError) -> str:
    return _(
        "A placeholder of this template is badly written (%(error)s): check the braces "
        "{{ … }} and the {%% … %%} tags.",
        error=error.message or "",
    )


def _sources(content: bytes) -> Iterator[str]:
    """The Jinja source of the body, headers and footers, as docxtpl renders them."""
    template = _open(content)
    document = WordDocument(BytesIO(content))
    yield template.patch_xml(template.xml_to_string(document.element.body))
    for relation in document.part.rels.values():
        if relation.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER):
            yield template.patch_xml(template.xml_to_string(parse_xml(relation.target_part.blob)))


def placeholders(content: bytes) -> list[str]:
    """The values a template prints (`person.name`, `land.parties`), in reading order; loop
    variables and names set in the template are not values of the case."""
    found: list[str] = []
    environment = SandboxedEnvironment()
    for source in _sources(content):
        try:
            tree = environment.parse(source)
        except TemplateSyntaxError as error:
            raise TemplateRefused(_syntax_message(error)) from error
        local = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
        for node in tree.find_all((nodes.Getattr, nodes.Name)):
            name = _dotted(node)
            if name and name.split(".")[0] not in local and name not in found:
                found.append(name)
    # `detention.limit_date` also reads `detention`: keep the most precise names only.
    return [name for name in found if not any(other.startswith(name + ".") for other in found)]


def _dotted(node: nodes.Node) -> str | None:
    if isinstance(node, nodes.Name):
        return node.name if node.ctx == "load" else None
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
        return f"{node.node.name}.{node.attr}"
    return None
