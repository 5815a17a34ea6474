"""Dates of a 点题公开 suggestion (pure: dates and a WorkCalendar in, dates and flags out).

The counting convention is the portal's (catalog.workdays): the day of receipt is not counted;
a limit of n working days ends with the n-th working day after it. The answer limit is set per
organisation (interaction.topics.models.TopicCall, default ``DEFAULT_ANSWER_DAYS``); no statute
fixes it, 15 working days follows the letters' 建议 limit (interaction.deadlines).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog.workdays import WorkCalendar

DEFAULT_ANSWER_DAYS = 15
MAX_ANSWER_DAYS = 60


@dataclass(frozen=True)
class Due:
    on: date
    provisional: bool  # counted over a year whose holiday notice is not yet entered


def answer_due(received_on: date, answer_days: int, calendar: WorkCalendar) -> Due:
    """The last day to answer a suggestion received on ``received_on``."""
    if not 1 <= answer_days <= MAX_ANSWER_DAYS:
        raise ValueError(f"an answer limit is 1 to {MAX_ANSWER_DAYS} working days")
    on = calendar.add_working_days(received_on, answer_days)
    return Due(on=on, provisional=calendar.touches_provisional(received_on, on))


def is_overdue(due_on: date | None, today: date) -> bool:
    """An open suggestion is overdue the day after its due date."""
    return due_on is not None and today > due_on


def promise_overdue(
    *, promised: bool, planned_on: date | None, item_linked: bool, today: date
) -> bool:
    """A 将予公开 answer whose planned date has passed with no published item linked."""
    return promised and not item_linked and planned_on is not None and today > planned_on
