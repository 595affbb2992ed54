"""The activities' figures for a report, under `activities`: how many of each type, the people
they reached (counted on the grid, listed on rosters), the distinct people trained, the share of
activities involving women and young people, the missions and their recommendations.

Definitions (issue 17): an activity counts in the period when its `start_on` is in it; an
activity's participants are its counted grid plus its roster (the grid counts those without a
name); *young* is minor or youth (under 36); `women_and_youth` is every woman plus every young
man, each person once; an activity involves women and youth when that count is above zero.
A roster participant's age group is taken at the activity's start from the birth year.
Four queries, whatever the number of activities.
"""

from collections import Counter
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, func, literal, select

from legalaid.accounts.models import Organisation
from legalaid.activities.models import (
    GRID_AGE_GROUPS,
    GRID_COLUMNS,
    Activity,
    ActivityType,
    FollowUp,
    Participant,
    Recommendation,
)
from legalaid.extensions import db
from legalaid.reference.models import Region
from legalaid.reports.services import Scope, age_group, pct

YOUNG = ("minor", "youth")


def activity_condition(scope: Scope) -> ColumnElement[bool]:
    """The activities a report covers: started in the period, of the organisation, held in the
    region, or (a prison's report) held in that prison."""
    conditions = [Activity.start_on.between(scope.start, scope.end)]
    if scope.organisation_id:
        conditions.append(Activity.organisation_id == scope.organisation_id)
    if scope.region_id:
        conditions.append(Activity.region_id == scope.region_id)
    if scope.prison_id:
        conditions.append(Activity.prison_id == scope.prison_id)
    return and_(*conditions)


def _empty_people() -> dict[str, Any]:
    return {
        "total": 0,
        "F": 0,
        "M": 0,
        "youth": 0,
        "women_and_youth": 0,
        "by_age_group": dict.fromkeys(GRID_AGE_GROUPS, 0),
        "by_sex_age_group": {sex: dict.fromkeys(GRID_AGE_GROUPS, 0) for sex in ("F", "M")},
    }


def _add(people: dict[str, Any], sex: str, group: str, n: int) -> None:
    people["total"] += n
    people[sex] += n
    people["by_age_group"][group] += n
    people["by_sex_age_group"][sex][group] += n
    if group in YOUNG:
        people["youth"] += n
    if sex == "F" or group in YOUNG:
        people["women_and_youth"] += n


def _short(people: dict[str, Any]) -> dict[str, int]:
    """The five headline counts of a group of people (per type of activity)."""
    return {key: people[key] for key in ("total", "F", "M", "youth", "women_and_youth")}


def activity_indicators(scope: Scope) -> dict[str, Any]:
    """The figures of the activities in `scope`, under `activities` (merged into the
    indicators)."""
    in_scope = activity_condition(scope)
    activities = db.session.execute(
        select(
            Activity.id,
            Activity.type,
            func.coalesce(Region.name, literal("")).label("region"),
            Organisation.name.label("organisation"),
            *(getattr(Activity, name) for name in GRID_COLUMNS),
        )
        .join(Organisation, Organisation.id == Activity.organisation_id)
        .outerjoin(Region, Region.id == Activity.region_id)
        .where(in_scope)
    ).all()
    age = func.extract("year", Activity.start_on) - Participant.birth_year
    group = age_group(age)
    listed = db.session.execute(
        select(Participant.activity_id, Participant.sex, group.label("group"), func.count())
        .join(Activity, Activity.id == Participant.activity_id)
        .where(in_scope)
        .group_by(Participant.activity_id, Participant.sex, group)
    ).all()
    per_activity: dict[int, list[tuple[str, str, int]]] = {}
    for activity_id, sex, group_name, n in listed:
        per_activity.setdefault(activity_id, []).append((sex, group_name, n))
    reached = _empty_people() | {"by_type": {}, "by_region": {}, "by_organisation": {}}
    by_type = {code: _empty_people() for code in ActivityType}
    involving = 0
    for row in activities:
        cells = [
            (name[0].upper(), name[2:], getattr(row, name))
            for name in GRID_COLUMNS
            if getattr(row, name)
        ]
        cells += per_activity.get(row.id, [])
        mine = _empty_people()
        for sex, group_name, n in cells:
            _add(mine, sex, group_name, n)
            _add(by_type[row.type], sex, group_name, n)
            _add(reached, sex, group_name, n)
        region = row.region or "unknown"
        reached["by_region"][region] = reached["by_region"].get(region, 0) + mine["total"]
        organisation = row.organisation
        reached["by_organisation"][organisation] = (
            reached["by_organisation"].get(organisation, 0) + mine["total"]
        )
        involving += mine["women_and_youth"] > 0
    reached["by_type"] = {code: _short(people) for code, people in by_type.items()}
    counts = Counter(row.type for row in activities)
    return {
        "activities": {
            "count": {code.value: counts.get(code, 0) for code in ActivityType},
            "total": len(activities),
            "people_reached": reached,
            "distinct_people_trained": _distinct_trained(in_scope),
            "involving_women_and_youth": involving,
            "share_involving_women_and_youth_pct": pct(involving, len(activities)),
            "missions": counts.get(ActivityType.MONITORING_MISSION, 0),
            "recommendations": _recommendations(in_scope),
        }
    }


def _distinct_trained(in_scope: ColumnElement[bool]) -> int:
    """The people on the rosters of trainings, each once: the same folded name (Malian spelling
    variants alike) and sex is the same person, whichever training listed them."""
    person = Participant.name_key + literal("|") + Participant.sex
    return (
        db.session.scalar(
            select(func.count(distinct(person)))
            .join(Activity, Activity.id == Participant.activity_id)
            .where(in_scope, Activity.type == ActivityType.TRAINING)
        )
        or 0
    )


def _recommendations(in_scope: ColumnElement[bool]) -> dict[str, Any]:
    """The monitoring missions' recommendations, by follow-up status."""
    rows = dict(
        db.session.execute(
            select(Recommendation.status, func.count())
            .join(Activity, Activity.id == Recommendation.activity_id)
            .where(in_scope)
            .group_by(Recommendation.status)
        ).all()
    )
    by_status = {status.value: rows.get(status, 0) for status in FollowUp}
    return {"total": sum(by_status.values()), "by_status": by_status}
