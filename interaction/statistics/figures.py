"""Live statistics of 互动交流 (pure: plain rows and a WorkCalendar in, figures out).

One :class:`LetterRow` per letter, counted in the month it was received (收到日期) and for the
organisation handling it now (a transferred letter counts for the organisation that answers it).

Definitions, as the statistics page states them:

* 来信数: every letter received. Of these, 重复来信 (merged into another letter) and 无效来信
  (closed as abusive or meaningless) are shown apart and left out of every other figure and
  rate; 有效来信 = 来信数 − 重复 − 无效.
* 受理数: valid letters accepted (an answered letter was accepted, whatever the record says);
  不予受理: refused with a reason from the closed list.
* 答复数: valid letters with a first answer; 答复率 = 答复数 ÷ 受理数.
* 按时答复数: first answers given on or before the first answer's due date, computed on the held
  calendar from the letter's clock (receipt, acceptance, the organisation's limits, any
  extension; a follow-up has its own period and does not move the first one).
  应答复数 = answered letters + unanswered letters whose due date has passed;
  按时办结率 = 按时答复数 ÷ 应答复数 (an overdue letter without an answer counts against it).
* 答复用时中位数: the median of the working days from receipt (not counted) to the first answer.
* 满意率 = (满意 + 基本满意) ÷ 已评价.

A rate whose denominator is 0 is None and shows as “—”, never 0 % or an error.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from catalog.workdays import WorkCalendar
from interaction import deadlines
from interaction.workflow import Category, Satisfaction, Status

NO_RATE = "—"


@dataclass(frozen=True)
class LetterRow:
    """What the statistics need of one letter: no names, no contact, no text."""

    organisation_id: int
    received_on: date
    status: str
    category: str = Category.CONSULTATION
    accepted_on: date | None = None
    answered_on: date | None = None  # the first answer (round 1)
    extension_days: int = 0
    limits: deadlines.Limits = deadlines.DEFAULTS[Category.CONSULTATION]
    satisfaction: str = ""
    followed_up: bool = False
    merged: bool = False
    abusive: bool = False

    @property
    def counted(self) -> bool:
        """Neither a duplicate merged into another letter nor closed as abusive."""
        return not (self.merged or self.abusive)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1-12, got {self.month}")

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def short_label(self) -> str:
        return f"{self.month}月" if self.month != 1 else f"{self.year}年1月"


def months_between(first: Month, last: Month) -> list[Month]:
    """Every month from ``first`` to ``last`` inclusive (empty when last < first)."""
    out: list[Month] = []
    month = first
    while month <= last:
        out.append(month)
        month = month.next()
    return out


def last_months(end: Month, count: int = 12) -> list[Month]:
    """The ``count`` months ending with ``end``, oldest first."""
    out = [end]
    while len(out) < count:
        out.append(out[-1].previous())
    return out[::-1]


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if denominator <= 0:
        return None
    value = Decimal(100 * numerator) / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def format_rate(value: Decimal | None) -> str:
    return NO_RATE if value is None else f"{value}%"


def format_days(value: float | None) -> str:
    if value is None:
        return NO_RATE
    return f"{value:g}"


def first_answer_due(row: LetterRow, calendar: WorkCalendar) -> date | None:
    """The due date of the first answer, on the letter's own clock (follow-up left out)."""
    accepted_on = row.accepted_on
    if accepted_on is not None and accepted_on < row.received_on:
        accepted_on = row.received_on  # inconsistent data must not stop the page
    clock = deadlines.LetterClock(
        received_on=row.received_on,
        limits=row.limits,
        accepted_on=accepted_on,
        extension_days=min(max(row.extension_days, 0), deadlines.MAX_EXTENSION_DAYS),
    )
    return deadlines.answer_due(clock, calendar)


@dataclass(frozen=True)
class Figures:
    received: int = 0
    merged: int = 0
    abusive: int = 0
    accepted: int = 0
    rejected: int = 0
    answered: int = 0
    answered_on_time: int = 0
    owed: int = 0  # 应答复数: answered, or unanswered past the due date
    overdue_open: int = 0  # unanswered past the due date
    followed_up: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0
    median_days: float | None = None
    partial: bool = False  # the period is not over yet (本月截至今日)

    @property
    def valid(self) -> int:
        return self.received - self.merged - self.abusive

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def answer_rate(self) -> Decimal | None:
        return rate(self.answered, self.accepted)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.answered_on_time, self.owed)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return rate(self.satisfied + self.basically_satisfied, self.rated)


def summarise(
    rows: Iterable[LetterRow], *, today: date, calendar: WorkCalendar, partial: bool = False
) -> Figures:
    """The figures of a set of letters as of ``today`` (see the module docstring)."""
    counts = dict.fromkeys(
        (
            "received",
            "merged",
            "abusive",
            "accepted",
            "rejected",
            "answered",
            "answered_on_time",
            "owed",
            "overdue_open",
            "followed_up",
            "satisfied",
            "basically_satisfied",
            "dissatisfied",
        ),
        0,
    )
    days_taken: list[int] = []
    for row in rows:
        counts["received"] += 1
        if row.merged:
            counts["merged"] += 1
            continue
        if row.abusive:
            counts["abusive"] += 1
            continue
        if row.status == Status.REJECTED:
            counts["rejected"] += 1
            continue
        if row.accepted_on is not None or row.answered_on is not None:
            counts["accepted"] += 1
        counts["followed_up"] += row.followed_up
        due = first_answer_due(row, calendar)
        if row.answered_on is not None:
            counts["answered"] += 1
            counts["owed"] += 1
            if deadlines.is_on_time(due, row.answered_on):
                counts["answered_on_time"] += 1
            days_taken.append(
                deadlines.working_days_taken(row.received_on, row.answered_on, calendar)
            )
        elif deadlines.is_overdue(due, today):
            counts["owed"] += 1
            counts["overdue_open"] += 1
        if row.satisfaction == Satisfaction.SATISFIED:
            counts["satisfied"] += 1
        elif row.satisfaction == Satisfaction.BASICALLY_SATISFIED:
            counts["basically_satisfied"] += 1
        elif row.satisfaction == Satisfaction.DISSATISFIED:
            counts["dissatisfied"] += 1
    median = float(statistics.median(days_taken)) if days_taken else None
    return Figures(**counts, median_days=median, partial=partial)


@dataclass(frozen=True)
class MonthFigures:
    month: Month
    figures: Figures


@dataclass(frozen=True)
class Table:
    """Figures per month, and for the whole span."""

    months: list[MonthFigures] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)


def by_month(
    rows: Sequence[LetterRow], months: Sequence[Month], *, today: date, calendar: WorkCalendar
) -> Table:
    """One line per month (a month without letters shows zeros) and the total of the span.

    Rows received outside the months are ignored; the month holding ``today`` is partial.
    """
    wanted = set(months)
    grouped: dict[Month, list[LetterRow]] = {m: [] for m in months}
    for row in rows:
        month = Month.of(row.received_on)
        if month in wanted:
            grouped[month].append(row)
    current = Month.of(today)
    lines = [
        MonthFigures(m, summarise(grouped[m], today=today, calendar=calendar, partial=m == current))
        for m in months
    ]
    every = [row for m in months for row in grouped[m]]
    total = summarise(every, today=today, calendar=calendar, partial=current in wanted)
    return Table(lines, total)


def by_organisation(
    rows: Iterable[LetterRow], organisation_ids: Sequence[int], *, today: date, calendar
) -> dict[int, Figures]:
    """The figures of each organisation (zeros for one without letters)."""
    grouped: dict[int, list[LetterRow]] = {pk: [] for pk in organisation_ids}
    for row in rows:
        if row.organisation_id in grouped:
            grouped[row.organisation_id].append(row)
    return {
        pk: summarise(letters, today=today, calendar=calendar) for pk, letters in grouped.items()
    }
