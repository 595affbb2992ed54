"""The shared default templates: written as plain text here, built into Word files at seed.

Plain text keeps the letters readable and reviewable in the repository; `flask seed-reference`
turns each into a DOCX (the form admins download, edit in Word and upload again). A line is a
paragraph: `# ` a title, `## ` a heading, `> ` a right-aligned line, `| a | b |` a table row
(consecutive rows make one table), anything else a justified paragraph. Jinja tags stay as they
are, for docxtpl: `{%p … %}` on a line of its own, `{%tr … %}` in a row of its own.
"""

from dataclasses import asdict, dataclass
from io import BytesIO
from pathlib import Path

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from sqlalchemy import select

from legalaid.cases.models import DocumentType
from legalaid.drafting.models import DocumentTemplate
from legalaid.drafting.services import new_template
from legalaid.extensions import db

SOURCES = Path(__file__).parent / "defaults"
FONT = "Times New Roman"


@dataclass(frozen=True)
class DefaultTemplate:
    """One of the shared set: what it is called and what it applies to."""

    code: str
    title: str
    case_kinds: str = ""
    detention_states: str = ""
    document_type: str = DocumentType.CORRESPONDENCE.value
    needs_referral_consent: bool = False


DEFAULTS = (
    DefaultTemplate(
        "release_request",
        "Demande de mise en liberté",
        case_kinds="detention",
        detention_states="overdue,beyond_cap",
        document_type=DocumentType.COURT.value,
    ),
    DefaultTemplate(
        "judge_letter",
        "Lettre au juge d'instruction",
        case_kinds="detention",
        detention_states="renewal_due",
        document_type=DocumentType.COURT.value,
    ),
    DefaultTemplate("legal_aid_request", "Demande d'assistance judiciaire"),
    DefaultTemplate(
        "pv_conciliation",
        "Procès-verbal de conciliation",
        case_kinds="land_conciliation",
        document_type=DocumentType.COURT.value,
    ),
    DefaultTemplate(
        "pv_non_conciliation",
        "Procès-verbal de non-conciliation",
        case_kinds="land_conciliation",
        document_type=DocumentType.COURT.value,
    ),
    DefaultTemplate(
        "referral_slip", "Fiche de référence", case_kinds="gbv", needs_referral_consent=True
    ),
)


def build_docx(text: str) -> bytes:
    """A Word document of the plain-text form above."""
    document = WordDocument()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    table = None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if table is None:
                table = document.add_table(rows=0, cols=len(cells))
            for cell, value in zip(table.add_row().cells, cells, strict=True):
                cell.text = value
            continue
        table = None
        if not line.strip():
            continue
        if line.startswith("# "):
            heading = document.add_heading(line[2:], level=0)
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif line.startswith("## "):
            document.add_heading(line[3:], level=2)
        elif line.startswith("> "):
            document.add_paragraph(line[2:]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph = document.add_paragraph(line)
            if not line.startswith("{%"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def seed_default_templates() -> int:
    """Add the shared templates that are missing (never a new version of an existing one: an
    admin's edit stays); returns how many were added."""
    existing = set(
        db.session.scalars(
            select(DocumentTemplate.code).where(DocumentTemplate.organisation_id.is_(None))
        )
    )
    added = 0
    for default in DEFAULTS:
        if default.code in existing:
            continue
        content = build_docx((SOURCES / f"{default.code}.fr.txt").read_text(encoding="utf-8"))
        new_template(asdict(default) | {"language": "fr"}, content, "Modèle par défaut", by=None)
        added += 1
    return added
