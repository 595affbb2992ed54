"""The private iCalendar feed of a user's hearings: case references only, never a name."""

import secrets
from datetime import UTC, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy import select

from legalaid.accounts.models import User
from legalaid.extensions import db
from legalaid.timeutils import utcnow
from legalaid.workflow.models import Hearing
from legalaid.workflow.services import hearings_between

FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=366)
HEARING_LENGTH = timedelta(hours=1)


def regenerate_calendar_token(user: User) -> str:
    """A new secret feed address; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.commit()
    return user.calendar_token


def user_for_token(token: str) -> User | None:
    """The active user whose feed address carries `token`."""
    if not token:
        return None
    user = db.session.scalar(select(User).where(User.calendar_token == token))
    return user if user is not None and user.active else None


def _location(hearing: Hearing) -> str:
    # Free text may name a survivor: a GBV hearing's place is its court's name, if any.
    if hearing.case.is_gbv:
        return hearing.court.name if hearing.court is not None else ""
    return hearing.location


def _event(hearing: Hearing) -> Event:
    """One hearing as a VEVENT. A moved or cancelled hearing keeps its UID with a higher
    SEQUENCE, so that calendar clients update (or strike out) the copy they already have."""
    event = Event()
    event.add("uid", f"hearing-{hearing.id}@legalaid")
    event.add("sequence", hearing.calendar_sequence)
    event.add("status", "CANCELLED" if hearing.is_cancelled else "CONFIRMED")
    event.add("dtstamp", utcnow().replace(tzinfo=UTC))
    event.add("dtstart", hearing.scheduled_at.replace(tzinfo=UTC))
    event.add("dtend", (hearing.scheduled_at + HEARING_LENGTH).replace(tzinfo=UTC))
    event.add("summary", _("Hearing %(reference)s", reference=hearing.case.reference))
    location = _location(hearing)
    if location:
        event.add("location", location)
    # Free text may name a survivor: GBV hearings carry the reference and the court only.
    if hearing.purpose and not hearing.case.is_gbv:
        event.add("description", hearing.purpose)
    return event


def calendar_feed(user: User) -> bytes:
    """The user's hearings from a month ago to a year ahead, as an .ics document; cancelled
    ones stay in it, marked cancelled, for the clients that had them."""
    calendar = Calendar()
    calendar.add("prodid", "-//legalaid//hearings//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("legalaid hearings"))
    now = utcnow()
    for hearing in hearings_between(user, now - FEED_PAST, now + FEED_FUTURE, with_cancelled=True):
        calendar.add_component(_event(hearing))
    return calendar.to_ical()
