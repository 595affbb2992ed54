"""No code reaches a person: every page, export and notification of a rich data set, read in
French by each role, shows labels, never `in_progress`, `adjourned`, `user_create` or `minor`.

The codes are those of the label registry itself (legalaid/labels.py), so a new group or code is
checked as soon as it is registered. Codes may stay in attribute values (`value=`, URLs); `<code>`
marks a record shown verbatim on purpose (the audit trail's details).
"""

import csv
import io
import re
from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext
from sqlalchemy import select

from legalaid.audit.services import audit
from legalaid.cases.models import Beneficiary, Forum
from legalaid.detention.models import DetentionRecord
from legalaid.detention.services import add_order, record_hearing_seen, record_release
from legalaid.extensions import db
from legalaid.formutils import at_time, local_today
from legalaid.labels import GROUPS
from legalaid.land.services import (
    SessionData,
    file_pv,
    record_decision,
    record_session,
    seed_commissions,
)
from legalaid.notifications.models import NotificationKind
from legalaid.notifications.services import notify
from legalaid.reference.models import Court, DetentionRule
from legalaid.workflow.models import HearingPlace
from legalaid.workflow.services import (
    TransitionRequest,
    assign,
    cancel_hearing,
    change_status,
    record_hearing_result,
    reschedule_hearing,
    schedule_hearing,
)
from tests.builders import first_prison, make_case, make_organisation, make_user
from tests.conftest import sign_in
from tests.land.conftest import make_land_case

CATALOGUE = Path(__file__).parent.parent / "legalaid/translations/fr/LC_MESSAGES/messages.po"
TODAY = date(2026, 11, 29)
ROLES = ("admin", "coordinator", "lawyer", "paralegal", "prison_officer", "viewer")
# Links that are not pages to read: files, the sign-out, the feed, filters and sorts of a list.
SKIPPED_LINK = re.compile(r"^/static/|^/auth/logout|^/language|\.(ics|csv|pdf|xlsx)$|/documents/")
# Exports a person reads: (role, path, columns kept for machines). Add an export in one line.
EXPORTS = [
    ("prison_officer", "/prisons/{prison}/roll?format=csv", ()),
    ("admin", "/admin/audit.csv", ("Details", "Action code")),
]

CUSTOMARY = HearingPlace(Forum.CUSTOMARY, None, "Chefferie de Sévaré")


def _french_words() -> set[str]:
    """Every word the French catalogue uses: a code that is also one (`tribunal`, `crime`) is
    no sign of a raw code."""
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    words = set()
    for message in catalogue:
        for text in message.string if isinstance(message.string, tuple) else [message.string]:
            words.update(word.lower() for word in re.findall(r"\w+", text or ""))
    return words


def known_codes() -> set[str]:
    """The registry's codes that cannot be mistaken for French text."""
    french = _french_words()
    return {
        code
        for labels in GROUPS.values()
        for code in labels
        if len(code) > 1 and not code.isdigit() and code.lower() not in french
    }


def code_pattern() -> re.Pattern[str]:
    """Any known code as a whole word: not part of a longer code, an email or a path."""
    codes = "|".join(re.escape(code) for code in sorted(known_codes(), key=len, reverse=True))
    return re.compile(rf"(?<![\w@/.-])({codes})(?![\w@/-]|\.\w)")


class VisibleText(HTMLParser):
    """The text a person reads on a page: no tags, no attributes, no script."""

    HIDDEN = frozenset({"script", "style", "code"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag) -> None:
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """The page as a person reads it."""
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def raw_codes(text: str) -> list[str]:
    """The known codes found in `text`, with some context to find them."""
    return [
        text[max(0, found.start() - 40) : found.end() + 40].strip()
        for found in code_pattern().finditer(text)
    ]


def links(html: str) -> set[str]:
    """The pages a page links to (same site, no query)."""
    found = set(re.findall(r'href="(/[^"?#]*)"', html))
    return {path for path in found if not SKIPPED_LINK.search(path)}


@pytest.fixture
def rich_data(reference):
    """Cases of each kind in each status, hearings with results, custody facts, assignments,
    audit entries of every action and notifications of every kind; every user reads French."""
    seed_commissions()
    organisation = make_organisation("Association des juristes maliennes")
    prison = first_prison()
    people = {
        role: make_user(
            role,
            email=f"{role.replace('_', '')}.x@juristes.ml",
            full_name=f"Fatoumata Diallo {index}",
            organisation=None if role == "admin" else organisation,
            preferred_language="fr",
            **({"prisons": [prison]} if role == "prison_officer" else {}),
        )
        for index, role in enumerate(ROLES)
    }
    coordinator, lawyer = people["coordinator"], people["lawyer"]
    outcomes = {
        "detention": "released_pending_trial",
        "gbv": "mediation",
        "litigation": "conciliation_agreement",
        "land_conciliation": "conciliation_agreement",
    }
    details = {"detention": {"arrested_on": date(2026, 2, 20), "committal_on": date(2026, 2, 25)}}
    cases = []
    for kind, outcome in outcomes.items():
        for status in ("intake", "assigned", "in_progress", "resolved", "closed"):
            case = (
                make_land_case(coordinator, full_name="Aminata Keïta", opened_on=TODAY)
                if kind == "land_conciliation"
                else make_case(
                    kind, by=coordinator, full_name="Aminata Keïta", details=details.get(kind)
                )
            )
            cases.append(case)
            if status == "intake":
                continue
            assign(case, lawyer, by=coordinator, expected_version=case.version)
            if status == "assigned":
                continue
            _move(case, coordinator, "start")
            # Today, so that "My hearings" (this week) lists it with its result.
            hearing = schedule_hearing(
                case,
                lawyer,
                scheduled_at=at_time(local_today(), time(8, 0)),
                where=CUSTOMARY,
                purpose="",
            )
            record_hearing_result(
                hearing,
                lawyer,
                result="adjourned",
                adjournment_reason="Absence du témoin",
                decision=None,
                next_at=at_time(local_today() + timedelta(days=14), time(10, 0)),
            )
            if status == "in_progress":
                _moved_and_cancelled_hearings(case, lawyer)
                continue
            _move(case, lawyer, "resolve", outcome=outcome)
            if status == "closed":
                checklist = dict.fromkeys(
                    (
                        "needs_met_or_no_contact",
                        "safety_plan_reviewed",
                        "survivor_informed",
                        "supervisor_reviewed",
                    ),
                    True,
                )
                _move(case, coordinator, "close", checklist=checklist if kind == "gbv" else None)
    _custody_facts(cases, prison, people["prison_officer"], lawyer)
    _land_facts([case for case in cases if case.kind == "land_conciliation"], lawyer)
    _audit_every_action(people["admin"], cases[0], organisation, prison)
    for kind in NotificationKind:
        notify(people.values(), kind, cases[2], detail={"detention_alert": "overdue"}.get(kind, ""))
    db.session.commit()
    return {"people": people, "prison": prison, "cases": cases}


def _move(case, by, action: str, **fields) -> None:
    db.session.refresh(case)
    request = TransitionRequest(action=action, expected_version=case.version, **fields)
    change_status(case, by, request, today=TODAY)


def _moved_and_cancelled_hearings(case, lawyer) -> None:
    coming = [
        schedule_hearing(
            case,
            lawyer,
            scheduled_at=at_time(local_today() + timedelta(days=days), time(9, 0)),
            where=CUSTOMARY,
            purpose="",
        )
        for days in (3, 4)
    ]
    reschedule_hearing(
        coming[0],
        lawyer,
        scheduled_at=at_time(local_today() + timedelta(days=5), time(11, 0)),
        reason="Juge en congé",
    )
    cancel_hearing(coming[1], lawyer, reason="Médiation en cours")


def _custody_facts(cases, prison, officer, lawyer) -> None:
    held, released = cases[2], cases[3]
    record = db.session.scalar(select(DetentionRecord).where(DetentionRecord.case_id == held.id))
    add_order(
        record,
        held,
        lawyer,
        ordered_on=date(2026, 8, 20),
        months=4,
        body="investigating_judge",
        today=TODAY,
    )
    record_hearing_seen(held, officer, at=datetime(2026, 12, 1, 9, 30))
    other = db.session.scalar(select(DetentionRecord).where(DetentionRecord.case_id == released.id))
    record_release(
        released, other, officer, on=date(2026, 11, 20), reason="Main levée", today=TODAY
    )


def _land_facts(cases, lawyer) -> None:
    """A session on the dispute in progress; the resolved dispute's PV filed and recognised."""
    in_progress, resolved = cases[2], cases[3]
    session = SessionData(
        held_on=TODAY,
        place="Socoura",
        beneficiary_present=True,
        present_party_ids=[],
        attendance_total=12,
        attendance_women=5,
        attendance_youth=3,
        minutes="Les parties se sont entendues sur la limite.",
    )
    record_session(in_progress, lawyer, session, expected_version=in_progress.version)
    court = db.session.scalars(select(Court)).first()
    db.session.refresh(resolved)
    file_pv(resolved, lawyer, court_id=court.id, filed_on=TODAY, expected_version=resolved.version)
    db.session.refresh(resolved)
    record_decision(
        resolved,
        lawyer,
        recognition="recognised",
        decided_on=TODAY,
        expected_version=resolved.version,
    )


def _audit_every_action(admin, case, organisation, prison) -> None:
    objects = [
        case,
        db.session.get(Beneficiary, case.beneficiary_id),
        admin,
        organisation,
        prison,
        db.session.scalars(select(DetentionRule)).first(),
    ]
    outcomes = list(GROUPS["audit_outcome"])
    for index, action in enumerate(GROUPS["audit_action"]):
        audit(
            action,
            by=admin,
            obj=objects[index % len(objects)],
            outcome=outcomes[index % len(outcomes)],
        )


def _crawl(client, start: list[str], depth: int = 2) -> dict[str, str]:
    """The pages reachable from `start` in `depth` clicks, as they render (HTML, 200 only)."""
    seen: dict[str, str] = {}
    frontier = list(start)
    for _level in range(depth + 1):
        following = []
        for path in frontier:
            if path in seen:
                continue
            response = client.get(path)
            page = response.status_code == 200 and response.mimetype == "text/html"
            seen[path] = response.text if page else ""
            following += sorted(links(seen[path]))
        frontier = following
    return {path: html for path, html in seen.items() if html}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_raw_code(app, rich_data, role):
    client = app.test_client()
    assert sign_in(client, rich_data["people"][role]).status_code == 302
    case_pages = [f"/cases/{case.id}" for case in rich_data["cases"]]
    prison = rich_data["prison"].id
    pages = _crawl(client, ["/", *case_pages, f"/prisons/{prison}/roll"])
    assert len(pages) > 3
    found = {
        path: codes for path, html in pages.items() if (codes := raw_codes(visible_text(html)))
    }
    assert found == {}


@pytest.mark.parametrize(("role", "path", "machine_columns"), EXPORTS)
def test_no_export_for_people_shows_a_raw_code(app, rich_data, role, path, machine_columns):
    client = app.test_client()
    assert sign_in(client, rich_data["people"][role]).status_code == 302
    response = client.get(path.format(prison=rich_data["prison"].id))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) > 1
    with force_locale("fr"):
        machine = {gettext(column) for column in machine_columns}
    kept = [index for index, name in enumerate(rows[0]) if name not in machine]
    text = "\n".join(" ".join(row[index] for index in kept) for row in rows)
    assert raw_codes(text) == []


def test_the_check_knows_the_codes_of_the_issue():
    codes = known_codes()
    for code in ("in_progress", "adjourned", "conciliation_agreement", "user_create", "ok"):
        assert code in codes
    for code in ("minor", "youth", "detention", "gbv", "litigation"):
        assert code in codes
    assert len(raw_codes("Statut : assigned → in_progress")) == 2
    assert raw_codes("ecrire.a@juristes.ml En cours") == []


def test_visible_text_leaves_attributes_and_code_out():
    html = '<a href="/cases/?status=in_progress">En cours</a><option value="gbv">VBG</option>'
    assert visible_text(html + "<code>role=lawyer</code>").split() == ["En", "cours", "VBG"]
