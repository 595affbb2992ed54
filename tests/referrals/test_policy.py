"""The access policy of referrals (legalaid/permissions.py): consents, each side's view of a
referral and the case behind it, and who may take which step, as tables."""

from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.permissions import (
    ADDRESS,
    CASE_FILE,
    IDENTITY,
    INCIDENT,
    NAME,
    SUMMARY,
    WHOLE_CASE,
    case_scope,
    load_case,
    load_referral,
    missing_referral_consent,
    receiver_sections,
)
from legalaid.referrals.services import accept, assign_worker
from tests.builders import assign, make_user
from tests.referrals.conftest import refer

GBV = SimpleNamespace(kind="gbv")
LITIGATION = SimpleNamespace(kind="litigation")
CONSENTS = SimpleNamespace(
    consent_health=True, consent_psychosocial=False, consent_safety=False, consent_legal=True
)


@pytest.mark.parametrize(
    ("case", "service", "share", "missing"),
    [
        (LITIGATION, "legal", True, None),
        (LITIGATION, "legal", False, "share"),
        (LITIGATION, "psychosocial", True, None),  # the per-type consents are GBV's
        (GBV, "legal", True, None),
        (GBV, "health", True, None),
        (GBV, "psychosocial", True, "psychosocial"),
        (GBV, "safety", True, "safety"),
        (GBV, "legal", False, "share"),  # the consent to share is asked first
        (GBV, "unknown", True, "unknown"),
    ],
)
def test_missing_consent(case, service, share, missing):
    assert missing_referral_consent(case, CONSENTS, service, share) == missing


@pytest.mark.parametrize(
    ("mode", "state", "service", "gbv", "sections"),
    [
        ("referral", "sent", "legal", False, {SUMMARY, NAME}),
        ("referral", "sent", "legal", True, {SUMMARY}),  # her code, never her name
        ("referral", "declined", "health", True, {SUMMARY}),
        ("referral", "revoked", "legal", False, {SUMMARY, NAME}),
        ("referral", "accepted", "legal", True, {SUMMARY, NAME, IDENTITY, CASE_FILE, INCIDENT}),
        ("referral", "accepted", "health", True, {SUMMARY, NAME, IDENTITY, INCIDENT}),
        ("referral", "done", "psychosocial", True, {SUMMARY, NAME, IDENTITY, INCIDENT}),
        ("referral", "accepted", "safety", True, {SUMMARY, NAME, IDENTITY, INCIDENT, ADDRESS}),
        ("transfer", "sent", "legal", True, {SUMMARY}),
        (
            "transfer",
            "accepted",
            "legal",
            True,
            {SUMMARY, NAME, IDENTITY, CASE_FILE, INCIDENT, ADDRESS, WHOLE_CASE},
        ),
    ],
)
def test_what_the_receiver_sees(mode, state, service, gbv, sections):
    referral = SimpleNamespace(mode=mode, state=state, service=service)
    assert receiver_sections(referral, gbv) == sections


def _who(world, name):
    return getattr(world, name)


def _sees(user, referral_id) -> bool:
    try:
        load_referral(user, referral_id)
    except NotFound:
        return False
    return True


@pytest.mark.parametrize(
    ("person", "sees", "sends", "receives"),
    [
        ("ngo_coordinator", True, True, False),
        ("ngo_paralegal", True, True, False),  # sent it, and works on the case
        ("ngo_lawyer", False, False, False),  # of the sender, but not on the case
        ("bar_coordinator", True, False, True),
        ("bar_lawyer", False, False, False),  # not put on it (yet)
        ("bar_paralegal", False, False, False),
        ("other_coordinator", False, False, False),
    ],
)
def test_the_sides_of_a_referral(world, ngo_case, person, sees, sends, receives):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    user = _who(world, person)
    assert _sees(user, referral.id) is sees
    if sees:
        access = load_referral(user, referral.id)
        assert (access.sends, access.receives) == (sends, receives)


@pytest.mark.parametrize("role", ["admin", "viewer", "prison_officer"])
def test_no_one_else_sees_a_referral(world, ngo_case, role):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    organisation = None if role == "admin" else world.bar
    assert not _sees(make_user(role, organisation=organisation), referral.id)


def test_the_worker_put_on_it_sees_it_once_accepted(world, ngo_case):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    accept(
        load_referral(world.bar_coordinator, referral.id),
        expected_version=None,
        by=world.bar_coordinator,
    )
    access = load_referral(world.bar_coordinator, referral.id)
    assign_worker(access, world.bar_lawyer, expected_version=None, by=world.bar_coordinator)
    lawyer = load_referral(world.bar_lawyer, referral.id)
    assert lawyer.receives and not lawyer.coordinator
    assert NAME in lawyer.sections and CASE_FILE in lawyer.sections


# Who may take each step, in each state (the sender's paralegal sent it).
STEPS = [
    # (step, state, person, allowed)
    ("accept", "sent", "bar_coordinator", True),
    ("accept", "sent", "ngo_coordinator", False),
    ("accept", "sent", "ngo_paralegal", False),
    ("accept", "accepted", "bar_coordinator", False),
    ("accept", "revoked", "bar_coordinator", False),
    ("decline", "sent", "bar_coordinator", True),
    ("decline", "sent", "ngo_paralegal", False),
    ("decline", "declined", "bar_coordinator", False),
    ("assign", "accepted", "bar_coordinator", True),
    ("assign", "sent", "bar_coordinator", False),
    ("assign", "accepted", "ngo_coordinator", False),
    ("complete", "accepted", "bar_coordinator", True),
    ("complete", "accepted", "ngo_coordinator", False),
    ("complete", "accepted", "ngo_paralegal", False),
    ("complete", "sent", "bar_coordinator", False),
    ("complete", "done", "bar_coordinator", False),
    ("revoke", "sent", "ngo_paralegal", True),
    ("revoke", "sent", "ngo_coordinator", True),
    ("revoke", "sent", "bar_coordinator", False),
    ("revoke", "accepted", "ngo_paralegal", False),
    ("revoke", "declined", "ngo_coordinator", False),
]


@pytest.mark.parametrize(("step", "state", "person", "allowed"), STEPS)
def test_who_takes_which_step(world, ngo_case, step, state, person, allowed):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    referral.state = state
    db.session.commit()
    assert load_referral(_who(world, person), referral.id).may(step) is allowed


def test_an_outside_referral_is_closed_by_its_sender(world, ngo_case, outside):
    referral = refer(ngo_case, world.ngo_paralegal, outside_id=outside.id, service="health")
    sender = load_referral(world.ngo_paralegal, referral.id)
    assert sender.may("complete") and sender.may("revoke")
    assert not sender.may("accept")


def _case_ids(user):
    return set(db.session.scalars(select(Case.id).where(case_scope(user))))


def test_a_referral_leaves_the_case_with_its_organisation(world, ngo_case):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    accept(
        load_referral(world.bar_coordinator, referral.id),
        expected_version=None,
        by=world.bar_coordinator,
    )
    assert ngo_case.id not in _case_ids(world.bar_coordinator)  # its page stays closed
    assert load_case(world.ngo_paralegal, ngo_case.id).may_work


@pytest.mark.parametrize(
    ("person", "sees", "works"),
    [
        ("bar_coordinator", True, True),
        ("ngo_coordinator", True, False),  # the history, read-only
        ("ngo_paralegal", False, False),  # left the case with the transfer
        ("other_coordinator", False, False),
    ],
)
def test_a_transfer_moves_the_case(world, ngo_case, person, sees, works):
    assign(ngo_case, world.ngo_paralegal)
    referral = refer(ngo_case, world.ngo_paralegal, world.bar, mode="transfer")
    accept(
        load_referral(world.bar_coordinator, referral.id),
        expected_version=None,
        by=world.bar_coordinator,
    )
    user = _who(world, person)
    assert (ngo_case.id in _case_ids(user)) is sees
    if sees:
        assert load_case(user, ngo_case.id).may_work is works
