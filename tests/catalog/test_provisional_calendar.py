"""Provisional days in the WorkCalendar value and in the calendar the database builds."""

from datetime import date

import pytest

from catalog.holiday_notices import NOTICES, official_calendar
from catalog.lunisolar import provisional_holidays
from catalog.models import CalendarDay, HolidayArrangement
from catalog.workdays import WorkCalendar

D = date
OFFICIAL = official_calendar()
# The 2019-2026 notices, then 2027 on the statutory holidays alone.
MIXED = WorkCalendar.from_days(
    OFFICIAL.holidays | set(provisional_holidays(2027)),
    OFFICIAL.workdays,
    official_years=range(2019, 2027),
)


@pytest.mark.parametrize(
    ("start", "end", "provisional"),
    [
        (D(2026, 12, 4), D(2026, 12, 31), False),  # all in 2026
        (D(2026, 12, 4), D(2027, 1, 4), True),  # crosses into 2027
        (D(2026, 12, 31), D(2027, 1, 1), True),  # the first provisional day only
        (D(2026, 12, 31), D(2026, 12, 31), False),  # empty span
        (D(2027, 1, 1), D(2026, 12, 1), False),  # end before start: empty
        (D(2027, 3, 1), D(2027, 3, 29), True),  # wholly provisional
        (D(2018, 12, 31), D(2019, 1, 30), False),  # the start day is never counted
        (D(2018, 12, 30), D(2019, 1, 30), True),  # 2018-12-31 has no notice
        (D(2026, 12, 4), None, False),  # no due date (clock stopped)
    ],
)
def test_a_span_touches_provisional_days_when_a_counted_day_has_no_notice(start, end, provisional):
    assert MIXED.touches_provisional(start, end) is provisional


def test_a_calendar_without_official_years_has_nothing_provisional():
    assert not OFFICIAL.is_provisional(D(2040, 1, 1))
    assert not OFFICIAL.touches_provisional(D(2026, 12, 4), D(2040, 1, 1))


def test_is_provisional_follows_the_year():
    assert not MIXED.is_provisional(D(2026, 12, 31))
    assert MIXED.is_provisional(D(2027, 1, 1))
    assert MIXED.is_provisional(D(2030, 6, 1))


def test_the_2026_12_04_reply_is_due_after_new_year_holiday():
    # Dec 7-11 (5), 14-18 (10), 21-25 (15), 28-31 (19); Fri 1 Jan 2027 元旦; Mon 4 Jan = 20.
    assert MIXED.add_working_days(D(2026, 12, 4), 20) == D(2027, 1, 4)
    assert OFFICIAL.add_working_days(D(2026, 12, 4), 20) == D(2027, 1, 1)  # the bug of #13


def test_spring_festival_2027_is_counted_provisionally_without_make_up_days():
    # Received Mon 1 Feb 2027: Feb 2-4 (3), Fri 5 除夕 rest, Sat-Mon 6-8 rest, Feb 9-12 (7),
    # Feb 15-19 (12), 22-26 (17), Mar 1-3 (20).
    assert MIXED.add_working_days(D(2027, 2, 1), 20) == D(2027, 3, 3)
    assert not MIXED.is_working_day(D(2027, 2, 8))
    assert MIXED.working_days_between(D(2027, 2, 1), D(2027, 3, 3)) == 20


def test_a_provisional_year_after_an_official_one_keeps_the_official_make_up_days():
    # 国庆 2026: Sat 10 Oct is a make-up working day in the official notice.
    assert MIXED.is_working_day(D(2026, 10, 10))
    assert MIXED.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


# --- the calendar the database builds ----------------------------------------------------------


@pytest.mark.django_db
def test_the_seeded_notices_are_the_official_years():
    assert sorted(HolidayArrangement.objects.values_list("year", "number")) == [
        (n.year, n.number) for n in NOTICES
    ]
    assert not CalendarDay.objects.filter(arrangement__isnull=True).exists()
    calendar = CalendarDay.objects.work_calendar()
    assert calendar.official_years == frozenset(range(2019, 2027))


@pytest.mark.django_db
def test_the_database_calendar_adds_the_statutory_holidays_of_years_without_a_notice():
    calendar = CalendarDay.objects.work_calendar()
    assert not calendar.is_working_day(D(2027, 1, 1))
    assert not calendar.is_working_day(D(2028, 1, 25))  # 除夕 2028 (Tue)
    assert calendar.add_working_days(D(2026, 12, 4), 20) == D(2027, 1, 4)
    assert calendar.touches_provisional(D(2026, 12, 4), D(2027, 1, 4))
    # The official years are exactly the notices: 2026 keeps its make-up Sunday 4 Jan.
    assert calendar.is_working_day(D(2026, 1, 4))


@pytest.mark.django_db
def test_a_far_future_year_is_counted_safely_and_flagged():
    calendar = CalendarDay.objects.work_calendar(through_year=2150)
    assert not calendar.is_working_day(D(2150, 10, 1))
    # Beyond through_year nothing is computed: Wed 30 Dec, Thu 31 (1), Fri 1 Jan 2151 (2, no
    # holiday known), Mon 4 (3), Tue 5 (4), Wed 6 (5); the span is flagged provisional.
    assert calendar.add_working_days(D(2150, 12, 30), 5) == D(2151, 1, 6)
    assert calendar.touches_provisional(D(2150, 12, 30), D(2151, 1, 6))
