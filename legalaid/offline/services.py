"""Carrying out what a device queued offline: the same checks as online, nothing done twice,
nothing overwritten.

Each item is one unit of work with its `SyncedItem`: either both are written or neither, so a
sync interrupted after the server acted answers the retry with what was done the first time.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.casekinds import UnknownCaseKind, case_kind
from legalaid.cases.forms import TimelineEntryForm
from legalaid.cases.intake import (
    IntakeScreening,
    UnseenBeneficiary,
    prepare_case_form,
    screen_intake,
)
from legalaid.cases.models import Beneficiary, Case, CaseEvent, CaseKind, EventKind
from legalaid.cases.reviews import waiting_reasons
from legalaid.cases.services import add_timeline_entry, open_case, update_case
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.labels import label
from legalaid.offline.forms import OfflineEditForm, VisitForm
from legalaid.offline.models import ItemType, SyncedItem
from legalaid.permissions import CaseAccess, Permission, allows, load_case
from legalaid.reference.models import Prison
from legalaid.timeutils import utcnow
from legalaid.unitofwork import inside_unit, unit_of_work


class Refused(Exception):
    """The item cannot be carried out as sent; the device keeps it and shows why."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


@dataclass
class SyncAnswer:
    """What the device is told: `done` (it may forget the item), `choose` (a possible duplicate
    or conflict of interest to answer), `conflict` (someone changed the same fields) or
    `refused` (errors to correct)."""

    status: str
    message: str = ""
    url: str | None = None
    choices: list[dict[str, str]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    differences: list[dict[str, Any]] = field(default_factory=list)
    version: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Only the keys that carry something."""
        return {key: value for key, value in self.__dict__.items() if value not in (None, [], {})}


def _done(item: SyncedItem) -> SyncAnswer:
    url = url_for("cases.show", case_id=item.case_id) if item.case_id else None
    return SyncAnswer("done", message=item.result, url=url)


# What an item does once checked: run inside the unit of work, it returns the case it acted on
# and the words the device shows, or an answer when it found, under the lock, a reason to ask.
Action = Callable[[], "SyncAnswer | tuple[Case, str]"]


def sync_item(payload: dict[str, Any], by: User) -> SyncAnswer:
    """Carry out one queued item, or say what it waits for; a client id seen before answers
    with what was done then (a retried sync creates nothing twice).

    The checks (forms, access to each case, duplicates) read before the write lock is taken,
    as a page does before its service runs: a refused case is audited on its own.
    """
    client_id, device_id = _identifier(payload, "client_id"), _identifier(payload, "device_id")
    earlier = _earlier(client_id, by)
    if earlier is not None:
        return _done(earlier)
    try:
        item_type = ItemType(str(payload.get("type")))
    except ValueError:
        raise Refused(_("This item cannot be read.")) from None
    checks = {
        ItemType.INTAKE: _intake,
        ItemType.NOTE: _note,
        ItemType.EDIT: _edit,
        ItemType.VISIT: _visit,
    }
    action = checks[item_type](payload, by)
    if isinstance(action, SyncAnswer):
        return action
    return _carry_out(action, item_type, client_id, device_id, by)


def _earlier(client_id: str, by: User) -> SyncedItem | None:
    earlier = db.session.scalar(select(SyncedItem).where(SyncedItem.client_id == client_id))
    if earlier is not None and earlier.user_id != by.id:
        raise Refused(_("This item was sent by someone else."))
    return earlier


@unit_of_work()
def _carry_out(
    action: Action, item_type: ItemType, client_id: str, device_id: str, by: User
) -> SyncAnswer:
    """The item's writes and its record, all or nothing (a retry sent meanwhile found first)."""
    earlier = _earlier(client_id, by)
    if earlier is not None:
        return _done(earlier)
    outcome = action()
    if isinstance(outcome, SyncAnswer):
        return outcome
    case, result = outcome
    item = SyncedItem(
        client_id=client_id,
        device_id=device_id,
        user_id=by.id,
        item_type=item_type,
        case_id=case.id,
        result=result[:500],
    )
    db.session.add(item)
    audit(
        "offline_sync", by=by, obj=case, details=f"{item_type} device {device_id} item {client_id}"
    )
    return _done(item)


def _identifier(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not 8 <= len(value) <= 36 or not value.isascii():
        raise Refused(_("This item cannot be read."))
    return value


def _formdata(values: Any) -> MultiDict:
    """A form's data as the device sent it: names to a text or a list of texts."""
    if not isinstance(values, dict):
        raise Refused(_("This item cannot be read."))
    pairs = []
    for name, value in values.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((str(name), "" if one is None else str(one)))
    return MultiDict(pairs)


def _form_errors(form) -> Refused:
    """The form's errors by the label its field shows (a list of rows', the parties of a land
    intake, under the list's label)."""
    errors = {
        str(form[name].label.text): _messages(messages) for name, messages in form.errors.items()
    }
    return Refused(_("Some fields need your attention."), errors)


def _messages(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return [text for value in errors.values() for text in _messages(value)]
    if isinstance(errors, list | tuple):
        return [text for value in errors for text in _messages(value)]
    return [str(errors)]


def _intake(payload: dict[str, Any], by: User) -> SyncAnswer | Action:
    """A new case through the online intake's own form and checks."""
    if not allows(by, Permission.INTAKE):
        raise Refused(_("You may not take in cases."))
    try:
        kind = case_kind(str(payload.get("kind")))
    except UnknownCaseKind:
        raise Refused(_("This item cannot be read.")) from None
    form = kind.intake_form(formdata=_formdata(payload.get("fields")), meta={"csrf": False})
    prepare_case_form(form, kind)
    if not form.validate():
        raise _form_errors(form)
    try:
        screening = screen_intake(form, kind, by)
    except UnseenBeneficiary:
        raise Refused(_("This person cannot be linked.")) from None
    if not screening.clear:
        return SyncAnswer(
            "choose",
            message=_("Check this intake before the case is opened."),
            choices=[_person_choice(person) for person in screening.duplicates],
            conflicts=_conflict_lines(screening),
        )

    def action() -> tuple[Case, str]:
        case = inside_unit(open_case)(screening.data, by, today=local_today())
        return case, _opened_message(case)

    return action


def _person_choice(person: Beneficiary) -> dict[str, str]:
    """A possible duplicate as intake shows it: shown on the device, never stored there."""
    parts = [person.full_name, person.code]
    if person.birth_year:
        parts.append(_("born %(year)s", year=person.birth_year))
    if person.region:
        parts.append(person.region.name)
    if person.phone:
        parts.append(person.phone)
    return {"value": str(person.id), "label": " · ".join(parts)}


def _conflict_lines(screening: IntakeScreening) -> list[str]:
    must_clear = _("a conflict exists that your coordinator must clear.")
    lines = []
    for warning in screening.conflicts:
        shown = ", ".join(warning.case_references)
        lines.append(
            _(
                "Possible conflict of interest: %(party)s matches %(references)s.",
                party=warning.adverse_party,
                references=shown or must_clear,
            )
        )
    client = screening.client_conflict
    if client is not None:
        lines.append(
            _(
                "Possible conflict of interest: this person is an adverse party in %(references)s.",
                references=", ".join(client.case_references) or must_clear,
            )
        )
    return lines


def _opened_message(case: Case) -> str:
    message = _("Case %(reference)s opened.", reference=case.reference)
    if waiting_reasons(case):
        message += " " + _("A possible match waits for your coordinator.")
    return message


def _case_to_work_on(by: User, case_id: Any) -> Case:
    """A case the device remembered, if `by` still works on it (no IDOR: 404 audited)."""
    if not isinstance(case_id, int):
        raise Refused(_("This item cannot be read."))
    try:
        access = load_case(by, case_id)
    except NotFound:
        raise Refused(_("This case is not yours to work on.")) from None
    if not access.may_work or not case_kind(access.case.kind).kept_offline:
        raise Refused(_("This case is not yours to work on."))
    return access.case


def _note(payload: dict[str, Any], by: User) -> Action:
    """A note or an action on a case: added, never in conflict with anything."""
    case = _case_to_work_on(by, payload.get("case_id"))
    form = TimelineEntryForm(formdata=_formdata(payload.get("fields")), meta={"csrf": False})
    if not form.validate():
        raise _form_errors(form)

    def action() -> tuple[Case, str]:
        inside_unit(add_timeline_entry)(case, by, form.text.data.strip(), form.action_type.data)
        return case, _("Added to the timeline of %(reference)s.", reference=case.reference)

    return action


def _edit(payload: dict[str, Any], by: User) -> Action:
    """Changed fields of a case, applied unless someone changed the same fields since the
    device saw it: then the difference goes back to the user, field by field."""
    case = _case_to_work_on(by, payload.get("case_id"))
    form = OfflineEditForm(formdata=_formdata(payload.get("changes")), meta={"csrf": False})
    if not form.validate():
        raise _form_errors(form)
    changes = form.changes()
    if not changes:
        raise Refused(_("Nothing was changed."))
    based_on, seen_at = payload.get("based_on_version"), _seen_at(payload)
    if not isinstance(based_on, int):
        raise Refused(_("This item cannot be read."))

    def action() -> SyncAnswer | tuple[Case, str]:
        clashing = [] if based_on == case.version else _changed_since(case, seen_at, changes)
        if clashing:
            return SyncAnswer(
                "conflict",
                message=_("Someone changed this case since you saw it. Choose what to keep."),
                differences=[
                    {
                        "field": name,
                        "label": str(getattr(form, name).label.text),
                        "yours": changes[name],
                        "server": getattr(case, name) or "",
                    }
                    for name in clashing
                ],
                version=case.version,
            )
        changed = inside_unit(update_case)(
            case,
            case_changes=changes,
            detail_changes={},
            other_parties=None,
            expected_version=case.version,
            by=by,
        )
        if not changed:
            return case, _("%(reference)s already says this.", reference=case.reference)
        return case, _("The case %(reference)s has been saved.", reference=case.reference)

    return action


def _seen_at(payload: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(payload.get("seen_at")))
    except ValueError:
        raise Refused(_("This item cannot be read.")) from None


def _changed_since(case: Case, seen_at: datetime, changes: dict[str, Any]) -> list[str]:
    """The fields of `changes` that an edit saved after `seen_at` set to something else."""
    edits = db.session.scalars(
        select(CaseEvent.text).where(
            CaseEvent.case_id == case.id,
            CaseEvent.kind == EventKind.EDIT,
            CaseEvent.occurred_at > seen_at,
        )
    )
    touched = {name.strip() for text in edits for name in text.split(",")}
    return [
        name
        for name, value in changes.items()
        if name in touched and (getattr(case, name) or "") != value
    ]


def _visit(payload: dict[str, Any], by: User) -> Action:
    """A prison-visit round: a visit action on each detainee's case, all or none."""
    form = VisitForm(formdata=_formdata(payload.get("fields")), meta={"csrf": False})
    form.prison_id.choices = [
        (prison_id, "") for prison_id in db.session.scalars(select(Prison.id))
    ]
    if not form.validate():
        raise _form_errors(form)
    entries = payload.get("entries")
    if not isinstance(entries, list) or not 1 <= len(entries) <= 100:
        raise Refused(_("A visit names at least one detainee."))
    if not all(isinstance(entry, dict) for entry in entries):
        raise Refused(_("This item cannot be read."))
    seen = [(_case_to_work_on(by, entry.get("case_id")), entry.get("note")) for entry in entries]
    if any(case.kind != CaseKind.DETENTION for case, _note in seen):
        raise Refused(_("This case is not yours to work on."))
    prison = db.session.get_one(Prison, form.prison_id.data)
    visit = _(
        "Visit at %(prison)s on %(day)s.",
        prison=prison.name,
        day=format_date(form.visited_on.data, "long"),
    )

    def action() -> tuple[Case, str]:
        for case, note in seen:
            text = " ".join(str(note or "").split())[:2000]
            inside_unit(add_timeline_entry)(case, by, f"{visit} {text}".strip(), "visit")
        references = ", ".join(case.reference for case, _note in seen)
        return seen[0][0], _("Visit recorded on %(references)s.", references=references)

    return action


def offline_snapshot(access: CaseAccess, details: Any) -> dict[str, Any] | None:
    """What a device may keep of a case its user works on, for notes and corrections offline:
    its reference and version and when they were seen, never a name; nothing of a GBV case."""
    case = access.case
    if not access.may_work or not case_kind(case.kind).kept_offline:
        return None
    return {
        "id": case.id,
        "reference": case.reference,
        "kind": case.kind,
        "kind_label": str(label("kind", case.kind)),
        "version": case.version,
        "seen_at": utcnow().isoformat(),
        "prison_id": getattr(details, "prison_id", None),
    }
