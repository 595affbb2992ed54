"""The referrals' figures for a report: referrals made and accepted by service and by sending
organisation, outside referrals, transfers, and the median days to acceptance.

Over the referrals sent in the report's period (each fact counted when it happened by the
period's end), of the cases the report covers (its organisation, sending or receiving; its
region; a GBV case only with the survivor's consent to reporting). A person referred twice for
the same service counts once: `(person, service)` pairs, the first referral of each.
"""

from datetime import datetime, time, timedelta
from statistics import median
from typing import Any

from sqlalchemy import exists, or_, select

from legalaid.accounts.models import Organisation
from legalaid.cases.models import Beneficiary, Case
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from legalaid.referrals.models import TAKEN, Referral, ReferralMode, ReferralService, ReferralState
from legalaid.reports.services import Scope, consented_or_not_gbv, small


def _rows(scope: Scope) -> tuple[list[Any], datetime]:
    """The referrals of the report, oldest first, and the end of its period."""
    start = datetime.combine(scope.start, time())
    end = datetime.combine(scope.end + timedelta(days=1), time())
    conditions = [Referral.sent_at >= start, Referral.sent_at < end, consented_or_not_gbv()]
    if scope.organisation_id:
        conditions.append(
            or_(
                Referral.from_organisation_id == scope.organisation_id,
                Referral.to_organisation_id == scope.organisation_id,
            )
        )
    if scope.region_id:
        conditions.append(Beneficiary.region_id == scope.region_id)
    if scope.prison_id:
        conditions.append(
            exists().where(
                DetentionRecord.case_id == Case.id, DetentionRecord.prison_id == scope.prison_id
            )
        )
    rows = db.session.execute(
        select(
            Case.beneficiary_id,
            Referral.mode,
            Referral.service,
            Referral.state,
            Referral.outside_service_id,
            Referral.sent_at,
            Referral.decided_at,
            Organisation.name.label("organisation"),
        )
        .join(Case, Case.id == Referral.case_id)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .join(Organisation, Organisation.id == Referral.from_organisation_id)
        .where(*conditions)
        .order_by(Referral.sent_at, Referral.id)
    ).all()
    return list(rows), end


DONE = ReferralState.DONE


def _tally() -> dict[str, Any]:
    return {
        "total": 0,
        "by_service": {service.value: 0 for service in ReferralService},
        "by_organisation": {},
    }


def _count(tally: dict[str, Any], row: Any) -> None:
    tally["total"] += 1
    tally["by_service"][row.service] += 1
    organisations = tally["by_organisation"]
    organisations[row.organisation] = organisations.get(row.organisation, 0) + 1


def referral_indicators(scope: Scope) -> dict[str, Any]:
    """The referral figures of `scope`, under the key `referrals` of the indicators."""
    rows, end = _rows(scope)
    made, accepted = _tally(), _tally()
    outside = {"made": 0, "done": 0}
    transfers = {"made": 0, "accepted": 0}
    first: dict[tuple, Any] = {}
    first_taken: dict[tuple, Any] = {}
    for row in rows:
        taken = row.state in TAKEN and row.decided_at is not None and row.decided_at < end
        # A person transferred twice counts once, whatever the service asked.
        key = (row.beneficiary_id, "transfer" if row.mode == ReferralMode.TRANSFER else row.service)
        first.setdefault(key, row)
        if taken:
            first_taken.setdefault(key, row)
    for row in first.values():
        if row.mode == ReferralMode.TRANSFER:
            transfers["made"] += 1
        else:
            outside["made"] += row.outside_service_id is not None
            _count(made, row)
    days = []
    for row in first_taken.values():
        days.append((row.decided_at.date() - row.sent_at.date()).days)
        if row.mode == ReferralMode.TRANSFER:
            transfers["accepted"] += 1
        else:
            _count(accepted, row)
    outside["done"] = sum(
        1 for row in first.values() if row.outside_service_id is not None and row.state == DONE
    )
    return {
        "referrals": {
            "made": made,
            "accepted": accepted,
            "outside": outside,
            "transfers": transfers,
            "median_days_to_acceptance": float(median(days)) if days else None,
        }
    }


def protect(result: dict[str, Any], protected: dict[str, Any]) -> None:
    """For viewers: no median over fewer than 5 acceptances (one person's own delay)."""
    referrals = result["referrals"]
    accepted = referrals["accepted"]["total"] + referrals["transfers"]["accepted"]
    if small(accepted):
        protected["referrals"]["median_days_to_acceptance"] = None
