"""What the retention purge clears of a land dispute: every name, phone and place in it."""

from sqlalchemy import Select, select, update

from legalaid.extensions import db
from legalaid.land.models import ConciliationSession, LandDispute, LandParty
from legalaid.maintenance.services import ANONYMISED


def purge(cases: Select) -> None:
    """Clear the free text and names of the disputes of these cases (a select of case ids).

    The parcel and its GPS point locate a family's land as surely as a name: they go too. The
    counts (sessions, attendance) and the dates stay for the reports."""
    disputes = select(LandDispute.id).where(LandDispute.case_id.in_(cases))
    db.session.execute(
        update(LandDispute)
        .where(LandDispute.id.in_(disputes))
        .values(place=None, parcel=None, latitude=None, longitude=None)
    )
    db.session.execute(
        update(LandParty)
        .where(LandParty.dispute_id.in_(disputes))
        .values(full_name=ANONYMISED, name_key="", phone=None)
    )
    db.session.execute(
        update(ConciliationSession)
        .where(ConciliationSession.dispute_id.in_(disputes))
        .values(place=None, minutes=None)
    )
