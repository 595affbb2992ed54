"""Referral rules: consents refused by name, each step's state, timeline, notifications and
audit, the transfer's move of the case, the outside services' slip and outcome."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import CaseEvent, EventKind
from legalaid.cases.timeline import event_sentence
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.notifications.models import Notification
from legalaid.notifications.services import notification_text
from legalaid.permissions import load_case, load_referral
from legalaid.referrals.services import (
    OutsideServiceData,
    ReferralRefused,
    accept,
    assign_worker,
    complete,
    decline,
    print_slip,
    revoke,
    save_outside_service,
    stale_incoming,
    steps,
)
from legalaid.timeutils import utcnow
from tests.builders import assign
from tests.referrals.conftest import details_of, refer


def _as(user, referral):
    return load_referral(user, referral.id)


def test_no_referral_without_the_consent_to_share(world, ngo_case):
    with pytest.raises(ReferralRefused, match="consentement de la personne au partage"):
        refer(ngo_case, world.ngo_paralegal, world.bar, consent=False)
    assert (
        db.session.scalar(select(CaseEvent.id).where(CaseEvent.kind == EventKind.REFERRAL)) is None
    )


@pytest.mark.parametrize(
    ("service", "named"), [("psychosocial", "Soutien psychosocial"), ("health", "Soins de santé")]
)
def test_a_gbv_referral_needs_her_consent_to_its_type(world, gbv_case, service, named):
    with pytest.raises(ReferralRefused, match=named):
        refer(gbv_case, world.ngo_paralegal, world.bar, service=service)


def test_a_gbv_referral_she_consented_to_is_sent(world, gbv_case):
    referral = refer(gbv_case, world.ngo_paralegal, world.bar, service="legal")
    assert referral.state == "sent"
    assert referral.consent_recorded_by_id == world.ngo_paralegal.id
    assert referral.consent_given_on.isoformat() == "2026-11-20"


def test_sending_is_on_the_timeline_notified_and_audited(world, ngo_case):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    [event] = steps(referral)
    assert (
        event_sentence(event)
        == "Orientation vers Barreau du Mali pour Aide juridique et judiciaire : envoi"
    )
    told = set(db.session.scalars(select(Notification.user_id)))
    assert told == {world.ngo_coordinator.id, world.bar_coordinator.id}
    notification = db.session.scalars(select(Notification)).first()
    assert (
        notification_text(notification) == f"Orientation du dossier {ngo_case.reference} : envoi."
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "referral_send"))
    assert "consent_on=2026-11-20" in entry.details


def test_the_same_referral_is_not_sent_twice(world, ngo_case):
    refer(ngo_case, world.ngo_paralegal, world.bar)
    with pytest.raises(ReferralRefused, match="attend déjà"):
        refer(ngo_case, world.ngo_paralegal, world.bar)
    assert refer(ngo_case, world.ngo_paralegal, world.other).state == "sent"


def test_not_to_its_own_organisation(world, ngo_case):
    with pytest.raises(ReferralRefused, match="déjà auprès"):
        refer(ngo_case, world.ngo_paralegal, world.ngo)


def test_only_those_who_work_on_the_case_refer_it(world, ngo_case):
    # The NGO's lawyer sees its intake waiting for a lawyer, but does not work on it yet.
    with pytest.raises(ReferralRefused, match="travaillent sur le dossier"):
        refer(ngo_case, world.ngo_lawyer, world.bar)


def test_accept_assign_complete(world, ngo_case):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    accept(
        _as(world.bar_coordinator, referral),
        expected_version=referral.version,
        by=world.bar_coordinator,
    )
    assign_worker(
        _as(world.bar_coordinator, referral),
        world.bar_lawyer,
        expected_version=None,
        by=world.bar_coordinator,
    )
    complete(
        _as(world.bar_lawyer, referral),
        "Mise en liberté obtenue",
        expected_version=None,
        by=world.bar_lawyer,
    )
    assert (referral.state, referral.outcome, referral.assignee_id) == (
        "done",
        "Mise en liberté obtenue",
        world.bar_lawyer.id,
    )
    assert [event.facts["step"] for event in steps(referral)] == [
        "sent",
        "accepted",
        "assigned",
        "done",
    ]
    # The sender reads the outcome; the case stays with it.
    assert _as(world.ngo_paralegal, referral).referral.outcome == "Mise en liberté obtenue"
    assert ngo_case.organisation_id == world.ngo.id
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"referral_accept", "referral_assign", "referral_done"} <= actions


def test_a_worker_of_another_organisation_cannot_be_put_on_it(world, ngo_case):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    accept(_as(world.bar_coordinator, referral), expected_version=None, by=world.bar_coordinator)
    with pytest.raises(ReferralRefused, match="avocat ou un parajuriste"):
        assign_worker(
            _as(world.bar_coordinator, referral),
            world.ngo_lawyer,
            expected_version=None,
            by=world.bar_coordinator,
        )


def test_decline_needs_a_reason(world, ngo_case):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    with pytest.raises(ReferralRefused, match="pourquoi"):
        decline(
            _as(world.bar_coordinator, referral),
            " ",
            expected_version=None,
            by=world.bar_coordinator,
        )
    decline(
        _as(world.bar_coordinator, referral),
        "Pas d'avocat libre",
        expected_version=None,
        by=world.bar_coordinator,
    )
    assert (referral.state, referral.decline_reason) == ("declined", "Pas d'avocat libre")


def test_revoke_while_pending_only(world, ngo_case):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    revoke(_as(world.ngo_paralegal, referral), expected_version=None, by=world.ngo_paralegal)
    assert referral.state == "revoked"
    with pytest.raises(ReferralRefused):
        accept(
            _as(world.bar_coordinator, referral), expected_version=None, by=world.bar_coordinator
        )
    with pytest.raises(ReferralRefused):
        revoke(
            _as(world.ngo_coordinator, referral), expected_version=None, by=world.ngo_coordinator
        )


def test_a_stale_page_conflicts(world, ngo_case):
    referral = refer(ngo_case, world.ngo_paralegal, world.bar)
    with pytest.raises(EditConflict):
        accept(
            _as(world.bar_coordinator, referral),
            expected_version=referral.version + 1,
            by=world.bar_coordinator,
        )


def test_a_transfer_moves_the_case_and_ends_the_senders_assignments(world, ngo_case):
    assign(ngo_case, world.ngo_paralegal)
    referral = refer(ngo_case, world.ngo_paralegal, world.bar, mode="transfer")
    accept(_as(world.bar_coordinator, referral), expected_version=None, by=world.bar_coordinator)
    assert ngo_case.organisation_id == world.bar.id
    assert ngo_case.active_assignments == []
    # Nothing left to assign or complete on the referral: the case itself is the bar's now.
    assert not _as(world.bar_coordinator, referral).may("assign")


def test_no_transfer_to_an_outside_service(world, ngo_case, outside):
    with pytest.raises(ReferralRefused, match="transféré"):
        refer(ngo_case, world.ngo_paralegal, outside_id=outside.id, mode="transfer")


def test_an_outside_referral_gets_its_outcome_by_hand(world, ngo_case, outside):
    referral = refer(ngo_case, world.ngo_paralegal, outside_id=outside.id, service="health")
    assert referral.receiver_name == "CSRéf de Sévaré"
    complete(
        _as(world.ngo_paralegal, referral),
        "Soins reçus",
        expected_version=None,
        by=world.ngo_paralegal,
    )
    assert referral.state == "done"
    # Only the sender's coordinator is told: no one receives it on the platform.
    assert set(db.session.scalars(select(Notification.user_id))) == {world.ngo_coordinator.id}


def test_the_slip_of_an_outside_gbv_referral(world, gbv_case, outside):
    incident = details_of(gbv_case)
    incident.consent_health = True
    db.session.commit()
    referral = refer(gbv_case, world.ngo_paralegal, outside_id=outside.id, service="health")
    access = load_case(world.ngo_paralegal, gbv_case.id)
    generated = print_slip(
        access, incident, referral, by=world.ngo_paralegal, on=gbv_case.opened_on
    )
    assert referral.slip_id == generated.id
    assert generated.template.code == "referral_slip"


def test_no_slip_for_a_referral_on_the_platform(world, gbv_case):
    referral = refer(gbv_case, world.ngo_paralegal, world.bar, service="legal")
    access = load_case(world.ngo_paralegal, gbv_case.id)
    with pytest.raises(ReferralRefused):
        print_slip(
            access, details_of(gbv_case), referral, by=world.ngo_paralegal, on=gbv_case.opened_on
        )


def test_pending_for_more_than_seven_days(world, ngo_case):
    old = refer(ngo_case, world.ngo_paralegal, world.bar)
    old.sent_at = utcnow() - timedelta(days=8)
    refer(ngo_case, world.ngo_paralegal, world.other)
    db.session.commit()
    assert stale_incoming(world.bar_coordinator) == [old]
    assert stale_incoming(world.other_coordinator) == []


def test_outside_services_names_are_unique(world, outside):
    data = OutsideServiceData("CSRéf de Sévaré", "health", outside.region_id, "", "")
    with pytest.raises(ReferralRefused, match="ce nom"):
        save_outside_service(None, data, world.ngo_coordinator)
    assert save_outside_service(outside, data, world.ngo_coordinator).name == "CSRéf de Sévaré"
