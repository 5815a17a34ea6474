"""Demo 统计数据 and “三公”经费 for 示例县.

* 示例县民政局: quarterly 城乡最低生活保障情况 and 临时救助情况, 2023年第一季度 to 2026年第三季度,
  all published. Figures follow simple formulas (caseloads falling slowly as standards rise
  each year, 临时救助 peaking in the first quarter around the Spring Festival), so they are
  believable and deterministic.
* 示例县民政局 and 示例县财政局: 2023–2026 部门预算 and 2023–2025 部门决算 with their 三公经费.
  Most were published within 20 days of 批复; 财政局's 2024 决算 was published 26 days after
  it and its 2025 决算 is still unpublished, so the staff list shows both kinds of flag.

Idempotent: series by (机关, 网址标识), measures by key, periods by (年度, 期间), disclosures by
(机关, 年度, 类型); existing rows are left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from catalog.models import Organisation
from reports.series.models import BudgetDisclosure, DataPoint, Measure, StatisticsSeries

D = dt.date
FIRST_YEAR, LAST_YEAR, LAST_QUARTER = 2023, 2026, 3

DIBAO_MEASURES = [
    ("city_households", "城市低保户数", "户", 0),
    ("city_persons", "城市低保人数", "人", 0),
    ("city_expenditure", "城市低保金支出", "万元", 2),
    ("city_standard", "城市平均保障标准", "元/人·月", 0),
    ("rural_households", "农村低保户数", "户", 0),
    ("rural_persons", "农村低保人数", "人", 0),
    ("rural_expenditure", "农村低保金支出", "万元", 2),
    ("rural_standard", "农村平均保障标准", "元/人·月", 0),
]
RELIEF_MEASURES = [
    ("times", "临时救助", "人次", 0),
    ("amount", "临时救助金额", "万元", 2),
]
CITY_STANDARD = {2023: 780, 2024: 820, 2025: 860, 2026: 905}
RURAL_STANDARD = {2023: 620, 2024: 660, 2025: 700, 2026: 745}
RELIEF_SEASON = {1: 70, 2: -35, 3: -15, 4: 25}


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _quarters() -> list[tuple[int, int]]:
    return [
        (year, q)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
        for q in range(1, 5)
        if (year, q) <= (LAST_YEAR, LAST_QUARTER)
    ]


def dibao_values(i: int, year: int) -> dict[str, str]:
    """The i-th quarter's 城乡低保 figures (i = 0 for 2023年第一季度)."""
    city_households = 1260 - 9 * i + (i % 3) * 2
    city_persons = round(city_households * Decimal("1.62"))
    rural_households = 5480 - 31 * i + (i % 4) * 5
    rural_persons = round(rural_households * Decimal("1.58"))
    # Expenditure: the average top-up (补差) is part of the standard, paid for three months.
    city_spent = Decimal(city_persons) * CITY_STANDARD[year] * Decimal("0.62") * 3 / 10000
    rural_spent = Decimal(rural_persons) * RURAL_STANDARD[year] * Decimal("0.55") * 3 / 10000
    return {
        "city_households": str(city_households),
        "city_persons": str(city_persons),
        "city_expenditure": _money(city_spent),
        "city_standard": str(CITY_STANDARD[year]),
        "rural_households": str(rural_households),
        "rural_persons": str(rural_persons),
        "rural_expenditure": _money(rural_spent),
        "rural_standard": str(RURAL_STANDARD[year]),
    }


def relief_values(i: int, year: int, quarter: int) -> dict[str, str]:
    times = 410 + 4 * i + RELIEF_SEASON[quarter]
    average = Decimal(1850 + 60 * (year - FIRST_YEAR))  # 元 per 人次
    return {"times": str(times), "amount": _money(times * average / 10000)}


SUPPORT_MEASURES = [
    ("concentrated", "集中供养人数", "人", 0),
    ("dispersed", "分散供养人数", "人", 0),
    ("expenditure", "供养资金支出", "万元", 2),
]
MEDICAL_MEASURES = [
    ("times", "医疗救助", "人次", 0),
    ("amount", "医疗救助金额", "万元", 2),
]


def support_values(i: int, year: int, quarter: int) -> dict[str, str]:
    concentrated = 212 - i // 3
    dispersed = 968 - 4 * i + (i % 2) * 3
    monthly = Decimal(1180 + 45 * (year - FIRST_YEAR))  # 元 per person and month
    spent = (concentrated + dispersed) * monthly * 3 / 10000
    return {
        "concentrated": str(concentrated),
        "dispersed": str(dispersed),
        "expenditure": _money(spent),
    }


def medical_values(i: int, year: int, quarter: int) -> dict[str, str]:
    times = 1320 + 18 * i + (60 if quarter == 1 else 0)
    average = Decimal(960 + 35 * (year - FIRST_YEAR))
    return {"times": str(times), "amount": _money(times * average / 10000)}


SERIES = [
    {
        "slug": "dibao",
        "name": "城乡最低生活保障情况",
        "sort_order": 1,
        "description": "全县城市和农村最低生活保障对象户数、人数、当季保障金支出和平均保障标准。"
        "数据来源：县民政局社会救助信息系统，按季度统计。",
        "measures": DIBAO_MEASURES,
        "values": lambda i, year, q: dibao_values(i, year),
    },
    {
        "slug": "linshi-jiuzhu",
        "name": "临时救助情况",
        "sort_order": 2,
        "description": "全县当季实施临时救助的人次和支出金额（含乡镇〈街道〉备用金审批的小额救助）。",
        "measures": RELIEF_MEASURES,
        "values": relief_values,
    },
    {
        "slug": "tekun-gongyang",
        "name": "特困人员救助供养情况",
        "sort_order": 3,
        "description": "全县特困人员集中供养、分散供养人数和当季供养资金支出。",
        "measures": SUPPORT_MEASURES,
        "values": support_values,
    },
    {
        "slug": "yiliao-jiuzhu",
        "name": "医疗救助情况",
        "sort_order": 4,
        "description": "全县当季实施医疗救助（含资助参保后的门诊和住院救助）的人次和支出金额。",
        "measures": MEDICAL_MEASURES,
        "values": medical_values,
    },
]

# (机关, 年度, 类型, 批复日期, 公开日期, 因公出国（境）费, 购置费, 运行费, 接待费, 说明)
BUDGETS = [
    ("mzj", 2023, "budget", D(2023, 2, 8), D(2023, 2, 20), "0", "0", "12.60", "3.80", ""),
    ("mzj", 2024, "budget", D(2024, 2, 6), D(2024, 2, 19), "0", "18.00", "12.00", "3.50", ""),
    ("mzj", 2025, "budget", D(2025, 2, 10), D(2025, 2, 24), "0", "0", "11.40", "3.20", ""),
    ("mzj", 2026, "budget", D(2026, 2, 9), D(2026, 2, 18), "0", "0", "10.80", "3.00", ""),
    (
        "mzj",
        2023,
        "final",
        D(2024, 8, 2),
        D(2024, 8, 16),
        "0",
        "0",
        "11.92",
        "2.64",
        "公务用车运行费和公务接待费均低于预算，主要是严格执行公务用车使用管理和接待标准。",
    ),
    (
        "mzj",
        2024,
        "final",
        D(2025, 8, 5),
        D(2025, 8, 18),
        "0",
        "17.62",
        "11.35",
        "2.87",
        "公务用车购置费为更新一辆执法执勤用车，低于预算主要是政府采购节约。",
    ),
    (
        "mzj",
        2025,
        "final",
        D(2026, 8, 4),
        D(2026, 8, 20),
        "0",
        "0",
        "10.96",
        "2.41",
        "公务接待费低于预算，主要是压减接待批次和陪餐人数。",
    ),
    ("czj", 2023, "budget", D(2023, 2, 8), D(2023, 2, 17), "6.00", "0", "9.80", "4.60", ""),
    ("czj", 2024, "budget", D(2024, 2, 6), D(2024, 2, 16), "0", "0", "9.20", "4.20", ""),
    ("czj", 2025, "budget", D(2025, 2, 10), D(2025, 2, 21), "0", "0", "8.90", "4.00", ""),
    ("czj", 2026, "budget", D(2026, 2, 9), D(2026, 2, 20), "0", "0", "8.50", "3.80", ""),
    (
        "czj",
        2023,
        "final",
        D(2024, 8, 2),
        D(2024, 8, 14),
        "5.42",
        "0",
        "9.13",
        "3.97",
        "因公出国（境）费用于一批次赴外省考察交流学习，低于预算主要是压缩出访天数。",
    ),
    (
        "czj",
        2024,
        "final",
        D(2025, 8, 5),
        D(2025, 8, 31),
        "0",
        "0",
        "8.76",
        "3.64",
        "各项支出均低于预算。",
    ),
    ("czj", 2025, "final", D(2026, 8, 4), None, "0", "0", "8.31", "3.52", ""),
]


@transaction.atomic
def seed() -> int:
    """Create the missing demo series, periods and budget disclosures; return how many rows."""
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in={"mzj", "czj"})}
    if len(orgs) < 2:
        return 0  # portal.demo.organisations has not run yet
    created = 0
    for spec in SERIES:
        series, new = StatisticsSeries.objects.get_or_create(
            organisation=orgs["mzj"],
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "sort_order": spec["sort_order"],
                "description": spec["description"],
                "period_kind": StatisticsSeries.PeriodKind.QUARTER,
            },
        )
        created += new
        for sort, (key, label, unit, decimals) in enumerate(spec["measures"], start=1):
            _, new = Measure.objects.get_or_create(
                series=series,
                key=key,
                defaults={"label": label, "unit": unit, "decimals": decimals, "sort": sort},
            )
            created += new
        for i, (year, quarter) in enumerate(_quarters()):
            _, new = DataPoint.objects.get_or_create(
                series=series,
                year=year,
                period=quarter,
                defaults={"values": spec["values"](i, year, quarter), "is_published": True},
            )
            created += new
    for org, year, kind, approved, published, abroad, buy, run, reception, note in BUDGETS:
        _, new = BudgetDisclosure.objects.get_or_create(
            organisation=orgs[org],
            year=year,
            kind=kind,
            defaults={
                "approved_on": approved,
                "published_on": published,
                "abroad": Decimal(abroad),
                "vehicle_purchase": Decimal(buy),
                "vehicle_running": Decimal(run),
                "reception": Decimal(reception),
                "explanation": note,
            },
        )
        created += new
    return created
