"""The land commissions' figures for a report: disputes received and settled, the PVs' path to
the courts, who asked for conciliation, and who came to the sessions.

Over the land-conciliation cases opened in the report's period (like every other figure), each
fact counted when it happened by the period's end. A few aggregate queries, whatever the number
of cases.
"""

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, case, func, select
from sqlalchemy.sql.elements import ColumnElement

from legalaid.cases.models import Beneficiary, Case
from legalaid.extensions import db
from legalaid.land.models import LAND_CONCILIATION, ConciliationSession, LandDispute, Recognition
from legalaid.reports.presentation import number, plural_count
from legalaid.reports.services import Scope, people

AGREEMENT = "conciliation_agreement"
NON_CONCILIATION = "non_conciliation"


def land_indicators(scope: Scope) -> dict[str, Any]:
    """The figures of the land disputes in `scope`, under the kind's code (merged at the top of
    the indicators)."""
    end = scope.end
    land = Case.kind == LAND_CONCILIATION
    counts = db.session.execute(
        select(
            func.count(),
            _number(Case.outcome == AGREEMENT, Case.resolved_on <= end),
            _number(Case.outcome == NON_CONCILIATION, Case.resolved_on <= end),
            _number(LandDispute.pv_filed_on <= end),
            _number(
                LandDispute.recognition == Recognition.RECOGNISED, LandDispute.recognised_on <= end
            ),
            _number(
                LandDispute.recognition == Recognition.REFUSED, LandDispute.recognised_on <= end
            ),
        )
        .select_from(Case)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .join(LandDispute, LandDispute.case_id == Case.id)
        .where(scope.condition(), land)
    ).one()
    received, resolved, non_conciliation, filed, recognised, refused = counts
    return {
        LAND_CONCILIATION: {
            "disputes_received": received,
            "disputes_resolved": resolved,
            "non_conciliation": non_conciliation,
            "pv_filed": filed,
            "pv_recognised": recognised,
            "pv_refused": refused,
            "recognition_pct": round(100 * recognised / resolved, 1) if resolved else None,
            "requesting_parties": people(scope, land),
            "session_attendance": _attendance(scope, land),
        }
    }


def _number(*conditions: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows meet every condition (zero, not NULL, when none does)."""
    return func.coalesce(func.sum(case((and_(*conditions), 1), else_=0)), 0)


def _attendance(scope: Scope, land: ColumnElement[bool]) -> dict[str, int]:
    """The sessions held by the end of the period on the disputes in scope, and who came."""
    sessions, total, women, youth = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(ConciliationSession.attendance_total), 0),
            func.coalesce(func.sum(ConciliationSession.attendance_women), 0),
            func.coalesce(func.sum(ConciliationSession.attendance_youth), 0),
        )
        .select_from(ConciliationSession)
        .join(LandDispute, LandDispute.id == ConciliationSession.dispute_id)
        .join(Case, Case.id == LandDispute.case_id)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(scope.condition(), land, ConciliationSession.held_on <= scope.end)
    ).one()
    return {"sessions": sessions, "total": total, "women": women, "youth": youth}


def headline(figures: dict[str, Any]) -> str:
    """The sentence a report opens with, from the kind's figures (`land_indicators(…)` under
    `land_conciliation`): disputes settled amicably, PVs recognised by the courts. A viewer's
    hidden count ("< 5") reads as several."""
    resolved, recognised = figures["disputes_resolved"], figures["pv_recognised"]
    # Translators: the two halves of the land commissions' headline (French: " ; ").
    return _(
        "%(resolved)s; %(recognised)s",
        resolved=ngettext(
            "%(count)s land dispute resolved amicably",
            "%(count)s land disputes resolved amicably",
            plural_count(resolved),
            count=number(resolved),
        ),
        recognised=ngettext(
            "%(count)s conciliation report recognised by the courts",
            "%(count)s conciliation reports recognised by the courts",
            plural_count(recognised),
            count=number(recognised),
        ),
    )
