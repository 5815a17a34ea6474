"""Lunisolar dates from the `holidays` package, at the edge of the provisional calendar.

The package's Chinese lunisolar helper holds tables of 正月初一, 端午 and 中秋 for 1901-2100 and
computes the 清明 solar term (reliable 1901-2099); we use it up to :data:`LAST_KNOWN_YEAR`. We read only those dates; its own China
holiday arrangements are not a primary source and are never used. The tests cross-check every
date against `borax` for a wide range of years.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from types import MappingProxyType

from holidays.calendars.chinese import _ChineseLunisolar

from catalog.statutory_holidays import LunarDates, statutory_holidays

# The years used: the package covers 1901-2099, and the tests find it and `borax` agreeing on
# every date from 2025 to 2088; for 2089 they differ on 中秋 (9-18 against 9-19), so later years
# get only the fixed-date holidays rather than a lunar date one source contradicts.
FIRST_KNOWN_YEAR = 1901
LAST_KNOWN_YEAR = 2088

_LUNISOLAR = _ChineseLunisolar()


@cache
def lunar_dates(year: int) -> LunarDates:
    """正月初一, 清明, 端午 and 中秋 of ``year``; all None outside the covered years."""
    if not FIRST_KNOWN_YEAR <= year <= LAST_KNOWN_YEAR:
        return LunarDates(year, None, None, None, None)
    return LunarDates(
        year=year,
        new_year=_LUNISOLAR.lunar_new_year_date(year)[0],
        qingming=_LUNISOLAR.qingming_date(year)[0],
        dragon_boat=_LUNISOLAR.dragon_boat_date(year)[0],
        mid_autumn=_LUNISOLAR.mid_autumn_date(year)[0],
    )


@cache
def provisional_holidays(year: int) -> Mapping[date, str]:
    """The statutory holidays of ``year`` under the 2024 放假办法, for a year with no notice."""
    return MappingProxyType(statutory_holidays(lunar_dates(year)))
