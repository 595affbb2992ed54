"""Referral rules: sending a case with the person's consent, the receiver's answer, the worker
it puts on it, the outcome, revocation; the lists; the directory of outside services.

Who may take which step is the access policy's (`ReferralAccess.may`, legalaid/permissions.py);
these functions check it again, so that a CLI or a test meets the same rule as a page.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, select

from legalaid.accounts.models import Organisation, User
from legalaid.audit.services import audit
from legalaid.cases.models import CaseEvent, EventKind
from legalaid.drafting.services import Referral as SlipReferral
from legalaid.drafting.services import draft, generate, offers
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.labels import label
from legalaid.notifications.models import NotificationKind
from legalaid.notifications.services import notify
from legalaid.permissions import (
    CaseAccess,
    ReferralAccess,
    missing_referral_consent,
    receives_referral,
    referral_scope,
    sends_referral,
)
from legalaid.referrals.models import (
    ASSIGNED,
    OutsideService,
    Referral,
    ReferralMode,
    ReferralService,
    ReferralState,
)
from legalaid.roles import Role
from legalaid.timeutils import utcnow
from legalaid.unitofwork import unit_of_work

# Pending referrals older than this are shown on the coordinator's home page.
STALE_AFTER = timedelta(days=7)


class ReferralRefused(ValueError):
    """A referral step the rules do not allow now; the message says why."""


@dataclass(frozen=True)
class ReferralData:
    """A referral as the sender typed it."""

    mode: str
    service: str
    to_organisation_id: int | None
    outside_service_id: int | None
    urgency: str
    reason: str
    message: str
    consent_to_share: bool
    consent_given_on: date | None


def consent_refusal(missing: str) -> str:
    """The refusal that names the consent a referral lacks."""
    if missing == "share":
        return _(
            "The person's consent to share her case with the receiver is not recorded: "
            "nothing can be sent without it. Ask her, and record it with its date."
        )
    return _(
        "The survivor's consent to a referral for %(service)s is not recorded: no such "
        "referral can be made. Record her consent on the case's consents first, if she gives it.",
        service=label("referral_service", missing),
    )


def _coordinators(*organisation_ids: int | None) -> list[User]:
    ids = [number for number in organisation_ids if number is not None]
    return list(
        db.session.scalars(
            select(User).where(
                User.organisation_id.in_(ids),
                User.role == Role.COORDINATOR,
                User.active.is_(True),
            )
        )
    )


def _step(referral: Referral, step: str, by: User, text: str = "") -> None:
    """The step on the case's timeline (the receiver reads it on the referral's page), told to
    the coordinators of both organisations."""
    db.session.add(
        CaseEvent(
            case_id=referral.case_id,
            kind=EventKind.REFERRAL,
            author=by,
            text=text,
            facts={
                "referral": referral.id,
                "step": step,
                "mode": referral.mode,
                "service": referral.service,
                "to": referral.receiver_name,
            },
        )
    )
    people = _coordinators(referral.from_organisation_id, referral.to_organisation_id)
    notify(people, NotificationKind.REFERRAL, referral.case, detail=step)


def _destination(case: Any, data: ReferralData) -> None:
    if data.outside_service_id is not None:
        outside = db.session.get(OutsideService, data.outside_service_id)
        if outside is None or not outside.active:
            raise ReferralRefused(_("Choose an active outside service."))
        if data.mode == ReferralMode.TRANSFER:
            raise ReferralRefused(
                _("A case can only be transferred to an organisation on the platform.")
            )
        return
    organisation = db.session.get(Organisation, data.to_organisation_id or 0)
    if organisation is None or not organisation.active:
        raise ReferralRefused(_("Choose an active organisation."))
    if organisation.id == case.organisation_id:
        raise ReferralRefused(_("The case is already with this organisation."))


def _already_sent(case: Any, data: ReferralData) -> bool:
    waiting = select(Referral.id).where(
        Referral.case_id == case.id, Referral.state == ReferralState.SENT
    )
    if data.mode == ReferralMode.TRANSFER:
        waiting = waiting.where(Referral.mode == ReferralMode.TRANSFER)
    else:
        same_place = (
            Referral.to_organisation_id == data.to_organisation_id
            if data.to_organisation_id is not None
            else Referral.outside_service_id == data.outside_service_id
        )
        waiting = waiting.where(Referral.service == data.service, same_place)
    return db.session.scalar(waiting) is not None


@unit_of_work()
def send(access: CaseAccess, details: Any, data: ReferralData, *, by: User) -> Referral:
    """Refer or transfer the case, refused without the consents the policy asks for."""
    case = access.case
    if not access.may_work:
        raise ReferralRefused(_("Only those who work on the case may refer it."))
    if data.service not in set(ReferralService):
        raise ReferralRefused(_("Choose the service asked for."))
    missing = missing_referral_consent(case, details, data.service, data.consent_to_share)
    if missing is not None:
        raise ReferralRefused(consent_refusal(missing))
    if data.consent_given_on is None:
        raise ReferralRefused(_("Enter the date the person gave her consent."))
    _destination(case, data)
    if _already_sent(case, data):
        raise ReferralRefused(_("The same referral is already waiting for an answer."))
    referral = Referral(
        case=case,
        mode=data.mode,
        service=data.service,
        from_organisation_id=case.organisation_id,
        to_organisation_id=data.to_organisation_id,
        outside_service_id=data.outside_service_id,
        urgency=data.urgency,
        reason=data.reason.strip(),
        message=data.message.strip(),
        consent_to_share=True,
        consent_given_on=data.consent_given_on,
        consent_recorded_by_id=by.id,
        sent_by_id=by.id,
    )
    db.session.add(referral)
    db.session.flush()
    _step(referral, ReferralState.SENT, by)
    audit(
        "referral_send",
        by=by,
        obj=case,
        details=(
            f"referral {referral.id} {data.mode} {data.service} "
            f"to org={data.to_organisation_id} outside={data.outside_service_id} "
            f"consent_on={data.consent_given_on.isoformat()}"
        ),
    )
    return referral


def _check(access: ReferralAccess, action: str, expected_version: int | None) -> Referral:
    referral = access.referral
    if not access.may(action):
        raise ReferralRefused(_("This step is not possible for you, or not any more."))
    if expected_version is not None and referral.version != expected_version:
        raise EditConflict(referral.version)
    return referral


@unit_of_work(versioned="access.referral")
def accept(access: ReferralAccess, *, expected_version: int | None, by: User) -> Referral:
    """The receiver takes the referral on; a transfer moves the case to it, whose workers of
    the sending side leave it (their organisation's coordinator keeps the history to read)."""
    referral = _check(access, "accept", expected_version)
    now = utcnow()
    referral.state = ReferralState.ACCEPTED
    referral.decided_by_id = by.id
    referral.decided_at = now
    if referral.mode == ReferralMode.TRANSFER:
        case = referral.case
        for assignment in case.active_assignments:
            assignment.ended_at = now
        case.organisation_id = referral.to_organisation_id
        case.last_activity_at = now
    _step(referral, ReferralState.ACCEPTED, by)
    audit("referral_accept", by=by, obj=referral.case, details=f"referral {referral.id}")
    return referral


@unit_of_work(versioned="access.referral")
def decline(
    access: ReferralAccess, reason: str, *, expected_version: int | None, by: User
) -> Referral:
    """The receiver declines, saying why (the sender reads it)."""
    referral = _check(access, "decline", expected_version)
    if not reason.strip():
        raise ReferralRefused(_("Say why the referral is declined."))
    referral.state = ReferralState.DECLINED
    referral.decided_by_id = by.id
    referral.decided_at = utcnow()
    referral.decline_reason = reason.strip()
    _step(referral, ReferralState.DECLINED, by, referral.decline_reason)
    audit("referral_decline", by=by, obj=referral.case, details=f"referral {referral.id}")
    return referral


@unit_of_work(versioned="access.referral")
def revoke(access: ReferralAccess, *, expected_version: int | None, by: User) -> Referral:
    """The sender takes the referral back while it waits."""
    referral = _check(access, "revoke", expected_version)
    referral.state = ReferralState.REVOKED
    referral.revoked_by_id = by.id
    referral.revoked_at = utcnow()
    _step(referral, ReferralState.REVOKED, by)
    audit("referral_revoke", by=by, obj=referral.case, details=f"referral {referral.id}")
    return referral


def assignable_workers(referral: Referral) -> list[User]:
    """The receiving organisation's active lawyers and paralegals."""
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.organisation_id == referral.to_organisation_id,
                User.active.is_(True),
                User.role.in_([Role.LAWYER, Role.PARALEGAL]),
            )
            .order_by(User.role, User.full_name)
        )
    )


@unit_of_work(versioned="access.referral")
def assign_worker(
    access: ReferralAccess, person: User | None, *, expected_version: int | None, by: User
) -> Referral:
    """The receiving coordinator puts a lawyer or paralegal of theirs on the referral."""
    referral = _check(access, "assign", expected_version)
    if person is None or person.id not in {user.id for user in assignable_workers(referral)}:
        raise ReferralRefused(_("Choose an active lawyer or paralegal of your organisation."))
    referral.assignee_id = person.id
    _step(referral, ASSIGNED, by, person.full_name)
    notify([person], NotificationKind.REFERRAL, referral.case, detail=ASSIGNED)
    audit(
        "referral_assign",
        by=by,
        obj=referral.case,
        details=f"referral {referral.id} user {person.id}",
    )
    return referral


@unit_of_work(versioned="access.referral")
def complete(
    access: ReferralAccess, outcome: str, *, expected_version: int | None, by: User
) -> Referral:
    """The service was delivered: its outcome, which the sender reads (entered by hand by the
    sender for an outside service)."""
    referral = _check(access, "complete", expected_version)
    if not outcome.strip():
        raise ReferralRefused(_("Say what became of the person."))
    referral.state = ReferralState.DONE
    referral.outcome = outcome.strip()
    referral.done_by_id = by.id
    referral.done_at = utcnow()
    _step(referral, ReferralState.DONE, by, referral.outcome)
    audit("referral_done", by=by, obj=referral.case, details=f"referral {referral.id}")
    return referral


def steps(referral: Referral) -> list[CaseEvent]:
    """The referral's own steps from its case's timeline, oldest first (both sides read them;
    the case's other entries stay with its organisation)."""
    events = db.session.scalars(
        select(CaseEvent)
        .where(CaseEvent.case_id == referral.case_id, CaseEvent.kind == EventKind.REFERRAL)
        .order_by(CaseEvent.occurred_at, CaseEvent.id)
    )
    return [event for event in events if (event.facts or {}).get("referral") == referral.id]


def referral_list(user: User, direction: str, *, state: str = "", service: str = "") -> Select:
    """The referrals `user` sent ("outgoing") or received ("incoming"), newest first."""
    side = receives_referral(user) if direction == "incoming" else sends_referral(user)
    query = select(Referral).where(side, referral_scope(user))
    if state:
        query = query.where(Referral.state == state)
    if service:
        query = query.where(Referral.service == service)
    return query.order_by(Referral.sent_at.desc(), Referral.id.desc())


def stale_incoming(user: User, now: Any = None) -> list[Referral]:
    """Referrals to `user`'s organisation still waiting after `STALE_AFTER` (home page)."""
    cutoff = (now or utcnow()) - STALE_AFTER
    return list(
        db.session.scalars(
            select(Referral)
            .where(
                receives_referral(user),
                Referral.state == ReferralState.SENT,
                Referral.sent_at < cutoff,
            )
            .order_by(Referral.sent_at)
            .limit(20)
        )
    )


def referrals_of_case(case: Any, user: User) -> list[Referral]:
    """The case's referrals `user` may see, newest first (the case page's card)."""
    return list(
        db.session.scalars(
            select(Referral)
            .where(Referral.case_id == case.id, referral_scope(user))
            .order_by(Referral.sent_at.desc(), Referral.id.desc())
        )
    )


def organisation_choices(case: Any) -> list[tuple[int, str]]:
    """The other active organisations a case may be sent to."""
    return list(
        db.session.execute(
            select(Organisation.id, Organisation.name)
            .where(Organisation.active.is_(True), Organisation.id != case.organisation_id)
            .order_by(Organisation.name)
        ).all()
    )


def outside_choices() -> list[OutsideService]:
    """The active outside services, by region then name."""
    return list(
        db.session.scalars(
            select(OutsideService)
            .where(OutsideService.active.is_(True))
            .order_by(OutsideService.region_id, OutsideService.name)
        )
    )


# The directory of outside services (reference data) ------------------------------------------


@dataclass(frozen=True)
class OutsideServiceData:
    """An outside service as an administrator typed it."""

    name: str
    service: str
    region_id: int
    address: str
    phone: str


@unit_of_work()
def save_outside_service(
    outside: OutsideService | None, data: OutsideServiceData, by: User
) -> OutsideService:
    """Add an outside service (None) or correct one; refused when its name is taken."""
    values = {
        "name": data.name.strip(),
        "service": data.service,
        "region_id": data.region_id,
        "address": data.address.strip(),
        "phone": data.phone.strip(),
    }
    taken = db.session.scalar(
        select(OutsideService.id).where(
            OutsideService.name == values["name"],
            OutsideService.id != (outside.id if outside is not None else -1),
        )
    )
    if taken is not None:
        raise ReferralRefused(_("Another service has this name."))
    if outside is None:
        outside = OutsideService(**values)
        db.session.add(outside)
        db.session.flush()
        audit("outside_service_create", by=by, obj=outside, details=values["service"])
        return outside
    changed = [name for name, value in values.items() if getattr(outside, name) != value]
    for name in changed:
        setattr(outside, name, values[name])
    audit("outside_service_update", by=by, obj=outside, details=", ".join(changed))
    return outside


@unit_of_work()
def deactivate_outside_service(outside: OutsideService, by: User) -> None:
    """Take a service out of the referral form; the referrals that name it keep it."""
    outside.active = False
    audit("outside_service_deactivate", by=by, obj=outside, details=str(outside.id))


# The printed slip, for an outside service -----------------------------------------------------

SLIP_CODE = "referral_slip"


def print_slip(access: CaseAccess, details: Any, referral: Referral, *, by: User, on: date):
    """Fill and save the referral slip of an outside referral (the documents issue's template,
    which checks the survivor's consent to its type again), and keep it on the referral."""
    template = next(
        (o.template for o in offers(access.case, details, on) if o.template.code == SLIP_CODE),
        None,
    )
    if template is None or not referral.outside:
        raise ReferralRefused(_("No referral slip can be printed for this case."))
    slip = SlipReferral(referral.service, referral.receiver_name, referral.message)
    made = draft(
        access.case,
        details,
        template,
        by=by,
        sees_identity=access.sees_identity,
        on=on,
        referral=slip,
    )
    generated = generate(access.case, made, by=by)
    _keep_slip(referral, generated.id)
    return generated


@unit_of_work()
def _keep_slip(referral: Referral, generated_id: int) -> None:
    referral.slip_id = generated_id
