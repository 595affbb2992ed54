"""Status transitions: every allowed and every forbidden move per role, outcomes, reasons."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from legalaid.cases.models import Case, CaseEvent
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.workflow.models import OUTCOMES, GbvClosure
from legalaid.workflow.services import TRANSITIONS
from tests.builders import assign, make_case, make_user
from tests.cases.test_intake import client_of

STATUSES = ["intake", "assigned", "in_progress", "resolved", "closed"]
ROLES = [
    "coordinator",
    "lawyer",
    "paralegal",
    "outsider_lawyer",
    "admin",
    "viewer",
    "prison_officer",
]


def case_in(status: str, org, kind: str = "litigation") -> Case:
    """A case of `org` in `status`, with its lawyer and paralegal on it."""
    case = make_case(kind, by=org["coordinator"], full_name=f"Personne {status}")
    assign(case, org["lawyer"])
    assign(case, org["paralegal"])
    case.status = status
    if status in ("resolved", "closed"):
        case.outcome, case.resolved_on = OUTCOMES[kind][0], case.opened_on
    db.session.commit()
    return case


def user_for(role: str, org):
    if role in org:
        return org[role]
    if role == "outsider_lawyer":
        return make_user("lawyer", organisation=org["organisation"])
    if role == "prison_officer":
        return make_user("prison_officer")
    return make_user(role)


def valid_form(action: str, case: Case, role: str) -> dict:
    data = {"version": str(case.version), "note": "motif"}
    if action == "resolve":
        data["outcome"] = "conciliation_agreement" if role == "paralegal" else "judgment_in_favour"
    if action == "close":
        data["reason"] = "withdrawn"
    return data


def expected_status(role: str, action: str, status: str) -> int:
    if role in ("admin", "viewer", "prison_officer"):
        return 403  # the endpoint is not theirs at all
    if role == "outsider_lawyer":
        return 404  # the case is out of their sight
    transition = TRANSITIONS[action]
    if role not in transition.roles:
        return 403
    if status not in transition.sources:
        return 409
    return 302


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", list(TRANSITIONS))
@pytest.mark.parametrize("role", ROLES)
def test_transition_table(app, org, role, action, status):
    case = case_in(status, org)
    version = case.version
    client = client_of(app, user_for(role, org))
    response = client.post(f"/cases/{case.id}/status/{action}", data=valid_form(action, case, role))
    expected = expected_status(role, action, status)
    assert response.status_code == expected, response.text[:300]
    db.session.refresh(case)
    if expected == 302:
        assert case.status == TRANSITIONS[action].target
        assert case.version == version + 1
        event = db.session.scalars(select(CaseEvent).order_by(CaseEvent.id.desc())).first()
        assert event.kind == "status_change"
        assert event.facts["from"] == status and event.facts["to"] == case.status
    else:
        assert case.status == status and case.version == version


@pytest.mark.parametrize("kind", ["detention", "gbv", "litigation"])
def test_each_kind_takes_only_its_own_outcomes(app, org, kind):
    lawyer = client_of(app, org["lawyer"])
    for outcome in OUTCOMES[kind]:
        case = case_in("in_progress", org, kind)
        response = lawyer.post(
            f"/cases/{case.id}/status/resolve",
            data={"version": str(case.version), "outcome": outcome},
        )
        assert response.status_code == 302, (kind, outcome)
        db.session.refresh(case)
        assert case.outcome == outcome and case.resolved_on == local_today()
    foreign = [o for k, outcomes in OUTCOMES.items() if k != kind for o in outcomes]
    for outcome in [o for o in foreign if o not in OUTCOMES[kind]] + ["", "made_up"]:
        case = case_in("in_progress", org, kind)
        response = lawyer.post(
            f"/cases/{case.id}/status/resolve",
            data={"version": str(case.version), "outcome": outcome},
        )
        assert response.status_code == 409, (kind, outcome)
        assert "Choisissez une issue" in response.text


def test_paralegals_resolve_litigation_by_conciliation_only(app, org):
    paralegal = client_of(app, org["paralegal"])
    case = case_in("in_progress", org, "litigation")
    refused = paralegal.post(
        f"/cases/{case.id}/status/resolve",
        data={"version": str(case.version), "outcome": "judgment_in_favour"},
    )
    assert refused.status_code == 409
    detention = case_in("in_progress", org, "detention")
    assert (
        paralegal.post(
            f"/cases/{detention.id}/status/resolve",
            data={"version": str(detention.version), "outcome": "acquitted"},
        ).status_code
        == 409
    )


@pytest.mark.parametrize(
    ("resolved_on", "accepted"),
    [(None, True), ("2026-03-02", True), ("2026-03-01", False), ("2099-01-01", False)],
)
def test_resolution_date_rules(app, org, resolved_on, accepted):
    case = case_in("in_progress", org)  # opened on 2 March 2026
    data = {"version": str(case.version), "outcome": "judgment_in_favour"}
    if resolved_on:
        data["resolved_on"] = resolved_on
    response = client_of(app, org["lawyer"]).post(f"/cases/{case.id}/status/resolve", data=data)
    assert (response.status_code == 302) is accepted
    db.session.refresh(case)
    if accepted:
        assert case.resolved_on == (
            date.fromisoformat(resolved_on) if resolved_on else local_today()
        )


@pytest.mark.parametrize("reason", ["withdrawn", "no_contact", "transferred", "other"])
def test_closing_an_open_case_needs_a_reason(app, org, reason):
    coordinator = client_of(app, org["coordinator"])
    case = case_in("in_progress", org)
    missing = coordinator.post(
        f"/cases/{case.id}/status/close", data={"version": str(case.version)}
    )
    assert missing.status_code == 409 and "Indiquez le motif de clôture" in missing.text
    done = coordinator.post(
        f"/cases/{case.id}/status/close", data={"version": str(case.version), "reason": reason}
    )
    assert done.status_code == 302
    db.session.refresh(case)
    assert case.status == "closed" and case.close_reason == reason and case.outcome is None


def test_gbv_closure_stores_the_checklist(app, org):
    case = case_in("in_progress", org, "gbv")
    coordinator = client_of(app, org["coordinator"])
    response = coordinator.post(
        f"/cases/{case.id}/status/close",
        data={
            "version": str(case.version),
            "reason": "no_contact",
            "needs_met_or_no_contact": "y",
            "survivor_informed": "y",
        },
    )
    assert response.status_code == 302
    closure = db.session.scalar(select(GbvClosure))
    assert closure.needs_met_or_no_contact and closure.survivor_informed
    assert not closure.safety_plan_reviewed and not closure.supervisor_reviewed


def test_reopen_needs_a_reason_and_clears_the_outcome(app, org):
    case = case_in("resolved", org)
    coordinator = client_of(app, org["coordinator"])
    refused = coordinator.post(
        f"/cases/{case.id}/status/reopen", data={"version": str(case.version), "note": " "}
    )
    assert refused.status_code == 409 and "motif de réouverture" in refused.text
    done = coordinator.post(
        f"/cases/{case.id}/status/reopen",
        data={"version": str(case.version), "note": "Appel interjeté"},
    )
    assert done.status_code == 302
    db.session.refresh(case)
    assert case.status == "in_progress" and case.outcome is None and case.resolved_on is None
    event = db.session.scalars(select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert "Appel interjeté" in event.text


def test_a_stale_version_is_refused(app, org):
    case = case_in("assigned", org)
    stale = case.version
    client_of(app, org["lawyer"]).post(
        f"/cases/{case.id}/status/start", data={"version": str(stale)}
    )
    response = client_of(app, org["coordinator"]).post(
        f"/cases/{case.id}/status/close", data={"version": str(stale), "reason": "other"}
    )
    assert response.status_code == 409
    db.session.refresh(case)
    assert case.status == "in_progress"


def test_status_changes_notify_the_others_on_the_case(app, org):
    from legalaid.notifications.models import Notification

    case = case_in("assigned", org)
    client_of(app, org["lawyer"]).post(
        f"/cases/{case.id}/status/start", data={"version": str(case.version)}
    )
    notified = {n.user_id for n in db.session.scalars(select(Notification))}
    assert notified == {org["paralegal"].id}


def test_buttons_match_the_table(app, org):
    case = case_in("in_progress", org)
    page = client_of(app, org["paralegal"]).get(f"/cases/{case.id}").text
    assert f"/cases/{case.id}/status/resolve" in page
    assert f"/cases/{case.id}/status/close" not in page
    coordinator_page = client_of(app, org["coordinator"]).get(f"/cases/{case.id}").text
    assert f"/cases/{case.id}/status/close" in coordinator_page


def test_old_resolution_date_of_yesterday(app, org):
    case = case_in("in_progress", org)
    yesterday = (local_today() - timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_of(app, org["lawyer"]).post(
        f"/cases/{case.id}/status/resolve",
        data={"version": str(case.version), "outcome": "abandoned", "resolved_on": yesterday},
    )
    assert response.status_code == 302
