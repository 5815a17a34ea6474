"""The quarterly 例行新闻发布会 obligation as pure rules (Hohhot 民政局 2018 要点（五）: one
press conference per quarter).

A quarter is ``done`` once one press conference was held in it (its start lies in the quarter
and has passed), ``overdue`` when it ended without one, ``open`` while it runs or lies ahead.
"""

from __future__ import annotations

import datetime as dt
import enum


class QuarterState(enum.StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    OPEN = "open"


STATE_LABELS = {
    QuarterState.DONE: "已召开",
    QuarterState.OVERDUE: "逾期未召开",
    QuarterState.OPEN: "待召开",
}


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``quarter`` (1-4) of ``year``."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, not {quarter!r}")
    first = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, following - dt.timedelta(days=1)


def quarter_state(*, year: int, quarter: int, held: int, today: dt.date) -> QuarterState:
    """done with one held; overdue once the quarter's last day has passed without; else open."""
    if held > 0:
        return QuarterState.DONE
    _, last = quarter_bounds(year, quarter)
    return QuarterState.OVERDUE if today > last else QuarterState.OPEN
