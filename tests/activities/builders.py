"""Builders of activities, through the same services as the pages."""

from datetime import date

from legalaid.activities.models import Activity
from legalaid.activities.services import (
    ActivityData,
    ParticipantData,
    add_participant,
    add_recommendation,
    record_activity,
)


def make_activity(
    by,
    *,
    type: str = "training",
    start_on: date = date(2026, 3, 2),
    roster=("Awa Diallo",),
    **fields,
) -> Activity:
    """An activity of `by`'s organisation, with a roster (and a recommendation for a mission)."""
    data = ActivityData(
        type=type,
        title=fields.pop("title", "Formation des parajuristes"),
        start_on=start_on,
        **fields,
    )
    activity = record_activity(data, by)
    for name in roster:
        add_participant(activity, ParticipantData(full_name=name, sex="F", birth_year=1995), by)
    if type == "monitoring_mission":
        add_recommendation(activity, "Tenir le registre", "Régisseur", "pending", by)
    return activity
