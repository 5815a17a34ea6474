"""The provisional calendar: statutory holidays under the 2024 放假办法, cross-checked.

The lunisolar dates come from `holidays`; `borax` (an independent implementation) checks them
for every year the portal can meet, and the official notices of 2025-2026 check the rules.
"""

from datetime import date, timedelta

import pytest
from borax.calendars.lunardate import LunarDate, TermUtils

from catalog.holiday_notices import NOTICES
from catalog.lunisolar import LAST_KNOWN_YEAR, lunar_dates, provisional_holidays
from catalog.statutory_holidays import FIRST_YEAR, LunarDates, statutory_holidays

D = date
YEARS = range(FIRST_YEAR, LAST_KNOWN_YEAR + 1)


@pytest.mark.parametrize("year", YEARS)
def test_lunisolar_dates_agree_with_borax(year):
    lunar = lunar_dates(year)
    assert lunar.new_year == LunarDate(year, 1, 1).to_solar_date()
    assert lunar.dragon_boat == LunarDate(year, 5, 5).to_solar_date()
    assert lunar.mid_autumn == LunarDate(year, 8, 15).to_solar_date()
    assert lunar.qingming == TermUtils.nth_term_day(year, term_name="清明")


@pytest.mark.parametrize("year", YEARS)
def test_chuxi_is_the_last_day_of_the_lunar_year_by_borax(year):
    chuxi = min(d for d, name in provisional_holidays(year).items() if name == "春节")
    lunar = LunarDate.from_solar_date(chuxi.year, chuxi.month, chuxi.day)
    assert (lunar.month, lunar.leap) == (12, 0)
    assert (lunar + timedelta(days=1)).month == 1


def test_2027_by_hand():
    # 2027: 除夕 2月5日 (Fri), 初一 2月6日; 清明 4月5日; 端午 6月9日; 中秋 9月15日.
    assert provisional_holidays(2027) == {
        D(2027, 1, 1): "元旦",
        D(2027, 2, 5): "春节",
        D(2027, 2, 6): "春节",
        D(2027, 2, 7): "春节",
        D(2027, 2, 8): "春节",
        D(2027, 4, 5): "清明节",
        D(2027, 5, 1): "劳动节",
        D(2027, 5, 2): "劳动节",
        D(2027, 6, 9): "端午节",
        D(2027, 9, 15): "中秋节",
        D(2027, 10, 1): "国庆节",
        D(2027, 10, 2): "国庆节",
        D(2027, 10, 3): "国庆节",
    }


@pytest.mark.parametrize("year", YEARS)
def test_every_year_has_thirteen_holiday_days_unless_mid_autumn_meets_national_day(year):
    days = provisional_holidays(year)
    mid_autumn = lunar_dates(year).mid_autumn
    expected = 12 if D(year, 10, 1) <= mid_autumn <= D(year, 10, 3) else 13
    assert len(days) == expected
    assert all(d.year == year for d in days)


def test_mid_autumn_on_national_day_stays_one_national_day_rest_day():
    # 2028: 中秋 falls on 3 October.
    assert lunar_dates(2028).mid_autumn == D(2028, 10, 3)
    assert provisional_holidays(2028)[D(2028, 10, 3)] == "国庆节"


@pytest.mark.parametrize("notice", [n for n in NOTICES if n.year >= FIRST_YEAR], ids=str)
def test_each_statutory_holiday_lies_inside_the_official_rest_block(notice):
    for day, name in statutory_holidays(lunar_dates(notice.year)).items():
        blocks = [p for p in notice.periods if name in p.holiday_names or day in p.rest_days]
        assert any(day in p.rest_days for p in blocks), (day, name)


def test_years_before_the_2024_revision_are_refused():
    with pytest.raises(ValueError, match="2025"):
        statutory_holidays(lunar_dates(2024))


def test_a_year_beyond_the_tables_keeps_its_fixed_date_holidays():
    days = provisional_holidays(2150)  # the same for 2089 onwards
    assert set(days) == {
        D(2150, 1, 1),
        D(2150, 5, 1),
        D(2150, 5, 2),
        D(2150, 10, 1),
        D(2150, 10, 2),
        D(2150, 10, 3),
    }


def test_lunar_dates_must_lie_in_their_year():
    with pytest.raises(ValueError, match="not in 2027"):
        LunarDates(2027, D(2028, 1, 26), None, None, None)


def test_the_sources_disagree_in_2089_so_it_gets_fixed_date_holidays_only():
    assert LunarDate(2089, 8, 15).to_solar_date() == D(2089, 9, 19)
    assert len(provisional_holidays(2089)) == 6
