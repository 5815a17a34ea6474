"""Live statistics of 互动交流 on hand-built rows (interaction.statistics.figures, pure)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from catalog.holiday_notices import official_calendar
from interaction import deadlines as dl
from interaction.statistics import table
from interaction.statistics.figures import (
    Figures,
    LetterRow,
    Month,
    by_month,
    by_organisation,
    first_answer_due,
    format_days,
    format_rate,
    last_months,
    months_between,
    rate,
    summarise,
)
from interaction.workflow import Category, Satisfaction, Status

D = date
CAL = official_calendar([2026])
TODAY = D(2026, 11, 20)
FIVE = dl.Limits(accept_days=1, answer_days=5)


def row(**kwargs) -> LetterRow:
    values = {
        "organisation_id": 1,
        "received_on": D(2026, 9, 29),
        "status": Status.ANSWERED,
        "accepted_on": D(2026, 9, 30),
        "limits": FIVE,
    }
    values.update(kwargs)
    return LetterRow(**values)


# ----------------------------------------------------------------- on time across a holiday


def test_the_first_answer_is_due_after_national_day_and_its_make_up_saturday():
    # Accepted 30 Sept: 1-7 Oct off; 8 (1), 9 (2), Sat 10 worked (3), 12 (4), 13 (5).
    assert first_answer_due(row(), CAL) == D(2026, 10, 13)


@pytest.mark.parametrize(
    ("answered_on", "on_time"),
    [
        (D(2026, 10, 7), 1),  # during the holiday
        (D(2026, 10, 13), 1),  # the last day
        (D(2026, 10, 14), 0),  # one working day late
    ],
)
def test_an_answer_is_on_time_up_to_its_due_date_on_the_held_calendar(answered_on, on_time):
    figures = summarise([row(answered_on=answered_on)], today=TODAY, calendar=CAL)
    assert figures.answered == 1
    assert figures.answered_on_time == on_time
    assert figures.owed == 1


def test_the_same_dates_are_late_on_a_calendar_without_the_holiday():
    # Without the National Day holiday, 5 working days from 30 Sept end on 7 Oct.
    plain = official_calendar([])
    figures = summarise([row(answered_on=D(2026, 10, 13))], today=TODAY, calendar=plain)
    assert figures.answered_on_time == 0


def test_an_extension_moves_the_due_date():
    late = row(answered_on=D(2026, 10, 15))
    extended = row(answered_on=D(2026, 10, 15), extension_days=2)
    assert summarise([late], today=TODAY, calendar=CAL).answered_on_time == 0
    assert summarise([extended], today=TODAY, calendar=CAL).answered_on_time == 1


def test_site_errors_count_from_receipt_even_before_acceptance():
    site_error = row(
        category=Category.SITE_ERROR,
        limits=dl.DEFAULTS[Category.SITE_ERROR],
        accepted_on=None,
        received_on=D(2026, 9, 30),
        answered_on=D(2026, 10, 10),  # 8 (1), 9 (2), Sat 10 (3)
    )
    assert first_answer_due(site_error, CAL) == D(2026, 10, 10)
    figures = summarise([site_error], today=TODAY, calendar=CAL)
    assert (figures.accepted, figures.answered_on_time) == (1, 1)


def test_an_unanswered_letter_past_its_due_date_counts_against_the_on_time_rate():
    rows = [
        row(answered_on=D(2026, 10, 12)),
        row(status=Status.PROCESSING),  # due 13 Oct, today 20 Nov: overdue
        row(status=Status.PROCESSING, received_on=D(2026, 11, 19), accepted_on=D(2026, 11, 19)),
    ]
    figures = summarise(rows, today=TODAY, calendar=CAL)
    assert (figures.answered, figures.overdue_open, figures.owed) == (1, 1, 2)
    assert figures.on_time_rate == Decimal("50.0")
    # The third letter is not due yet: neither owed nor overdue.
    assert figures.accepted == 3
    assert figures.answer_rate == Decimal("33.3")


def test_a_letter_not_yet_accepted_is_not_owed_an_answer():
    figures = summarise([row(status=Status.RECEIVED, accepted_on=None)], today=TODAY, calendar=CAL)
    assert (figures.received, figures.accepted, figures.owed) == (1, 0, 0)
    assert figures.on_time_rate is None


# ----------------------------------------------------------------- median


def test_the_median_counts_working_days_from_receipt_to_the_first_answer():
    rows = [
        row(answered_on=D(2026, 9, 30)),  # 1
        row(answered_on=D(2026, 10, 9)),  # 30 Sept (1), 8 Oct (2), 9 Oct (3)
        row(answered_on=D(2026, 10, 13)),  # … Sat 10 (4), 12 (5), 13 (6)
    ]
    assert summarise(rows, today=TODAY, calendar=CAL).median_days == 3


def test_the_median_of_an_even_number_of_letters_is_the_mean_of_the_middle_two():
    rows = [row(answered_on=D(2026, 9, 30)), row(answered_on=D(2026, 10, 8))]  # 1 and 2
    figures = summarise(rows, today=TODAY, calendar=CAL)
    assert figures.median_days == 1.5
    assert format_days(figures.median_days) == "1.5"


def test_an_answer_on_the_day_of_receipt_took_zero_working_days():
    figures = summarise(
        [row(accepted_on=D(2026, 9, 29), answered_on=D(2026, 9, 29))], today=TODAY, calendar=CAL
    )
    assert figures.median_days == 0
    assert format_days(figures.median_days) == "0"


# ----------------------------------------------------------------- rates and zero denominators


def test_rates_with_nothing_to_divide_by_are_none_and_show_as_a_dash():
    figures = summarise([], today=TODAY, calendar=CAL)
    assert figures == Figures()
    assert figures.answer_rate is None
    assert figures.on_time_rate is None
    assert figures.satisfaction_rate is None
    assert figures.median_days is None
    shown = dict(zip(table.headings("月份")[1:], table.cells(figures), strict=True))
    assert shown["答复率"] == shown["按时办结率"] == shown["满意率"] == "—"
    assert shown["答复用时中位数（工作日）"] == "—"
    assert shown["来信数"] == 0


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(0, 0, None), (0, 3, Decimal("0.0")), (2, 3, Decimal("66.7")), (1, 8, Decimal("12.5"))],
)
def test_rate_rounds_half_up_to_one_decimal(numerator, denominator, expected):
    assert rate(numerator, denominator) == expected


def test_format_rate():
    assert format_rate(None) == "—"
    assert format_rate(Decimal("0.0")) == "0.0%"
    assert format_rate(Decimal("100.0")) == "100.0%"


def test_satisfaction_rate_counts_satisfied_and_basically_satisfied_over_rated():
    rows = [
        row(answered_on=D(2026, 10, 9), satisfaction=Satisfaction.SATISFIED),
        row(answered_on=D(2026, 10, 9), satisfaction=Satisfaction.BASICALLY_SATISFIED),
        row(answered_on=D(2026, 10, 9), satisfaction=Satisfaction.DISSATISFIED),
        row(answered_on=D(2026, 10, 9), satisfaction=Satisfaction.DISSATISFIED),
        row(answered_on=D(2026, 10, 9)),  # not rated
    ]
    figures = summarise(rows, today=TODAY, calendar=CAL)
    assert (figures.satisfied, figures.basically_satisfied, figures.dissatisfied) == (1, 1, 2)
    assert figures.rated == 4
    assert figures.satisfaction_rate == Decimal("50.0")


# ----------------------------------------------------------------- merged, abusive, rejected


def test_merged_and_abusive_letters_are_counted_apart_and_left_out_of_the_rates():
    rows = [
        row(answered_on=D(2026, 10, 9), satisfaction=Satisfaction.SATISFIED),
        row(status=Status.CLOSED, merged=True),
        row(status=Status.CLOSED, abusive=True, accepted_on=None),
        row(status=Status.CLOSED, merged=True, satisfaction=Satisfaction.DISSATISFIED),
    ]
    figures = summarise(rows, today=TODAY, calendar=CAL)
    assert (figures.received, figures.merged, figures.abusive, figures.valid) == (4, 2, 1, 1)
    assert (figures.accepted, figures.answered, figures.owed) == (1, 1, 1)
    assert figures.answer_rate == figures.on_time_rate == Decimal("100.0")
    assert figures.satisfaction_rate == Decimal("100.0")


def test_rejected_letters_are_counted_and_owe_no_answer():
    rows = [row(status=Status.REJECTED, accepted_on=None)]
    figures = summarise(rows, today=TODAY, calendar=CAL)
    assert (figures.received, figures.rejected, figures.accepted, figures.owed) == (1, 1, 0, 0)


def test_follow_ups_are_counted():
    rows = [row(answered_on=D(2026, 10, 9), followed_up=True, status=Status.FOLLOWED_UP)]
    assert summarise(rows, today=TODAY, calendar=CAL).followed_up == 1


def test_inconsistent_dates_do_not_stop_the_figures():
    broken = row(accepted_on=D(2026, 9, 1), extension_days=99, answered_on=D(2026, 10, 9))
    assert summarise([broken], today=TODAY, calendar=CAL).answered == 1


# ----------------------------------------------------------------- months


def test_months_without_letters_show_zeros_and_the_current_month_is_partial():
    months = months_between(Month(2026, 9), Month(2026, 11))
    rows = [row(), row(received_on=D(2026, 11, 2), accepted_on=None, status=Status.RECEIVED)]
    result = by_month(rows, months, today=TODAY, calendar=CAL)
    assert [line.figures.received for line in result.months] == [1, 0, 1]
    assert [line.figures.partial for line in result.months] == [False, False, True]
    assert result.total.received == 2
    assert result.total.partial
    labels = [r[0] for r in table.month_rows(result)]
    assert labels == ["2026年9月", "2026年10月", "2026年11月（本月截至今日）", "合计"]


def test_rows_outside_the_months_are_ignored():
    months = [Month(2026, 10)]
    result = by_month([row()], months, today=TODAY, calendar=CAL)
    assert result.total.received == 0
    assert not result.total.partial


def test_months_cross_the_year_boundary():
    assert last_months(Month(2026, 2), 4) == [
        Month(2025, 11),
        Month(2025, 12),
        Month(2026, 1),
        Month(2026, 2),
    ]
    assert Month(2025, 12).next() == Month(2026, 1)
    assert Month(2026, 2).last_day == D(2026, 2, 28)
    assert Month(2024, 2).last_day == D(2024, 2, 29)
    assert months_between(Month(2026, 3), Month(2026, 2)) == []
    with pytest.raises(ValueError, match="month must be 1-12"):
        Month(2026, 13)


def test_by_organisation_gives_zeros_to_an_organisation_without_letters():
    result = by_organisation(
        [row(organisation_id=1), row(organisation_id=9)], [1, 2], today=TODAY, calendar=CAL
    )
    assert result[1].received == 1
    assert result[2] == Figures()
    assert 9 not in result
