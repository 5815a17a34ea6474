"""Time limits of a letter in working days (pure: dates and a WorkCalendar in, dates out).

The counting convention is the portal's (catalog.workdays): the day an event happens is not
counted; a limit of n working days ends with the n-th working day after it.

* 受理: a letter is accepted (or refused with a reason) within ``accept_days`` working days of
  its receipt.
* 答复: the answer is due ``answer_days`` working days after acceptance (受理之日起), or after
  receipt for categories whose rule counts from receipt (网站纠错: “收到网民纠错后3个工作日内
  答复”, provincial rules on government websites).
* 延期: once, by at most ``MAX_EXTENSION_DAYS`` working days, with a reason and an approver.
* 追问: a follow-up is answered within ``answer_days`` working days of the follow-up.

Limits are configured per organisation and category (interaction.models.TimeLimit); DEFAULTS
holds the values used where nothing is configured.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog.workdays import WorkCalendar
from interaction.workflow import Category

MAX_EXTENSION_DAYS = 15
DUE_SOON_WORKING_DAYS = 2  # the queue “即将到期” shows letters due within this many working days


@dataclass(frozen=True)
class Limits:
    accept_days: int
    answer_days: int
    count_from_receipt: bool = False

    def __post_init__(self) -> None:
        if self.accept_days < 1 or self.answer_days < 1:
            raise ValueError("time limits are at least one working day")


DEFAULTS: dict[Category, Limits] = {
    Category.CONSULTATION: Limits(accept_days=1, answer_days=5),
    Category.COMPLAINT: Limits(accept_days=1, answer_days=15),
    Category.SUGGESTION: Limits(accept_days=1, answer_days=15),
    Category.HELP: Limits(accept_days=1, answer_days=15),
    Category.SITE_ERROR: Limits(accept_days=1, answer_days=3, count_from_receipt=True),
}


@dataclass(frozen=True)
class LetterClock:
    """What the due dates of one letter depend on."""

    received_on: date
    limits: Limits
    accepted_on: date | None = None
    followed_up_on: date | None = None
    extension_days: int = 0

    def __post_init__(self) -> None:
        if self.accepted_on is not None and self.accepted_on < self.received_on:
            raise ValueError("a letter cannot be accepted before it was received")
        if self.followed_up_on is not None and self.followed_up_on < self.received_on:
            raise ValueError("a follow-up cannot come before the letter")
        if not 0 <= self.extension_days <= MAX_EXTENSION_DAYS:
            raise ValueError(f"an extension is 0 to {MAX_EXTENSION_DAYS} working days")


def accept_due(clock: LetterClock, calendar: WorkCalendar) -> date:
    """The last day to accept the letter or refuse it with a reason."""
    return calendar.add_working_days(clock.received_on, clock.limits.accept_days)


def answer_due(clock: LetterClock, calendar: WorkCalendar) -> date | None:
    """The last day to answer; None before acceptance when the limit counts from acceptance.

    After a follow-up, the follow-up's own period (from the follow-up day) is what is due. The
    extension adds its working days to whichever period runs.
    """
    limits = clock.limits
    if clock.followed_up_on is not None:
        start = clock.followed_up_on
    elif limits.count_from_receipt:
        start = clock.received_on
    elif clock.accepted_on is not None:
        start = clock.accepted_on
    else:
        return None
    return calendar.add_working_days(start, limits.answer_days + clock.extension_days)


def working_days_late(due: date, done_on: date, calendar: WorkCalendar) -> int:
    """Working days after ``due`` on which the step was still not done (0 if on time)."""
    if done_on <= due:
        return 0
    return calendar.working_days_between(due, done_on)


def is_on_time(due: date | None, done_on: date | None) -> bool:
    """A step done on or before its due date; a step with no due date is on time."""
    return due is None or (done_on is not None and done_on <= due)


def is_due_soon(due: date | None, today: date, calendar: WorkCalendar) -> bool:
    """Due today or within DUE_SOON_WORKING_DAYS working days, and not yet overdue."""
    if due is None or today > due:
        return False
    return calendar.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and today > due


def working_days_taken(start: date, end: date, calendar: WorkCalendar) -> int:
    """Working days from ``start`` (not counted) to ``end`` (counted): 0 for the same day."""
    return calendar.working_days_between(start, end) if end > start else 0
