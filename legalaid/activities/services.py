"""Activity rules: record and correct an activity (with its grid, facilitators and links), keep
its roster, a mission's recommendations; every change audited, every edit version-checked."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from legalaid.accounts.models import User
from legalaid.activities.models import (
    GRID_COLUMNS,
    Activity,
    ActivityType,
    Participant,
    Recommendation,
)
from legalaid.audit.services import audit
from legalaid.cases.models import Case, CaseKind
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.permissions import case_scope
from legalaid.roles import Role
from legalaid.unitofwork import unit_of_work

# The roles of the people who lead activities (the facilitators' list).
FACILITATOR_ROLES = (Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL)


class ActivityRefused(ValueError):
    """A change the rules do not allow; the message says why."""


@dataclass
class ActivityData:
    """An activity as typed in its form (or read from an import row)."""

    type: str
    title: str
    start_on: date
    end_on: date | None = None
    region_id: int | None = None
    commune: str = ""
    place: str = ""
    topics: str = ""
    commission_id: int | None = None
    prison_id: int | None = None
    court_id: int | None = None
    members: str = ""
    findings: str = ""
    grid: dict[str, int] = field(default_factory=dict)
    facilitator_ids: list[int] = field(default_factory=list)
    case_references: list[str] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The activity's own columns (empty text stored as NULL, no link as NULL)."""
        mission = self.type == ActivityType.MONITORING_MISSION
        return {
            "type": self.type,
            "title": self.title.strip(),
            "start_on": self.start_on,
            "end_on": self.end_on or self.start_on,
            "region_id": self.region_id or None,
            "commune": self.commune.strip() or None,
            "place": self.place.strip() or None,
            "topics": self.topics.strip() or None,
            "commission_id": self.commission_id or None,
            "prison_id": self.prison_id or None,
            "court_id": self.court_id or None,
            "members": (self.members.strip() or None) if mission else None,
            "findings": (self.findings.strip() or None) if mission else None,
            **{name: self.grid.get(name) or 0 for name in GRID_COLUMNS},
        }


def split_references(text: str | None) -> list[str]:
    """Case references typed with commas, semicolons or spaces between them."""
    cleaned = (text or "").replace(";", ",").replace(" ", ",")
    return [part.strip().upper() for part in cleaned.split(",") if part.strip()]


def facilitator_choices(organisation_id: int | None) -> list[tuple[int, str]]:
    """The organisation's active workers who may lead an activity."""
    rows = db.session.execute(
        select(User.id, User.full_name)
        .where(
            User.organisation_id == organisation_id,
            User.active,
            User.role.in_(FACILITATOR_ROLES),
        )
        .order_by(User.full_name)
    )
    return [(row.id, row.full_name) for row in rows]


def _facilitators(ids: list[int], organisation_id: int) -> list[User]:
    allowed = dict(facilitator_choices(organisation_id))
    if any(user_id not in allowed for user_id in ids):
        raise ActivityRefused(_("A facilitator must be a worker of the organisation."))
    return list(db.session.scalars(select(User).where(User.id.in_(ids)))) if ids else []


def linkable_cases(references: list[str], by: User) -> list[Case]:
    """The detention cases these references name, among those `by` may see; a reference that
    names no such case is refused without saying whether it exists (access policy)."""
    if not references:
        return []
    found = {
        case.reference: case
        for case in db.session.scalars(
            select(Case).where(
                Case.reference.in_(references), Case.kind == CaseKind.DETENTION, case_scope(by)
            )
        )
    }
    missing = [reference for reference in references if reference not in found]
    if missing:
        raise ActivityRefused(
            _(
                "No detention case you may see has the reference %(references)s.",
                references=", ".join(missing),
            )
        )
    return [found[reference] for reference in dict.fromkeys(references)]


def _apply(activity: Activity, data: ActivityData, by: User) -> list[str]:
    """Write the data on the activity; the names of what changed."""
    values = data.values()
    changed = [name for name, value in values.items() if getattr(activity, name) != value]
    for name in changed:
        setattr(activity, name, values[name])
    facilitators = _facilitators(data.facilitator_ids, activity.organisation_id)
    if {user.id for user in activity.facilitators} != {user.id for user in facilitators}:
        activity.facilitators = facilitators
        changed.append("facilitators")
    cases = (
        linkable_cases(data.case_references, by) if values["type"] == "monitoring_mission" else []
    )
    if {case.id for case in activity.cases} != {case.id for case in cases}:
        # Cases out of the user's sight stay linked: they may not unlink what they cannot see.
        hidden = [case for case in activity.cases if case.id not in _visible_ids(activity, by)]
        activity.cases = hidden + cases
        changed.append("cases")
    return changed


def _visible_ids(activity: Activity, by: User) -> set[int]:
    ids = [case.id for case in activity.cases]
    if not ids:
        return set()
    return set(db.session.scalars(select(Case.id).where(Case.id.in_(ids), case_scope(by))))


def visible_cases(activity: Activity, by: User) -> list[Case]:
    """The activity's linked cases that `by` may see (the others are not even counted)."""
    ids = _visible_ids(activity, by)
    return [case for case in activity.cases if case.id in ids]


@unit_of_work()
def record_activity(data: ActivityData, by: User, *, external_id: str | None = None) -> Activity:
    """Record a new activity of `by`'s organisation."""
    if by.organisation_id is None:
        raise ActivityRefused(_("Only a member of an organisation records its activities."))
    activity = Activity(
        organisation_id=by.organisation_id, created_by_id=by.id, external_id=external_id
    )
    _apply(activity, data, by)
    db.session.add(activity)
    db.session.flush()
    audit("activity_create", by=by, obj=activity, details=activity.type)
    return activity


@unit_of_work(versioned="activity")
def update_activity(
    activity: Activity, data: ActivityData, by: User, *, expected_version
) -> list[str]:
    """Correct an activity loaded at `expected_version`; the names of what changed."""
    if expected_version is not None and activity.version != expected_version:
        raise EditConflict(activity.version)
    changed = _apply(activity, data, by)
    if changed:
        flag_modified(activity, "title")  # links alone change no column: the version moves too
        db.session.flush()
        audit("activity_update", by=by, obj=activity, details=", ".join(changed))
    return changed


@dataclass
class ParticipantData:
    """A roster row as typed."""

    full_name: str
    sex: str
    birth_year: int | None = None
    age: int | None = None
    role: str = ""
    phone: str = ""
    commission_id: int | None = None
    member_of: str = ""


def new_participant(activity: Activity, data: ParticipantData) -> Participant:
    """A roster row (not yet added): an age becomes an estimated birth year at the start."""
    birth_year = data.birth_year
    if birth_year is None and data.age is not None:
        birth_year = activity.start_on.year - data.age
    participant = Participant(
        sex=data.sex,
        birth_year=birth_year,
        role=data.role.strip() or None,
        phone=data.phone.strip() or None,
        commission_id=data.commission_id or None,
        member_of=data.member_of.strip() or None,
    )
    participant.set_name(data.full_name)
    return participant


@unit_of_work()
def add_participant(activity: Activity, data: ParticipantData, by: User) -> Participant:
    """Add a named participant to the activity's roster."""
    participant = new_participant(activity, data)
    activity.participants.append(participant)
    db.session.flush()
    audit("activity_participant_add", by=by, obj=activity, details=f"participant {participant.id}")
    return participant


@unit_of_work()
def remove_participant(activity: Activity, participant_id: int, by: User) -> None:
    """Take a participant off the roster (a name typed on the wrong activity)."""
    participant = next((p for p in activity.participants if p.id == participant_id), None)
    if participant is None:
        raise ActivityRefused(_("This participant is not on the roster."))
    activity.participants.remove(participant)
    audit(
        "activity_participant_remove", by=by, obj=activity, details=f"participant {participant_id}"
    )


def same_person_elsewhere(activity: Activity) -> dict[int, int]:
    """For each roster row, how many other trainings of the organisation list the same person
    (same folded name and sex): the roster shows who came back."""
    keys = {(p.name_key, p.sex) for p in activity.participants}
    if not keys:
        return {}
    rows = db.session.execute(
        select(Participant.name_key, Participant.sex, func.count(func.distinct(Activity.id)))
        .join(Activity, Activity.id == Participant.activity_id)
        .where(
            Activity.organisation_id == activity.organisation_id,
            Activity.id != activity.id,
            Activity.type == ActivityType.TRAINING,
            Participant.name_key.in_([key for key, _sex in keys]),
        )
        .group_by(Participant.name_key, Participant.sex)
    ).all()
    elsewhere = {(key, sex): n for key, sex, n in rows}
    return {p.id: elsewhere.get((p.name_key, p.sex), 0) for p in activity.participants}


@unit_of_work()
def add_recommendation(
    activity: Activity, text: str, addressee: str, status: str, by: User
) -> Recommendation:
    """Record a recommendation a monitoring mission made."""
    if activity.type != ActivityType.MONITORING_MISSION:
        raise ActivityRefused(_("Only a monitoring mission makes recommendations."))
    recommendation = Recommendation(text=text.strip(), addressee=addressee.strip(), status=status)
    activity.recommendations.append(recommendation)
    db.session.flush()
    audit("activity_recommendation", by=by, obj=recommendation, details=status)
    return recommendation


@unit_of_work(versioned="recommendation")
def follow_up(recommendation: Recommendation, status: str, by: User, *, expected_version) -> None:
    """Move a recommendation to a new follow-up status."""
    if expected_version is not None and recommendation.version != expected_version:
        raise EditConflict(recommendation.version)
    if recommendation.status != status:
        recommendation.status = status
        audit("activity_recommendation", by=by, obj=recommendation, details=status)
