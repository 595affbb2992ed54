"""The workflow's card on every case page: transitions, assignment, hearings, requests to take."""

from typing import Any

from legalaid.casekinds import CasePanel
from legalaid.cases.models import Case
from legalaid.permissions import Permission, allows
from legalaid.workflow.services import (
    allowed_actions,
    case_hearings,
    may_request,
    pending_requests,
)


def work_on_the_case(case: Case, details, access, user) -> dict[str, Any] | None:
    """What `user` may do to move the case on; None when there is nothing for them to do."""
    values = {
        "transitions": allowed_actions(user, case),
        "hearings": case_hearings(case) if access.may_work else [],
        "requests": pending_requests(case) if allows(user, Permission.ASSIGN_CASES) else [],
        "may_request": may_request(user, case),
    }
    shown = (
        access.may_work
        or values["may_request"]
        or values["requests"]
        or allows(user, Permission.ASSIGN_CASES)
    )
    return values if shown else None


PANEL = CasePanel("workflow/_case_panel.html", work_on_the_case)
