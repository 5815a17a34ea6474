"""The statistics table as rows of text, the same for the page and its CSV (pure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from interaction.statistics.figures import Figures, MonthFigures, Table, format_days, format_rate

PARTIAL_NOTE = "（本月截至今日）"


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[Figures], str | int]


COLUMNS = [
    Column("来信数", lambda f: f.received),
    Column("其中：重复来信", lambda f: f.merged),
    Column("其中：无效来信", lambda f: f.abusive),
    Column("受理数", lambda f: f.accepted),
    Column("不予受理数", lambda f: f.rejected),
    Column("答复数", lambda f: f.answered),
    Column("答复率", lambda f: format_rate(f.answer_rate)),
    Column("按时答复数", lambda f: f.answered_on_time),
    Column("逾期未答复数", lambda f: f.overdue_open),
    Column("按时办结率", lambda f: format_rate(f.on_time_rate)),
    Column("答复用时中位数（工作日）", lambda f: format_days(f.median_days)),
    Column("满意", lambda f: f.satisfied),
    Column("基本满意", lambda f: f.basically_satisfied),
    Column("不满意", lambda f: f.dissatisfied),
    Column("满意率", lambda f: format_rate(f.satisfaction_rate)),
]

# The shorter table of the organisations, side by side for one year.
ORGANISATION_COLUMNS = [
    c
    for c in COLUMNS
    if c.heading
    in {"来信数", "受理数", "答复数", "答复率", "按时办结率", "答复用时中位数（工作日）", "满意率"}
]


def headings(first: str, columns=COLUMNS) -> list[str]:
    return [first, *(c.heading for c in columns)]


def cells(figures: Figures, columns=COLUMNS) -> list[str | int]:
    return [c.value(figures) for c in columns]


def month_label(line: MonthFigures) -> str:
    return line.month.label + (PARTIAL_NOTE if line.figures.partial else "")


def month_rows(table: Table) -> list[list[str | int]]:
    """One row per month, then the total (合计), first cell the label."""
    rows = [[month_label(line), *cells(line.figures)] for line in table.months]
    rows.append(["合计", *cells(table.total)])
    return rows
