"""Reference data: the 政府信息公开 column tree and the gov.cn 主题分类 list.

Loaded by a data migration and kept in step by ``seed_reference_data`` (idempotent), so a fresh
deployment has the statutory columns before anyone logs in. Staff may add columns in admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DYNAMIC = 14  # 动态类栏目: evaluators fail a column not updated for 2 weeks
SLOW = 180  # 政策文件、通知公告: 6 months


@dataclass(frozen=True)
class Column:
    slug: str
    name: str
    legal_basis: str = ""
    cycle: int = SLOW
    description: str = ""
    children: tuple[Column, ...] = field(default_factory=tuple)


# kind -> first-level column; sub-columns only under 法定主动公开内容 (条例 Art. 20/21).
FIRST_LEVEL = (
    ("guide", Column("zn", "政府信息公开指南", "《条例》第十二条", 365)),
    ("rules", Column("zd", "政府信息公开制度", "《条例》第六条、第十七条", 365)),
    ("statutory", Column("fdzdgk", "法定主动公开内容", "《条例》第十九条至第二十一条")),
    ("annual_report", Column("nb", "政府信息公开年报", "《条例》第四十九条、第五十条", 365)),
)

STATUTORY_COLUMNS = (
    Column(
        "jgzn",
        "机构职能",
        "《条例》第二十条第（二）项",
        365,
        "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    ),
    Column(
        "zcwj",
        "政策文件",
        "《条例》第二十条第（一）项",
        SLOW,
        "",
        (
            Column("gfxwj", "行政规范性文件", "《条例》第二十条第（一）项"),
            Column("qtwj", "其他政策文件", "《条例》第二十条第（一）项"),
        ),
    ),
    Column(
        "zcjd",
        "政策解读",
        "国办发〔2016〕80号",
        SLOW,
        "政策文件与解读材料同步起草、同步审签、同步发布",
    ),
    Column("ghjh", "规划计划", "《条例》第二十条第（三）项", 365),
    Column("tjxx", "统计信息", "《条例》第二十条第（四）项", 120),
    Column(
        "czyjs",
        "财政预决算",
        "《条例》第二十条第（七）项；《预算法》第十四条",
        365,
        "",
        (
            Column("bmys", "部门预算", "《预算法》第十四条", 365),
            Column("bmjs", "部门决算", "《预算法》第十四条", 365),
        ),
    ),
    Column("sfxm", "行政事业性收费", "《条例》第二十条第（八）项", 365),
    Column("zfcg", "政府采购", "《条例》第二十条第（九）项", 365),
    Column(
        "shjz",
        "社会救助",
        "《条例》第二十一条；民办函〔2019〕52号",
        120,
        "",
        (
            Column("cxdb", "城乡低保", "《社会救助暂行办法》第二章", 120),
            Column("tkgy", "特困供养", "《社会救助暂行办法》第三章", 120),
            Column("lsjz", "临时救助", "《社会救助暂行办法》第八章", 120),
            Column("yljz", "医疗救助", "《社会救助暂行办法》第六章", 120),
        ),
    ),
    Column("yfaz", "优抚安置", "《条例》第二十条第（十一）项", 180),
    Column("hydj", "婚姻登记", "《婚姻登记条例》", 365),
    Column("jzjj", "救灾救济", "《条例》第二十条第（十二）项", 180),
    Column("shzz", "社会组织", "《条例》第二十条第（五）项", 180),
    Column("ylfw", "养老服务", "民办函〔2019〕52号", 180),
    Column("bzgl", "殡葬管理", "《殡葬管理条例》", 365),
    Column("qhdm", "区划地名", "《地名管理条例》", 365),
    Column("xzxk", "行政许可", "《条例》第二十条第（五）项", 180),
    Column("xzcf", "行政处罚", "《条例》第二十条第（六）项", 180),
    Column("ssjygk", "双随机一公开", "国发〔2015〕58号", 180),
    Column("jyta", "建议提案办理", "国办函〔2017〕32号", 365),
    Column("rsxx", "人事信息", "《条例》第二十条第（十四）项", 365),
    Column("tzgg", "通知公告", "《条例》第二十条", SLOW),
    Column("gzdt", "工作动态", "", DYNAMIC),
    Column("bszn", "办事指南", "《条例》第二十条第（五）项", 365),
)

# gov.cn 主题分类 (国务院政策文件库): 22 first-level topics and their sub-topics.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "国务院组织机构",
        (
            "国务院",
            "国务院办公厅",
            "国务院组成部门",
            "国务院直属特设机构",
            "国务院直属机构",
            "国务院办事机构",
            "国务院直属事业单位",
            "国务院部委管理的国家局",
            "国务院议事协调机构",
            "其他",
        ),
    ),
    (
        "综合政务",
        (
            "政务公开",
            "政务督查",
            "应急管理",
            "电子政务",
            "文秘工作",
            "保密工作",
            "信访",
            "参事、文史",
            "其他",
        ),
    ),
    (
        "国民经济管理、国有资产监管",
        ("宏观经济", "经济体制改革", "统计", "物价", "国有资产监管", "重大建设项目", "其他"),
    ),
    (
        "财政、金融、审计",
        (
            "财政",
            "税务",
            "银行",
            "货币（含外汇）",
            "证券",
            "保险",
            "社会信用体系建设",
            "审计",
            "其他",
        ),
    ),
    ("国土资源、能源", ("土地", "矿产", "水资源", "海洋", "煤炭", "石油与天然气", "电力", "其他")),
    ("农业、林业、水利", ("农业、畜牧业、渔业", "林业", "水利", "其他")),
    (
        "工业、交通",
        (
            "机械制造与重工业",
            "轻工纺织",
            "化工",
            "国防工业",
            "航天、航空",
            "信息产业（含电信）",
            "公路",
            "水运",
            "铁路",
            "民航",
            "邮政",
            "其他",
        ),
    ),
    (
        "商贸、海关、旅游",
        ("对外经贸合作", "国内贸易（含供销）", "海关", "检验、检疫", "旅游", "其他"),
    ),
    (
        "市场监管、安全生产监管",
        ("工商", "质量监督", "标准", "食品药品监管", "安全生产监管", "其他"),
    ),
    (
        "城乡建设、环境保护",
        (
            "城市规划",
            "城乡建设（含住房）",
            "环境监测、保护与治理",
            "节能与资源综合利用",
            "气象、水文、测绘、地震",
            "其他",
        ),
    ),
    ("科技、教育", ("科技", "教育", "知识产权", "其他")),
    ("文化、广电、新闻出版", ("文化", "文物", "新闻出版", "广播、电影、电视", "其他")),
    ("卫生、体育", ("卫生", "医药管理", "体育", "其他")),
    ("人口与计划生育、妇女儿童工作", ("人口与计划生育", "妇女儿童", "其他")),
    (
        "劳动、人事、监察",
        ("劳动就业", "社会保障", "人事工作", "军转安置", "监察", "纠正行业不正之风", "其他"),
    ),
    ("公安、安全、司法", ("公安", "国家安全", "司法", "其他")),
    (
        "民政、扶贫、救灾",
        ("减灾救灾", "优抚安置", "社会福利", "行政区划与地名", "社团管理", "扶贫", "其他"),
    ),
    ("民族、宗教", ("民族事务", "宗教事务")),
    ("对外事务", ("外交、外事", "国际条约、国际组织", "其他")),
    ("港澳台侨工作", ("港澳工作", "对台工作", "侨务工作")),
    ("国防", ("国防建设", "国防动员")),
    ("其他", ()),
)


def seed_reference_data(category_model, topic_model) -> None:
    """Create or update the column tree and topics (idempotent; models passed for migrations)."""
    for order, (kind, column) in enumerate(FIRST_LEVEL, start=1):
        top = _upsert_column(category_model, column, None, kind, order * 10)
        if kind == "statutory":
            for sub_order, sub in enumerate(STATUTORY_COLUMNS, start=1):
                node = _upsert_column(category_model, sub, top, kind, sub_order * 10)
                for leaf_order, leaf in enumerate(sub.children, start=1):
                    _upsert_column(category_model, leaf, node, kind, leaf_order * 10)
    for order, (name, children) in enumerate(TOPICS, start=1):
        parent, _ = topic_model.objects.update_or_create(
            parent=None, name=name, defaults={"sort_order": order * 10}
        )
        for child_order, child in enumerate(children, start=1):
            topic_model.objects.update_or_create(
                parent=parent, name=child, defaults={"sort_order": child_order * 10}
            )


def _upsert_column(model, column: Column, parent, kind: str, order: int):
    obj, _ = model.objects.update_or_create(
        slug=column.slug,
        defaults={
            "name": column.name,
            "parent": parent,
            "kind": kind,
            "legal_basis": column.legal_basis,
            "description": column.description,
            "update_cycle_days": column.cycle,
            "sort_order": order,
        },
    )
    return obj


def seed_calendar(calendar_day_model) -> int:
    """Add the official 2019–2026 rest and make-up days that are missing (admin edits win)."""
    from catalog.holiday_notices import NOTICES

    existing = set(calendar_day_model.objects.values_list("date", flat=True))
    rows = []
    for notice in NOTICES:
        for period in notice.periods:
            for kind, days in (("holiday", period.rest_days), ("workday", period.makeup_workdays)):
                for day in days:
                    if day not in existing:
                        rows.append(
                            calendar_day_model(
                                date=day, kind=kind, name=period.name, source=notice.number
                            )
                        )
                        existing.add(day)
    calendar_day_model.objects.bulk_create(rows)
    return len(rows)


def seed_arrangements(arrangement_model, calendar_day_model) -> int:
    """Record the 2019–2026 notices as arrangements and link their days (existing ones kept).

    A day is linked to the notice that lists it; days edited in admin keep their kind and name.
    """
    from catalog.holiday_notices import NOTICES

    seed_calendar(calendar_day_model)
    created = 0
    for notice in NOTICES:
        arrangement, was_created = arrangement_model.objects.get_or_create(
            year=notice.year,
            defaults={"number": notice.number, "title": notice.title, "issued_on": notice.issued},
        )
        created += was_created
        days = notice.rest_days | notice.makeup_workdays
        calendar_day_model.objects.filter(date__in=days, arrangement__isnull=True).update(
            arrangement=arrangement
        )
    return created
