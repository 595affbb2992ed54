"""Reading list and report query arguments within bounds, the one way every view does it.

A query string is typed by anyone: `?page=1e20`, `?page=99999999999999999999` or
`?start=0001-01-01` must give a page or a 400, never a database integer overflow or a date
arithmetic error. Pages are corrected into range; a date outside the programme's range reads as
not given, as a malformed one always has; so does a text with a control character (PostgreSQL
refuses a NUL byte in any query: `?email=%00` would be a 500).
"""

from datetime import UTC, date, datetime

from flask import abort, request

from legalaid.formutils import (
    EARLIEST_DATE,
    LARGEST_INTEGER,
    LATEST_DATE,
    control_character,
    parse_date,
)

# Far past the longest list we keep (100 rows a page: 100 million rows), and small enough that
# the offset it asks for stays a small integer in every database.
MAX_PAGE = 1_000_000
# The largest id a database integer column holds (PostgreSQL `integer`).
MAX_ID = LARGEST_INTEGER


def _digits(name: str) -> str | None:
    """The argument when it is a plain run of ASCII digits (`"²".isdigit()` is true too)."""
    text = request.args.get(name, "").strip()
    return text if text.isascii() and text.isdigit() else None


def page_arg() -> int:
    """The page asked for (`?page=`), from 1 to MAX_PAGE; garbage reads as the first page."""
    text = _digits("page")
    if text is None:
        return 1
    if len(text) > len(str(MAX_PAGE)):  # no need to read 400 digits to know they are too many
        return MAX_PAGE
    return min(max(int(text), 1), MAX_PAGE)


def id_arg(name: str) -> int | None:
    """An id filter (`?object_id=`): None when absent or not a number, 400 when no id can match."""
    text = _digits(name)
    if text is None:
        return None
    if len(text) > len(str(MAX_ID)) or int(text) > MAX_ID:
        abort(400)
    return int(text)


# Longer than any name, email or code a filter looks for; a longer text finds nothing anyway.
MAX_TEXT = 200


def text_arg(name: str) -> str:
    """A search text (`?email=`), trimmed; empty when absent, too long or holding a control
    character."""
    text = request.args.get(name, "").strip()
    if len(text) > MAX_TEXT or control_character(text):
        return ""
    return text


def date_arg(name: str) -> date | None:
    """A date (ISO or JJ/MM/AAAA) within the programme's range, or None."""
    try:
        return parse_date(request.args.get(name, "").strip())
    except ValueError:
        return None


def datetime_arg(name: str) -> datetime | None:
    """An ISO date and time within the programme's range, as naive UTC like storage; or None."""
    try:
        moment = datetime.fromisoformat(request.args.get(name, "").strip())
    except ValueError:
        return None
    if not EARLIEST_DATE <= moment.date() <= LATEST_DATE:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
