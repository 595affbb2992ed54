"""The detention kind's card on the case page: the legal limit of the detention."""

from typing import Any

from legalaid.casekinds import CasePanel
from legalaid.cases.models import Case
from legalaid.detention.services import case_detainee
from legalaid.formutils import local_today


def legal_limit(case: Case, details, access, user) -> dict[str, Any] | None:
    """The detainee's legal-limit assessment, orders, hearing and counsel; None when the case
    has no detention record to assess."""
    detainee = case_detainee(case.id, local_today())
    return None if detainee is None else {"detainee": detainee}


LEGAL_LIMIT = CasePanel("detention/_case_panel.html", legal_limit)
