"""The case page's card of referrals: the case's referrals this user may see, and the way to
refer it for those who work on it."""

from typing import Any

from legalaid.casekinds import CasePanel
from legalaid.referrals.services import referrals_of_case


def referrals_card(case, details, access, user) -> dict[str, Any] | None:
    """The referrals of the case on either side for this user; None when there is nothing to
    show and nothing they may do."""
    referrals = referrals_of_case(case, user)
    if not referrals and not access.may_work:
        return None
    return {"referrals": referrals}


PANEL = CasePanel("referrals/_case_panel.html", referrals_card)
