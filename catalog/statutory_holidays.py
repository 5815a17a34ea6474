"""The statutory holidays of a year under the 2024 放假办法, for the provisional calendar (pure).

《全国年节及纪念日放假办法》 as revised by 国务院令第795号 (2024-11-10, in force 2025-01-01),
Art. 2, holidays for all citizens (13 days):

* 元旦: 1 January (1 day);
* 春节: 农历除夕 to 正月初三 (4 days);
* 清明节: the day of the 清明 solar term (1 day);
* 劳动节: 1 and 2 May (2 days);
* 端午节: 农历五月初五 (1 day);
* 中秋节: 农历八月十五 (1 day);
* 国庆节: 1 to 3 October (3 days).

Each year the 国务院办公厅 notice turns these into rest blocks with make-up working days
(调休). Until that notice is entered, a year is counted on these days alone: no 调休 and no
连休 blocks, and a holiday falling on a weekend is not moved (the 办法 has no substitute days).
Deadlines counted over such days are provisional and say so (:data:`PROVISIONAL_NOTE`).

Pure: the lunar and solar-term dates come in as a :class:`LunarDates` value, looked up at the
edge (:mod:`catalog.lunisolar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# The first year the 2024 revision governs; earlier years follow older rules and are official.
FIRST_YEAR = 2025

PROVISIONAL_NOTE = "暂按法定节假日推算，待国务院办公厅公布放假安排后自动更新"
PROVISIONAL_MARK = "（暂按法定节假日推算）"


@dataclass(frozen=True)
class LunarDates:
    """The lunisolar dates of one Gregorian year that the 放假办法 needs (None when unknown)."""

    year: int
    new_year: date | None  # 正月初一 (春节)
    qingming: date | None  # the 清明 solar term
    dragon_boat: date | None  # 五月初五 (端午)
    mid_autumn: date | None  # 八月十五 (中秋)

    def __post_init__(self) -> None:
        for name in ("new_year", "qingming", "dragon_boat", "mid_autumn"):
            day = getattr(self, name)
            if day is not None and day.year != self.year:
                raise ValueError(f"{name} {day.isoformat()} is not in {self.year}")


def statutory_holidays(lunar: LunarDates) -> dict[date, str]:
    """The 13 statutory holidays of ``lunar.year`` under the 2024 放假办法, date -> name.

    Lunisolar holidays whose dates are unknown (``None``) are left out; the fixed-date ones are
    always there. Raises ValueError before :data:`FIRST_YEAR`, when other rules applied.
    """
    year = lunar.year
    if year < FIRST_YEAR:
        raise ValueError(f"the 2024 放假办法 governs {FIRST_YEAR} onwards, not {year}")
    days: dict[date, str] = {date(year, 1, 1): "元旦"}
    if lunar.new_year is not None:
        for offset in range(-1, 3):  # 除夕, 初一, 初二, 初三
            days[lunar.new_year + timedelta(days=offset)] = "春节"
    if lunar.qingming is not None:
        days[lunar.qingming] = "清明节"
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = "劳动节"
    if lunar.dragon_boat is not None:
        days[lunar.dragon_boat] = "端午节"
    if lunar.mid_autumn is not None:
        # 中秋 can fall on 1-3 October (2028: 3 October); the day stays one rest day either way.
        days.setdefault(lunar.mid_autumn, "中秋节")
    for day in (1, 2, 3):
        days[date(year, 10, day)] = "国庆节"
    return dict(sorted(days.items()))
