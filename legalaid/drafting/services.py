"""Which templates apply to a case now, generating a document from one, and template edits."""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.casekinds import case_kind, kind_codes
from legalaid.cases.documents import DOCX_TYPE, new_document, write_file
from legalaid.cases.matching import fold
from legalaid.cases.models import Case, CaseEvent, CaseKind, EventKind
from legalaid.drafting.fields import case_values, sample_values, unknown_fields
from legalaid.drafting.filling import TemplateRefused, fill, placeholders
from legalaid.drafting.models import DocumentTemplate, GeneratedDocument, TemplateVersion
from legalaid.drafting.pdf import docx_to_pdf
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.permissions import (
    CaseAccess,
    Permission,
    allows,
    may_generate,
    referral_consented,
    works_on_case,
)
from legalaid.timeutils import utcnow
from legalaid.unitofwork import unit_of_work

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
REFERRAL_TYPES = {
    "health": _l("health"),
    "psychosocial": _l("psychosocial support"),
    "safety": _l("safety"),
    "legal": _l("legal"),
}


class GenerationRefused(ValueError):
    """A document that may not be generated for this case (a consent is missing); says why."""


@dataclass(frozen=True)
class Referral:
    """What the user types for a referral slip."""

    type: str
    service: str
    note: str


@dataclass(frozen=True)
class Draft:
    """A document filled for a case, not yet saved: its Word file and what was missing."""

    template: DocumentTemplate
    version: TemplateVersion
    docx: bytes
    missing: list[str]
    identity_shown: bool


def templates_for(organisation_id: int, kind: str | None = None) -> list[DocumentTemplate]:
    """The active templates an organisation's cases are offered, by title: its own, and the
    shared ones it has not replaced with its own of the same code and language."""
    return templates_of([organisation_id], kind)[organisation_id]


def templates_of(
    organisation_ids: Iterable[int], kind: str | None = None
) -> dict[int, list[DocumentTemplate]]:
    """`templates_for` of several organisations in one query (a roll lists cases of many)."""
    wanted = set(organisation_ids)
    rows = db.session.scalars(
        select(DocumentTemplate)
        .where(
            DocumentTemplate.active,
            or_(
                DocumentTemplate.organisation_id.in_(wanted),
                DocumentTemplate.organisation_id.is_(None),
            ),
        )
        .order_by(DocumentTemplate.organisation_id.is_(None), DocumentTemplate.title)
    ).all()
    found = {}
    for organisation_id in wanted:
        chosen: dict[tuple[str, str], DocumentTemplate] = {}
        for template in rows:  # the organisation's own first: they win
            if template.organisation_id in (organisation_id, None):
                chosen.setdefault((template.code, template.language), template)
        found[organisation_id] = sorted(
            (t for t in chosen.values() if kind is None or not t.kinds or kind in t.kinds),
            key=lambda t: (t.language != "fr", t.title),
        )
    return found


@dataclass(frozen=True)
class Offer:
    """A template offered on a case page; `due` when the case's state calls for it now."""

    template: DocumentTemplate
    due: bool


def offers(case: Case, details: Any, on: date) -> list[Offer]:
    """The templates of the case's kind, the ones its state calls for first.

    A template that names detention states applies only in those states; the others apply
    to every case of their kinds.
    """
    state = case_kind(case.kind).document_state(case, details, on)
    found = []
    for template in templates_for(case.organisation_id, case.kind):
        if template.states and state not in template.states:
            continue
        found.append(Offer(template, due=bool(template.states)))
    return sorted(found, key=lambda offer: not offer.due)


def documents_due(user: User, rows: list) -> dict[int, list[DocumentTemplate]]:
    """For each detainee listed (roll or alerts rows: `case`, `assessment`), the letters its
    legal-limit state calls for that `user` may generate: one query for who works on which,
    one for the templates of their organisations."""
    if not rows or not allows(user, Permission.GENERATE_DOCUMENTS):
        return {}
    ids = [row.case.id for row in rows]
    working = set(db.session.scalars(select(Case.id).where(Case.id.in_(ids), works_on_case(user))))
    letters = {
        organisation_id: [t for t in templates if t.states]
        for organisation_id, templates in templates_of(
            {row.case.organisation_id for row in rows}, CaseKind.DETENTION.value
        ).items()
    }
    due = {}
    for row in rows:
        organisation_id = row.case.organisation_id
        access = CaseAccess(row.case, row.case.id in working, sees_identity=False)
        found = [
            template
            for template in letters[organisation_id]
            if str(row.assessment.state) in template.states and may_generate(user, access, template)
        ]
        if found:
            due[row.case.id] = found
    return due


def load_offer(case: Case, details: Any, template_id: int, on: date) -> DocumentTemplate | None:
    """The template if it applies to the case now (its organisation, kind and state)."""
    return next(
        (o.template for o in offers(case, details, on) if o.template.id == template_id), None
    )


def check_referral(template: DocumentTemplate, details: Any, referral: Referral | None) -> None:
    """Refuse a referral slip whose referral type the survivor has not consented to."""
    if not template.needs_referral_consent:
        return
    if referral is None or referral.type not in REFERRAL_TYPES:
        raise GenerationRefused(_("Choose the type of referral."))
    if not referral_consented(details, referral.type):
        raise GenerationRefused(
            _(
                "The survivor's consent to a %(type)s referral is not recorded: no referral "
                "slip can be made. Record her consent on the case's consents first, if she "
                "gives it.",
                type=REFERRAL_TYPES[referral.type],
            )
        )


def _referral_values(referral: Referral | None) -> dict[str, Any]:
    if referral is None:
        return {}
    return {
        "referral": {
            "type": str(REFERRAL_TYPES[referral.type]),
            "service": referral.service.strip() or None,
            "note": referral.note.strip() or None,
        }
    }


def draft(
    case: Case,
    details: Any,
    template: DocumentTemplate,
    *,
    by: User,
    sees_identity: bool,
    on: date,
    referral: Referral | None = None,
) -> Draft:
    """The document filled from the case as `by` may see it (nothing saved)."""
    check_referral(template, details, referral)
    values = case_values(
        case, details, on=on, language=template.language, sees_identity=sees_identity, by=by
    )
    with force_locale(template.language):
        values.update(_referral_values(referral))
    version = template.current
    filled = fill(version.content, values, template.language)
    return Draft(template, version, filled.content, filled.missing, sees_identity)


def generate(case: Case, made: Draft, *, by: User) -> GeneratedDocument:
    """Save a draft as the case's next document of its template (both files), on the timeline
    and in the audit trail. The files are written first; if the database refuses the record,
    they are removed: no file without its record."""
    pdf = docx_to_pdf(made.docx)
    written = [write_file(made.docx), write_file(pdf)]
    try:
        return _record(case, made, pdf, [name for name, _path in written], by=by)
    except BaseException:
        for _name, path in written:
            path.unlink(missing_ok=True)
        raise


@unit_of_work()
def _record(
    case: Case, made: Draft, pdf: bytes, stored_names: list[str], *, by: User
) -> GeneratedDocument:
    # The case row is locked first (PostgreSQL; SQLite's unit holds the write lock): two
    # generations at once get numbers one after the other, neither is refused.
    db.session.refresh(case, with_for_update=True)
    template = made.template
    number = 1 + (
        db.session.scalar(
            select(func.max(GeneratedDocument.number)).where(
                GeneratedDocument.case_id == case.id, GeneratedDocument.template_id == template.id
            )
        )
        or 0
    )
    name = f"{template.title} n° {number} — {case.reference}"
    docx, pdf = (
        new_document(case, content, kind, f"{name}{ending}", template.document_type, by, stored)
        for content, kind, ending, stored in (
            (made.docx, DOCX_TYPE, ".docx", stored_names[0]),
            (pdf, "application/pdf", ".pdf", stored_names[1]),
        )
    )
    generated = GeneratedDocument(
        case_id=case.id,
        template=template,
        template_version=made.version,
        number=number,
        docx=docx,
        pdf=pdf,
        missing_fields=",".join(made.missing),
        identity_shown=made.identity_shown,
        generated_by_id=by.id,
    )
    db.session.add(generated)
    db.session.add(CaseEvent(case_id=case.id, kind=EventKind.DOCUMENT, author=by, text=name))
    case.last_activity_at = utcnow()
    db.session.flush()
    audit(
        "document_generate",
        by=by,
        obj=case,
        details=f"{template.code} v{made.version.number} n{number} missing={len(made.missing)}",
    )
    return generated


def generations(case: Case) -> list[GeneratedDocument]:
    """The documents generated for a case, newest first."""
    return list(
        db.session.scalars(
            select(GeneratedDocument)
            .where(GeneratedDocument.case_id == case.id)
            .options(
                joinedload(GeneratedDocument.template), joinedload(GeneratedDocument.generated_by)
            )
            .order_by(GeneratedDocument.generated_at.desc(), GeneratedDocument.id.desc())
        )
    )


def read_template(template: DocumentTemplate, content: bytes) -> list[str]:
    """The placeholders of an uploaded template, or `TemplateRefused` saying what is wrong
    (it is also filled once with an invented case, so that no error waits for a real one)."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(_("A template may not be larger than 2 MB."))
    names = placeholders(content)
    unknown = unknown_fields(names)
    if unknown:
        raise TemplateRefused(
            _(
                "This template uses placeholders no case can fill: %(names)s. Check their "
                "spelling against the table of placeholders.",
                names=", ".join(unknown),
            )
        )
    fill(content, sample_values(_sample_kind(template), on=local_today(), language="fr"), "fr")
    return names


def _sample_kind(template: DocumentTemplate) -> str:
    return sorted(template.kinds)[0] if template.kinds else kind_codes()[0]


@unit_of_work()
def add_version(
    template: DocumentTemplate, content: bytes, note: str, *, expected_number: int, by: User
) -> TemplateVersion:
    """A new version of a template from an admin's upload; the old ones stay. Refused as a
    conflict when someone uploaded a version since the form was opened."""
    fields = read_template(template, content)
    db.session.refresh(template, with_for_update=True)
    current = template.current.number
    if current != expected_number:
        raise EditConflict(current)
    version = TemplateVersion(
        template=template,
        number=current + 1,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        fields=",".join(fields),
        note=note.strip(),
        uploaded_by_id=by.id,
    )
    db.session.add(version)
    db.session.flush()
    audit("template_version", by=by, obj=template, details=f"{template.code} v{version.number}")
    return version


# What a template says of itself (an organisation's copy says the same).
TEMPLATE_ATTRIBUTES = (
    "code",
    "title",
    "language",
    "case_kinds",
    "detention_states",
    "needs_referral_consent",
    "document_type",
)


def new_template(
    attributes: dict[str, Any], content: bytes, note: str, *, by: User | None
) -> DocumentTemplate:
    """A template with its first version, added to the session."""
    template = DocumentTemplate(**attributes)
    template.versions.append(
        TemplateVersion(
            number=1,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            fields=",".join(placeholders(content)),
            note=note,
            uploaded_by_id=by.id if by else None,
        )
    )
    db.session.add(template)
    return template


@dataclass(frozen=True)
class NewTemplate:
    """What an admin says of a new template."""

    title: str
    organisation_id: int | None
    language: str
    document_type: str
    case_kinds: list[str]
    detention_states: list[str]
    needs_referral_consent: bool


def _code(title: str, organisation_id: int | None, language: str) -> str:
    """A code for a new template from its title (`convocation_des_parties`), unique where it
    is used: a title an organisation already has gets a number."""
    stem = re.sub(r"[^a-z0-9]+", "_", fold(title)).strip("_")[:32] or "modele"
    taken = set(
        db.session.scalars(
            select(DocumentTemplate.code).where(
                DocumentTemplate.organisation_id.is_(None)
                if organisation_id is None
                else DocumentTemplate.organisation_id == organisation_id,
                DocumentTemplate.language == language,
            )
        )
    )
    code, number = stem, 1
    while code in taken:
        number += 1
        code = f"{stem}_{number}"
    return code


@unit_of_work()
def create_template(values: NewTemplate, content: bytes, *, by: User) -> DocumentTemplate:
    """A new template from an admin's upload, checked like a new version."""
    attributes = {
        "code": _code(values.title, values.organisation_id, values.language),
        "title": values.title.strip(),
        "organisation_id": values.organisation_id,
        "language": values.language,
        "document_type": values.document_type,
        "case_kinds": ",".join(values.case_kinds),
        "detention_states": ",".join(values.detention_states),
        "needs_referral_consent": values.needs_referral_consent,
    }
    read_template(DocumentTemplate(**attributes), content)
    template = new_template(attributes, content, _("first version"), by=by)
    db.session.flush()
    audit("template_create", by=by, obj=template, details=template.code)
    return template


@unit_of_work()
def copy_for_organisation(
    template: DocumentTemplate, organisation_id: int, *, by: User
) -> DocumentTemplate:
    """An organisation's own copy of a shared template (its current version), which replaces
    the shared one for its cases; the copy, if it exists already."""
    existing = db.session.scalar(
        select(DocumentTemplate).where(
            DocumentTemplate.organisation_id == organisation_id,
            DocumentTemplate.code == template.code,
            DocumentTemplate.language == template.language,
        )
    )
    if existing is not None:
        return existing
    source = template.current
    copy = new_template(
        {name: getattr(template, name) for name in TEMPLATE_ATTRIBUTES}
        | {"organisation_id": organisation_id},
        source.content,
        _("copy of version %(number)s of the shared template", number=source.number),
        by=by,
    )
    db.session.flush()
    audit("template_copy", by=by, obj=copy, details=f"{template.code} org={organisation_id}")
    return copy


def preview(template: DocumentTemplate, version: TemplateVersion, *, on: date) -> Draft:
    """A version filled with invented values of its first kind, for its admin's check."""
    values = sample_values(_sample_kind(template), on=on, language=template.language)
    filled = fill(version.content, values, template.language)
    return Draft(template, version, filled.content, filled.missing, False)
