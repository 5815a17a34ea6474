"""Sanity of the holiday-notice data, and a date-by-date cross-check with chinesecalendar."""

import itertools
import re
from datetime import date, timedelta

import pytest

from catalog.holiday_notices import HOLIDAY_NAMES, NOTICES, Notice, official_calendar

D = date
YEARS = range(2019, 2027)
BY_YEAR = {n.year: n for n in NOTICES}
ALL_PERIODS = [p for n in NOTICES for p in n.periods]


def _period_of(notice: Notice, name: str):
    (period,) = [p for p in notice.periods if name in p.holiday_names]
    return period


def test_each_year_from_2019_to_2026_has_exactly_one_notice():
    assert sorted(n.year for n in NOTICES) == list(YEARS)


@pytest.mark.parametrize("notice", NOTICES, ids=lambda n: str(n.year))
def test_notice_number_and_title_are_well_formed(notice):
    match = re.fullmatch(r"国办发明电〔(\d{4})〕(\d+)号", notice.number)
    assert match, notice.number
    # Each notice is issued in the autumn or winter of the year before.
    assert int(match.group(1)) == notice.year - 1
    assert notice.issued is not None
    assert notice.issued.year == notice.year - 1
    assert notice.title == f"国务院办公厅关于{notice.year}年部分节假日安排的通知"
    for amendment in notice.amendments:
        assert re.fullmatch(r"国办发明电〔\d{4}〕\d+号", amendment.number)
        assert amendment.issued > notice.issued


def test_notice_numbers_are_the_published_ones():
    assert {n.year: n.number for n in NOTICES} == {
        2019: "国办发明电〔2018〕15号",
        2020: "国办发明电〔2019〕16号",
        2021: "国办发明电〔2020〕27号",
        2022: "国办发明电〔2021〕11号",
        2023: "国办发明电〔2022〕16号",
        2024: "国办发明电〔2023〕7号",
        2025: "国办发明电〔2024〕12号",
        2026: "国办发明电〔2025〕7号",
    }
    assert [a.number for a in BY_YEAR[2019].amendments] == ["国办发明电〔2019〕3号"]
    assert [a.number for a in BY_YEAR[2020].amendments] == ["国办发明电〔2020〕1号"]


@pytest.mark.parametrize("notice", NOTICES, ids=lambda n: str(n.year))
def test_each_year_covers_the_seven_statutory_holidays_once(notice):
    names = [name for p in notice.periods for name in p.holiday_names]
    assert sorted(names) == sorted(HOLIDAY_NAMES)
    assert all(p.year == notice.year for p in notice.periods)


@pytest.mark.parametrize("period", ALL_PERIODS, ids=lambda p: f"{p.year}-{p.name}")
def test_rest_days_of_a_period_are_consecutive_and_sorted(period):
    days = period.rest_days
    assert days
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(days))


@pytest.mark.parametrize("period", ALL_PERIODS, ids=lambda p: f"{p.year}-{p.name}")
def test_period_dates_lie_in_the_notice_year_or_the_december_before(period):
    for day in (*period.rest_days, *period.makeup_workdays):
        assert day.year == period.year or (day.year == period.year - 1 and day.month == 12)


@pytest.mark.parametrize("period", ALL_PERIODS, ids=lambda p: f"{p.year}-{p.name}")
def test_makeup_days_are_weekend_days_close_to_their_block(period):
    first, last = period.rest_days[0], period.rest_days[-1]
    for day in period.makeup_workdays:
        assert day.weekday() >= 5, day
        assert day not in period.rest_days
        assert first - timedelta(days=14) <= day <= last + timedelta(days=14), day


def test_no_date_is_both_a_rest_day_and_a_makeup_day():
    rest = [d for p in ALL_PERIODS for d in p.rest_days]
    makeup = [d for p in ALL_PERIODS for d in p.makeup_workdays]
    assert len(rest) == len(set(rest)), "a rest day listed twice"
    assert len(makeup) == len(set(makeup)), "a makeup day listed twice"
    assert not set(rest) & set(makeup)


# The statutory days of 《全国年节及纪念日放假办法》 must each lie in the period named for them.
# Lunar dates (正月初一, 清明, 端午, 中秋) are taken from the published almanac.
LUNAR_NEW_YEAR = {
    2019: D(2019, 2, 5),
    2020: D(2020, 1, 25),
    2021: D(2021, 2, 12),
    2022: D(2022, 2, 1),
    2023: D(2023, 1, 22),
    2024: D(2024, 2, 10),
    2025: D(2025, 1, 29),
    2026: D(2026, 2, 17),
}
QINGMING = {
    2019: D(2019, 4, 5),
    2020: D(2020, 4, 4),
    2021: D(2021, 4, 4),
    2022: D(2022, 4, 5),
    2023: D(2023, 4, 5),
    2024: D(2024, 4, 4),
    2025: D(2025, 4, 4),
    2026: D(2026, 4, 5),
}
DUANWU = {
    2019: D(2019, 6, 7),
    2020: D(2020, 6, 25),
    2021: D(2021, 6, 14),
    2022: D(2022, 6, 3),
    2023: D(2023, 6, 22),
    2024: D(2024, 6, 10),
    2025: D(2025, 5, 31),
    2026: D(2026, 6, 19),
}
ZHONGQIU = {
    2019: D(2019, 9, 13),
    2020: D(2020, 10, 1),
    2021: D(2021, 9, 21),
    2022: D(2022, 9, 10),
    2023: D(2023, 9, 29),
    2024: D(2024, 9, 17),
    2025: D(2025, 10, 6),
    2026: D(2026, 9, 25),
}


@pytest.mark.parametrize("year", YEARS)
def test_statutory_days_lie_in_their_periods(year):
    notice = BY_YEAR[year]
    new_year = LUNAR_NEW_YEAR[year]
    expected = {
        "元旦": [D(year, 1, 1)],
        "春节": [new_year + timedelta(days=i) for i in range(3)],  # 正月初一 to 初三
        "清明节": [QINGMING[year]],
        "劳动节": [D(year, 5, 1)],
        "端午节": [DUANWU[year]],
        "中秋节": [ZHONGQIU[year]],
        "国庆节": [D(year, 10, 1), D(year, 10, 2), D(year, 10, 3)],
    }
    if year >= 2025:  # 国务院令第795号: 除夕 and 5月2日 became statutory holidays
        expected["春节"].append(new_year - timedelta(days=1))
        expected["劳动节"].append(D(year, 5, 2))
    for name, days in expected.items():
        period = _period_of(notice, name)
        for day in days:
            assert day in period.rest_days, (name, day)


def test_2025_revision_made_new_years_eve_a_holiday():
    assert D(2024, 2, 9) not in BY_YEAR[2024].rest_days  # 除夕 2024 was a Friday worked
    assert D(2025, 1, 28) in _period_of(BY_YEAR[2025], "春节").rest_days
    assert D(2026, 2, 16) in _period_of(BY_YEAR[2026], "春节").rest_days
    assert len(_period_of(BY_YEAR[2025], "春节").rest_days) == 8


def test_2020_spring_festival_is_the_extended_one():
    spring = _period_of(BY_YEAR[2020], "春节")
    assert spring.rest_days[0] == D(2020, 1, 24)
    assert spring.rest_days[-1] == D(2020, 2, 2)  # extended from 01-30 by 国办发明电〔2020〕1号
    assert spring.makeup_workdays == (D(2020, 1, 19),)  # Sat 02-01 no longer worked


def test_2019_labour_day_is_the_adjusted_one():
    labour = _period_of(BY_YEAR[2019], "劳动节")
    assert labour.rest_days == (D(2019, 5, 1), D(2019, 5, 2), D(2019, 5, 3), D(2019, 5, 4))
    assert labour.makeup_workdays == (D(2019, 4, 28), D(2019, 5, 5))


def test_official_calendar_holds_every_notice_date():
    cal = official_calendar()
    for notice in NOTICES:
        assert notice.rest_days <= cal.holidays
        assert notice.makeup_workdays <= cal.workdays
    assert official_calendar(YEARS) == cal


# --- cross-check with the chinesecalendar package ---------------------------------------------

# chinesecalendar's English holiday names.
_CC_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
}


def test_every_date_agrees_with_chinesecalendar():
    """Compare every date the notices cover with chinesecalendar, an independent transcription.

    Only working/rest status is compared on weekend days: for a “与周末连休” block the package
    names some weekend days after the holiday (2019 清明节) and not others (2024 端午节: only
    06-10 is named), which changes no working day.
    """
    cc = pytest.importorskip("chinese_calendar")
    cal = official_calendar()
    first = min(d for n in NOTICES for d in (*n.rest_days, *n.makeup_workdays))
    period_of_day = {d: p for p in ALL_PERIODS for d in p.rest_days}
    makeup = {d for p in ALL_PERIODS for d in p.makeup_workdays}
    disagreements = []
    day = first
    while day <= D(2026, 12, 31):
        ours_working = cal.is_working_day(day)
        if ours_working != cc.is_workday(day) or ours_working == cc.is_holiday(day):
            disagreements.append((day, "working" if ours_working else "rest"))
        weekend = day.weekday() >= 5
        if weekend and (day in makeup) != cc.is_workday(day):
            disagreements.append((day, "makeup"))
        if not weekend and day in period_of_day:
            is_holiday, name = cc.get_holiday_detail(day)
            if not is_holiday or _CC_NAMES.get(name) not in period_of_day[day].holiday_names:
                disagreements.append((day, f"name {period_of_day[day].name} vs {name}"))
        day += timedelta(days=1)
    assert disagreements == []
