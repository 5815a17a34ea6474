"""Entering a year's 国务院办公厅 节假日安排 notice: the one write path of the official calendar.

Entering (or correcting) a notice makes its year official and replaces the provisional
statutory days of that year (catalog.statutory_holidays). The deadlines already stored on cases
are not this app's business (catalog imports no other app): the caller recomputes them in the
same transaction (requests_app.recalculation), see docs/adr/0008-provisional-calendar.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from catalog.holiday_notices import HOLIDAY_NAMES, NAME_SEPARATOR
from catalog.models import ARRANGEMENT_NUMBER_PATTERN, CalendarDay, HolidayArrangement

PERMISSION = "catalog.change_holidayarrangement"


class ArrangementError(ValueError):
    """The notice cannot be recorded as entered; the message is shown to staff as it is."""


@dataclass(frozen=True)
class ArrangementDay:
    """One day the notice lists: a rest day (放假) or a make-up working day (调休上班)."""

    date: dt.date
    kind: str  # CalendarDay.Kind
    name: str  # 元旦 … 国庆节, or two joined by 、 when the notice merges them


def title_for(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def check_header(*, year: int, number: str, issued_on: dt.date, today: dt.date) -> list[str]:
    """Problems with the notice's year, 文号 and date of issue (empty when it is consistent)."""
    errors = []
    match = re.fullmatch(ARRANGEMENT_NUMBER_PATTERN, number)
    if match is None:
        errors.append("文号格式应为“国办发明电〔2025〕7号”（六角括号、阿拉伯数字）。")
    elif int(match.group(1)) != issued_on.year:
        errors.append(f"文号中的年份（{match.group(1)}）应与印发日期的年份一致。")
    if issued_on > today:
        errors.append("印发日期不能晚于今天。")
    if issued_on.year > year:
        errors.append(f"{year}年的放假安排应在{year}年底前印发。")
    return errors


def check_days(*, year: int, days: Sequence[ArrangementDay]) -> list[str]:
    """Problems with the listed days (empty when they can be a notice of ``year``).

    A notice covers its own year, and its 元旦 block may start in the December before it.
    """
    errors = []
    if not any(d.kind == CalendarDay.Kind.HOLIDAY for d in days):
        errors.append("请至少填写一天放假日期。")
    seen: set[dt.date] = set()
    first, last = dt.date(year - 1, 12, 1), dt.date(year, 12, 31)
    for day in sorted(days, key=lambda d: d.date):
        label = f"{day.date:%Y-%m-%d}"
        if day.date in seen:
            errors.append(f"{label}重复填写。")
        seen.add(day.date)
        if not first <= day.date <= last:
            errors.append(
                f"{label}不在{year}年放假安排的范围内（{year - 1}年12月至{year}年12月）。"
            )
        if day.kind == CalendarDay.Kind.WORKDAY and day.date.weekday() < 5:
            errors.append(f"{label}不是周六或周日，不能作为调休上班日。")
        if not set(day.name.split(NAME_SEPARATOR)) <= set(HOLIDAY_NAMES):
            errors.append(f"{label}的节日名称应为{'、'.join(HOLIDAY_NAMES)}之一。")
    return errors


def check_clashes(*, year: int, days: Sequence[ArrangementDay]) -> list[str]:
    """Days already listed by another year's notice (a date belongs to one notice only)."""
    taken = (
        CalendarDay.objects.filter(date__in=[d.date for d in days], arrangement__isnull=False)
        .exclude(arrangement__year=year)
        .values_list("date", "arrangement__year")
        .order_by("date")
    )
    if not taken:
        return []
    listed = "、".join(f"{day:%Y-%m-%d}（已列入{other}年安排）" for day, other in taken)
    return [f"以下日期已属于其他年度的放假安排：{listed}。"]


@transaction.atomic
def enter_arrangement(
    *,
    actor,
    year: int,
    number: str,
    issued_on: dt.date,
    days: Iterable[ArrangementDay],
    title: str = "",
) -> HolidayArrangement:
    """Record (or correct) the notice of ``year`` with exactly the days it lists.

    The year becomes official. Days listed by another year's notice are refused; a day entered
    before without a notice is taken over. The caller recomputes stored deadlines afterwards.
    """
    if actor is None or not actor.has_perm(PERMISSION):
        raise ArrangementError("只有平台管理员可以录入国务院办公厅节假日安排。")
    days = list(days)
    number = number.strip()
    errors = check_header(year=year, number=number, issued_on=issued_on, today=timezone.localdate())
    errors += check_days(year=year, days=days)
    if errors:
        raise ArrangementError("".join(errors))
    arrangement = HolidayArrangement.objects.select_for_update().filter(year=year).first()
    if arrangement is None:
        arrangement = HolidayArrangement(year=year)
    arrangement.number = number
    arrangement.title = title.strip() or title_for(year)
    arrangement.issued_on = issued_on
    arrangement.full_clean()
    arrangement.save()

    clashes = check_clashes(year=year, days=days)
    if clashes:
        raise ArrangementError("".join(clashes))
    wanted = {d.date: d for d in days}
    arrangement.days.exclude(date__in=wanted).delete()
    for day in wanted.values():
        CalendarDay.objects.update_or_create(
            date=day.date,
            defaults={
                "kind": day.kind,
                "name": day.name,
                "source": number,
                "arrangement": arrangement,
            },
        )
    return arrangement
