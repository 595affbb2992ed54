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


def _event(hearing: Hearing) -> Event:
    event = Event()
    event.add("uid", f"hearing-{hearing.id}@legalaid")
    event.add("dtstamp", utcnow().replace(tzinfo=UTC))
    event.add("dtstart", hearing.scheduled_at.replace(tzinfo=UTC))
    event.add("dtend", (hearing.scheduled_at + HEARING_LENGTH).replace(tzinfo=UTC))
    event.add("summary", _("Hearing %(reference)s", reference=hearing.case.reference))
    if hearing.court is not None:
        event.add("location", hearing.court.name)
    # Free text may name a survivor: GBV hearings carry the reference and the court only.
    if hearing.purpose and not hearing.case.is_gbv:
        event.add("description", hearing.purpose)
    return event


def calendar_feed(user: User) -> bytes:
    """The user's hearings from a month ago to a year ahead, as an .ics document."""
    calendar = Calendar()
    calendar.add("prodid", "-//legalaid//hearings//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("legalaid hearings"))
    now = utcnow()
    for hearing in hearings_between(user, now - FEED_PAST, now + FEED_FUTURE):
        calendar.add_component(_event(hearing))
    return calendar.to_ical()
