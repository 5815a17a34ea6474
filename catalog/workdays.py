"""Working-day arithmetic for the Chinese statutory calendar (pure: no settings, clock or ORM).

A working day (工作日) is a Monday-to-Friday that is not a statutory rest day, or a weekend day
declared a make-up working day (调休上班) by the 国务院办公厅 holiday-arrangement notice of
that year. The calendar is data the caller owns and passes in as a :class:`WorkCalendar` value;
this module holds no global state.

Counting convention, used by every deadline of 《中华人民共和国政府信息公开条例》:

* Art. 26: information to be disclosed proactively is published within 20 working days of the
  day it is formed or changed.
* Art. 30: an unclear application gets one 补正 notice within 7 working days of receipt.
* Art. 33: an application is answered within 20 working days of receipt; the period may be
  extended once, by at most 20 working days. (Time spent consulting a third party or another
  organ under Art. 32 is not counted; that pause belongs to the deadline rules built on top of
  this module, not here.)

The day of receipt (or of formation) is not counted: the first day counted is the first working
day after it, and the deadline is the end of the n-th working day so counted. So
``add_working_days(received, 20)`` is the last day on which an Art. 33 reply is on time.

Official and provisional days: a year whose notice has been entered is official; any other year
is counted on the statutory holidays alone (:mod:`catalog.statutory_holidays`) and is
provisional. A calendar built with ``official_years`` knows which is which, and a date computed
over a span that touches a provisional day is itself provisional: it may move when the notice
is entered. A calendar built without ``official_years`` treats every date as official.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

_ONE_DAY = timedelta(days=1)

# A real calendar never has more than a couple of weeks without a working day; a calendar that
# goes this long without one is broken data, and searching further would never end.
MAX_CONSECUTIVE_REST_DAYS = 366 * 2


def _is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def _weekdays_between(start: date, end: date) -> int:
    """Number of Monday-to-Friday dates d with start < d <= end (0 if end <= start)."""
    span = (end - start).days
    if span <= 0:
        return 0
    full_weeks, rest = divmod(span, 7)
    first = start.weekday() + 1  # weekday index of start + 1 day, before wrapping
    return full_weeks * 5 + sum(1 for offset in range(rest) if (first + offset) % 7 < 5)


def _count_in(sorted_days: tuple[date, ...], start: date, end: date) -> int:
    """Number of dates d in ``sorted_days`` with start < d <= end."""
    return bisect_right(sorted_days, end) - bisect_right(sorted_days, start)


@dataclass(frozen=True)
class WorkCalendar:
    """Statutory rest days and make-up working days; every other date follows the week.

    ``holidays`` are rest days that would otherwise be working days; weekend days inside a
    holiday block may be included too (they change nothing). ``workdays`` are make-up working
    days on weekends (调休上班). A date in both sets is contradictory data and is refused.
    """

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    # Years whose days come from an entered notice; None means every year is official.
    official_years: frozenset[int] | None = None
    # Sorted views used to count a span with two binary searches instead of a walk.
    _weekday_holidays: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _weekend_workdays: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Accept any iterable of dates but store (and hash) frozensets.
        object.__setattr__(self, "holidays", frozenset(self.holidays))
        object.__setattr__(self, "workdays", frozenset(self.workdays))
        if self.official_years is not None:
            object.__setattr__(self, "official_years", frozenset(self.official_years))
        both = self.holidays & self.workdays
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"dates cannot be both rest days and make-up working days: {listed}")
        weekday_holidays = sorted(d for d in self.holidays if not _is_weekend(d))
        weekend_workdays = sorted(d for d in self.workdays if _is_weekend(d))
        object.__setattr__(self, "_weekday_holidays", tuple(weekday_holidays))
        object.__setattr__(self, "_weekend_workdays", tuple(weekend_workdays))

    @classmethod
    def from_days(
        cls,
        holidays: Iterable[date],
        workdays: Iterable[date],
        official_years: Iterable[int] | None = None,
    ) -> WorkCalendar:
        """Build a calendar from any iterables of rest days and make-up working days."""
        return cls(
            holidays=frozenset(holidays),
            workdays=frozenset(workdays),
            official_years=None if official_years is None else frozenset(official_years),
        )

    def is_provisional(self, day: date) -> bool:
        """True when ``day`` lies in a year whose official arrangement is not known."""
        return self.official_years is not None and day.year not in self.official_years

    def touches_provisional(self, start: date, end: date | None) -> bool:
        """True when a date in the span (start, end] is provisional (False for an empty span).

        A deadline counted from ``start`` to ``end`` is provisional exactly when this is true:
        the days after ``start`` decide it, ``start`` itself is never counted.
        """
        if self.official_years is None or end is None or end <= start:
            return False
        first_year = (start + _ONE_DAY).year
        return any(year not in self.official_years for year in range(first_year, end.year + 1))

    def is_working_day(self, day: date) -> bool:
        """A weekday that is not a rest day, or a declared make-up working day (调休上班)."""
        if day in self.workdays:
            return True
        return not _is_weekend(day) and day not in self.holidays

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def add_working_days(self, start: date, n: int) -> date:
        """The date of the n-th working day after ``start``; ``start`` itself is never counted.

        This is the 条例 convention (Art. 26, 30, 33): the day of receipt or formation is not
        counted and the deadline is the end of the returned day. ``n == 0`` returns ``start``.
        Raises ValueError for negative ``n``, and when the calendar has no working day within
        ``MAX_CONSECUTIVE_REST_DAYS`` consecutive days (broken data, e.g. every day a holiday).
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        day = start
        remaining = n
        rest_run = 0
        while remaining:
            day += _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
                rest_run = 0
            else:
                rest_run += 1
                if rest_run >= MAX_CONSECUTIVE_REST_DAYS:
                    raise ValueError(
                        f"no working day in the {MAX_CONSECUTIVE_REST_DAYS} days after "
                        f"{(day - timedelta(days=rest_run)).isoformat()}: the calendar is broken"
                    )
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days d with start < d <= end (0 if end <= start).

        The inverse of :meth:`add_working_days`: ``add_working_days(s, n) == e`` implies
        ``working_days_between(s, e) == n``; so ``working_days_between(received, today)`` is how
        many of the 20 working days of Art. 33 have been used up by the end of ``today``.
        """
        if end <= start:
            return 0
        # Counted arithmetically (not day by day): cheap for any span, and an independent check
        # on add_working_days in the tests.
        return (
            _weekdays_between(start, end)
            - _count_in(self._weekday_holidays, start, end)
            + _count_in(self._weekend_workdays, start, end)
        )
