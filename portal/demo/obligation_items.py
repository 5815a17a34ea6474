"""Demo items that fulfil the 民政局's monthly and half-yearly obligations.

* 民政事业统计月报: one per month from January 2025, each published in the following month (the obligation: monthly, by the end of the next month);
* 自然灾害灾情统计: one per half-year from 2021, the first half published in July or August and
  the second in January or February (by the end of August and of February).

Published through the disclosures services by the 民政局's 信息员 and 审核员 (four-eyes review),
dated on working days. Idempotent by ``external_id`` (demo-mzj-m-YYYY-MM, demo-mzj-h-YYYY-H1).
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog.models import CalendarDay, Category, Organisation
from disclosures import services
from disclosures.models import Disclosure, Genre
from portal.demo.statistics_series import CITY_STANDARD, RURAL_STANDARD

TZ = ZoneInfo("Asia/Shanghai")
FIRST_MONTH = (2025, 1)
FIRST_HALF_YEAR = 2021
TOWNS = ("城关镇", "城南街道", "东溪镇", "南山镇", "西岭镇", "青溪镇", "白沙镇", "石门乡")


def _months(today: dt.date) -> list[tuple[int, int]]:
    """FIRST_MONTH up to last month (a report is published during the next month)."""
    months, (year, month) = [], FIRST_MONTH
    while (year, month) < (today.year, today.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _half_years(today: dt.date) -> list[tuple[int, int]]:
    """Every half-year since FIRST_HALF_YEAR that has ended."""
    return [
        (year, half)
        for year in range(FIRST_HALF_YEAR, today.year + 1)
        for half in (1, 2)
        if dt.date(year, 6 * half, 30 if half == 1 else 31) < today
    ]


def _working_day(rng: random.Random, start: dt.date, end: dt.date, calendar) -> dt.date:
    days = [
        start + dt.timedelta(days=n)
        for n in range((end - start).days + 1)
        if calendar.is_working_day(start + dt.timedelta(days=n))
    ]
    return rng.choice(days)


def _table(caption: str, rows: list[tuple[str, str, str]]) -> str:
    return format_html(
        '<table><caption>{}</caption><thead><tr><th scope="col">指标</th>'
        '<th scope="col">单位</th><th scope="col">数值</th></tr></thead><tbody>{}</tbody></table>',
        caption,
        format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
    )


def _monthly_body(year: int, month: int, rng: random.Random) -> tuple[str, str]:
    i = (year - 2025) * 12 + month
    city = 1980 - 4 * i + rng.randint(0, 6)
    rural = 8570 - 13 * i + rng.randint(0, 9)
    standard_year = min(max(year, min(CITY_STANDARD)), max(CITY_STANDARD))
    rows = [
        ("城市最低生活保障人数", "人", str(city)),
        ("城市低保平均保障标准", "元/人·月", str(CITY_STANDARD[standard_year])),
        ("农村最低生活保障人数", "人", str(rural)),
        ("农村低保平均保障标准", "元/人·月", str(RURAL_STANDARD[standard_year])),
        ("特困人员救助供养人数", "人", str(1260 - 2 * i + rng.randint(0, 4))),
        ("其中：集中供养", "人", str(312 + rng.randint(0, 5))),
        ("临时救助", "人次", str(rng.randint(60, 140))),
        ("孤儿和事实无人抚养儿童", "人", str(96 - i // 4)),
        ("高龄津贴发放人数", "人", str(15230 + 21 * i)),
        ("结婚登记", "对", str(rng.randint(95, 210))),
        ("离婚登记", "对", str(rng.randint(30, 70))),
    ]
    summary = f"{year}年{month}月全县城乡低保、特困供养、临时救助、儿童福利、养老和婚姻登记等民政事业主要统计数据。"
    body = format_html(
        "<p>{}</p>{}<p>注：数据来源于民政统计直报系统，为月末实有数或当月发生数。</p>",
        summary,
        _table(f"示例县{year}年{month}月民政事业统计月报", rows),
    )
    return summary, body


def _disaster_body(year: int, half: int, rng: random.Random) -> tuple[str, str]:
    which = "上半年" if half == 1 else "下半年"
    events = "暴雨洪涝、强对流天气" if half == 1 else "台风、低温雨雪冰冻"
    rows = [
        ("受灾人口", "人次", str(rng.randint(800, 6500))),
        ("紧急转移安置", "人次", str(rng.randint(40, 900))),
        ("需紧急生活救助", "人次", str(rng.randint(20, 300))),
        ("倒塌房屋", "间", str(rng.randint(0, 12))),
        ("严重损坏房屋", "间", str(rng.randint(2, 40))),
        ("农作物受灾面积", "公顷", str(rng.randint(50, 1600))),
        ("直接经济损失", "万元", f"{rng.uniform(80, 2600):.1f}"),
        ("下拨救灾资金", "万元", f"{rng.uniform(20, 300):.1f}"),
    ]
    summary = f"{year}年{which}全县主要受{events}影响，现将自然灾害灾情和救灾工作情况公布如下。"
    body = format_html(
        "<p>{}</p>{}<p>受灾较重的乡镇为{}、{}，受灾群众基本生活已得到妥善安排。</p>",
        summary,
        _table(f"示例县{year}年{which}自然灾害灾情统计", rows),
        *rng.sample(TOWNS, 2),
    )
    return summary, body


@transaction.atomic
def seed() -> int:
    """Publish the monthly and half-yearly 民政局 items that are missing; return how many."""
    org = Organisation.objects.filter(slug="mzj").first()
    columns = {c.slug: c for c in Category.objects.filter(slug__in=["tjxx", "jzjj"])}
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["mzj_xxy", "mzj_shy"])
    }
    if org is None or len(columns) < 2 or len(users) < 2:
        return 0
    calendar = CalendarDay.objects.work_calendar()
    today = timezone.localdate()
    existing = set(
        Disclosure.objects.filter(
            organisation=org, external_id__startswith="demo-mzj-"
        ).values_list("external_id", flat=True)
    )
    specs = []
    for year, month in _months(today):
        key = f"demo-mzj-m-{year}-{month:02d}"
        rng = random.Random(key)
        first = dt.date(year + month // 12, month % 12 + 1, 1)  # the next month
        day = _working_day(
            rng, first + dt.timedelta(days=9), first + dt.timedelta(days=24), calendar
        )
        summary, body = _monthly_body(year, month, rng)
        specs.append((key, "tjxx", f"{year}年{month}月民政事业统计月报", day, summary, body))
    for year, half in _half_years(today):
        key = f"demo-mzj-h-{year}-H{half}"
        rng = random.Random(key)
        start = dt.date(year, 7, 10) if half == 1 else dt.date(year + 1, 1, 12)
        day = _working_day(rng, start, start + dt.timedelta(days=40), calendar)
        which = "上半年" if half == 1 else "下半年"
        summary, body = _disaster_body(year, half, rng)
        specs.append((key, "jzjj", f"{year}年{which}自然灾害灾情统计", day, summary, body))
    created = 0
    for key, column, title, day, summary, body in specs:
        if key in existing or day > today:
            continue
        item = services.create_draft(
            actor=users["mzj_xxy"],
            organisation=org,
            title=title,
            categories=[columns[column]],
            written_on=day - dt.timedelta(days=2),
            external_id=key,
            body=body,
            summary=summary,
            genre=Genre.STATISTICS,
            keywords=f"{columns[column].name} 统计",
        )
        services.submit_disclosure(actor=users["mzj_xxy"], disclosure=item)
        services.publish_disclosure(
            actor=users["mzj_shy"],
            disclosure=item,
            publish_at=dt.datetime.combine(day, dt.time(10, 30), tzinfo=TZ),
        )
        created += 1
    return created
