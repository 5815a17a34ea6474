"""The rows of the 政府网站工作年度报表 (pure: no ORM, no clock).

The table is the one annexed to 《国务院办公厅关于做好政府网站年度报表发布工作的通知》
(国办函〔2018〕12号), which 《政府网站发展指引》(国办发〔2017〕47号) made every government
website publish on its home page by 31 January. Its eight sections after the site's identity
are named in the notice itself (信息发布、专栏专题、解读回应、办事服务、互动交流、安全防护、
移动新媒体、创新发展); the row labels follow the table as portals commonly publish it
(docs/website-report.md says where we could not check them against the annex).

Each row says where its value comes from:

* ``SITE``: the portal's own identity (网站设置 and PORTAL_URL), as in the footer;
* ``COMPUTED``: counted from the portal's data (reports.website.figures);
* ``ENTERED``: entered by the 主管 (the portal does not hold it), checked by ``clean_entered``;
* ``SUM``: the sum of other rows of the table.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Source(enum.StrEnum):
    SITE = "site"
    COMPUTED = "computed"
    ENTERED = "entered"
    SUM = "sum"


class Kind(enum.StrEnum):
    INT = "int"  # a non-negative whole number
    BOOL = "bool"  # 是 / 否
    TEXT = "text"
    DAYS = "days"  # a non-negative number of days with one decimal (computed only)
    CHOICE = "choice"


YES, NO = "是", "否"
SITE_TYPES = ("政府门户网站", "部门网站")
TEXT_MAX_LENGTH = 200


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    kind: Kind
    source: Source
    unit: str = ""
    group: str = ""  # the sub-heading of the row inside its section (留言办理, 微博 …)
    parts: tuple[str, ...] = ()  # the rows a SUM adds up
    help: str = ""

    @property
    def heading(self) -> str:
        unit = f"（单位：{self.unit}）" if self.unit else ""
        return f"{self.label}{unit}"


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]


def _int(key, label, source, unit, group="", **kw) -> Row:
    return Row(key, label, Kind.INT, source, unit, group, **kw)


def _bool(key, label, source=Source.ENTERED, group="", **kw) -> Row:
    return Row(key, label, Kind.BOOL, source, group=group, **kw)


def _text(key, label, source=Source.ENTERED, group="", **kw) -> Row:
    return Row(key, label, Kind.TEXT, source, group=group, **kw)


S, C, E = Source.SITE, Source.COMPUTED, Source.ENTERED

SECTIONS: tuple[Section, ...] = (
    Section(
        "basic",
        "网站基本信息",
        (
            _text("site_name", "网站名称", S),
            _text("home_url", "首页网址", S),
            _text("sponsor", "主办单位", S),
            Row("site_type", "网站类型", Kind.CHOICE, E, help="政府门户网站或部门网站。"),
            _text("site_code", "政府网站标识码", S),
            _text("icp_number", "ICP备案编号", S),
            _text("police_record_number", "公安机关备案号", S),
            _int(
                "unique_visitors",
                "独立用户访问总量",
                E,
                "个",
                help="本平台不识别访问者（不设Cookie、不记录IP地址），无法统计独立用户，"
                "请按网站统计系统或主管部门提供的数据填写。",
            ),
            _int("total_visits", "网站总访问量", C, "次"),
        ),
    ),
    Section(
        "publishing",
        "信息发布",
        (
            Row(
                "info_total",
                "总数",
                Kind.INT,
                Source.SUM,
                "条",
                parts=("info_overview", "info_news", "info_catalogue"),
            ),
            _int(
                "info_overview",
                "概况类信息更新量",
                E,
                "条",
                help="机构概况、领导信息、地区概况等页面的更新条数（本平台不作为信息条目保存）。",
            ),
            _int("info_news", "政务动态信息更新量", C, "条"),
            _int("info_catalogue", "信息公开目录信息更新量", C, "条"),
        ),
    ),
    Section(
        "columns",
        "专栏专题",
        (
            _int("columns_maintained", "维护数量", E, "个"),
            _int("columns_new", "新开设数量", E, "个"),
        ),
    ),
    Section(
        "interpretation",
        "解读回应",
        (
            Row(
                "interpretation_total",
                "总数",
                Kind.INT,
                Source.SUM,
                "条",
                group="解读信息发布",
                parts=("interpretation_materials", "interpretation_products", "media_comments"),
            ),
            _int("interpretation_materials", "解读材料数量", C, "条", "解读信息发布"),
            _int(
                "interpretation_products",
                "解读产品数量",
                E,
                "个",
                "解读信息发布",
                help="图解、音视频、动漫等解读产品。",
            ),
            _int("media_comments", "媒体评论文章数量", E, "篇", "解读信息发布"),
            _int("hot_responses", "回应公众关注热点或重大舆情数量", E, "次"),
        ),
    ),
    Section(
        "services",
        "办事服务",
        (
            _bool("service_catalogue", "是否发布服务事项目录", C),
            _int("registered_users", "注册用户数", E, "个"),
            _int("service_matters", "政务服务事项数量", C, "项"),
            _int("online_matters", "可全程在线办理政务服务事项数量", C, "项"),
            Row(
                "cases_total",
                "总数",
                Kind.INT,
                Source.SUM,
                "件",
                group="办件量",
                parts=("cases_persons", "cases_legal"),
            ),
            _int("cases_persons", "自然人办件量", E, "件", "办件量"),
            _int("cases_legal", "法人办件量", E, "件", "办件量"),
        ),
    ),
    Section(
        "interaction",
        "互动交流",
        (
            _bool("unified_platform", "是否使用统一平台"),
            _int("letters_received", "收到留言数量", C, "条", "留言办理"),
            _int("letters_closed", "办结留言数量", C, "条", "留言办理"),
            Row("letters_days", "平均办理时间", Kind.DAYS, C, "天", "留言办理"),
            _int("letters_published", "公开答复数量", C, "条", "留言办理"),
            _int("surveys_held", "征集调查期数", C, "期", "征集调查"),
            _int("opinions_received", "收到意见数量", C, "条", "征集调查"),
            _int("survey_results", "公布调查结果期数", C, "期", "征集调查"),
            _int("interviews_held", "访谈期数", C, "期", "在线访谈"),
            _int("interview_questions", "网民留言数量", C, "条", "在线访谈"),
            _int("interview_answers", "答复网民提问数量", C, "条", "在线访谈"),
            _bool("smart_answers", "是否提供智能问答功能", C),
        ),
    ),
    Section(
        "security",
        "安全防护",
        (
            _int("security_checks", "安全检测评估次数", E, "次"),
            _int("problems_found", "发现问题数量", E, "个"),
            _int("problems_fixed", "问题整改数量", E, "个"),
            _bool("monitoring", "是否建立安全监测预警机制"),
            _bool("drills", "是否开展应急演练"),
            _bool("security_officer", "是否明确网站安全责任人"),
        ),
    ),
    Section(
        "new_media",
        "移动新媒体",
        (
            _bool("has_new_media", "是否有移动新媒体"),
            _text("weibo_name", "名称", group="微博"),
            _int("weibo_posts", "信息发布量", E, "条", "微博"),
            _int("weibo_followers", "关注量", E, "个", "微博"),
            _text("wechat_name", "名称", group="微信"),
            _int("wechat_posts", "信息发布量", E, "条", "微信"),
            _int("wechat_subscribers", "订阅数", E, "个", "微信"),
            _text("other_media", "其他"),
        ),
    ),
    Section(
        "innovation",
        "创新发展",
        (
            _bool("search_as_service", "搜索即服务"),
            _bool("multilingual", "多语言版本"),
            _bool("accessibility", "无障碍浏览"),
            _bool("personalised", "千人千网"),
            _text("other_innovation", "其他"),
        ),
    ),
)

ROWS: dict[str, Row] = {row.key: row for section in SECTIONS for row in section.rows}
ENTERED_KEYS = tuple(key for key, row in ROWS.items() if row.source is Source.ENTERED)
COMPUTED_KEYS = tuple(key for key, row in ROWS.items() if row.source is Source.COMPUTED)
SITE_KEYS = tuple(key for key, row in ROWS.items() if row.source is Source.SITE)


def _clean_one(row: Row, raw: object) -> tuple[object, str | None]:
    """(value, problem) of one entered value; blank is allowed (the cell stays empty)."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None, None
    if row.kind is Kind.INT:
        if isinstance(raw, bool) or not text.isdigit():
            return None, f"“{row.label}”应填写不小于0的整数。"
        return int(text), None
    if row.kind is Kind.BOOL:
        if raw is True or text in (YES, "true", "1"):
            return YES, None
        if raw is False or text in (NO, "false", "0"):
            return NO, None
        return None, f"“{row.label}”应选择“是”或“否”。"
    if row.kind is Kind.CHOICE:
        if text not in SITE_TYPES:
            return None, f"“{row.label}”应为{'或'.join(SITE_TYPES)}。"
        return text, None
    if len(text) > TEXT_MAX_LENGTH:
        return None, f"“{row.label}”不能超过{TEXT_MAX_LENGTH}个字。"
    return text, None


def clean_entered(values: dict[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """The entered values checked against their rows: (clean values, problems by key).

    Whole numbers not below zero, 是/否, the site type from its list, short texts; and the
    cross-row rules: no more problems fixed than found, no 微博/微信 figures without a name.
    A key that is not an entered row is a programming error (KeyError)."""
    clean: dict[str, object] = {}
    problems: dict[str, str] = {}
    for key, raw in values.items():
        row = ROWS[key]
        if row.source is not Source.ENTERED:
            raise KeyError(key)
        value, problem = _clean_one(row, raw)
        if problem:
            problems[key] = problem
        else:
            clean[key] = value
    found, fixed = clean.get("problems_found"), clean.get("problems_fixed")
    if isinstance(found, int) and isinstance(fixed, int) and fixed > found:
        problems["problems_fixed"] = "问题整改数量不能多于发现问题数量。"
    for account in ("weibo", "wechat"):
        figures = [k for k in ROWS if k.startswith(account + "_") and k != account + "_name"]
        if any(clean.get(k) for k in figures) and not clean.get(account + "_name"):
            problems[account + "_name"] = f"填写了{ROWS[figures[0]].group}的数据，请同时填写名称。"
    return clean, problems


def add_sums(values: dict[str, object]) -> dict[str, object]:
    """The values with every SUM row filled in (a part left blank counts as 0)."""
    result = dict(values)
    for key, row in ROWS.items():
        if row.source is Source.SUM:
            result[key] = sum(int(result.get(part) or 0) for part in row.parts)
    return result


def display(row: Row, value: object) -> str:
    """The cell as printed: blank for an empty value, days with one decimal."""
    if value is None or value == "":
        return ""
    if row.kind is Kind.DAYS:
        return f"{float(value):.1f}"
    return str(value)


def missing_entries(values: dict[str, object]) -> list[str]:
    """Labels of the entered whole-number and yes/no rows still blank (not the optional texts)."""
    return [
        f"{_section_of(key)}：{ROWS[key].label}"
        for key in ENTERED_KEYS
        if ROWS[key].kind in (Kind.INT, Kind.BOOL, Kind.CHOICE)
        and values.get(key) in (None, "")
        and not _optional(key, values)
    ]


def _optional(key: str, values: dict[str, object]) -> bool:
    """微博/微信 figures are needed only when the account is named."""
    for account in ("weibo", "wechat"):
        if key.startswith(account + "_"):
            return not values.get(account + "_name")
    return False


def _section_of(key: str) -> str:
    return next(s.title for s in SECTIONS if any(r.key == key for r in s.rows))
