"""The 国务院办公厅 holiday-arrangement notices for 2019-2026, as data.

Each year's 《国务院办公厅关于YYYY年部分节假日安排的通知》 lists, per holiday, the rest days
(放假) and the weekend days worked in exchange (调休上班). The statutory holidays themselves are
set by 《全国年节及纪念日放假办法》; its revision by 国务院令第795号 (2024-11-10, in force
2025-01-01) added one day to 春节 (农历除夕 is now a holiday) and one to 劳动节 (5 May 2), so
from 2025 春节 is normally 8 days from 除夕 and 劳动节 5 days.

Two notices were changed after publication, and the periods below hold the dates actually in
force (the originals are noted beside them):

* 2019 劳动节: 国办发明电〔2019〕3号 extended it from 1 May alone to 1-4 May, with 28 April and
  5 May (Sundays) worked.
* 2020 春节: 国办发明电〔2020〕1号 extended it to 2 February (正月初九) for epidemic control;
  offices reopened on Monday 3 February, so Saturday 1 February was no longer worked.

``rest_days`` is the whole consecutive block of a holiday as the notice states it, including the
weekend days it runs into (“与周末连休”), even when they fall in the previous December. When a
notice merges two holidays into one block (国庆节、中秋节), that block is one period whose name
joins both, in the notice's order. These dates drive statutory deadlines: change them only from
the notice itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from catalog.workdays import WorkCalendar

HOLIDAY_NAMES = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
NAME_SEPARATOR = "、"


@dataclass(frozen=True)
class HolidayPeriod:
    """One holiday's rest block and the weekend days worked for it, as a notice sets them."""

    year: int
    name: str
    rest_days: tuple[date, ...]
    makeup_workdays: tuple[date, ...]

    @property
    def holiday_names(self) -> tuple[str, ...]:
        """The statutory holidays this block covers (two when a notice merges them)."""
        return tuple(self.name.split(NAME_SEPARATOR))


@dataclass(frozen=True)
class Amendment:
    """A later notice that changed part of a year's arrangement (already applied to periods)."""

    number: str
    title: str
    issued: date
    change: str


@dataclass(frozen=True)
class Notice:
    """A year's 部分节假日安排 notice with its periods (as in force, amendments applied)."""

    year: int
    number: str
    title: str
    periods: tuple[HolidayPeriod, ...]
    issued: date | None = None
    amendments: tuple[Amendment, ...] = ()

    @property
    def rest_days(self) -> frozenset[date]:
        return frozenset(d for p in self.periods for d in p.rest_days)

    @property
    def makeup_workdays(self) -> frozenset[date]:
        return frozenset(d for p in self.periods for d in p.makeup_workdays)


def _period(year: int, name: str, first: date, last: date, *makeup: date) -> HolidayPeriod:
    days = tuple(first + timedelta(days=i) for i in range((last - first).days + 1))
    return HolidayPeriod(year=year, name=name, rest_days=days, makeup_workdays=tuple(makeup))


def _title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


D = date

NOTICES: tuple[Notice, ...] = (
    Notice(
        year=2019,
        number="国办发明电〔2018〕15号",
        title=_title(2019),
        issued=D(2018, 12, 4),
        periods=(
            _period(2019, "元旦", D(2018, 12, 30), D(2019, 1, 1), D(2018, 12, 29)),
            _period(2019, "春节", D(2019, 2, 4), D(2019, 2, 10), D(2019, 2, 2), D(2019, 2, 3)),
            # 4月5日放假，与周末连休.
            _period(2019, "清明节", D(2019, 4, 5), D(2019, 4, 7)),
            # Originally “5月1日放假” (one day); amended by 国办发明电〔2019〕3号.
            _period(2019, "劳动节", D(2019, 5, 1), D(2019, 5, 4), D(2019, 4, 28), D(2019, 5, 5)),
            # 6月7日放假，与周末连休.
            _period(2019, "端午节", D(2019, 6, 7), D(2019, 6, 9)),
            # 9月13日放假，与周末连休.
            _period(2019, "中秋节", D(2019, 9, 13), D(2019, 9, 15)),
            _period(
                2019, "国庆节", D(2019, 10, 1), D(2019, 10, 7), D(2019, 9, 29), D(2019, 10, 12)
            ),
        ),
        amendments=(
            Amendment(
                number="国办发明电〔2019〕3号",
                title="国务院办公厅关于调整2019年劳动节假期安排的通知",
                issued=D(2019, 3, 22),
                change="劳动节 1-4 May instead of 1 May only; Sundays 28 April and 5 May worked.",
            ),
        ),
    ),
    Notice(
        year=2020,
        number="国办发明电〔2019〕16号",
        title=_title(2020),
        issued=D(2019, 11, 21),
        periods=(
            _period(2020, "元旦", D(2020, 1, 1), D(2020, 1, 1)),
            # Originally 1月24日至30日, with 1月19日 (Sun) and 2月1日 (Sat) worked; extended to
            # 2月2日 by 国办发明电〔2020〕1号, which also cancelled the Saturday 2月1日 make-up day.
            _period(2020, "春节", D(2020, 1, 24), D(2020, 2, 2), D(2020, 1, 19)),
            _period(2020, "清明节", D(2020, 4, 4), D(2020, 4, 6)),
            _period(2020, "劳动节", D(2020, 5, 1), D(2020, 5, 5), D(2020, 4, 26), D(2020, 5, 9)),
            _period(2020, "端午节", D(2020, 6, 25), D(2020, 6, 27), D(2020, 6, 28)),
            _period(
                2020,
                "国庆节、中秋节",
                D(2020, 10, 1),
                D(2020, 10, 8),
                D(2020, 9, 27),
                D(2020, 10, 10),
            ),
        ),
        amendments=(
            Amendment(
                number="国办发明电〔2020〕1号",
                title="国务院办公厅关于延长2020年春节假期的通知",
                issued=D(2020, 1, 26),
                change="春节 extended to Sunday 2 February; work resumed Monday 3 February.",
            ),
        ),
    ),
    Notice(
        year=2021,
        number="国办发明电〔2020〕27号",
        title=_title(2021),
        issued=D(2020, 11, 25),
        periods=(
            _period(2021, "元旦", D(2021, 1, 1), D(2021, 1, 3)),
            _period(2021, "春节", D(2021, 2, 11), D(2021, 2, 17), D(2021, 2, 7), D(2021, 2, 20)),
            _period(2021, "清明节", D(2021, 4, 3), D(2021, 4, 5)),
            _period(2021, "劳动节", D(2021, 5, 1), D(2021, 5, 5), D(2021, 4, 25), D(2021, 5, 8)),
            _period(2021, "端午节", D(2021, 6, 12), D(2021, 6, 14)),
            _period(2021, "中秋节", D(2021, 9, 19), D(2021, 9, 21), D(2021, 9, 18)),
            _period(2021, "国庆节", D(2021, 10, 1), D(2021, 10, 7), D(2021, 9, 26), D(2021, 10, 9)),
        ),
    ),
    Notice(
        year=2022,
        number="国办发明电〔2021〕11号",
        title=_title(2022),
        issued=D(2021, 10, 25),
        periods=(
            _period(2022, "元旦", D(2022, 1, 1), D(2022, 1, 3)),
            _period(2022, "春节", D(2022, 1, 31), D(2022, 2, 6), D(2022, 1, 29), D(2022, 1, 30)),
            _period(2022, "清明节", D(2022, 4, 3), D(2022, 4, 5), D(2022, 4, 2)),
            _period(2022, "劳动节", D(2022, 4, 30), D(2022, 5, 4), D(2022, 4, 24), D(2022, 5, 7)),
            _period(2022, "端午节", D(2022, 6, 3), D(2022, 6, 5)),
            _period(2022, "中秋节", D(2022, 9, 10), D(2022, 9, 12)),
            _period(2022, "国庆节", D(2022, 10, 1), D(2022, 10, 7), D(2022, 10, 8), D(2022, 10, 9)),
        ),
    ),
    Notice(
        year=2023,
        number="国办发明电〔2022〕16号",
        title=_title(2023),
        issued=D(2022, 12, 8),
        periods=(
            _period(2023, "元旦", D(2022, 12, 31), D(2023, 1, 2)),
            _period(2023, "春节", D(2023, 1, 21), D(2023, 1, 27), D(2023, 1, 28), D(2023, 1, 29)),
            # 4月5日 (Wednesday) 放假，共1天.
            _period(2023, "清明节", D(2023, 4, 5), D(2023, 4, 5)),
            _period(2023, "劳动节", D(2023, 4, 29), D(2023, 5, 3), D(2023, 4, 23), D(2023, 5, 6)),
            _period(2023, "端午节", D(2023, 6, 22), D(2023, 6, 24), D(2023, 6, 25)),
            _period(
                2023,
                "中秋节、国庆节",
                D(2023, 9, 29),
                D(2023, 10, 6),
                D(2023, 10, 7),
                D(2023, 10, 8),
            ),
        ),
    ),
    Notice(
        year=2024,
        number="国办发明电〔2023〕7号",
        title=_title(2024),
        issued=D(2023, 10, 25),
        periods=(
            # 1月1日放假，与周末连休.
            _period(2024, "元旦", D(2023, 12, 30), D(2024, 1, 1)),
            # 除夕 (2月9日, Friday) was not yet a holiday: the notice only encouraged leave.
            _period(2024, "春节", D(2024, 2, 10), D(2024, 2, 17), D(2024, 2, 4), D(2024, 2, 18)),
            _period(2024, "清明节", D(2024, 4, 4), D(2024, 4, 6), D(2024, 4, 7)),
            _period(2024, "劳动节", D(2024, 5, 1), D(2024, 5, 5), D(2024, 4, 28), D(2024, 5, 11)),
            # 6月10日放假，与周末连休.
            _period(2024, "端午节", D(2024, 6, 8), D(2024, 6, 10)),
            _period(2024, "中秋节", D(2024, 9, 15), D(2024, 9, 17), D(2024, 9, 14)),
            _period(
                2024, "国庆节", D(2024, 10, 1), D(2024, 10, 7), D(2024, 9, 29), D(2024, 10, 12)
            ),
        ),
    ),
    Notice(
        year=2025,
        number="国办发明电〔2024〕12号",
        title=_title(2025),
        issued=D(2024, 11, 12),
        periods=(
            # 1月1日 (Wednesday) 放假1天，不调休.
            _period(2025, "元旦", D(2025, 1, 1), D(2025, 1, 1)),
            # First year under the revised 放假办法: from 除夕 (1月28日), 8 days.
            _period(2025, "春节", D(2025, 1, 28), D(2025, 2, 4), D(2025, 1, 26), D(2025, 2, 8)),
            _period(2025, "清明节", D(2025, 4, 4), D(2025, 4, 6)),
            _period(2025, "劳动节", D(2025, 5, 1), D(2025, 5, 5), D(2025, 4, 27)),
            _period(2025, "端午节", D(2025, 5, 31), D(2025, 6, 2)),
            _period(
                2025,
                "国庆节、中秋节",
                D(2025, 10, 1),
                D(2025, 10, 8),
                D(2025, 9, 28),
                D(2025, 10, 11),
            ),
        ),
    ),
    Notice(
        year=2026,
        number="国办发明电〔2025〕7号",
        title=_title(2026),
        issued=D(2025, 11, 4),
        periods=(
            _period(2026, "元旦", D(2026, 1, 1), D(2026, 1, 3), D(2026, 1, 4)),
            # 2月15日 (腊月二十八) to 23日 (正月初七), 9 days.
            _period(2026, "春节", D(2026, 2, 15), D(2026, 2, 23), D(2026, 2, 14), D(2026, 2, 28)),
            _period(2026, "清明节", D(2026, 4, 4), D(2026, 4, 6)),
            _period(2026, "劳动节", D(2026, 5, 1), D(2026, 5, 5), D(2026, 5, 9)),
            _period(2026, "端午节", D(2026, 6, 19), D(2026, 6, 21)),
            _period(2026, "中秋节", D(2026, 9, 25), D(2026, 9, 27)),
            _period(
                2026, "国庆节", D(2026, 10, 1), D(2026, 10, 7), D(2026, 9, 20), D(2026, 10, 10)
            ),
        ),
    ),
)

del D


def official_calendar(years: Iterable[int] | None = None) -> WorkCalendar:
    """The working-day calendar of the notices for ``years`` (all of NOTICES when None).

    A notice's periods can reach into the previous December (元旦); those dates come with the
    notice's year, as the notice published them.
    """
    wanted = None if years is None else set(years)
    notices = [n for n in NOTICES if wanted is None or n.year in wanted]
    return WorkCalendar.from_days(
        holidays=(d for n in notices for d in n.rest_days),
        workdays=(d for n in notices for d in n.makeup_workdays),
    )
