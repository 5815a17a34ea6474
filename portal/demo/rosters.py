"""Demo 公示 rosters: generated township files imported, reviewed and published like real ones.

For each roster the demo writes the file a township 民政办 (or the 退役军人服务站) would send:
full names, ID numbers, mobiles and house addresses of fictional people in 示例县's towns and
villages (region code 331099, which no real county has; ID numbers have valid check characters).
The file then takes the staff path: ``rosters.read_roster`` de-identifies it (names masked, ID
and phone columns dropped, addresses cut to the 村/社区), the staff's column choices are applied
with ``rosters.remap`` where a column must go, ``disclosures.rosters.services.import_roster`` creates the 公示
draft, the 信息员 submits it and another person publishes it (four-eyes review). The raw file is
never stored.

公示中 rosters start on this week's Monday (7 days, or 7 working days where the organisation's
标准目录 row for the column says so, so they are running whenever the demo is seeded); 公示期满 rosters ran earlier in 2026 and were published on their first day, so the
period simply lies in the past. Idempotent by ``external_id`` (demo-gs-…).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.models import Category, Organisation
from disclosures import services
from disclosures.models import Disclosure
from disclosures.rosters import reading as rosters
from disclosures.rosters.admin import DEFAULT_OBJECTION, KIND_COLUMN
from disclosures.rosters.models import RosterKind
from disclosures.rosters.services import default_period_end, import_roster
from portal.demo.statistics_series import CITY_STANDARD, RURAL_STANDARD

TZ = ZoneInfo("Asia/Shanghai")
REGION = "331099"  # the demo county's fictional region code (portal.demo.organisations)
VILLAGES = {
    "城关镇": ("幸福社区", "民生社区", "拥军社区", "城西村"),
    "城南街道": ("南门社区", "新华社区", "江滨社区"),
    "东溪镇": ("东溪村", "桃源村", "上湾村"),
    "南山镇": ("南山村", "石桥村", "竹坞村"),
    "西岭镇": ("西岭村", "茶园村", "岭脚村"),
    "石门乡": ("石门村", "上坪村"),
}
STREETS = ("人民路", "解放路", "民生路", "新华路", "滨江路")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱胡郭何林罗郑梁宋谢唐许邓冯韩曹彭曾肖田董潘袁蔡蒋余杜叶程魏"
COMPOUND = ("欧阳", "司马", "诸葛")
GIVEN = "建国秀英桂兰志强海燕明华玉梅金凤春生国平丽娟德福永红小军文杰淑珍家豪晓东红霞"
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@dataclass(frozen=True)
class Person:
    """A fictional recipient, with the personal data that must never be published."""

    name: str
    id_number: str
    mobile: str
    town: str
    village: str
    address: str


@dataclass(frozen=True)
class Plan:
    key: str
    org: str
    author: str
    reviewer: str
    kind: str
    title: str  # {y} {m}: the year and month the 公示 starts
    file: str  # "csv" or "xlsx"
    size: int
    ongoing: bool
    start: dt.date | None = None  # for 公示期满 rosters
    drop: tuple[str, ...] = ()  # columns the staff drop in the preview


PLANS = (
    Plan("demo-gs-mzj-db-2610", "mzj", "mzj_xxy", "mzj_shy", RosterKind.SUBSISTENCE,
         "城关镇2026年10月城乡低保新增对象公示", "csv", 14, False, dt.date(2026, 10, 12)),
    Plan("demo-gs-mzj-db", "mzj", "mzj_xxy", "mzj_shy", RosterKind.SUBSISTENCE,
         "东溪镇{y}年{m}月城乡低保新增对象公示", "xlsx", 9, True),
    Plan("demo-gs-mzj-tk-2609", "mzj", "mzj_xxy", "mzj_shy", RosterKind.EXTREME_POVERTY,
         "2026年第三季度特困人员救助供养新增对象公示", "xlsx", 11, False, dt.date(2026, 9, 21)),
    Plan("demo-gs-mzj-ls-2611", "mzj", "mzj_xxy", "mzj_shy", RosterKind.TEMPORARY,
         "2026年10月临时救助对象公示", "csv", 16, False, dt.date(2026, 11, 9), ("救助事由",)),
    Plan("demo-gs-mzj-ls", "mzj", "mzj_xxy", "mzj_shy", RosterKind.TEMPORARY,
         "{y}年{m}月临时救助对象公示", "xlsx", 12, True, None, ("救助事由",)),
    Plan("demo-gs-tyjrj-yf-2603", "tyjrj", "tyjrj_xxy", "tyjrj_zg", RosterKind.VETERANS,
         "2026年度重点优抚对象定期抚恤补助发放名单公示", "xlsx", 18, False, dt.date(2026, 3, 16)),
    Plan("demo-gs-tyjrj-yf", "tyjrj", "tyjrj_xxy", "tyjrj_zg", RosterKind.VETERANS,
         "{y}年{m}月新增优抚对象抚恤补助公示", "csv", 7, True),
)  # fmt: skip

SUPERVISION = {"mzj": "0570-8000101", "tyjrj": "0570-8000301"}


# --------------------------------------------------------------------------- people


def id_number(birth: dt.date, seq: int) -> str:
    """A GB 11643 ID number of the fictional region, with its check character."""
    body = f"{REGION}{birth:%Y%m%d}{seq:03d}"
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def person(
    rng: random.Random, *, town: str | None = None, min_age: int = 25, max_age: int = 85
) -> Person:
    surname = rng.choice(COMPOUND) if rng.random() < 0.04 else rng.choice(SURNAMES)
    given = "".join(rng.sample(GIVEN, rng.choice((1, 2, 2, 2))))
    birth = dt.date(2026 - rng.randint(min_age, max_age), rng.randint(1, 12), rng.randint(1, 28))
    town = town or rng.choice(list(VILLAGES))
    village = rng.choice(VILLAGES[town])
    if village.endswith("社区"):
        address = f"{town}{village}{rng.choice(STREETS)}{rng.randint(1, 199)}号"
    else:
        address = f"{town}{village}{rng.randint(1, 12)}组{rng.randint(1, 80)}号"
    mobile = "1" + rng.choice("3589") + "".join(str(rng.randint(0, 9)) for _ in range(9))
    return Person(surname + given, id_number(birth, rng.randint(1, 999)), mobile, town, village, address)  # fmt: skip


def people(plan: Plan) -> list[Person]:
    """The fictional people of a roster, the same on every run."""
    rng = random.Random(plan.key)
    older = plan.kind in (RosterKind.EXTREME_POVERTY, RosterKind.VETERANS)
    # A township's roster lists its own residents; county-wide rosters anyone's.
    town = next((t for t in VILLAGES if plan.title.startswith(t)), None)
    return [person(rng, town=town, min_age=60 if older else 25) for _ in range(plan.size)]


def raw_values() -> list[str]:
    """Every full name and ID number in the demo files: none may reach a public page."""
    return [v for plan in PLANS for p in people(plan) for v in (p.name, p.id_number)]


# --------------------------------------------------------------------------- files


def roster_grid(plan: Plan, title: str) -> list[list]:
    """The township's table: a title row, the header, one row per person, a signature row."""
    rng = random.Random(plan.key + "-rows")
    grid: list[list] = [[f"{title}名单"]]
    if plan.kind == RosterKind.SUBSISTENCE:
        grid.append(["序号", "乡镇（街道）", "村（社区）", "户主姓名", "身份证号码", "家庭住址",
                     "保障人数", "保障类别", "月保障金额（元）", "联系电话"])  # fmt: skip
        for n, p in enumerate(people(plan), 1):
            rural = p.village.endswith("村")
            standard = (RURAL_STANDARD if rural else CITY_STANDARD)[2026]
            size = rng.choice((1, 1, 2, 2, 3, 4))
            amount = size * round(standard * rng.uniform(0.35, 0.9))
            category = "农村低保" if rural else "城市低保"
            grid.append([n, p.town, p.village, p.name, p.id_number, p.address, size, category,
                         amount, p.mobile])  # fmt: skip
    elif plan.kind == RosterKind.EXTREME_POVERTY:
        grid.append(["序号", "乡镇（街道）", "村（社区）", "姓名", "公民身份号码", "供养方式",
                     "基本生活标准（元/月）", "照料护理标准（元/月）", "联系电话"])  # fmt: skip
        for n, p in enumerate(people(plan), 1):
            rural = p.village.endswith("村")
            basic = round((RURAL_STANDARD if rural else CITY_STANDARD)[2026] * 1.3)
            care = rng.choice((150, 150, 450, 900))
            way = "集中供养" if rng.random() < 0.3 else "分散供养"
            grid.append([n, p.town, p.village, p.name, p.id_number, way, basic, care, p.mobile])
    elif plan.kind == RosterKind.TEMPORARY:
        grid.append(["序号", "乡镇（街道）", "申请人", "身份证号", "家庭住址", "救助类型",
                     "救助事由", "救助金额（元）", "手机号码"])  # fmt: skip
        reasons = {
            "急难型": ("火灾致房屋受损", "交通事故致家庭生活困难", "主要劳动力意外死亡"),
            "支出型": ("家庭成员患重病医疗支出过大", "子女就学支出较大", "住院治疗自付费用较高"),
        }
        for n, p in enumerate(people(plan), 1):
            kind = rng.choice(tuple(reasons))
            amount = rng.choice((800, 1000, 1500, 2000, 3000, 5000))
            grid.append([n, p.town, p.name, p.id_number, p.address, kind,
                         rng.choice(reasons[kind]), amount, p.mobile])  # fmt: skip
    else:
        grid.append(["序号", "乡镇（街道）", "姓名", "身份证号码", "优抚类别", "补助标准（元/年）",
                     "本年发放金额（元）", "银行账号"])  # fmt: skip
        standards = {"烈士遗属": 34460, "因公牺牲军人遗属": 29860, "在乡复员军人": 18920,
                     "参战退役人员": 10800, "农村籍退役士兵": 4920}  # fmt: skip
        for n, p in enumerate(people(plan), 1):
            category = rng.choice(tuple(standards))
            card = "6217" + "".join(str(rng.randint(0, 9)) for _ in range(15))
            # An annual list pays the whole year; new recipients are paid from the month after.
            months = rng.randint(1, 9) if plan.ongoing else 12
            paid = round(standards[category] * months / 12)
            grid.append([n, p.town, p.name, p.id_number, category, standards[category], paid,
                         card])  # fmt: skip
    grid.append(["制表：乡镇（街道）民政办　审核：分管领导"])
    return grid


def roster_file(plan: Plan, title: str) -> tuple[bytes, str]:
    """The generated file as the township sends it: CSV in GBK, or XLSX with a merged title."""
    grid = roster_grid(plan, title)
    if plan.file == "csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(grid)
        return out.getvalue().encode("gb18030"), f"{plan.key}.csv"
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "公示名单"
    for row in grid:
        sheet.append(row)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(grid[1]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), f"{plan.key}.xlsx"


# --------------------------------------------------------------------------- import


def _monday(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=today.weekday())


def external_id(plan: Plan, today: dt.date) -> str:
    """Ongoing rosters get a key per week, so a new one runs whenever the demo is seeded."""
    return f"{plan.key}-{_monday(today):%Y%m%d}" if plan.ongoing else plan.key


@transaction.atomic
def seed() -> int:
    """Import, review and publish the demo rosters that are missing; return how many."""
    user_model = get_user_model()
    usernames = {u for plan in PLANS for u in (plan.author, plan.reviewer)}
    users = {u.username: u for u in user_model.objects.filter(username__in=usernames)}
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in={p.org for p in PLANS})}
    categories = {c.slug: c for c in Category.objects.filter(slug__in=KIND_COLUMN.values())}
    if len(users) < len(usernames) or len(orgs) < len({p.org for p in PLANS}):
        return 0  # portal.demo.organisations has not run
    today = timezone.localdate()
    keys = {external_id(plan, today) for plan in PLANS}
    existing = set(
        Disclosure.objects.filter(external_id__in=keys).values_list("external_id", flat=True)
    )
    created = 0
    for plan in PLANS:
        key = external_id(plan, today)
        category = categories.get(KIND_COLUMN[plan.kind])
        if key in existing or category is None:
            continue
        _import(plan, key, orgs[plan.org], category, users, today)
        created += 1
    return created


def _import(plan: Plan, key: str, org, category, users, today: dt.date) -> None:
    start = _monday(today) if plan.ongoing else plan.start
    title = plan.title.format(y=start.year, m=start.month)
    data, filename = roster_file(plan, title)
    preview = rosters.read_roster(data, filename)
    if not preview.ok:
        raise services.DisclosureError("；".join(preview.errors))
    if plan.drop:
        preview = rosters.remap(preview, dict.fromkeys(plan.drop, rosters.REMAP_DROP))
    author, reviewer = users[plan.author], users[plan.reviewer]
    roster = import_roster(
        actor=author,
        organisation=org,
        category=category,
        kind=plan.kind,
        title=title,
        period_start=start,
        # As the organisation's 标准目录 row for the column says (民政局: 公示7个工作日).
        period_end=default_period_end(start, plan.kind, organisation_id=org.pk, category=category),
        supervision_phone=SUPERVISION[plan.org],
        objection_method=DEFAULT_OBJECTION,
        columns=preview.published_columns,
        rows=preview.rows,
        external_id=key,
    )
    services.submit_disclosure(actor=author, disclosure=roster.disclosure)
    # Published on the first day of the 公示 (never in the future: that would be scheduled).
    published = dt.datetime.combine(start, dt.time(9, 0), tzinfo=TZ)
    services.publish_disclosure(
        actor=reviewer, disclosure=roster.disclosure, publish_at=min(published, timezone.now())
    )
