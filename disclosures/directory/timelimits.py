"""The 公开时限 of a 标准目录 row, read as a rule the portal can apply (pure: no ORM or clock).

Counties write the time limit in a handful of set phrases (国办发〔2019〕54号 standard
catalogues; domain notes, interaction-and-supervision.md). Four kinds are understood:

* event-driven (``EVENT``): “信息形成或变更之日起20个工作日内”, “10个工作日内”,
  “部门预算批复后20日内”, “自批准之日起15天内”. Due on the N-th working day after the day the
  information is formed (that day not counted, 条例 Art. 26; catalog.workdays), or N calendar
  days after it when the text says 日/天;
* periodic (``PERIODIC``): monthly, quarterly, half-yearly or yearly, due on a month's last
  day. Mapped onto the semantics of reports.obligations.rules (frequency, months_after,
  due_in_period): “每季度结束后次季度第二个月底前” is (quarterly, 2), “每半年，上半年8月底前、
  下半年次年2月底前” is (half_yearly, 2), “次年9月30日前” is (yearly, 9), “每年5月31日前”
  is (yearly, 5, within the period). “每年1月31日前公开上一年度…” names the past year and is
  (yearly, 1) after the period;
* publicity period (``PUBLICITY``): “公示7个工作日”, “公示期7天”: the 公示 lasts N working days
  (or N calendar days), its first day included;
* standing (``STANDING``): “常态公开”, “实时更新”, “长期公开”: no deadline.

Anything else is refused with ``TimeLimitError``, whose message lists the accepted forms.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from catalog.workdays import WorkCalendar

# The values of reports.obligations.rules.Frequency (a test holds them equal; disclosures
# sits below reports and cannot import it).
MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = "monthly", "quarterly", "half_yearly", "yearly"
PERIOD_MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}
FREQUENCY_LABELS = {MONTHLY: "每月", QUARTERLY: "每季度", HALF_YEARLY: "每半年", YEARLY: "每年"}

ACCEPTED_FORMS = (
    "可识别的公开时限写法：①“信息形成或变更之日起20个工作日内”“10个工作日内”“批复后20日内”；"
    "②“每月，次月底前”“每季度结束后次季度第二个月底前”“每半年，上半年8月底前、下半年次年2月底前”"
    "“每年5月31日前”“次年9月30日前”；③“公示7个工作日”“公示7天”；④“常态公开”“实时更新”“长期公开”。"
)


class Kind(enum.StrEnum):
    EVENT = "event"
    PERIODIC = "periodic"
    PUBLICITY = "publicity"
    STANDING = "standing"


KIND_LABELS = {
    Kind.EVENT: "信息形成后限期公开",
    Kind.PERIODIC: "定期公开",
    Kind.PUBLICITY: "公示期",
    Kind.STANDING: "常态公开",
}


class TimeLimitError(ValueError):
    """The text is not a time limit the portal can read; the message is for staff, in Chinese."""


@dataclass(frozen=True)
class TimeRule:
    kind: Kind
    days: int = 0  # EVENT and PUBLICITY
    working_days: bool = False  # EVENT and PUBLICITY: working days (True) or calendar days
    frequency: str = ""  # PERIODIC: one of PERIOD_MONTHS
    months_after: int = 0  # PERIODIC: reports.obligations.rules semantics
    in_period: bool = False  # PERIODIC: due within the period (预算 by 31 May)

    def describe(self) -> str:
        """The rule as the portal reads it, e.g. “信息形成后20个工作日内”."""
        unit = "个工作日" if self.working_days else "日"
        if self.kind == Kind.EVENT:
            return f"信息形成或变更后{self.days}{unit}内"
        if self.kind == Kind.PUBLICITY:
            return f"公示{self.days}{unit}"
        if self.kind == Kind.STANDING:
            return "常态公开，无固定期限"
        where = "周期内" if self.in_period else "周期结束后"
        head = FREQUENCY_LABELS[self.frequency]
        return f"{head}定期公开，{where}第{self.months_after}个月底前"


_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMBER = r"(\d{1,3}|[一二两三四五六七八九十]{1,3})"


def _number(text: str) -> int:
    """Arabic digits or a Chinese numeral up to 九十九 (“十五”, “二十”, “三十”)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


def _month_end_day(month: int) -> tuple[int, ...]:
    """The days a text may name as the end of ``month`` (February: 28 or 29)."""
    return (28, 29) if month == 2 else (30,) if month in (4, 6, 9, 11) else (31,)


def _due_month(text: str, prefix: str) -> int | None:
    """The month of “<prefix>M月底前”, “<prefix>M月末前” or “<prefix>M月D日前” (D the month's end)."""
    match = re.search(prefix + r"(\d{1,2})月(?:(底|末)|(\d{1,2})日)", text)
    if match is None:
        return None
    month = int(match.group(1))
    if not 1 <= month <= 12:
        raise TimeLimitError(f"月份“{month}”不正确。")
    if match.group(3) and int(match.group(3)) not in _month_end_day(month):
        raise TimeLimitError(
            "定期公开的截止日期须为某月的最后一天（如“5月31日前”“9月30日前”），"
            f"“{month}月{match.group(3)}日”不是月末。"
        )
    return month


_STANDING = re.compile(r"常态公开|实时更新|长期公开|动态更新|及时更新")
_PUBLICITY = re.compile(r"公示(?:期)?(?:为|不少于)?" + _NUMBER + r"个?(工作日|日|天)")
_WORKING = re.compile(_NUMBER + r"个工作日(?:内|以内)")
_CALENDAR = re.compile(_NUMBER + r"(?:个自然日|日|天)(?:内|以内)")
_ORDINAL = {"首": 1, "一": 1, "二": 2, "三": 3, "1": 1, "2": 2, "3": 3}


def _periodic(text: str) -> TimeRule | None:
    if re.search(r"每月|按月|月度", text):
        if re.search(r"次月", text):
            return TimeRule(Kind.PERIODIC, frequency=MONTHLY, months_after=1)
        if re.search(r"当月", text):
            return TimeRule(Kind.PERIODIC, frequency=MONTHLY, months_after=1, in_period=True)
        raise TimeLimitError("按月公开的，请写明截止时间，如“每月，次月底前”。")
    if re.search(r"季度", text):
        match = re.search(r"次季度第?([首一二三123])个?月", text)
        if match:
            return TimeRule(
                Kind.PERIODIC, frequency=QUARTERLY, months_after=_ORDINAL[match.group(1)]
            )
        match = re.search(r"季度(?:结束)?后" + _NUMBER + r"个月内", text)
        if match:
            return TimeRule(Kind.PERIODIC, frequency=QUARTERLY, months_after=_number(match[1]))
        raise TimeLimitError("按季度公开的，请写明截止时间，如“每季度结束后次季度第二个月底前”。")
    if re.search(r"半年", text):
        month = _due_month(text, r"上半年")
        if month is not None and month > 6:
            return TimeRule(Kind.PERIODIC, frequency=HALF_YEARLY, months_after=month - 6)
        match = re.search(r"半年(?:结束)?后" + _NUMBER + r"个月内", text)
        if match:
            return TimeRule(Kind.PERIODIC, frequency=HALF_YEARLY, months_after=_number(match[1]))
        raise TimeLimitError(
            "每半年公开的，请写明截止时间，如“每半年，上半年8月底前、下半年次年2月底前”。"
        )
    next_year = _due_month(text, r"次年")
    if next_year is not None:
        return TimeRule(Kind.PERIODIC, frequency=YEARLY, months_after=next_year)
    if re.search(r"每年|按年", text):
        month = _due_month(text, r"(?:每年|当年)?")
        if month is None:
            raise TimeLimitError("按年公开的，请写明截止日期，如“每年5月31日前”“次年9月30日前”。")
        if re.search(r"上一?年|前一年|上年度", text):
            return TimeRule(Kind.PERIODIC, frequency=YEARLY, months_after=month)
        return TimeRule(Kind.PERIODIC, frequency=YEARLY, months_after=month, in_period=True)
    return None


def parse(text: str) -> TimeRule:
    """The rule written in ``text``; raises TimeLimitError with the accepted forms otherwise."""
    cleaned = re.sub(r"\s+", "", text or "")
    if not cleaned:
        raise TimeLimitError("请填写公开时限。" + ACCEPTED_FORMS)
    try:
        if _STANDING.search(cleaned):
            return TimeRule(Kind.STANDING)
        match = _PUBLICITY.search(cleaned)
        if match:
            return _counted(Kind.PUBLICITY, match[1], match[2] == "工作日")
        rule = _periodic(cleaned)
        if rule is not None:
            return rule
        match = _WORKING.search(cleaned)
        if match:
            return _counted(Kind.EVENT, match[1], True)
        match = _CALENDAR.search(cleaned)
        if match:
            return _counted(Kind.EVENT, match[1], False)
    except TimeLimitError as exc:
        raise TimeLimitError(f"{exc}{ACCEPTED_FORMS}") from None
    raise TimeLimitError(f"无法识别公开时限“{text.strip()}”。{ACCEPTED_FORMS}")


def _counted(kind: Kind, number: str, working: bool) -> TimeRule:
    days = _number(number)
    if not 1 <= days <= 366:
        raise TimeLimitError(f"天数“{days}”不正确，应在1至366之间。")
    return TimeRule(kind, days=days, working_days=working)


@dataclass(frozen=True)
class DueDate:
    date: dt.date
    provisional: bool  # counted over a year whose holiday notice is not entered yet


def event_due(rule: TimeRule, formed_on: dt.date, calendar: WorkCalendar) -> DueDate:
    """The last day to publish information formed on ``formed_on`` (that day not counted)."""
    if rule.kind != Kind.EVENT:
        raise ValueError(f"not an event-driven rule: {rule.kind}")
    if not rule.working_days:
        return DueDate(formed_on + dt.timedelta(days=rule.days), False)
    due = calendar.add_working_days(formed_on, rule.days)
    return DueDate(due, calendar.touches_provisional(formed_on, due))


def publicity_end(rule: TimeRule, start: dt.date, calendar: WorkCalendar) -> DueDate:
    """The last day of a 公示 beginning on ``start``, ``start`` counted as its first day when it
    is a working day (or, for calendar days, always)."""
    if rule.kind != Kind.PUBLICITY:
        raise ValueError(f"not a publicity period: {rule.kind}")
    before = start - dt.timedelta(days=1)
    if not rule.working_days:
        return DueDate(before + dt.timedelta(days=rule.days), False)
    end = calendar.add_working_days(before, rule.days)
    return DueDate(end, calendar.touches_provisional(before, end))
