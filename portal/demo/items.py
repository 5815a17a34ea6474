"""Demo catalogue: a few hundred realistic items per county, published through the services.

Deterministic (seeded by organisation) and idempotent (items carry ``external_id`` demo-…;
existing ones are skipped). Items go through create → submit → publish, so every demo item has
a real event history and a real 索引号.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from catalog.models import CalendarDay, Category, Organisation, TopicCategory
from disclosures import services
from disclosures.models import Disclosure, Genre, Validity

TZ = ZoneInfo("Asia/Shanghai")
FIRST_DAY = dt.date(2021, 1, 4)
LAST_DAY = dt.date(2026, 11, 20)
QUARTERS = ["一", "二", "三", "四"]


@dataclass(frozen=True)
class Plan:
    """Who drafts and who reviews for an organisation, and which columns it uses."""

    author: str
    reviewer: str
    columns: tuple[str, ...]
    volume: int


PLANS = {
    "mzj": Plan(
        "mzj_xxy",
        "mzj_shy",
        (
            "jgzn",
            "zcwj",
            "gfxwj",
            "qtwj",
            "zcjd",
            "ghjh",
            "tjxx",
            "czyjs",
            "bmys",
            "bmjs",
            "shjz",
            "cxdb",
            "tkgy",
            "lsjz",
            "yljz",
            "yfaz",
            "hydj",
            "jzjj",
            "shzz",
            "ylfw",
            "bzgl",
            "qhdm",
            "xzxk",
            "ssjygk",
            "jyta",
            "tzgg",
            "gzdt",
            "bszn",
            "zd",
        ),
        150,
    ),
    "czj": Plan(
        "czj_xxy",
        "czj_shy",
        (
            "jgzn",
            "zcwj",
            "gfxwj",
            "qtwj",
            "zcjd",
            "ghjh",
            "czyjs",
            "bmys",
            "bmjs",
            "sfxm",
            "zfcg",
            "tzgg",
            "gzdt",
            "zd",
        ),
        70,
    ),
    "tyjrj": Plan(
        "tyjrj_xxy",
        "tyjrj_zg",
        (
            "jgzn",
            "zcwj",
            "gfxwj",
            "zcjd",
            "ghjh",
            "czyjs",
            "bmys",
            "bmjs",
            "yfaz",
            "tzgg",
            "gzdt",
        ),
        60,
    ),
    "scjgj": Plan(
        "admin",
        "scjgj_zg",
        (
            "jgzn",
            "zcwj",
            "qtwj",
            "ghjh",
            "czyjs",
            "bmys",
            "bmjs",
            "xzxk",
            "xzcf",
            "ssjygk",
            "tzgg",
            "gzdt",
        ),
        40,
    ),
    "sthjj": Plan(
        "admin",
        "sthjj_zg",
        (
            "jgzn",
            "zcwj",
            "qtwj",
            "ghjh",
            "czyjs",
            "bmys",
            "bmjs",
            "xzxk",
            "xzcf",
            "ssjygk",
            "tzgg",
            "gzdt",
        ),
        40,
    ),
}

NEWS = [
    "{short}召开{year}年第{q}季度重点工作推进会",
    "{short}开展{month}月份安全生产检查",
    "{short}组织开展“政务公开日”主题活动",
    "{short}赴乡镇调研基层政务公开标准化规范化工作",
    "{short}召开党组理论学习中心组学习会",
    "{short}开展“送政策进社区”宣传活动",
    "{short}部署{year}年度政府信息公开工作",
    "{short}召开行风建设座谈会",
]
MZJ_NEWS = [
    "县民政局开展养老机构消防安全专项检查",
    "县民政局召开{year}年社会救助工作会议",
    "县民政局开展困难群众冬春生活救助走访慰问",
    "县民政局组织开展婚俗改革宣传活动",
    "县民政局开展清明祭扫服务保障工作",
    "县民政局开展社会组织年检工作",
]
NOTICES = [
    "关于做好{year}年度政府信息公开工作年度报告编制工作的通知",
    "关于{year}年春节期间值班安排的公告",
    "关于开展{year}年“双随机、一公开”抽查工作的通知",
    "关于征集{year}年重点民生实事项目意见的公告",
]
MZJ_NOTICES = [
    "关于做好{year}年度城乡最低生活保障年度核查工作的通知",
    "关于调整{year}年城乡最低生活保障标准的通知",
    "关于开展{year}年度社会组织年度检查工作的公告",
    "关于{year}年第{q}季度殡葬服务收费标准的公示",
]
NORMATIVE = {
    "mzj": [
        ("示例县最低生活保障审核确认实施办法", "示民规"),
        ("示例县临时救助实施细则", "示民规"),
        ("示例县特困人员认定和救助供养办法", "示民规"),
        ("示例县困难残疾人生活补贴和重度残疾人护理补贴实施办法", "示民规"),
        ("示例县居家养老服务补贴管理办法", "示民规"),
    ],
    "czj": [
        ("示例县县级部门预算管理办法", "示财规"),
        ("示例县政府采购内部控制管理办法", "示财规"),
        ("示例县财政专项资金管理办法", "示财规"),
    ],
    "tyjrj": [
        ("示例县退役军人优待实施办法", "示退役规"),
        ("示例县重点优抚对象医疗保障实施细则", "示退役规"),
    ],
    "scjgj": [("示例县市场主体登记注册便利化实施办法", "示市监规")],
    "sthjj": [("示例县生态环境行政处罚自由裁量基准", "示环规")],
}
STATS = {
    "cxdb": "{year}年第{q}季度城乡最低生活保障情况",
    "tkgy": "{year}年第{q}季度特困人员救助供养情况",
    "lsjz": "{year}年第{q}季度临时救助情况",
    "yljz": "{year}年第{q}季度医疗救助情况",
    "tjxx": "{year}年第{q}季度民政事业统计数据",
}
MISC = {
    "ghjh": ["{name}{year}年工作要点", "{name}{year}年工作总结"],
    "yfaz": ["{year}年度重点优抚对象抚恤补助标准调整情况", "{year}年退役士兵安置计划"],
    "hydj": ["婚姻登记处{year}年节假日婚姻登记服务安排", "关于推行婚姻登记“全国通办”的公告"],
    "jzjj": ["{year}年冬春救助资金分配情况", "{year}年自然灾害救助应急预案"],
    "shzz": ["{year}年度社会组织年检结果公告", "关于撤销部分社会组织登记的公告"],
    "ylfw": ["{year}年养老服务补贴发放情况", "养老机构名录（{year}年）"],
    "bzgl": ["殡葬服务收费项目和标准（{year}年）", "{year}年清明节祭扫服务安排"],
    "qhdm": ["{year}年地名命名更名情况公告", "示例县行政区划一览（{year}年）"],
    "xzxk": ["{year}年第{q}季度行政许可办理结果", "行政许可事项清单（{year}年版）"],
    "xzcf": ["{year}年第{q}季度行政处罚结果公开", "行政处罚事项清单（{year}年版）"],
    "ssjygk": ["{year}年“双随机、一公开”抽查计划", "{year}年“双随机、一公开”抽查结果"],
    "jyta": ["关于县人大代表第{n}号建议的答复", "关于县政协委员第{n}号提案的答复"],
    "sfxm": ["行政事业性收费项目目录清单（{year}年）"],
    "zfcg": ["{year}年度政府集中采购目录及标准", "{year}年政府采购意向公开"],
    "bszn": ["婚姻登记处预约服务说明", "社会救助政策咨询渠道说明"],
    "jgzn": ["{name}机构职能", "{name}内设机构及领导信息"],
    "zd": [
        "《中华人民共和国政府信息公开条例》（国务院令第711号）",
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        "{name}政府信息公开保密审查制度",
        "{name}政府信息公开申请办理工作规程",
    ],
}
GENRE_BY_COLUMN = {
    "gzdt": Genre.NEWS,
    "tzgg": Genre.NOTICE,
    "gfxwj": Genre.NORMATIVE,
    "qtwj": Genre.OPINION,
    "zcjd": Genre.INTERPRETATION,
    "bmys": Genre.BUDGET,
    "bmjs": Genre.BUDGET,
    "bszn": Genre.SERVICE_GUIDE,
    "ghjh": Genre.PLAN,
    "tjxx": Genre.STATISTICS,
    "cxdb": Genre.STATISTICS,
    "tkgy": Genre.STATISTICS,
    "lsjz": Genre.STATISTICS,
    "yljz": Genre.STATISTICS,
    "xzxk": Genre.PUBLICITY,
    "xzcf": Genre.PUBLICITY,
    "ssjygk": Genre.PUBLICITY,
    "jyta": Genre.REPORT,
}
TOPIC_BY_COLUMN = {
    "cxdb": "社会保障",
    "tkgy": "社会保障",
    "lsjz": "社会保障",
    "yljz": "社会保障",
    "yfaz": "优抚安置",
    "jzjj": "减灾救灾",
    "shzz": "社团管理",
    "ylfw": "社会福利",
    "qhdm": "行政区划与地名",
    "bmys": "财政",
    "bmjs": "财政",
    "zfcg": "财政",
    "sfxm": "物价",
    "gzdt": "政务公开",
    "tzgg": "政务公开",
    "jgzn": "政务公开",
    "xzcf": "工商",
}


def _paragraphs(rng: random.Random, title: str, org: Organisation) -> list[str]:
    pool = [
        f"为进一步做好{title.strip('《》')}相关工作，根据有关法律法规和上级部门部署要求，结合本县实际，现将有关事项公开如下。",
        "坚持以人民为中心的发展思想，严格落实政务公开各项要求，确保政策知晓率和群众满意度稳步提升。",
        "各乡镇（街道）要高度重视，明确责任分工，加强统筹协调，确保各项工作按时保质完成。",
        "对工作中发现的问题，要建立台账、限期整改，并将整改情况及时报送县级主管部门。",
        f"如有疑问，请在工作日办公时间内咨询{org.name}，联系电话：{org.phone}。",
        "本县将持续加强监督检查，对工作落实不到位的单位予以通报，并纳入年度考核。",
        "各相关单位应当加强信息公开和政策宣传解读，及时回应社会关切，主动接受社会监督。",
    ]
    first, last = pool[0], pool[4]
    middle = rng.sample(pool[1:4] + pool[5:], k=rng.randint(2, 4))
    return [first, *middle, last]


def _body_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    """A minimal but valid Word document (WordprocessingML in a zip)."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in [title, *paragraphs])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                'ContentType="application/xml"/><Override PartName="/word/document.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
                'document.main+xml"/></Types>'
            ),
        )
        archive.writestr(
            "_rels/.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                'Target="word/document.xml"/></Relationships>'
            ),
        )
        archive.writestr(
            "word/document.xml",
            (
                f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}">'
                f"<w:body>{body}</w:body></w:document>"
            ),
        )
    return buffer.getvalue()


def make_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _local(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])), tzinfo=TZ
    )


def _written_before(published: dt.date, rng: random.Random, calendar) -> dt.date:
    """A 成文日期 1–15 working days before publication; about one in twenty is late."""
    gap = rng.randint(25, 35) if rng.random() < 0.05 else rng.randint(1, 15)
    day = published
    while gap:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            gap -= 1
    return day


def _working_day_between(rng: random.Random, start: dt.date, end: dt.date, calendar) -> dt.date:
    for _ in range(30):
        day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
        if calendar.is_working_day(day):
            return day
    return start


@transaction.atomic
def seed(*, per_organisation: int | None = None) -> int:
    """Publish the demo catalogue; return the number of items created now.

    ``per_organisation`` keeps only that many items of each organisation, spread evenly over its
    plan (so every kind of column still has some): the browser suite's quick data set.
    """
    user_model = get_user_model()
    calendar = CalendarDay.objects.work_calendar()
    categories = {c.slug: c for c in Category.objects.all()}
    topics = {t.name: t for t in TopicCategory.objects.filter(parent__isnull=False)}
    created = 0
    for slug, plan in PLANS.items():
        org = Organisation.objects.filter(slug=slug).first()
        if org is None:
            continue
        org.columns.add(*[categories[c] for c in plan.columns if c in categories])
        author = user_model.objects.get(username=plan.author)
        reviewer = user_model.objects.get(username=plan.reviewer)
        existing = set(
            Disclosure.objects.filter(
                organisation=org, external_id__startswith="demo-"
            ).values_list("external_id", flat=True)
        )
        rng = random.Random(f"sunshine-demo-{slug}")
        specs = _plan_items(org, plan, rng, calendar)
        if per_organisation is not None and len(specs) > per_organisation:
            step = len(specs) / per_organisation
            specs = [specs[int(i * step)] for i in range(per_organisation)]
        for spec in specs:
            if spec["external_id"] in existing:
                continue
            _publish(spec, org, author, reviewer, categories, topics, calendar)
            created += 1
    return created


def _plan_items(org: Organisation, plan: Plan, rng: random.Random, calendar):
    short = org.short_name or org.name
    specs = []
    n = 0

    def add(column, title, **extra):
        nonlocal n
        n += 1
        day = extra.pop("day", None) or _working_day_between(rng, FIRST_DAY, LAST_DAY, calendar)
        specs.append(
            {
                "external_id": f"demo-{org.slug}-{n:04d}",
                "column": column,
                "title": title,
                "day": day,
                "rng_seed": rng.random(),
                **extra,
            }
        )

    years = range(2021, 2027)
    # Normative documents (with 文号) and their interpretations; two of them repealed later.
    for index, (title, prefix) in enumerate(NORMATIVE.get(org.slug, [])):
        year = 2021 + (index * 2) % 6
        day = _working_day_between(rng, dt.date(year, 2, 1), dt.date(year, 11, 30), calendar)
        add(
            "gfxwj",
            title,
            day=day,
            document_number=f"{prefix}〔{year}〕{index + 1}号",
            genre=Genre.NORMATIVE,
            attach="docx",
            repeal=(index == 0 and org.slug == "mzj"),
        )
        if "zcjd" in plan.columns:
            add(
                "zcjd",
                f"《{title}》政策解读",
                day=day,
                genre=Genre.INTERPRETATION,
                interprets=f"demo-{org.slug}-{n:04d}",
            )
    for year in years:
        for q in range(1, 5):
            if (year, q) > (2026, 3):
                break
            for column, pattern in STATS.items():
                if column in plan.columns:
                    end_of_quarter = dt.date(year, 3 * q, 28)
                    day = _working_day_between(
                        rng,
                        end_of_quarter + dt.timedelta(days=5),
                        end_of_quarter + dt.timedelta(days=40),
                        calendar,
                    )
                    if day <= LAST_DAY:
                        add(
                            column,
                            pattern.format(year=year, q=QUARTERS[q - 1]),
                            day=day,
                            attach="xlsx",
                        )
        for column, label in (("bmys", "部门预算"), ("bmjs", "部门决算")):
            if column in plan.columns:
                month = 2 if column == "bmys" else 8
                day = _working_day_between(
                    rng, dt.date(year, month, 5), dt.date(year, month, 25), calendar
                )
                # A year's 决算 is published the next year (by 30 September).
                of_year = year - 1 if column == "bmjs" else year
                add(column, f"{org.name}{of_year}年{label}", day=day, attach="xlsx")
    for column, patterns in MISC.items():
        if column not in plan.columns:
            continue
        for pattern in patterns:
            if "{year}" in pattern:
                for year in rng.sample(list(years), k=2):
                    day = _working_day_between(
                        rng, dt.date(year, 1, 5), min(dt.date(year, 12, 28), LAST_DAY), calendar
                    )
                    add(
                        column,
                        pattern.format(
                            name=org.name,
                            year=year,
                            q=QUARTERS[(day.month - 1) // 3],
                            n=rng.randint(1, 60),
                        ),
                        day=day,
                    )
            else:
                add(column, pattern.format(name=org.name, n=rng.randint(1, 60)))
    news = NEWS + (MZJ_NEWS if org.slug == "mzj" else [])
    notices = NOTICES + (MZJ_NOTICES if org.slug == "mzj" else [])
    while len(specs) < plan.volume:
        if len(specs) >= plan.volume - 4:  # the newest items are recent: the site looks kept up
            day = _working_day_between(rng, LAST_DAY - dt.timedelta(days=12), LAST_DAY, calendar)
        else:
            day = _working_day_between(rng, FIRST_DAY, LAST_DAY, calendar)
        quarter = QUARTERS[(day.month - 1) // 3]
        if rng.random() < 0.65:
            title = rng.choice(news).format(short=short, year=day.year, q=quarter, month=day.month)
            add("gzdt", title, day=day)
        else:
            add("tzgg", rng.choice(notices).format(year=day.year, q=quarter), day=day)
    if org.slug == "mzj":
        add(
            "tzgg",
            "关于2025年度困难群众救助资金发放名单的公示（已撤回）",
            day=dt.date(2025, 6, 16),
            withdraw="公示名单中含有未去标识化的个人信息，已撤回并重新发布。",
        )
    return specs


def _publish(spec, org, author, reviewer, categories, topics, calendar):
    rng = random.Random(spec["rng_seed"])
    column = categories[spec["column"]]
    paragraphs = _paragraphs(rng, spec["title"], org)
    genre = spec.get("genre") or GENRE_BY_COLUMN.get(spec["column"], Genre.NOTICE)
    topic = topics.get(TOPIC_BY_COLUMN.get(spec["column"], ""))
    interprets = None
    if spec.get("interprets"):
        interprets = Disclosure.objects.filter(
            organisation=org, external_id=spec["interprets"]
        ).first()
    published_on = spec["day"]
    item = services.create_draft(
        actor=author,
        organisation=org,
        title=spec["title"],
        categories=[column],
        written_on=_written_before(published_on, rng, calendar),
        external_id=spec["external_id"],
        body=_body_html(paragraphs),
        summary=paragraphs[0][:120],
        genre=genre,
        topic=topic,
        document_number=spec.get("document_number", ""),
        interprets=interprets,
        keywords=" ".join(dict.fromkeys([column.name, org.short_name or org.name])),
    )
    attach = spec.get("attach")
    if attach == "docx":
        services.add_attachment(
            actor=author,
            disclosure=item,
            upload=SimpleUploadedFile(
                f"{spec['title']}.docx", make_docx(spec["title"], paragraphs)
            ),
        )
    elif attach == "xlsx":
        rows = [
            [
                f"{town}镇",
                rng.randint(80, 600),
                rng.randint(150, 1200),
                round(rng.uniform(20, 160), 2),
            ]
            for town in ("城关", "东溪", "南山", "西岭")
        ]
        services.add_attachment(
            actor=author,
            disclosure=item,
            upload=SimpleUploadedFile(
                f"{spec['title']}.xlsx",
                make_xlsx(spec["title"], ["乡镇", "户数", "人数", "金额（万元）"], rows),
            ),
        )
    services.submit_disclosure(actor=author, disclosure=item)
    services.publish_disclosure(
        actor=reviewer, disclosure=item, publish_at=_local(published_on, rng)
    )
    if spec.get("repeal"):
        services.change_validity(
            actor=reviewer,
            disclosure=item,
            validity=Validity.REPEALED,
            changed_on=dt.date(2025, 12, 31),
            note=f"已被2026年新修订的《{spec['title']}》替代。",
        )
    if spec.get("withdraw"):
        services.withdraw_disclosure(actor=reviewer, disclosure=item, reason=spec["withdraw"])
