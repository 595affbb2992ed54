"""Cases built to match each default template, and readers of the files generated."""

import re
from datetime import date, timedelta
from io import BytesIO

import pytest
from docx import Document as WordDocument
from pypdf import PdfReader
from sqlalchemy import select

from legalaid.detention.engine import Duration, Unit, add_duration
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.reference.models import Court
from tests.builders import assign, make_case
from tests.cases.conftest import org, other_org  # noqa: F401 - shared fixtures
from tests.detention.conftest import officer  # noqa: F401 - shared fixture
from tests.land.conftest import commissions, land_labels  # noqa: F401 - shared fixtures

# French and Bambara letters that a Latin-1 font would lose.
NAME = "Cœur Kɔnɛ Ɲaŋ Diarra"


def committal_for(days_beyond: int, months: int = 6) -> date:
    """The committal date whose `months` limit ended `days_beyond` days ago (months clamp, so
    the date is searched, not subtracted)."""
    limit = local_today() - timedelta(days=days_beyond)
    for back in range(months * 28, months * 31 + 1):
        start = limit - timedelta(days=back)
        if add_duration(start, Duration(months, Unit.MONTHS)) == limit:
            return start
    raise AssertionError("no committal date gives that limit")


def detention_case(by, *, committal_on: date, lawyer=None, **details):
    """A `délit` detention (six-month limit) in the first seeded prison, with a judge."""
    case = make_case(
        "detention",
        by=by,
        full_name=NAME,
        details={
            "committal_on": committal_on,
            "arrested_on": committal_on - timedelta(days=2),
            "charges": "Vol de bétail",
            "investigating_judge": "M. Oumar Sangaré",
            "court_id": db.session.scalars(select(Court).order_by(Court.code)).first().id,
            **details,
        },
    )
    if lawyer is not None:
        assign(case, lawyer)
    return case


@pytest.fixture
def overdue(org):  # noqa: F811 - the shared fixture, asked for
    """A detainee held 43 days beyond the six-month limit, with a lawyer."""
    return detention_case(org["paralegal"], committal_on=committal_for(43), lawyer=org["lawyer"])


def words(text: str) -> str:
    """Text with its spacing made plain (justified PDF lines have doubled spaces)."""
    return re.sub(r"\s+", " ", text).strip()


def docx_text(content: bytes) -> str:
    """The paragraphs and table cells of a Word document, in order."""
    document = WordDocument(BytesIO(content))
    parts = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            parts.extend(cell.text for row in block.rows for cell in row.cells)
        else:
            parts.append(block.text)
    return words("\n".join(parts))


def pdf_text(content: bytes) -> str:
    """The text of every page of a PDF."""
    return words("\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages))
