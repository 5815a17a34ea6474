"""The 公开时限 of a 标准目录 row read as a rule, and its dates on the held calendar.

Expected dates are counted by hand from the 国务院办公厅 notices (catalog.holiday_notices):
2025 国庆节、中秋节 rest 10月1日–8日 with make-up working days 9月28日 (Sunday) and 10月11日
(Saturday); 2026 春节 rest 2月15日–23日 with make-up days 2月14日 and 2月28日 (Saturdays);
2026 元旦 rest 1月1日–3日 with make-up day 1月4日 (Sunday).
"""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.holiday_notices import official_calendar
from catalog.workdays import WorkCalendar
from disclosures.directory import timelimits
from disclosures.directory.timelimits import Kind, TimeLimitError, TimeRule
from reports.obligations import rules

D = dt.date
CALENDAR = official_calendar([2025, 2026])


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("信息形成或变更之日起20个工作日内", TimeRule(Kind.EVENT, days=20, working_days=True)),
        ("信息形成或变更之日起10个工作日内", TimeRule(Kind.EVENT, days=10, working_days=True)),
        ("10个工作日内", TimeRule(Kind.EVENT, days=10, working_days=True)),
        ("自信息形成之日起十个工作日内", TimeRule(Kind.EVENT, days=10, working_days=True)),
        ("二十个工作日以内", TimeRule(Kind.EVENT, days=20, working_days=True)),
        ("自批准之日起15日内", TimeRule(Kind.EVENT, days=15)),
        ("自作出决定之日起7天内", TimeRule(Kind.EVENT, days=7)),
        ("财政部门批复后20日内", TimeRule(Kind.EVENT, days=20)),
        ("年度决算批复后20日内", TimeRule(Kind.EVENT, days=20)),
        ("公示7个工作日", TimeRule(Kind.PUBLICITY, days=7, working_days=True)),
        ("公示期为7个工作日", TimeRule(Kind.PUBLICITY, days=7, working_days=True)),
        ("公示7天", TimeRule(Kind.PUBLICITY, days=7)),
        ("公示期不少于5日", TimeRule(Kind.PUBLICITY, days=5)),
        ("常态公开", TimeRule(Kind.STANDING)),
        ("实时更新", TimeRule(Kind.STANDING)),
        ("长期公开", TimeRule(Kind.STANDING)),
        (" 长期 公开 ", TimeRule(Kind.STANDING)),
        ("每月，次月底前", TimeRule(Kind.PERIODIC, frequency="monthly", months_after=1)),
        ("按月公开，当月底前", TimeRule(Kind.PERIODIC, frequency="monthly", months_after=1, in_period=True)),
        ("每季度结束后次季度第二个月底前", TimeRule(Kind.PERIODIC, frequency="quarterly", months_after=2)),
        ("每季度，次季度首月底前", TimeRule(Kind.PERIODIC, frequency="quarterly", months_after=1)),
        ("每季度结束后1个月内", TimeRule(Kind.PERIODIC, frequency="quarterly", months_after=1)),
        ("每半年，上半年8月底前、下半年次年2月底前", TimeRule(Kind.PERIODIC, frequency="half_yearly", months_after=2)),
        ("每半年，上半年7月31日前", TimeRule(Kind.PERIODIC, frequency="half_yearly", months_after=1)),
        ("每年5月31日前", TimeRule(Kind.PERIODIC, frequency="yearly", months_after=5, in_period=True)),
        ("次年9月30日前", TimeRule(Kind.PERIODIC, frequency="yearly", months_after=9)),
        ("次年2月底前", TimeRule(Kind.PERIODIC, frequency="yearly", months_after=2)),
        ("每年1月31日前公开上一年度情况", TimeRule(Kind.PERIODIC, frequency="yearly", months_after=1)),
        ("每年1月31日前", TimeRule(Kind.PERIODIC, frequency="yearly", months_after=1, in_period=True)),
        ("每年2月29日前", TimeRule(Kind.PERIODIC, frequency="yearly", months_after=2, in_period=True)),
    ],
)  # fmt: skip
def test_accepted_time_limits_become_rules(text, rule):
    assert timelimits.parse(text) == rule


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("", "请填写公开时限"),
        ("尽快公开", "无法识别公开时限“尽快公开”"),
        ("每季度", "按季度公开的，请写明截止时间"),
        ("每月公开", "按月公开的，请写明截止时间"),
        ("每半年", "每半年公开的，请写明截止时间"),
        ("每年公开", "按年公开的，请写明截止日期"),
        ("每年3月15日前", "不是月末"),
        ("次年13月31日前", "月份“13”不正确"),
        ("0个工作日内", "天数“0”不正确"),
    ],
)
def test_unreadable_time_limits_are_refused_with_the_accepted_forms(text, hint):
    with pytest.raises(TimeLimitError) as caught:
        timelimits.parse(text)
    assert hint in str(caught.value)
    assert "可识别的公开时限写法" in str(caught.value)


def test_the_frequencies_are_those_of_the_obligation_rules():
    assert set(timelimits.PERIOD_MONTHS) == {f.value for f in rules.Frequency}
    for frequency, months in timelimits.PERIOD_MONTHS.items():
        assert rules.period_months(frequency) == months


@pytest.mark.parametrize(
    ("text", "day", "due"),
    [
        ("每年5月31日前", D(2026, 3, 2), D(2026, 5, 31)),
        ("次年9月30日前", D(2025, 7, 1), D(2026, 9, 30)),
        ("每季度结束后次季度第二个月底前", D(2026, 8, 15), D(2026, 11, 30)),
        ("每季度结束后次季度第二个月底前", D(2025, 11, 15), D(2026, 2, 28)),
        ("每半年，上半年8月底前、下半年次年2月底前", D(2025, 3, 1), D(2025, 8, 31)),
        ("每半年，上半年8月底前、下半年次年2月底前", D(2025, 9, 1), D(2026, 2, 28)),
        ("每月，次月底前", D(2026, 12, 5), D(2027, 1, 31)),
    ],
)
def test_periodic_rules_give_the_due_dates_of_the_obligation_rules(text, day, due):
    rule = timelimits.parse(text)
    assert rules.rule_error(rule.frequency, rule.months_after, rule.in_period) is None
    period = rules.period_containing(rule.frequency, day)
    assert rules.due_date(period, rule.months_after, rule.in_period) == due


@pytest.mark.parametrize(
    ("text", "formed", "due"),
    [
        # National Day 2025: 28 Sep (Sun) and 11 Oct (Sat) are worked, 1–8 Oct are not.
        ("10个工作日内", D(2025, 9, 26), D(2025, 10, 16)),
        ("5个工作日内", D(2025, 9, 30), D(2025, 10, 14)),
        ("1个工作日内", D(2025, 9, 27), D(2025, 9, 28)),
        # Spring Festival 2026: 14 and 28 Feb (Saturdays) are worked, 15–23 Feb are not.
        ("10个工作日内", D(2026, 2, 12), D(2026, 3, 4)),
        # Year boundary: 1–3 Jan 2026 rest, 4 Jan (Sunday) worked.
        ("5个工作日内", D(2025, 12, 25), D(2026, 1, 4)),
        # 4 Jan, 5–9, 12–16, 19–23, 26–29 Jan: twenty.
        ("信息形成或变更之日起20个工作日内", D(2025, 12, 31), D(2026, 1, 29)),
        # Calendar days ignore the holidays.
        ("批复后20日内", D(2025, 9, 30), D(2025, 10, 20)),
        ("自批准之日起15天内", D(2025, 12, 20), D(2026, 1, 4)),
    ],
)
def test_event_driven_due_dates_on_the_held_calendar(text, formed, due):
    result = timelimits.event_due(timelimits.parse(text), formed, CALENDAR)
    assert result.date == due
    assert result.provisional is False


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("公示7个工作日", D(2025, 9, 26), D(2025, 10, 11)),  # 26, 28, 29, 30 Sep, 9, 10, 11 Oct
        ("公示7个工作日", D(2025, 10, 1), D(2025, 10, 16)),  # a holiday start is not counted
        ("公示7个工作日", D(2026, 2, 13), D(2026, 2, 28)),  # 13, 14, 24–28 Feb
        ("公示7个工作日", D(2025, 12, 29), D(2026, 1, 7)),  # 29–31 Dec, 4 (Sunday) –7 Jan
        ("公示7天", D(2025, 10, 1), D(2025, 10, 7)),
        ("公示7天", D(2025, 12, 28), D(2026, 1, 3)),
    ],
)
def test_publicity_periods_include_their_first_day(text, start, end):
    assert timelimits.publicity_end(timelimits.parse(text), start, CALENDAR).date == end


def test_a_date_counted_into_a_year_without_a_notice_is_provisional():
    only_2025 = WorkCalendar.from_days(CALENDAR.holidays, CALENDAR.workdays, official_years=[2025])
    both = WorkCalendar.from_days(CALENDAR.holidays, CALENDAR.workdays, official_years=[2025, 2026])
    rule = timelimits.parse("5个工作日内")
    assert timelimits.event_due(rule, D(2025, 12, 25), only_2025).provisional is True
    assert timelimits.event_due(rule, D(2025, 12, 25), both).provisional is False
    assert timelimits.event_due(rule, D(2025, 12, 1), only_2025).provisional is False
    week = timelimits.parse("公示7个工作日")
    assert timelimits.publicity_end(week, D(2025, 12, 29), only_2025).provisional is True


def test_rules_of_another_kind_have_no_event_date_or_publicity_end():
    with pytest.raises(ValueError, match="not an event-driven rule"):
        timelimits.event_due(timelimits.parse("公示7个工作日"), D(2026, 1, 5), CALENDAR)
    with pytest.raises(ValueError, match="not a publicity period"):
        timelimits.publicity_end(timelimits.parse("常态公开"), D(2026, 1, 5), CALENDAR)


@pytest.mark.django_db
def test_the_held_calendar_in_the_database_gives_the_same_national_day_dates():
    from catalog.models import CalendarDay

    held = CalendarDay.objects.work_calendar()
    rule = timelimits.parse("10个工作日内")
    assert timelimits.event_due(rule, D(2025, 9, 26), held).date == D(2025, 10, 16)
    assert timelimits.event_due(rule, D(2026, 2, 12), held).date == D(2026, 3, 4)
