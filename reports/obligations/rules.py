"""Recurring disclosure obligations: periods and due dates (pure).

An obligation recurs monthly, quarterly, half-yearly or yearly. Each period is due on the last
day of a month counted in one of two ways:

* after the period (the default): the month ``months_after`` months after the period's last
  month, e.g. 社会救助 figures every quarter by the end of the next quarter's second month
  (quarterly, 2), 灾情 every half-year by the end of August and of February (half-yearly, 2),
  民政事业统计表 monthly by the end of the next month (monthly, 1), 决算 by 30 September of the
  next year (yearly, 9), the annual report by 31 January (yearly, 1);
* within the period (``in_period``): the period's ``months_after``-th month, for information that
  exists before the period ends, e.g. 预算 by 31 May of the budget year (yearly, 5).

The Hohhot 民政局's 2018 要点 gives these rules (domain notes, interaction-and-supervision.md).
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


def period_months(frequency: str) -> int:
    """How many months a period of ``frequency`` lasts."""
    return _MONTHS[Frequency(frequency)]


def rule_error(frequency: str, months_after: int, in_period: bool = False) -> str | None:
    """Why a due rule cannot be applied, in Chinese for staff; None when it can."""
    if months_after < 0:
        return "月数不能为负数。"
    if in_period and not 1 <= months_after <= period_months(frequency):
        return (
            f"截止日期在周期内时，月数应在1至{period_months(frequency)}之间"
            f"（{FREQUENCY_LABELS[Frequency(frequency)]}的周期共{period_months(frequency)}个月）。"
        )
    return None


def due_date(period: Period, months_after: int, in_period: bool = False) -> dt.date:
    """Last day of the month ``months_after`` months after the period's last month, or, when
    ``in_period``, of the period's ``months_after``-th month (1 = its first month)."""
    if in_period:
        year, month = _add_months(period.start.year, period.start.month, months_after - 1)
    else:
        year, month = _add_months(period.end.year, period.end.month, months_after)
    return _month_end(year, month)


def describe(frequency: str, months_after: int, in_period: bool = False) -> str:
    """The rule as staff read it, e.g. "每季度，次季度第二个月底前"."""
    frequency = Frequency(frequency)
    length = _MONTHS[frequency]
    head = FREQUENCY_LABELS[frequency]
    if in_period:
        if frequency == Frequency.YEARLY:
            return f"{head}，当年{months_after}月底前"
        if frequency == Frequency.MONTHLY:
            return f"{head}，当月底前"
        return f"{head}，周期内第{_number(months_after)}个月底前"
    if months_after == 0:
        return f"{head}，周期结束前"
    if frequency == Frequency.YEARLY and months_after <= 12:
        return f"{head}，次年{months_after}月底前"
    if frequency == Frequency.HALF_YEARLY and months_after <= 6:
        return f"{head}，上半年{6 + months_after}月底前，下半年次年{months_after}月底前"
    if frequency == Frequency.MONTHLY and months_after == 1:
        return f"{head}，次月底前"
    if months_after <= length:
        unit = "季度" if frequency == Frequency.QUARTERLY else "月"
        return f"{head}，次{unit}第{_number(months_after)}个月底前"
    return f"{head}，周期结束后第{_number(months_after)}个月底前"


def _number(n: int) -> str:
    digits = "零一二三四五六七八九十"
    if n <= 10:
        return digits[n]
    if n < 20:
        return "十" + digits[n - 10]
    return str(n)


def periods_to_watch(
    frequency: str, months_after: int, today: dt.date, count: int = 4, in_period: bool = False
) -> list[tuple[Period, dt.date]]:
    """The ``count`` most recent periods that are watched, with their due dates, newest first.

    A period is watched once its information exists: when it has ended, or, for a rule due
    within the period (预算 by 31 May of the budget year), from its first day. The current
    period is therefore watched only when it is due before it ends.
    """
    current = period_containing(frequency, today)
    period = current
    if due_date(current, months_after, in_period) > current.end:
        period = previous_period(frequency, current)
    result = []
    for _ in range(count):
        result.append((period, due_date(period, months_after, in_period)))
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
