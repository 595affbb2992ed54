"""Retention of the rosters: names and phones are personal data, kept no longer than cases."""

from datetime import date

from sqlalchemy import select, update

from legalaid.activities.models import Activity, Participant
from legalaid.extensions import db


def purge_rosters(cutoff: date, anonymised: str) -> int:
    """Clear the names, folded names and phones on the rosters of activities that ended before
    `cutoff`; sex, birth year and role stay for the reports. How many rows were cleared."""
    old = select(Activity.id).where(Activity.end_on < cutoff)
    statement = (
        update(Participant)
        .where(Participant.activity_id.in_(old), Participant.full_name != anonymised)
        .values(full_name=anonymised, name_key="", phone=None)
    )
    return db.session.execute(statement).rowcount or 0
