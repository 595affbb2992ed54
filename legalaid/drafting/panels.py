"""The case page's card of legal documents: those the case calls for now, then the others."""

from typing import Any

from legalaid.casekinds import CasePanel, case_kind
from legalaid.drafting.services import generations, offers
from legalaid.formutils import local_today
from legalaid.permissions import Permission, allows, may_generate


def documents_card(case, details, access, user) -> dict[str, Any] | None:
    """The templates this user may fill from the case, and the documents generated before
    (all of them for those who work on it, one's own otherwise); None when there is none."""
    if not allows(user, Permission.GENERATE_DOCUMENTS):
        return None
    today = local_today()
    offered = [o for o in offers(case, details, today) if may_generate(user, access, o.template)]
    made = [g for g in generations(case) if access.may_work or g.generated_by_id == user.id]
    if not offered and not made:
        return None
    reason = case_kind(case.kind).document_reason(case, details, today)
    return {"offers": offered, "generations": made, "reason": reason}


PANEL = CasePanel("drafting/_case_panel.html", documents_card)
