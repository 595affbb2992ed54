"""The detention limit engine on every boundary; expected dates are written out by hand."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legalaid.detention.engine import (
    DEFAULT_RULES_2001,
    NO_HEARING_DAYS,
    RENEWAL_NOTICE_DAYS,
    CustodyState,
    DetentionFacts,
    Duration,
    ExtensionOrder,
    Rule,
    State,
    Unit,
    add_duration,
    assess,
    working_days_before,
)

D = date
MONTHS, DAYS, HOURS = Unit.MONTHS, Unit.DAYS, Unit.HOURS
MINOR = DEFAULT_RULES_2001["delit_minor"]
MAJOR = DEFAULT_RULES_2001["delit_major"]
CRIME = DEFAULT_RULES_2001["crime"]
CUSTODY = DEFAULT_RULES_2001["police_custody"]
MONDAY, WEDNESDAY, THURSDAY, SATURDAY, SUNDAY = 0, 2, 3, 5, 6


@pytest.fixture(autouse=True)
def app_context() -> None:
    """Replace the database context that tests/conftest.py gives every test: the engine is pure."""


def committed(on: date, **fields) -> DetentionFacts:
    """Facts of a detainee committed on `on`."""
    return DetentionFacts(arrested_on=None, committal_on=on, **fields)


def order(on: date, amount: int, unit: Unit = MONTHS) -> ExtensionOrder:
    """An extension order made on `on`."""
    return ExtensionOrder(ordered_on=on, length=Duration(amount, unit))


# --- rules and calendar arithmetic -------------------------------------------------------------


def test_default_rules_2001() -> None:
    expected = {
        "police_custody": Rule(
            "police_custody", Duration(48, HOURS), Duration(24, HOURS), 1, Duration(72, HOURS)
        ),
        "delit_minor": Rule("delit_minor", Duration(1, MONTHS), None, 0, Duration(1, MONTHS)),
        "delit_major": Rule(
            "delit_major", Duration(6, MONTHS), Duration(6, MONTHS), 1, Duration(12, MONTHS)
        ),
        "crime": Rule(
            "crime", Duration(12, MONTHS), Duration(12, MONTHS), 2, Duration(36, MONTHS), 8
        ),
    }
    assert expected == DEFAULT_RULES_2001
    assert (RENEWAL_NOTICE_DAYS, NO_HEARING_DAYS) == (30, 90)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        (D(2026, 1, 31), Duration(1, MONTHS), D(2026, 2, 28)),
        (D(2028, 1, 31), Duration(1, MONTHS), D(2028, 2, 29)),
        (D(2026, 3, 31), Duration(1, MONTHS), D(2026, 4, 30)),
        (D(2026, 11, 30), Duration(3, MONTHS), D(2027, 2, 28)),
        (D(2026, 12, 31), Duration(2, MONTHS), D(2027, 2, 28)),
        (D(2024, 2, 29), Duration(12, MONTHS), D(2025, 2, 28)),
        (D(2028, 2, 29), Duration(12, MONTHS), D(2029, 2, 28)),
        (D(2028, 2, 29), Duration(48, MONTHS), D(2032, 2, 29)),
        (D(2026, 1, 15), Duration(0, MONTHS), D(2026, 1, 15)),
        (D(2026, 1, 31), Duration(30, DAYS), D(2026, 3, 2)),
        (D(2028, 2, 28), Duration(1, DAYS), D(2028, 2, 29)),
    ],
)
def test_add_duration(start: date, duration: Duration, expected: date) -> None:
    assert add_duration(start, duration) == expected


def test_hours_cannot_be_added_to_a_date() -> None:
    with pytest.raises(ValueError):
        add_duration(D(2026, 1, 1), Duration(48, HOURS))


def test_durations_are_never_negative() -> None:
    with pytest.raises(ValueError):
        Duration(-1, MONTHS)


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        (D(2027, 1, 18), 1, D(2027, 1, 15)),  # Monday -> Friday before
        (D(2027, 1, 19), 1, D(2027, 1, 18)),  # Tuesday -> Monday
        (D(2027, 1, 23), 1, D(2027, 1, 22)),  # Saturday -> Friday
        (D(2027, 1, 24), 1, D(2027, 1, 22)),  # Sunday -> Friday
        (D(2027, 1, 18), 8, D(2027, 1, 6)),
        (D(2027, 1, 4), 8, D(2026, 12, 23)),  # across the new year, no public holidays
    ],
)
def test_working_days_before(day: date, count: int, expected: date) -> None:
    assert working_days_before(day, count) == expected
    assert expected.weekday() < SATURDAY


def test_working_days_before_needs_a_positive_count() -> None:
    with pytest.raises(ValueError):
        working_days_before(D(2027, 1, 18), 0)


# --- boundary tables ---------------------------------------------------------------------------

# offence class, committal, day before the limit, limit, day after, cap, state the day after
BOUNDARIES = """
delit_minor  2026-01-31  2026-02-27  2026-02-28  2026-03-01  2026-02-28  beyond_cap
delit_minor  2028-01-31  2028-02-28  2028-02-29  2028-03-01  2028-02-29  beyond_cap
delit_minor  2026-04-30  2026-05-29  2026-05-30  2026-05-31  2026-05-30  beyond_cap
delit_minor  2026-08-31  2026-09-29  2026-09-30  2026-10-01  2026-09-30  beyond_cap
delit_minor  2028-02-29  2028-03-28  2028-03-29  2028-03-30  2028-03-29  beyond_cap
delit_minor  2026-12-31  2027-01-30  2027-01-31  2027-02-01  2027-01-31  beyond_cap
delit_major  2026-01-31  2026-07-30  2026-07-31  2026-08-01  2027-01-31  overdue
delit_major  2026-04-30  2026-10-29  2026-10-30  2026-10-31  2027-04-30  overdue
delit_major  2026-08-31  2027-02-27  2027-02-28  2027-03-01  2027-08-31  overdue
delit_major  2027-08-31  2028-02-28  2028-02-29  2028-03-01  2028-08-31  overdue
delit_major  2028-02-29  2028-08-28  2028-08-29  2028-08-30  2029-02-28  overdue
delit_major  2026-12-31  2027-06-29  2027-06-30  2027-07-01  2027-12-31  overdue
crime        2024-02-29  2025-02-27  2025-02-28  2025-03-01  2027-02-28  overdue
crime        2028-02-29  2029-02-27  2029-02-28  2029-03-01  2031-02-28  overdue
crime        2027-02-28  2028-02-27  2028-02-28  2028-02-29  2030-02-28  overdue
crime        2026-01-31  2027-01-30  2027-01-31  2027-02-01  2029-01-31  overdue
crime        2026-04-30  2027-04-29  2027-04-30  2027-05-01  2029-04-30  overdue
crime        2026-08-31  2027-08-30  2027-08-31  2027-09-01  2029-08-31  overdue
"""


@pytest.mark.parametrize("row", BOUNDARIES.strip().splitlines())
def test_boundaries(row: str) -> None:
    offence, *days, after_state = row.split()
    committal, before, limit, after, cap = map(date.fromisoformat, days)
    rule, facts = DEFAULT_RULES_2001[offence], committed(committal)
    on_before = assess(facts, [], rule, before)
    on_limit = assess(facts, [], rule, limit)
    on_after = assess(facts, [], rule, after)
    for found in (on_before, on_limit, on_after):
        assert (found.start_date, found.limit_date, found.cap_date) == (committal, limit, cap)
        assert found.extensions_counted == 0
    assert (on_before.state, on_before.days_to_limit) == (State.RENEWAL_DUE, 1)
    assert (on_limit.state, on_limit.days_to_limit) == (State.RENEWAL_DUE, 0)
    assert (on_after.state, on_after.days_to_limit) == (State(after_state), -1)
    assert on_limit.days_held == (limit - committal).days
    assert on_after.days_held == on_limit.days_held + 1


def test_renewal_notice_starts_30_days_before_the_limit() -> None:
    facts = committed(D(2026, 1, 31))  # délit majeur limit 31 Jul 2026
    early = assess(facts, [], MAJOR, D(2026, 6, 30))
    due = assess(facts, [], MAJOR, D(2026, 7, 1))
    assert (early.state, early.days_to_limit) == (State.OK, 31)
    assert (due.state, due.days_to_limit) == (State.RENEWAL_DUE, 30)


# --- extension orders --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("orders", "on", "limit", "counted", "state"),
    [
        ([order(D(2026, 7, 1), 6)], D(2026, 12, 1), D(2027, 1, 31), 1, State.OK),
        ([order(D(2026, 7, 1), 9)], D(2026, 12, 1), D(2027, 1, 31), 1, State.OK),
        ([order(D(2026, 7, 1), 3)], D(2026, 10, 31), D(2026, 10, 31), 1, State.RENEWAL_DUE),
        ([order(D(2026, 7, 1), 3)], D(2026, 11, 1), D(2026, 10, 31), 1, State.OVERDUE),
        ([order(D(2026, 7, 1), 30, DAYS)], D(2026, 8, 31), D(2026, 8, 30), 1, State.OVERDUE),
        (
            [order(D(2026, 7, 1), 6), order(D(2026, 12, 15), 6)],
            D(2027, 1, 15),
            D(2027, 1, 31),
            1,
            State.RENEWAL_DUE,
        ),
        # orders count in date order, whatever order they are given in
        (
            [order(D(2026, 12, 15), 6), order(D(2026, 7, 1), 3)],
            D(2027, 1, 15),
            D(2026, 10, 31),
            1,
            State.OVERDUE,
        ),
        # the day after the cap is beyond it, whatever the orders
        ([order(D(2026, 7, 1), 6)], D(2027, 2, 1), D(2027, 1, 31), 1, State.BEYOND_CAP),
        ([order(D(2026, 7, 1), 9)], D(2027, 2, 1), D(2027, 1, 31), 1, State.BEYOND_CAP),
        (
            [order(D(2026, 7, 1), 6), order(D(2026, 12, 15), 6)],
            D(2027, 2, 1),
            D(2027, 1, 31),
            1,
            State.BEYOND_CAP,
        ),
    ],
)
def test_delit_major_orders(
    orders: list[ExtensionOrder], on: date, limit: date, counted: int, state: State
) -> None:
    found = assess(committed(D(2026, 1, 31)), orders, MAJOR, on)  # 31 Jul 2026, cap 31 Jan 2027
    assert (found.limit_date, found.cap_date) == (limit, D(2027, 1, 31))
    assert (found.extensions_counted, found.state) == (counted, state)


def test_extensions_add_up_from_the_start_not_from_a_clamped_limit() -> None:
    facts = committed(D(2026, 8, 31))  # limit 28 Feb 2027, cap 31 Aug 2027
    orders = [order(D(2027, 2, 1), 6)]
    extended = assess(facts, orders, MAJOR, D(2027, 8, 29))
    assert (extended.limit_date, extended.cap_date) == (D(2027, 8, 31), D(2027, 8, 31))
    assert extended.state == State.RENEWAL_DUE
    assert assess(facts, orders, MAJOR, D(2027, 9, 1)).state == State.BEYOND_CAP


def test_limit_never_passes_the_cap() -> None:
    rule = Rule("generous", Duration(6, MONTHS), Duration(12, MONTHS), 1, Duration(9, MONTHS))
    found = assess(committed(D(2026, 1, 31)), [order(D(2026, 7, 1), 12)], rule, D(2026, 8, 1))
    assert (found.limit_date, found.cap_date) == (D(2026, 10, 31), D(2026, 10, 31))


def test_no_extension_allowed_ignores_orders() -> None:
    found = assess(committed(D(2026, 1, 31)), [order(D(2026, 2, 1), 6)], MINOR, D(2026, 2, 27))
    assert (found.limit_date, found.extensions_counted) == (D(2026, 2, 28), 0)


def test_zero_extensions_allowed_ignores_orders() -> None:
    rule = Rule("strict", Duration(6, MONTHS), Duration(6, MONTHS), 0, Duration(12, MONTHS))
    found = assess(committed(D(2026, 1, 31)), [order(D(2026, 2, 1), 6)], rule, D(2026, 7, 1))
    assert (found.limit_date, found.extensions_counted) == (D(2026, 7, 31), 0)


def test_orders_dated_after_on_are_not_counted_yet() -> None:
    facts, orders = committed(D(2026, 1, 31)), [order(D(2026, 7, 15), 6)]
    before = assess(facts, orders, MAJOR, D(2026, 7, 14))
    made = assess(facts, orders, MAJOR, D(2026, 7, 15))
    assert (before.limit_date, before.extensions_counted) == (D(2026, 7, 31), 0)
    assert before.state == State.RENEWAL_DUE
    assert (made.limit_date, made.extensions_counted, made.state) == (D(2027, 1, 31), 1, State.OK)


CRIME_ORDERS = [
    order(D(2027, 1, 11), 12),
    order(D(2028, 1, 10), 12),
    order(D(2029, 1, 10), 12),
]


@pytest.mark.parametrize(
    ("count", "limit", "counted", "state"),
    [
        (0, D(2027, 1, 18), 0, State.OVERDUE),
        (1, D(2028, 1, 18), 1, State.OVERDUE),
        (2, D(2029, 1, 18), 2, State.RENEWAL_DUE),
        (3, D(2029, 1, 18), 2, State.RENEWAL_DUE),  # third order ignored: 3 years at most
    ],
)
def test_crime_orders(count: int, limit: date, counted: int, state: State) -> None:
    found = assess(committed(D(2026, 1, 18)), CRIME_ORDERS[:count], CRIME, D(2029, 1, 15))
    assert (found.limit_date, found.cap_date) == (limit, D(2029, 1, 18))
    assert (found.extensions_counted, found.state) == (counted, state)


def test_crime_beyond_three_years_even_with_three_orders() -> None:
    found = assess(committed(D(2026, 1, 18)), CRIME_ORDERS, CRIME, D(2029, 1, 19))
    assert (found.state, found.days_to_limit) == (State.BEYOND_CAP, -1)


def test_crime_order_longer_than_a_year_counts_one_year() -> None:
    found = assess(committed(D(2026, 1, 18)), [order(D(2027, 1, 11), 24)], CRIME, D(2027, 2, 1))
    assert found.limit_date == D(2028, 1, 18)


# --- renewal window (crime, 8 working days) ----------------------------------------------------

# committal, limit, weekday of the limit, window first and last day, weekend before the window
WINDOWS = """
2026-01-18  2027-01-18  Mon  2027-01-06  2027-01-15  2027-01-02  2027-01-03
2026-01-20  2027-01-20  Wed  2027-01-08  2027-01-19  2027-01-02  2027-01-03
2026-01-24  2027-01-24  Sun  2027-01-13  2027-01-22  2027-01-09  2027-01-10
2026-01-21  2027-01-21  Thu  2027-01-11  2027-01-20  2027-01-09  2027-01-10
2026-01-04  2027-01-04  Mon  2026-12-23  2027-01-01  2026-12-19  2026-12-20
"""
WEEKDAYS = {"Mon": MONDAY, "Wed": WEDNESDAY, "Thu": THURSDAY, "Sun": SUNDAY}


@pytest.mark.parametrize("row", WINDOWS.strip().splitlines())
def test_crime_renewal_window(row: str) -> None:
    committal, limit, weekday, first, last, saturday, sunday = row.split()
    committal, limit, first, last, saturday, sunday = map(
        date.fromisoformat, (committal, limit, first, last, saturday, sunday)
    )
    assert limit.weekday() == WEEKDAYS[weekday]
    assert first.weekday() < SATURDAY and last.weekday() < SATURDAY
    assert (saturday.weekday(), sunday.weekday()) == (SATURDAY, SUNDAY)
    assert sunday < first
    span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert sum(d.weekday() < SATURDAY for d in span) == 8

    found = assess(committed(committal), [], CRIME, first)
    assert (found.limit_date, found.renewal_window) == (limit, (first, last))
    for day in span:
        assert assess(committed(committal), [], CRIME, day).state == State.RENEWAL_DUE
    after_last = [last + timedelta(days=n) for n in range(1, (limit - last).days + 1)]
    for day in (saturday, sunday, first - timedelta(days=1), *after_last):  # limit included
        assert not first <= day <= last


def test_only_crime_has_a_renewal_window() -> None:
    assert assess(committed(D(2026, 1, 31)), [], MAJOR, D(2026, 7, 1)).renewal_window is None


# --- start date, release, missing rules --------------------------------------------------------


def test_arrest_date_when_committal_unknown() -> None:
    facts = DetentionFacts(arrested_on=D(2026, 1, 31), committal_on=None)
    found = assess(facts, [], MINOR, D(2026, 2, 10))
    assert (found.start_date, found.limit_date, found.days_held) == (
        D(2026, 1, 31),
        D(2026, 2, 28),
        10,
    )


def test_committal_wins_over_arrest() -> None:
    facts = DetentionFacts(arrested_on=D(2026, 1, 10), committal_on=D(2026, 1, 31))
    assert assess(facts, [], MINOR, D(2026, 2, 10)).start_date == D(2026, 1, 31)


def test_no_dates() -> None:
    found = assess(DetentionFacts(arrested_on=None, committal_on=None), [], CRIME, D(2026, 5, 1))
    assert found.state == State.NO_START_DATE
    assert (found.start_date, found.days_held, found.limit_date, found.cap_date) == (None,) * 4
    assert (found.renewal_window, found.days_to_limit, found.extensions_counted) == (None, None, 0)
    assert found.no_hearing is False


def test_no_dates_released_or_without_rules() -> None:
    released = DetentionFacts(arrested_on=None, committal_on=None, released_on=D(2026, 5, 1))
    assert assess(released, [], CRIME, D(2026, 5, 1)).state == State.RELEASED
    unknown = DetentionFacts(arrested_on=None, committal_on=None)
    assert assess(unknown, [], None, D(2026, 5, 1)).state == State.RULES_NOT_CONFIGURED


def test_released_freezes_days_held() -> None:
    facts = committed(D(2026, 1, 31), released_on=D(2026, 3, 10))
    for on in (D(2026, 3, 10), D(2026, 6, 1), D(2030, 1, 1)):
        found = assess(facts, [], MINOR, on)
        assert (found.state, found.days_held, found.no_hearing) == (State.RELEASED, 38, False)


def test_release_in_the_future_does_not_count_yet() -> None:
    found = assess(committed(D(2026, 1, 31), released_on=D(2026, 3, 10)), [], MINOR, D(2026, 3, 9))
    assert (found.state, found.days_held) == (State.BEYOND_CAP, 37)


def test_days_held_never_negative() -> None:
    found = assess(committed(D(2026, 1, 31)), [], MINOR, D(2026, 1, 20))
    assert (found.days_held, found.days_to_limit, found.state) == (0, 39, State.OK)


def test_rules_not_configured_still_counts_days() -> None:
    found = assess(committed(D(2026, 1, 31)), [order(D(2026, 2, 1), 6)], None, D(2026, 3, 10))
    assert (found.state, found.start_date, found.days_held) == (
        State.RULES_NOT_CONFIGURED,
        D(2026, 1, 31),
        38,
    )
    assert (found.limit_date, found.cap_date, found.renewal_window, found.days_to_limit) == (
        (None,) * 4
    )
    assert found.extensions_counted == 0


def test_released_wins_over_rules_not_configured() -> None:
    facts = committed(D(2026, 1, 31), released_on=D(2026, 3, 10))
    assert assess(facts, [], None, D(2026, 3, 10)).state == State.RELEASED


# --- hearings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_hearing", "on", "flagged"),
    [
        (None, D(2026, 4, 1), False),  # 90 days after the committal
        (None, D(2026, 4, 2), True),  # 91 days
        (D(2026, 2, 15), D(2026, 5, 16), False),  # 90 days after the hearing
        (D(2026, 2, 15), D(2026, 5, 17), True),  # 91 days
        (D(2025, 12, 1), D(2026, 4, 1), False),  # a hearing before the committal counts from it
        (D(2025, 12, 1), D(2026, 4, 2), True),
    ],
)
def test_no_hearing(last_hearing: date | None, on: date, flagged: bool) -> None:
    facts = committed(D(2026, 1, 1), last_hearing_on=last_hearing)
    assert assess(facts, [], CRIME, on).no_hearing is flagged


def test_no_hearing_not_flagged_after_release() -> None:
    facts = committed(D(2026, 1, 1), released_on=D(2026, 4, 2))
    assert assess(facts, [], CRIME, D(2026, 4, 2)).no_hearing is False


# --- police custody ----------------------------------------------------------------------------

IN_CUSTODY = DetentionFacts(
    arrested_on=D(2026, 3, 2), committal_on=None, custody_started_at=datetime(2026, 3, 2, 8, 0)
)


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 3, 4, 7, 59), CustodyState.OK),  # 47 h 59
        (datetime(2026, 3, 4, 8, 0), CustodyState.OK),  # 48 h
        (datetime(2026, 3, 4, 8, 0, 1), CustodyState.EXTENSION_NEEDED),  # 48 h + 1 s
        (datetime(2026, 3, 5, 8, 0), CustodyState.EXTENSION_NEEDED),  # 72 h
        (datetime(2026, 3, 5, 8, 0, 1), CustodyState.OVERDUE),  # 72 h + 1 s
    ],
)
def test_police_custody(now: datetime, expected: CustodyState) -> None:
    found = assess(IN_CUSTODY, [], MAJOR, now.date(), custody_rule=CUSTODY, now=now)
    assert found.custody == expected


@pytest.mark.parametrize(
    ("started", "on", "expected"),
    [
        (datetime(2026, 3, 2, 23, 59, 59), D(2026, 3, 4), CustodyState.OK),  # 48 h
        (datetime(2026, 3, 2, 23, 59, 59), D(2026, 3, 5), CustodyState.EXTENSION_NEEDED),  # 72 h
        (datetime(2026, 3, 2, 23, 59, 59), D(2026, 3, 6), CustodyState.OVERDUE),  # 96 h
        (datetime(2026, 3, 2, 12, 0), D(2026, 3, 4), CustodyState.EXTENSION_NEEDED),  # 59:59:59
        (datetime(2026, 3, 2, 0, 0), D(2026, 3, 4), CustodyState.EXTENSION_NEEDED),  # 71:59:59
        (datetime(2026, 3, 1, 23, 0), D(2026, 3, 4), CustodyState.OVERDUE),  # 72:59:59
    ],
)
def test_police_custody_now_defaults_to_end_of_day(
    started: datetime, on: date, expected: CustodyState
) -> None:
    facts = DetentionFacts(arrested_on=None, committal_on=None, custody_started_at=started)
    assert assess(facts, [], MAJOR, on, custody_rule=CUSTODY).custody == expected


def test_police_custody_is_counted_in_hours() -> None:
    rule = Rule("police_custody", Duration(2, DAYS), None, 0, Duration(3, DAYS))
    with pytest.raises(ValueError):
        assess(IN_CUSTODY, [], MAJOR, D(2026, 3, 4), custody_rule=rule)


@pytest.mark.parametrize(
    ("facts", "custody_rule"),
    [
        (committed(D(2026, 3, 3), custody_started_at=datetime(2026, 3, 2, 8, 0)), CUSTODY),
        (
            DetentionFacts(
                arrested_on=D(2026, 3, 2),
                committal_on=None,
                released_on=D(2026, 3, 3),
                custody_started_at=datetime(2026, 3, 2, 8, 0),
            ),
            CUSTODY,
        ),
        (IN_CUSTODY, None),
        (DetentionFacts(arrested_on=D(2026, 3, 2), committal_on=None), CUSTODY),
    ],
    ids=["committed", "released", "no_custody_rule", "no_custody_start"],
)
def test_police_custody_not_running(facts: DetentionFacts, custody_rule: Rule | None) -> None:
    found = assess(facts, [], MAJOR, D(2026, 3, 9), custody_rule=custody_rule)
    assert found.custody is None


# --- properties --------------------------------------------------------------------------------

PROPERTIES = settings(max_examples=300, deadline=None, database=None)
DETENTION_RULES = [MINOR, MAJOR, CRIME]

durations = st.one_of(
    st.builds(Duration, st.integers(0, 30), st.just(MONTHS)),
    st.builds(Duration, st.integers(0, 900), st.just(DAYS)),
)
rules = st.one_of(
    st.sampled_from(DETENTION_RULES),
    st.builds(
        Rule,
        offence_class=st.just("random"),
        base=durations,
        extension=st.none() | durations,
        max_extensions=st.integers(0, 3),
        cap=durations,
        renewal_window_working_days=st.none() | st.integers(1, 10),
    ),
)
starts = st.dates(D(2000, 1, 1), D(2040, 12, 31))
offsets = st.integers(-60, 5 * 366)  # days from the start


@st.composite
def cases(draw: st.DrawFn) -> tuple[DetentionFacts, list[ExtensionOrder], Rule, date]:
    """A detention without release, orders within a few years, a rule and a day to assess."""
    start = draw(starts)
    orders = draw(
        st.lists(
            st.builds(
                ExtensionOrder,
                ordered_on=st.integers(0, 4 * 366).map(lambda n: start + timedelta(days=n)),
                length=durations,
            ),
            max_size=4,
        )
    )
    on = start + timedelta(days=draw(offsets))
    return committed(start), orders, draw(rules), on


@PROPERTIES
@given(cases(), durations, st.integers(0, 400))
def test_adding_a_later_order_never_makes_the_limit_earlier(
    case: tuple[DetentionFacts, list[ExtensionOrder], Rule, date], length: Duration, gap: int
) -> None:
    facts, orders, rule, on = case
    latest = max((o.ordered_on for o in orders), default=facts.committal_on)
    assert latest is not None
    more = [*orders, ExtensionOrder(latest + timedelta(days=gap), length)]
    before, after = assess(facts, orders, rule, on), assess(facts, more, rule, on)
    assert before.limit_date is not None and after.limit_date is not None
    assert after.limit_date >= before.limit_date


@PROPERTIES
@given(cases())
def test_limit_never_after_cap(
    case: tuple[DetentionFacts, list[ExtensionOrder], Rule, date],
) -> None:
    found = assess(*case)
    assert found.limit_date is not None and found.cap_date is not None
    assert found.limit_date <= found.cap_date


@PROPERTIES
@given(cases(), st.integers(0, 2000), st.integers(0, 3000), st.integers(0, 3000))
def test_days_held_frozen_after_release(
    case: tuple[DetentionFacts, list[ExtensionOrder], Rule, date],
    held: int,
    later: int,
    much_later: int,
) -> None:
    facts, orders, rule, _ = case
    assert facts.committal_on is not None
    released_on = facts.committal_on + timedelta(days=held)
    released = committed(facts.committal_on, released_on=released_on)
    found = [
        assess(released, orders, rule, released_on + timedelta(days=n)) for n in (later, much_later)
    ]
    assert {(f.state, f.days_held) for f in found} == {(State.RELEASED, held)}


@PROPERTIES
@given(cases(), st.integers(1, 3))
def test_never_ok_once_past_the_limit(
    case: tuple[DetentionFacts, list[ExtensionOrder], Rule, date], days_after: int
) -> None:
    facts, orders, rule, on = case
    limit_date = assess(*case).limit_date
    assert limit_date is not None
    for day in (on, limit_date + timedelta(days=days_after)):  # any day, and just past the limit
        found = assess(facts, orders, rule, day)
        assert found.limit_date is not None
        if day > found.limit_date:
            assert found.state in {State.OVERDUE, State.BEYOND_CAP}
            assert found.days_to_limit is not None and found.days_to_limit < 0
