"""Land-conciliation rules: commissions, the parties, sessions, and the PV's path to court."""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.cases.models import ActionType, Case, CaseEvent, EventKind
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.land.models import (
    PARTY_FIELDS,
    ConciliationSession,
    LandCommission,
    LandDispute,
    PartyKind,
    PartyRole,
    Recognition,
)
from legalaid.permissions import works_on_case
from legalaid.reference.models import Court, Region
from legalaid.timeutils import utcnow
from legalaid.unitofwork import unit_of_work

DATA_DIR = Path(__file__).resolve().parent / "data"
# The outcome whose PV goes to court to be recognised (homologué).
AGREEMENT = "conciliation_agreement"


class LandRefused(ValueError):
    """A session, filing or decision the rules do not allow now; the message says why."""


def dispute_of(case: Case) -> LandDispute:
    """The dispute of a land-conciliation case."""
    return db.session.scalars(select(LandDispute).where(LandDispute.case_id == case.id)).one()


# Reference data --------------------------------------------------------------------------------


def commission_choices(current_id: int | None = None) -> list[tuple[int, str]]:
    """The active commissions (and the one a case already names, even if deactivated)."""
    query = select(LandCommission.id, LandCommission.name).order_by(LandCommission.name)
    condition = LandCommission.active
    if current_id is not None:
        condition = condition | (LandCommission.id == current_id)
    return [(row.id, row.name) for row in db.session.execute(query.where(condition))]


def region_choices() -> list[tuple[int, str]]:
    """The regions a commission may sit in."""
    return list(db.session.execute(select(Region.id, Region.name).order_by(Region.name)).all())


def seed_commissions() -> int:
    """Add the commissions of `data/commissions.csv` that are missing (by code); how many.

    Never corrects one that exists: administrators rename, move and deactivate them."""
    with (DATA_DIR / "commissions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(db.session.scalars(select(LandCommission.code)))
    region_ids = dict(db.session.execute(select(Region.code, Region.id)).all())
    added = 0
    for row in rows:
        if row["code"] in existing:
            continue
        region_id = region_ids[row.pop("region_code")]
        db.session.add(LandCommission(**row, region_id=region_id))
        added += 1
    db.session.commit()
    return added


@dataclass
class CommissionData:
    """A commission as an administrator typed it."""

    code: str
    name: str
    level: str
    commune: str
    region_id: int


def save_commission(commission: LandCommission | None, data: CommissionData, by: User):
    """Add a commission (None) or correct one; refused when its code or name is taken."""
    values = {
        "code": data.code.strip().upper(),
        "name": data.name.strip(),
        "level": data.level,
        "commune": data.commune.strip(),
        "region_id": data.region_id,
    }
    taken = db.session.scalar(
        select(LandCommission.id).where(
            (LandCommission.code == values["code"]) | (LandCommission.name == values["name"]),
            LandCommission.id != (commission.id if commission is not None else -1),
        )
    )
    if taken is not None:
        raise LandRefused(_("Another commission has this code or this name."))
    if commission is None:
        commission = LandCommission(**values)
        db.session.add(commission)
        db.session.flush()
        audit("land_commission_create", by=by, obj=commission, details=values["code"])
    else:
        changed = [name for name, value in values.items() if getattr(commission, name) != value]
        for name in changed:
            setattr(commission, name, values[name])
        audit("land_commission_update", by=by, obj=commission, details=", ".join(changed))
    db.session.commit()
    return commission


def deactivate_commission(commission: LandCommission, by: User) -> None:
    """Take a commission out of the intake lists; the cases that name it keep it."""
    commission.active = False
    audit("land_commission_deactivate", by=by, obj=commission, details=commission.code)
    db.session.commit()


# Intake and edit -------------------------------------------------------------------------------


def party_rows_from_form(entries) -> list[dict[str, Any]]:
    """The typed parties (rows with a name) as `LandDispute.party_rows` values."""
    rows = []
    for party in (entry.form for entry in entries):
        name = (party.full_name.data or "").strip()
        if not name:
            continue
        kind = party.kind.data or PartyKind.PERSON
        party_id = str(party.id.data or "")  # a party on file (edit); its dispute's own only
        rows.append(
            {
                "id": int(party_id) if party_id.isascii() and party_id.isdecimal() else None,
                "kind": kind,
                "full_name": name,
                "sex": ((party.sex.data or "").strip() or None)
                if kind == PartyKind.PERSON
                else None,
                "role": party.role.data or PartyRole.OTHER,
                "phone": (party.phone.data or "").strip() or None,
            }
        )
    return rows


def other_party_rows(names: list[str]) -> list[dict[str, Any]]:
    """Parties known by their names only (an import's other-parties column): other parties."""
    return [
        dict.fromkeys(PARTY_FIELDS)
        | {"kind": PartyKind.PERSON, "full_name": name, "role": PartyRole.OTHER}
        for name in names
    ]


def set_other_side(dispute: LandDispute, names: list[str]) -> None:
    """Make the other parties these names, keeping the rows (and their details) of the names
    that stay, and the requesting parties and witnesses as they are."""
    current = {party.full_name: party for party in dispute.other_side}
    rows = [row for row in dispute.party_rows if row["role"] != PartyRole.OTHER]
    for name in names:
        party = current.get(name)
        rows += (
            [{field: getattr(party, field) for field in PARTY_FIELDS}]
            if party is not None
            else other_party_rows([name])
        )
    dispute.party_rows = rows


# Sessions, filing, decision ---------------------------------------------------------------------


def _works_on(user: User, case: Case) -> bool:
    return bool(db.session.scalar(select(works_on_case(user)).where(Case.id == case.id)))


def _start(case: Case, by: User, expected_version: int | None) -> LandDispute:
    """The checks every change of the kind begins with: the worker, the version."""
    if not _works_on(by, case):
        raise LandRefused(_("You may not do this on this case."))
    if expected_version is not None and case.version != expected_version:
        raise EditConflict(case.version)
    return dispute_of(case)


def _record(case: Case, by: User, action_type: str, text: str, facts: dict, action: str) -> None:
    """The timeline entry and the audit entry of a change; the case's version moves on."""
    case.last_activity_at = utcnow()
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.ACTION,
            action_type=action_type,
            text=text,
            facts=facts,
            author=by,
        )
    )
    audit(action, by=by, obj=case, details=", ".join(f"{k}={v}" for k, v in facts.items()))


@dataclass
class SessionData:
    """A conciliation session as typed."""

    held_on: date
    place: str
    beneficiary_present: bool
    present_party_ids: list[int]
    attendance_total: int
    attendance_women: int
    attendance_youth: int
    minutes: str


def _fill_session(session: ConciliationSession, dispute: LandDispute, data: SessionData) -> None:
    if data.held_on < dispute.seized_on:
        raise LandRefused(_("A session cannot be held before the commission was seized."))
    if max(data.attendance_women, data.attendance_youth) > data.attendance_total:
        raise LandRefused(_("The women and the young people are counted in the total."))
    parties = {party.id: party for party in dispute.parties}
    if set(data.present_party_ids) - set(parties):
        raise LandRefused(_("Choose the parties present among the dispute's parties."))
    session.held_on = data.held_on
    session.place = data.place.strip() or None
    session.beneficiary_present = data.beneficiary_present
    session.present_parties = [parties[party_id] for party_id in data.present_party_ids]
    session.attendance_total = data.attendance_total
    session.attendance_women = data.attendance_women
    session.attendance_youth = data.attendance_youth
    session.minutes = data.minutes.strip() or None


@unit_of_work(versioned="case")
def record_session(
    case: Case, by: User, data: SessionData, *, expected_version: int | None
) -> ConciliationSession:
    """Record a sitting of the commission on the dispute (timeline and audit)."""
    dispute = _start(case, by, expected_version)
    session = ConciliationSession(dispute_id=dispute.id, recorded_by_id=by.id)
    _fill_session(session, dispute, data)
    db.session.add(session)
    facts = {"held_on": data.held_on.isoformat(), "attendance": data.attendance_total}
    _record(case, by, ActionType.MEDIATION, session.minutes or "", facts, "land_session_create")
    return session


@unit_of_work(versioned="case")
def update_session(
    case: Case, session: ConciliationSession, by: User, data: SessionData, *, expected_version: int
) -> None:
    """Correct a session already recorded (timeline and audit)."""
    dispute = _start(case, by, expected_version)
    if session.dispute_id != dispute.id:
        raise LandRefused(_("This session is not one of this case's."))
    _fill_session(session, dispute, data)
    facts = {"held_on": data.held_on.isoformat(), "attendance": data.attendance_total}
    _record(case, by, ActionType.MEDIATION, session.minutes or "", facts, "land_session_update")


def may_file(case: Case) -> bool:
    """Whether the case's PV may go to court: a PV of conciliation was recorded."""
    return case.outcome == AGREEMENT and case.resolved_on is not None


@unit_of_work(versioned="case")
def file_pv(case: Case, by: User, *, court_id: int, filed_on: date, expected_version: int) -> None:
    """Record that the PV of conciliation was filed at a court, on or after the PV's date."""
    dispute = _start(case, by, expected_version)
    if not may_file(case):
        raise LandRefused(_("Only a PV of conciliation is filed at a court: record it first."))
    if dispute.recognition is not None:
        raise LandRefused(_("The court has decided on this PV already."))
    if filed_on < case.resolved_on:
        raise LandRefused(_("The PV cannot be filed before its own date."))
    court = db.session.get(Court, court_id)
    if court is None:
        raise LandRefused(_("Choose a court."))
    dispute.pv_court_id, dispute.pv_filed_on = court.id, filed_on
    facts = {"filed_on": filed_on.isoformat(), "court": court.code}
    _record(case, by, ActionType.FILING, court.name, facts, "land_pv_filing")


@unit_of_work(versioned="case")
def record_decision(
    case: Case, by: User, *, recognition: str, decided_on: date, expected_version: int
) -> None:
    """Record the court's decision on the filed PV (recognised or refused), on or after filing."""
    dispute = _start(case, by, expected_version)
    if dispute.pv_filed_on is None:
        raise LandRefused(_("Record the filing of the PV at a court first."))
    if recognition not in tuple(Recognition):
        raise LandRefused(_("Choose the court's decision."))
    if decided_on < dispute.pv_filed_on:
        raise LandRefused(_("The court cannot decide before the PV was filed."))
    dispute.recognition, dispute.recognised_on = recognition, decided_on
    facts = {"recognition": recognition, "on": decided_on.isoformat()}
    court_name = dispute.pv_court.name if dispute.pv_court is not None else ""
    _record(case, by, ActionType.FILING, court_name, facts, "land_pv_decision")


def load_session(dispute: LandDispute, session_id: int) -> ConciliationSession | None:
    """One of the dispute's sessions, or None."""
    return db.session.scalar(
        select(ConciliationSession).where(
            ConciliationSession.id == session_id, ConciliationSession.dispute_id == dispute.id
        )
    )


# The case page ---------------------------------------------------------------------------------


def path_steps(case: Case, dispute: LandDispute) -> list[dict[str, Any]]:
    """The PV's path as steps (seized, sessions, PV, filed, decision), each done or not."""
    sessions = dispute.sessions
    return [
        {"step": "seized", "done": True, "on": dispute.seized_on},
        {
            "step": "sessions",
            "done": bool(sessions),
            "count": len(sessions),
            "on": sessions[-1].held_on if sessions else None,
        },
        {
            "step": "pv",
            "done": case.outcome is not None,
            "outcome": case.outcome,
            "on": case.resolved_on,
        },
        {
            "step": "filed",
            "done": dispute.pv_filed_on is not None,
            "court": dispute.pv_court,
            "on": dispute.pv_filed_on,
        },
        {
            "step": "decision",
            "done": dispute.recognition is not None,
            "recognition": dispute.recognition,
            "on": dispute.recognised_on,
        },
    ]
