"""Legal limit of pre-trial detention and its alert state, for one detention record.

Pure stdlib: the rules are data passed in (defaults: Code of Criminal Procedure 2001, Loi 01-080).

Conventions:

1. Start date = committal date, or the arrest date when the committal is unknown; neither ->
   NO_START_DATE (days_held, limit, cap None), unless released (then RELEASED).
2. Days held = (end - start) in days, end = min(on, released_on): release stops the clock.
   Never negative: if `on` is before the start, days_held = 0.
3. Months are calendar months clamped to the end of the month (31 Jan + 1 month = 28 Feb, or
   29 Feb in a leap year; 29 Feb 2028 + 12 months = 28 Feb 2029). Days are days. Hours are not
   defined for dates (ValueError).
4. Limit date = start + base + each counted extension, all periods added up from the start
   (6 + 6 months from 31 August ends on 31 August, not on the 28th that chaining from a clamped
   28 February would give). Orders count in date order, only those with ordered_on <= on, at most
   rule.max_extensions of them, each for min(order length, rule.extension), compared as the end
   dates both give. The limit never passes the cap: limit = min(limit, cap), cap = start + cap.
   With no extension allowed (rule.extension None or max_extensions 0), orders are ignored.
5. The limit date is the last lawful day: lawful on it, unlawful from the day after.
6. State, first match wins: released_on <= on -> RELEASED; rule None -> RULES_NOT_CONFIGURED
   (start and days_held still computed); no start -> NO_START_DATE; on > cap -> BEYOND_CAP;
   on > limit -> OVERDUE; days_to_limit <= RENEWAL_NOTICE_DAYS or on inside the renewal
   window -> RENEWAL_DUE; else OK.
7. Renewal window (only when rule.renewal_window_working_days is set): the N working days
   (Monday to Friday, no public holidays) immediately before the limit date, as an inclusive
   (first day, last day) range: last = last working day strictly before the limit date,
   first = working_days_before(limit_date, N).
8. no_hearing: not released, start known, no hearing scheduled on or after `on`
   (next_hearing_on None or before `on`) and
   (on - max(start, last_hearing_on or start)).days > NO_HEARING_DAYS (90 days is not flagged).
   Cancelled hearings are not hearings: the caller leaves them out of both dates.
9. Police custody, only with a custody_rule, facts.custody_started_at, no committal_on and no
   released_on: elapsed = now - custody_started_at (now defaults to `on` at 23:59:59).
   elapsed <= base -> OK; <= cap -> EXTENSION_NEEDED; > cap -> OVERDUE. Otherwise None.
10. DEFAULT_RULES_2001 (base, extension, max extensions, cap): police_custody 48 h, 24 h, 1,
    72 h (art. 76); delit_minor 1 month, none, 0, 1 month (art. 125); delit_major 6 months,
    6 months, 1, 12 months (art. 127); crime 12 months, 12 months, 2, 36 months, renewal
    window 8 working days (art. 135).

Detention rules are stated in days or months, custody rules in hours; durations are never
negative. The dates of `facts` are taken as given (committal on or after arrest).
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

RENEWAL_NOTICE_DAYS = 30
NO_HEARING_DAYS = 90


class Unit(StrEnum):
    """Units in which the Code states detention periods."""

    HOURS = "hours"
    DAYS = "days"
    MONTHS = "months"


@dataclass(frozen=True)
class Duration:
    """A legal period, kept in the unit the law states it in."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        """Refuse negative periods, which would move a limit backwards."""
        if self.amount < 0:
            raise ValueError(f"a duration cannot be negative: {self.amount}")


@dataclass(frozen=True)
class Rule:
    """Detention limits of one offence class, so that regimes can change without code."""

    offence_class: str
    base: Duration
    extension: Duration | None
    max_extensions: int
    cap: Duration
    renewal_window_working_days: int | None = None


@dataclass(frozen=True)
class ExtensionOrder:
    """A judge's order extending detention, as ordered (the rule bounds what counts)."""

    ordered_on: date
    length: Duration


@dataclass(frozen=True)
class DetentionFacts:
    """The dates of one detention record that the limit depends on."""

    arrested_on: date | None
    committal_on: date | None
    released_on: date | None = None
    custody_started_at: datetime | None = None
    last_hearing_on: date | None = None
    next_hearing_on: date | None = None


class State(StrEnum):
    """Alert state of a detention; assess() takes the first that applies (convention 6)."""

    RELEASED = "released"
    OK = "ok"
    RENEWAL_DUE = "renewal_due"
    OVERDUE = "overdue"
    BEYOND_CAP = "beyond_cap"
    RULES_NOT_CONFIGURED = "rules_not_configured"
    NO_START_DATE = "no_start_date"


class CustodyState(StrEnum):
    """Alert state of a running police custody (garde à vue)."""

    OK = "ok"
    EXTENSION_NEEDED = "extension_needed"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Assessment:
    """What the engine found for one detention on one day, for alerts and display."""

    state: State
    start_date: date | None
    days_held: int | None
    limit_date: date | None
    cap_date: date | None
    renewal_window: tuple[date, date] | None
    extensions_counted: int
    days_to_limit: int | None
    no_hearing: bool
    custody: CustodyState | None


DEFAULT_RULES_2001: dict[str, Rule] = {
    "police_custody": Rule(  # art. 76
        offence_class="police_custody",
        base=Duration(48, Unit.HOURS),
        extension=Duration(24, Unit.HOURS),
        max_extensions=1,
        cap=Duration(72, Unit.HOURS),
    ),
    "delit_minor": Rule(  # art. 125
        offence_class="delit_minor",
        base=Duration(1, Unit.MONTHS),
        extension=None,
        max_extensions=0,
        cap=Duration(1, Unit.MONTHS),
    ),
    "delit_major": Rule(  # art. 127
        offence_class="delit_major",
        base=Duration(6, Unit.MONTHS),
        extension=Duration(6, Unit.MONTHS),
        max_extensions=1,
        cap=Duration(12, Unit.MONTHS),
    ),
    "crime": Rule(  # art. 135
        offence_class="crime",
        base=Duration(12, Unit.MONTHS),
        extension=Duration(12, Unit.MONTHS),
        max_extensions=2,
        cap=Duration(36, Unit.MONTHS),
        renewal_window_working_days=8,
    ),
}


def add_duration(start: date, duration: Duration) -> date:
    """Add a legal period to a date, months clamped to the month's end as courts count them."""
    if duration.unit is Unit.DAYS:
        return start + timedelta(days=duration.amount)
    if duration.unit is Unit.MONTHS:
        year, month0 = divmod(start.year * 12 + start.month - 1 + duration.amount, 12)
        day = min(start.day, calendar.monthrange(year, month0 + 1)[1])
        return date(year, month0 + 1, day)
    raise ValueError(f"{duration.unit} cannot be added to a date")


def working_days_before(day: date, count: int) -> date:
    """The count-th working day (Monday to Friday) strictly before `day`, to bound the window."""
    if count < 1:
        raise ValueError(f"count must be at least 1: {count}")
    while count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _hours(duration: Duration) -> timedelta:
    """A custody period as elapsed time, since custody is counted by the clock, in hours."""
    if duration.unit is not Unit.HOURS:
        raise ValueError(f"police custody is counted in hours, not {duration.unit}")
    return timedelta(hours=duration.amount)


def _custody(
    facts: DetentionFacts, custody_rule: Rule | None, on: date, now: datetime | None
) -> CustodyState | None:
    """Police custody state, only while custody runs (no committal, no release yet)."""
    started = facts.custody_started_at
    if (
        custody_rule is None
        or started is None
        or facts.committal_on is not None
        or facts.released_on is not None
    ):
        return None
    elapsed = (now or datetime.combine(on, time(23, 59, 59))) - started
    if elapsed <= _hours(custody_rule.base):
        return CustodyState.OK
    if elapsed <= _hours(custody_rule.cap):
        return CustodyState.EXTENSION_NEEDED
    return CustodyState.OVERDUE


def _from_start(start: date, totals: dict[Unit, int]) -> date:
    """The date `totals` (months, then days) after `start`."""
    months = add_duration(start, Duration(totals[Unit.MONTHS], Unit.MONTHS))
    return add_duration(months, Duration(totals[Unit.DAYS], Unit.DAYS))


def _limit(start: date, orders: Sequence[ExtensionOrder], rule: Rule, on: date) -> tuple[date, int]:
    """Limit date before capping and the number of orders counted, per convention 4.

    Periods add up from the start date (6 + 6 months from 31 August is 31 August, not the 28th
    that counting from a clamped 28 February would give).
    """
    totals = {Unit.MONTHS: 0, Unit.DAYS: 0}
    totals[rule.base.unit] += rule.base.amount
    if rule.extension is None or rule.max_extensions <= 0:
        return _from_start(start, totals), 0
    counted = [o for o in sorted(orders, key=lambda o: o.ordered_on) if o.ordered_on <= on]
    counted = counted[: rule.max_extensions]
    for order in counted:
        options = []
        for length in (order.length, rule.extension):
            option = dict(totals)
            option[length.unit] += length.amount
            options.append(option)
        totals = min(options, key=lambda option: _from_start(start, option))
    return _from_start(start, totals), len(counted)


def _renewal_window(limit_date: date, rule: Rule) -> tuple[date, date] | None:
    """The working days before the limit in which a renewal order is due (art. 135)."""
    count = rule.renewal_window_working_days
    if not count:
        return None
    return working_days_before(limit_date, count), working_days_before(limit_date, 1)


def assess(
    facts: DetentionFacts,
    orders: Sequence[ExtensionOrder],
    rule: Rule | None,
    on: date,
    *,
    custody_rule: Rule | None = None,
    now: datetime | None = None,
) -> Assessment:
    """Assess one detention on day `on`, so that unlawful detention is flagged the day it starts."""
    released = facts.released_on is not None and facts.released_on <= on
    start = facts.committal_on or facts.arrested_on
    days_held: int | None = None
    limit_date: date | None = None
    cap_date: date | None = None
    window: tuple[date, date] | None = None
    days_to_limit: int | None = None
    extensions, no_hearing = 0, False
    if start is not None:
        end = on if facts.released_on is None else min(on, facts.released_on)
        days_held = max((end - start).days, 0)
        hearing = max(start, facts.last_hearing_on or start)
        scheduled = facts.next_hearing_on is not None and facts.next_hearing_on >= on
        no_hearing = not released and not scheduled and (on - hearing).days > NO_HEARING_DAYS
        if rule is not None:
            cap_date = add_duration(start, rule.cap)
            uncapped, extensions = _limit(start, orders, rule, on)
            limit_date = min(uncapped, cap_date)
            days_to_limit = (limit_date - on).days
            window = _renewal_window(limit_date, rule)

    if released:
        state = State.RELEASED
    elif rule is None:
        state = State.RULES_NOT_CONFIGURED
    elif limit_date is None or cap_date is None or days_to_limit is None:  # no start date
        state = State.NO_START_DATE
    elif on > cap_date:
        state = State.BEYOND_CAP
    elif on > limit_date:
        state = State.OVERDUE
    elif days_to_limit <= RENEWAL_NOTICE_DAYS or (window and window[0] <= on <= window[1]):
        state = State.RENEWAL_DUE
    else:
        state = State.OK
    return Assessment(
        state=state,
        start_date=start,
        days_held=days_held,
        limit_date=limit_date,
        cap_date=cap_date,
        renewal_window=window,
        extensions_counted=extensions,
        days_to_limit=days_to_limit,
        no_hearing=no_hearing,
        custody=_custody(facts, custody_rule, on, now),
    )
