"""Recurring disclosure obligations: periods and due dates (pure).

An obligation recurs monthly, quarterly, half-yearly or yearly; each period must be disclosed
by the last day of the month that lies ``months_after`` months after the period ends, e.g.
社会救助 statistics every quarter by the end of the second month of the next quarter
(quarterly, months_after=2), the annual report by 31 January (yearly, months_after=1).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass


class Frequency(enum.StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


FREQUENCY_LABELS = {
    Frequency.MONTHLY: "每月",
    Frequency.QUARTERLY: "每季度",
    Frequency.HALF_YEARLY: "每半年",
    Frequency.YEARLY: "每年",
}
_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}
_QUARTERS = "一二三四"


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date
    key: str  # stable identifier, e.g. "2026-Q2"
    label: str  # e.g. "2026年第二季度"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_containing(frequency: str, day: dt.date) -> Period:
    """The period of ``frequency`` that contains ``day``."""
    frequency = Frequency(frequency)
    length = _MONTHS[frequency]
    first_month = (day.month - 1) // length * length + 1
    start = dt.date(day.year, first_month, 1)
    end_year, end_month = _add_months(day.year, first_month, length - 1)
    end = _month_end(end_year, end_month)
    if frequency == Frequency.MONTHLY:
        key, label = f"{day.year}-{first_month:02d}", f"{day.year}年{first_month}月"
    elif frequency == Frequency.QUARTERLY:
        q = (first_month - 1) // 3 + 1
        key, label = f"{day.year}-Q{q}", f"{day.year}年第{_QUARTERS[q - 1]}季度"
    elif frequency == Frequency.HALF_YEARLY:
        half = 1 if first_month == 1 else 2
        key, label = f"{day.year}-H{half}", f"{day.year}年{'上' if half == 1 else '下'}半年"
    else:
        key, label = f"{day.year}", f"{day.year}年度"
    return Period(start, end, key, label)


def previous_period(frequency: str, period: Period) -> Period:
    return period_containing(frequency, period.start - dt.timedelta(days=1))


def due_date(period: Period, months_after: int) -> dt.date:
    """Last day of the month ``months_after`` months after the period's last month."""
    year, month = _add_months(period.end.year, period.end.month, months_after)
    return _month_end(year, month)


def periods_to_watch(
    frequency: str, months_after: int, today: dt.date, count: int = 4
) -> list[tuple[Period, dt.date]]:
    """The ``count`` most recent finished periods with their due dates, newest first.

    A period is watched once it has ended (its information exists); the current, unfinished
    period is not yet due.
    """
    current = period_containing(frequency, today)
    result = []
    period = previous_period(frequency, current)
    for _ in range(count):
        result.append((period, due_date(period, months_after)))
        period = previous_period(frequency, period)
    return result


class State(enum.StrEnum):
    DONE = "done"
    DUE_SOON = "due_soon"
    OPEN = "open"
    OVERDUE = "overdue"


STATE_LABELS = {
    State.DONE: "已公开",
    State.DUE_SOON: "即将到期",
    State.OPEN: "待公开",
    State.OVERDUE: "已逾期",
}


def state_of(due: dt.date, fulfilled: bool, today: dt.date, soon_days: int = 14) -> State:
    if fulfilled:
        return State.DONE
    if today > due:
        return State.OVERDUE
    if (due - today).days <= soon_days:
        return State.DUE_SOON
    return State.OPEN
