"""How long a draft must be open for public comment (意见征集期限), by the kind of draft (pure).

The minimum windows, from the rules that bind the drafting organisation:

* 规章草案: 《规章制定程序条例》第十六条 — 征求意见的期限一般不少于30日.
* 重大行政决策: 《重大行政决策程序暂行条例》第十五条 — 征求意见期限一般不少于30日.
* 行政规范性文件 affecting rights and duties: 国办发〔2018〕37号《关于加强行政规范性文件制定和
  监督管理工作的通知》 — 征求意见时间一般不少于7个工作日.
* The same concerning market actors: 《优化营商环境条例》第六十二条 — 涉及市场主体权利义务的
  行政规范性文件 … 征求意见的时间一般不少于30日.
* 其他: 30 days by default (the portal's rule, the most common statutory length).

"一般不少于" allows a shorter window for a stated reason (e.g. 紧急情况); the reason (缩短理由)
is recorded and shown with the notice, and only then is a shorter window accepted.

Counting convention: the start date and the end date are both counted (inclusive); a comment is
accepted on every day from the start date to the end date. A window of 30 days therefore ends
on ``start + 29 days``; a window of 7 working days ends on the 7th working day counted from the
start date itself (the start date counts when it is a working day). Working days come from the
portal's calendar (catalog.workdays.WorkCalendar); when a day of the count lies in a year whose
holiday notice is not entered yet, the earliest end date is provisional.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from catalog.workdays import WorkCalendar


class DraftKind(enum.StrEnum):
    RULES = "rules"
    MAJOR_DECISION = "major_decision"
    NORMATIVE = "normative"
    NORMATIVE_MARKET = "normative_market"
    OTHER = "other"


DRAFT_KIND_LABELS = {
    DraftKind.RULES: "规章草案",
    DraftKind.MAJOR_DECISION: "重大行政决策",
    DraftKind.NORMATIVE: "行政规范性文件（涉及公民、法人和其他组织权利义务）",
    DraftKind.NORMATIVE_MARKET: "行政规范性文件（涉及市场主体权利义务）",
    DraftKind.OTHER: "其他",
}


@dataclass(frozen=True)
class Minimum:
    days: int
    working: bool  # True: working days on the calendar; False: calendar days
    basis: str

    @property
    def label(self) -> str:
        return f"{self.days}个工作日" if self.working else f"{self.days}日"


MINIMUMS: dict[DraftKind, Minimum] = {
    DraftKind.RULES: Minimum(30, False, "《规章制定程序条例》第十六条"),
    DraftKind.MAJOR_DECISION: Minimum(30, False, "《重大行政决策程序暂行条例》第十五条"),
    DraftKind.NORMATIVE: Minimum(
        7, True, "《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》"
    ),
    DraftKind.NORMATIVE_MARKET: Minimum(30, False, "《优化营商环境条例》第六十二条"),
    DraftKind.OTHER: Minimum(30, False, "本网站意见征集的一般期限"),
}

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WindowCheck:
    kind: DraftKind
    start: date
    end: date
    minimum: Minimum
    earliest_end: date  # the first end date that meets the minimum
    length: int  # days counted (calendar or working, as the minimum counts)
    provisional: bool  # the earliest end date was counted over a provisional year

    @property
    def meets_minimum(self) -> bool:
        return self.end >= self.earliest_end

    def refusal(self) -> str:
        """The message shown when the window is too short and no reason was recorded."""
        unit = "个工作日" if self.minimum.working else "日"
        text = (
            f"{DRAFT_KIND_LABELS[self.kind]}的征求意见期限不少于{self.minimum.label}"
            f"（{self.minimum.basis}，起止日期均计入），现为{self.length}{unit}；"
            f"最早可于{chinese_date(self.earliest_end)}截止。"
        )
        if self.provisional:
            text += f"该日期按{self.earliest_end.year}年法定节假日暂估，国务院办公厅放假安排公布后可能调整。"
        return text + "如确需缩短，请填写缩短理由。"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def working_days_between(start: date, end: date, calendar: WorkCalendar) -> int:
    """Working days d with start <= d <= end (both inclusive); 0 when end < start."""
    count, day = 0, start
    while day <= end:
        count += calendar.is_working_day(day)
        day += _ONE_DAY
    return count


def earliest_end(kind: DraftKind, start: date, calendar: WorkCalendar) -> date:
    """The first end date on which a window starting on ``start`` meets the minimum."""
    minimum = MINIMUMS[DraftKind(kind)]
    if minimum.working:
        return calendar.add_working_days(start - _ONE_DAY, minimum.days)
    return start + timedelta(days=minimum.days - 1)


def check_window(kind: str, start: date, end: date, calendar: WorkCalendar) -> WindowCheck:
    """The window ``start``..``end`` (both inclusive) measured against the kind's minimum."""
    if end < start:
        raise ValueError("截止日期不能早于开始日期。")
    kind = DraftKind(kind)
    minimum = MINIMUMS[kind]
    last = earliest_end(kind, start, calendar)
    if minimum.working:
        length = working_days_between(start, end, calendar)
        provisional = calendar.touches_provisional(start - _ONE_DAY, max(last, end))
    else:
        length = (end - start).days + 1
        provisional = False
    return WindowCheck(kind, start, end, minimum, last, length, provisional)
