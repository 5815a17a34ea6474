"""Lunisolar dates from the `holidays` package, at the edge of the provisional calendar.

The package's Chinese lunisolar helper holds tables of 正月初一, 端午 and 中秋 for 1901-2100 and
computes the 清明 solar term (reliable 1901-2099). We read only those dates; its own China
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

# The years the package's tables and its 清明 approximation cover.
FIRST_KNOWN_YEAR = 1901
LAST_KNOWN_YEAR = 2099

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
