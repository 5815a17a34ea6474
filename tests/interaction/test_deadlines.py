"""Letter time limits on the held calendar (interaction.deadlines), on real 2026 notices."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.holiday_notices import official_calendar
from catalog.workdays import WorkCalendar
from interaction import deadlines as dl
from interaction.workflow import Category

D = date
CAL_2026 = official_calendar([2026])
FIVE = dl.Limits(accept_days=1, answer_days=5)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (D(2026, 9, 30), D(2026, 10, 8)),  # National Day week: 1-7 October off
        (D(2026, 10, 9), D(2026, 10, 10)),  # a make-up Saturday is a working day
        (D(2026, 10, 10), D(2026, 10, 12)),  # Sunday 11 October is not
        (D(2026, 2, 13), D(2026, 2, 14)),  # Saturday 14 February worked before 春节
        (D(2026, 2, 14), D(2026, 2, 24)),  # 春节 15-23 February off
        (D(2026, 6, 5), D(2026, 6, 8)),  # an ordinary Friday → Monday
    ],
)
def test_acceptance_is_due_one_working_day_after_receipt(received, expected):
    clock = dl.LetterClock(received_on=received, limits=FIVE)
    assert dl.accept_due(clock, CAL_2026) == expected


def test_the_answer_counts_from_acceptance_across_national_day():
    clock = dl.LetterClock(received_on=D(2026, 9, 30), limits=FIVE, accepted_on=D(2026, 10, 8))
    # 9 Oct (1), Sat 10 Oct worked (2), 12 (3), 13 (4), 14 (5)
    assert dl.answer_due(clock, CAL_2026) == D(2026, 10, 14)


def test_no_answer_date_before_acceptance_unless_counted_from_receipt():
    assert dl.answer_due(dl.LetterClock(received_on=D(2026, 9, 30), limits=FIVE), CAL_2026) is None
    site_error = dl.DEFAULTS[Category.SITE_ERROR]
    clock = dl.LetterClock(received_on=D(2026, 9, 30), limits=site_error)
    # 网站纠错: 3 working days from receipt: 8, 9 and the make-up Saturday 10 October
    assert dl.answer_due(clock, CAL_2026) == D(2026, 10, 10)


def test_an_extension_adds_working_days_across_spring_festival():
    clock = dl.LetterClock(
        received_on=D(2026, 2, 12), limits=FIVE, accepted_on=D(2026, 2, 13), extension_days=3
    )
    # 14 Feb (1), 24 (2), 25 (3), 26 (4), 27 (5), Saturday 28 Feb worked (6), 2 March (7), 3 (8)
    assert dl.answer_due(clock, CAL_2026) == D(2026, 3, 3)


def test_a_follow_up_starts_its_own_period():
    clock = dl.LetterClock(
        received_on=D(2026, 9, 1),
        limits=FIVE,
        accepted_on=D(2026, 9, 2),
        followed_up_on=D(2026, 10, 9),
    )
    assert dl.answer_due(clock, CAL_2026) == D(2026, 10, 15)


def test_a_year_boundary_on_a_calendar_that_knows_new_year():
    cal = WorkCalendar.from_days(holidays=[D(2027, 1, 1)], workdays=[])
    clock = dl.LetterClock(received_on=D(2026, 12, 31), limits=FIVE)
    assert dl.accept_due(clock, cal) == D(2027, 1, 4)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"accepted_on": D(2026, 5, 31)},
        {"followed_up_on": D(2026, 5, 1)},
        {"extension_days": -1},
        {"extension_days": dl.MAX_EXTENSION_DAYS + 1},
    ],
)
def test_a_clock_that_cannot_exist_is_refused(kwargs):
    with pytest.raises(ValueError, match=r"cannot|extension"):
        dl.LetterClock(received_on=D(2026, 6, 1), limits=FIVE, **kwargs)


def test_limits_are_at_least_one_working_day():
    with pytest.raises(ValueError, match="at least one"):
        dl.Limits(accept_days=0, answer_days=5)


def test_the_defaults_follow_the_issue():
    assert {c: (lim.accept_days, lim.answer_days) for c, lim in dl.DEFAULTS.items()} == {
        Category.CONSULTATION: (1, 5),
        Category.COMPLAINT: (1, 15),
        Category.SUGGESTION: (1, 15),
        Category.HELP: (1, 15),
        Category.SITE_ERROR: (1, 3),
    }


@pytest.mark.parametrize(
    ("today", "soon", "overdue"),
    [
        (D(2026, 10, 10), False, False),  # 3 working days left: 12, 13, 14
        (D(2026, 10, 12), True, False),  # 2 left: 13, 14
        (D(2026, 10, 14), True, False),  # due today
        (D(2026, 10, 15), False, True),
    ],
)
def test_due_soon_and_overdue(today, soon, overdue):
    due = D(2026, 10, 14)
    assert dl.is_due_soon(due, today, CAL_2026) is soon
    assert dl.is_overdue(due, today) is overdue


def test_on_time_lateness_and_working_days_taken():
    due = D(2026, 9, 30)
    assert dl.is_on_time(due, D(2026, 9, 30))
    assert not dl.is_on_time(due, D(2026, 10, 8))
    assert not dl.is_on_time(due, None)
    assert dl.is_on_time(None, None)
    assert dl.working_days_late(due, D(2026, 10, 8), CAL_2026) == 1
    assert dl.working_days_late(due, D(2026, 9, 29), CAL_2026) == 0
    assert dl.working_days_taken(D(2026, 9, 30), D(2026, 10, 12), CAL_2026) == 4
    assert dl.working_days_taken(D(2026, 9, 30), D(2026, 9, 30), CAL_2026) == 0
