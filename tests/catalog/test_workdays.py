"""The working-day arithmetic, checked by hand against the 国务院办公厅 notices.

Every expected date below was counted by hand from the notices (see catalog/holiday_notices.py);
the comment beside each case shows the count. "rest" means 放假, "makeup" means 调休上班.
"""

from dataclasses import FrozenInstanceError
from datetime import date, timedelta

import pytest

from catalog.holiday_notices import official_calendar
from catalog.workdays import MAX_CONSECUTIVE_REST_DAYS, WorkCalendar

CAL = official_calendar()
D = date


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- is_working_day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # National Day 2019: 10-01..07 rest, Sun 09-29 and Sat 10-12 makeup.
        (D(2019, 9, 27), True),  # Fri
        (D(2019, 9, 28), False),  # Sat, an ordinary weekend day
        (D(2019, 9, 29), True),  # Sun, makeup
        (D(2019, 9, 30), True),  # Mon
        *[(d, False) for d in _days(D(2019, 10, 1), D(2019, 10, 7))],
        (D(2019, 10, 8), True),  # Tue, back to work
        (D(2019, 10, 11), True),  # Fri
        (D(2019, 10, 12), True),  # Sat, makeup
        (D(2019, 10, 13), False),  # Sun
        # Spring Festival 2024: 02-10..17 rest, Sun 02-04 and Sun 02-18 makeup.
        (D(2024, 2, 4), True),
        (D(2024, 2, 9), True),  # Fri, 除夕: not yet a statutory holiday in 2024
        (D(2024, 2, 12), False),  # Mon inside the block
        (D(2024, 2, 18), True),
        # Spring Festival 2025: from 除夕 01-28 (Tue) to 02-04 rest; Sun 01-26, Sat 02-08 makeup.
        (D(2025, 1, 26), True),
        (D(2025, 1, 27), True),
        (D(2025, 1, 28), False),  # 除夕, a holiday from 2025
        (D(2025, 2, 4), False),  # Tue, 正月初七
        (D(2025, 2, 5), True),
        (D(2025, 2, 8), True),
        # Spring Festival 2026: 02-15..23 rest, Sat 02-14 and Sat 02-28 makeup.
        (D(2026, 2, 14), True),
        (D(2026, 2, 23), False),  # Mon
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),
        # 2020: Spring Festival extended to 02-02; Sat 02-01 was no longer worked.
        (D(2020, 1, 31), False),
        (D(2020, 2, 1), False),
        (D(2020, 2, 3), True),
        # 2019 Labour Day as amended by 国办发明电〔2019〕3号: 05-01..04 rest,
        # Sun 04-28 and Sun 05-05 makeup.
        (D(2019, 4, 28), True),
        (D(2019, 5, 2), False),
        (D(2019, 5, 5), True),
        # Year boundaries.
        (D(2018, 12, 29), True),  # Sat, makeup for 元旦 2019
        (D(2018, 12, 31), False),  # Mon
        (D(2023, 1, 2), False),  # Mon, 元旦 2023 fell on a Sunday
        (D(2026, 1, 2), False),  # Fri
        (D(2026, 1, 4), True),  # Sun, makeup
        # National Day 2026: 10-01..07 rest, Sun 09-20 and Sat 10-10 makeup.
        (D(2026, 9, 19), False),  # Sat
        (D(2026, 9, 20), True),  # Sun, makeup
        (D(2026, 10, 7), False),  # Wed
        (D(2026, 10, 8), True),  # Thu
        (D(2026, 10, 10), True),  # Sat, makeup
        (D(2026, 10, 11), False),  # Sun
        # Outside any notice: only the week counts.
        (D(2030, 3, 15), True),  # Fri
        (D(2030, 3, 16), False),  # Sat
    ],
)
def test_is_working_day_follows_the_notices(day, working):
    assert CAL.is_working_day(day) is working


# --- add_working_days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # n == 0 is the start itself, even on a rest day.
        (D(2019, 10, 1), 0, D(2019, 10, 1)),
        (D(2024, 3, 5), 0, D(2024, 3, 5)),
        # National Day 2019, received Fri 09-27: Sun 09-29 makeup (1), Mon 09-30 (2), 10-01..07
        # rest, 10-08 Tue (3) .. 10-11 Fri (6), Sat 10-12 makeup (7), 10-14..18 (8-12),
        # 10-21..25 (13-17), 10-28, 29, 30 (18-20).
        (D(2019, 9, 27), 1, D(2019, 9, 29)),
        (D(2019, 9, 27), 2, D(2019, 9, 30)),
        (D(2019, 9, 27), 3, D(2019, 10, 8)),
        (D(2019, 9, 27), 7, D(2019, 10, 12)),
        (D(2019, 9, 27), 20, D(2019, 10, 30)),
        # ... 10-31 (21), 11-01 (22), 11-04..08 (23-27), 11-11..15 (28-32), 11-18..22 (33-37),
        # 11-25, 26, 27 (38-40): a 20-day reply period extended by 20 more (Art. 33).
        (D(2019, 9, 27), 40, D(2019, 11, 27)),
        # Received Mon 09-30, the last working day before National Day: 10-08 (1) .. 10-11 (4),
        # Sat 10-12 (5), 10-14, 15 (6, 7); 10-16..18 (8-10), 10-21..25 (11-15),
        # 10-28..31 (16-19), 11-01 (20).
        (D(2019, 9, 30), 1, D(2019, 10, 8)),
        (D(2019, 9, 30), 7, D(2019, 10, 15)),
        (D(2019, 9, 30), 20, D(2019, 11, 1)),
        # Received on a holiday (Thu 10-03): counting starts after it, same as from 09-30.
        (D(2019, 10, 3), 1, D(2019, 10, 8)),
        (D(2019, 10, 3), 20, D(2019, 11, 1)),
        # Received on Sat 09-28 (an ordinary weekend day): Sun 09-29 is makeup, so it is day 1.
        (D(2019, 9, 28), 1, D(2019, 9, 29)),
        # Year boundary: received Sat 2025-12-20. 12-22..26 (1-5), 12-29..31 (6-8), 2026-01-01..03
        # rest, Sun 01-04 makeup (9), 01-05..09 (10-14), 01-12..16 (15-19), Mon 01-19 (20).
        (D(2025, 12, 20), 1, D(2025, 12, 22)),
        (D(2025, 12, 20), 7, D(2025, 12, 30)),
        (D(2025, 12, 20), 20, D(2026, 1, 19)),
        # Received Wed 2025-12-31: 01-01..03 rest, Sun 01-04 makeup is day 1.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        # Received Fri 2018-12-28: Sat 12-29 is the makeup day for 元旦 2019.
        (D(2018, 12, 28), 1, D(2018, 12, 29)),
        # Received Fri 2022-12-30: 12-31..2023-01-02 rest, Tue 01-03 is day 1.
        (D(2022, 12, 30), 1, D(2023, 1, 3)),
        # Spring Festival 2024, received Fri 02-02: Sun 02-04 makeup (1), 02-05..09 (2-6),
        # 02-10..17 rest, Sun 02-18 makeup (7), 02-19..23 (8-12), 02-26..29 (13-16; leap year),
        # Fri 03-01 (17), 03-04, 05, 06 (18-20).
        (D(2024, 2, 2), 1, D(2024, 2, 4)),
        (D(2024, 2, 2), 7, D(2024, 2, 18)),
        (D(2024, 2, 2), 20, D(2024, 3, 6)),
        # Received Fri 02-09 (除夕, a working day in 2024): Sun 02-18 (1), 02-19..23 (2-6),
        # Mon 02-26 (7); 02-27..29 (8-10), 03-01 (11), 03-04..08 (12-16), 03-11..14 (17-20).
        (D(2024, 2, 9), 1, D(2024, 2, 18)),
        (D(2024, 2, 9), 7, D(2024, 2, 26)),
        (D(2024, 2, 9), 20, D(2024, 3, 14)),
        # Spring Festival 2025, received Fri 01-24: Sun 01-26 makeup (1), Mon 01-27 (2), 01-28..
        # 02-04 rest, 02-05..07 (3-5), Sat 02-08 makeup (6), Mon 02-10 (7), 02-11..14 (8-11),
        # 02-17..21 (12-16), 02-24..27 (17-20).
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),
        (D(2025, 1, 24), 7, D(2025, 2, 10)),
        (D(2025, 1, 24), 20, D(2025, 2, 27)),
        # Received on 除夕 2025 (Tue 01-28, a rest day): Wed 02-05 is day 1.
        (D(2025, 1, 28), 1, D(2025, 2, 5)),
        # Spring Festival 2026, received Fri 02-13: Sat 02-14 makeup (1), 02-15..23 rest,
        # 02-24..27 (2-5), Sat 02-28 makeup (6), Mon 03-02 (7), 03-03..06 (8-11),
        # 03-09..13 (12-16), 03-16..19 (17-20).
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 2, 13), 7, D(2026, 3, 2)),
        (D(2026, 2, 13), 20, D(2026, 3, 19)),
        # 2020 Spring Festival as extended: received Thu 01-23, 01-24..02-02 rest, Mon 02-03 (1).
        (D(2020, 1, 23), 1, D(2020, 2, 3)),
        # 2019 Labour Day as amended: received Tue 04-30, 05-01..04 rest, Sun 05-05 makeup (1).
        (D(2019, 4, 30), 1, D(2019, 5, 5)),
        # 中秋节 and National Day 2024, received Fri 09-13: Sat 09-14 makeup (1), 09-15..17 rest,
        # 09-18..20 (2-4), 09-23..27 (5-9), Sun 09-29 makeup (10), Mon 09-30 (11), 10-01..07
        # rest, 10-08..11 (12-15), Sat 10-12 makeup (16), 10-14..17 (17-20); then 10-18 (21),
        # 10-21..25 (22-26), 10-28..11-01 (27-31), 11-04..08 (32-36), 11-11..14 (37-40).
        (D(2024, 9, 13), 1, D(2024, 9, 14)),
        (D(2024, 9, 13), 7, D(2024, 9, 25)),
        (D(2024, 9, 13), 20, D(2024, 10, 17)),
        (D(2024, 9, 13), 40, D(2024, 11, 14)),
        # An ordinary month (no holiday in March 2023). Fri 03-03 and Sat 03-04 both count from
        # Mon 03-06: 03-06..10 (1-5), 03-13, 14 (6, 7), ..., 03-27..31 (16-20).
        (D(2023, 3, 3), 1, D(2023, 3, 6)),
        (D(2023, 3, 4), 1, D(2023, 3, 6)),
        (D(2023, 3, 4), 7, D(2023, 3, 14)),
        (D(2023, 3, 3), 20, D(2023, 3, 31)),
        (D(2023, 3, 4), 20, D(2023, 3, 31)),
    ],
)
def test_add_working_days_counts_from_the_day_after_start(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2019, 9, 27), D(2019, 9, 29)),  # Fri -> Sun makeup
        (D(2019, 9, 30), D(2019, 10, 8)),  # over National Day
        (D(2019, 10, 5), D(2019, 10, 8)),  # from inside the block
        (D(2019, 10, 11), D(2019, 10, 12)),  # Fri -> Sat makeup
        (D(2019, 10, 12), D(2019, 10, 14)),  # Sat makeup -> Mon
        (D(2020, 1, 23), D(2020, 2, 3)),  # the 2020 extension
        (D(2023, 3, 3), D(2023, 3, 6)),  # Fri -> Mon
        (D(2023, 3, 6), D(2023, 3, 7)),  # Mon -> Tue
    ],
)
def test_next_working_day_is_strictly_after(day, expected):
    assert CAL.next_working_day(day) == expected


def test_extension_adds_twenty_to_the_first_twenty():
    """Art. 33: an extension of 20 working days runs on from the original due date."""
    received = D(2019, 9, 27)
    due = CAL.add_working_days(received, 20)
    assert CAL.add_working_days(due, 20) == CAL.add_working_days(received, 40)


@pytest.mark.parametrize("n", [-1, -20])
def test_negative_n_is_refused(n):
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL.add_working_days(D(2024, 1, 2), n)


# --- working_days_between ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2019, 9, 27), D(2019, 10, 30), 20),  # the National Day count above
        (D(2019, 9, 30), D(2019, 10, 7), 0),  # only rest days after 09-30
        (D(2019, 9, 30), D(2019, 10, 8), 1),
        (D(2019, 9, 28), D(2019, 9, 29), 1),  # the makeup Sunday counts
        (D(2025, 12, 20), D(2026, 1, 19), 20),  # across the year boundary
        (D(2024, 2, 2), D(2024, 3, 6), 20),  # Spring Festival 2024
        (D(2024, 3, 6), D(2024, 3, 6), 0),  # end == start
        (D(2024, 3, 6), D(2024, 2, 2), 0),  # end before start
        (D(2024, 3, 6), D(2024, 3, 7), 1),
        # Whole years (d with Dec 31 of the year before < d <= Dec 31), counted by hand as
        # weekdays - weekday rest days + weekend makeup days:
        (D(2018, 12, 31), D(2019, 12, 31), 250),  # 261 - 17 + 6
        (D(2019, 12, 31), D(2020, 12, 31), 249),  # 262 - 19 + 6 (with the 春节 extension)
        (D(2020, 12, 31), D(2021, 12, 31), 250),  # 261 - 18 + 7
        (D(2021, 12, 31), D(2022, 12, 31), 249),  # 260 - 18 + 7
        (D(2022, 12, 31), D(2023, 12, 31), 249),  # 260 - 18 + 7
        (D(2023, 12, 31), D(2024, 12, 31), 251),  # 262 - 19 + 8
        (D(2024, 12, 31), D(2025, 12, 31), 248),  # 261 - 18 + 5
        (D(2025, 12, 31), D(2026, 12, 31), 248),  # 261 - 19 + 6
    ],
)
def test_working_days_between_counts_start_exclusive_end_inclusive(start, end, expected):
    assert CAL.working_days_between(start, end) == expected


# --- properties over every day of 2019-2026 ---------------------------------------------------

EVERY_DAY = _days(D(2019, 1, 1), D(2026, 12, 31))


@pytest.mark.parametrize("n", [0, 1, 2, 7, 15, 20, 40])
def test_working_days_between_inverts_add_working_days_on_every_day(n):
    # working_days_between is computed arithmetically and add_working_days by walking, so
    # agreement here is a real check of both.
    for start in EVERY_DAY:
        end = CAL.add_working_days(start, n)
        assert CAL.working_days_between(start, end) == n, (start, n, end)
        if n:
            # The result is itself a working day, and the first date to reach n.
            assert CAL.is_working_day(end), (start, n, end)
            assert CAL.working_days_between(start, end - timedelta(days=1)) == n - 1


def test_working_days_between_matches_a_day_by_day_count():
    start = D(2018, 12, 1)
    running = 0
    for end in _days(D(2018, 12, 1), D(2027, 1, 31)):
        if end > start and CAL.is_working_day(end):
            running += 1
        assert CAL.working_days_between(start, end) == running, end


def test_next_working_day_never_returns_a_rest_day():
    for day in EVERY_DAY:
        following = CAL.next_working_day(day)
        assert following > day
        assert CAL.is_working_day(following)
        assert all(
            not CAL.is_working_day(d) for d in _days(day + timedelta(days=1), following)[:-1]
        )


# --- broken calendars and calendars passed by value -------------------------------------------


def test_a_calendar_without_working_days_raises_instead_of_looping():
    every_day = _days(D(2030, 1, 1), D(2034, 12, 31))
    cal = WorkCalendar.from_days(holidays=every_day, workdays=())
    with pytest.raises(ValueError, match="calendar is broken"):
        cal.add_working_days(D(2029, 12, 31), 1)
    with pytest.raises(ValueError, match="calendar is broken"):
        cal.next_working_day(D(2029, 12, 31))


def test_the_guard_allows_a_rest_run_just_below_the_limit():
    first = D(2030, 1, 1)
    rest = _days(first, first + timedelta(days=MAX_CONSECUTIVE_REST_DAYS - 2))
    after = rest[-1] + timedelta(days=1)
    assert after.weekday() < 5  # so the run is exactly MAX - 1 days long
    cal = WorkCalendar.from_days(holidays=rest, workdays=())
    assert cal.add_working_days(first - timedelta(days=1), 1) == after
    too_long = WorkCalendar.from_days(holidays=[*rest, after], workdays=())
    with pytest.raises(ValueError, match="calendar is broken"):
        too_long.add_working_days(first - timedelta(days=1), 1)


def test_a_custom_calendar_is_used_as_passed_and_changes_nothing_else():
    # 2030-01-01 is a Tuesday. Declare Wed 01-02 a rest day and Sat 01-05 a makeup day.
    custom = WorkCalendar.from_days(holidays=[D(2030, 1, 2)], workdays=[D(2030, 1, 5)])
    plain = WorkCalendar()
    assert custom.add_working_days(D(2030, 1, 1), 1) == D(2030, 1, 3)  # 01-02 skipped
    assert custom.add_working_days(D(2030, 1, 1), 3) == D(2030, 1, 5)  # 03, 04, Sat 05
    assert plain.add_working_days(D(2030, 1, 1), 1) == D(2030, 1, 2)
    assert plain.add_working_days(D(2030, 1, 1), 3) == D(2030, 1, 4)
    assert custom.working_days_between(D(2030, 1, 1), D(2030, 1, 6)) == 3
    assert plain.working_days_between(D(2030, 1, 1), D(2030, 1, 6)) == 3  # 02, 03, 04
    # An empty calendar knows nothing of the notices; the official one is unchanged.
    assert plain.is_working_day(D(2019, 10, 1))
    assert not CAL.is_working_day(D(2019, 10, 1))
    assert CAL.is_working_day(D(2030, 1, 2))  # the custom rest day did not leak


def test_calendars_are_immutable_values():
    a = WorkCalendar.from_days(holidays={D(2030, 1, 2)}, workdays=[])
    b = WorkCalendar(holidays=frozenset({D(2030, 1, 2)}))
    assert a == b
    assert hash(a) == hash(b)
    assert isinstance(a.holidays, frozenset)
    with pytest.raises(FrozenInstanceError):
        a.holidays = frozenset()  # type: ignore[misc]


def test_official_calendar_for_some_years_only_knows_those_years():
    only_2024 = official_calendar([2024])
    assert not only_2024.is_working_day(D(2024, 10, 1))
    assert only_2024.is_working_day(D(2019, 10, 1))  # a Tuesday, unknown to this calendar
    assert official_calendar([]) == WorkCalendar()


def test_a_date_both_rest_and_makeup_is_refused():
    with pytest.raises(ValueError, match="both rest days and make-up working days"):
        WorkCalendar.from_days(holidays=[D(2030, 1, 5)], workdays=[D(2030, 1, 5)])


def test_weekend_rest_days_and_weekday_makeup_days_change_nothing():
    # Weekend days inside a holiday block may be listed as holidays; a weekday listed as a
    # makeup day is a working day anyway.
    cal = WorkCalendar.from_days(holidays=[D(2030, 1, 5)], workdays=[D(2030, 1, 7)])
    assert cal.add_working_days(D(2030, 1, 4), 1) == D(2030, 1, 7)
    assert cal.working_days_between(D(2030, 1, 4), D(2030, 1, 8)) == 2
    assert cal.working_days_between(D(2030, 1, 4), D(2030, 1, 8)) == (
        WorkCalendar().working_days_between(D(2030, 1, 4), D(2030, 1, 8))
    )
