"""The self-audit against 国办秘函〔2019〕19号 (pure: dates and counts in, verdicts out).

The national check of government websites has three parts: 单项否决 (any one fails the site),
扣分指标 (100 points) and 加分指标 (portals only, not computed here). A site with a veto is
不合格 without further scoring; otherwise it is 不合格 below 60 points
(domain notes, portal-conventions.md §5.2 and §6.1).

The thresholds of the veto items are the national ones (§5.2). The points of the deduction
items are this portal's weighting of the published self-check tables (a point per offending
page, capped per item); docs/self-audit.md lists each rule with its 19号 item.
No ORM, no clock: ``today`` is always passed in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

PASS_MARK = 60
FULL_SCORE = 100

HOME_STALE_DAYS = 14  # 首页栏目信息超过2周未更新
DYNAMIC_STALE_DAYS = 14  # 动态、要闻类栏目超过2周未更新
DYNAMIC_STALE_VETO = 5  # ……达到5个
NOTICE_STALE_MONTHS = 6  # 通知公告、政策文件类栏目超过6个月未更新（1个即否决）
SHOULD_UPDATE_VETO = 10  # 应更新未更新栏目达到10个
EMPTY_COLUMNS_VETO = 5  # 空白栏目达到5个
LETTER_UNANSWERED_MONTHS = 3  # 留言超过3个月未回复
LETTER_WINDOW_DAYS = 365  # 一年内
BUDGET_PUBLICATION_DAYS = 20  # 预决算批复后20日内公开


class ColumnKind(enum.StrEnum):
    DYNAMIC = "dynamic"  # 动态、要闻
    NOTICE = "notice"  # 通知公告、政策文件
    OTHER = "other"


_DYNAMIC_WORDS = ("动态", "要闻", "新闻")
_NOTICE_WORDS = ("通知", "公告", "政策文件", "规范性文件", "文件")


def column_kind(name: str, update_cycle_days: int) -> ColumnKind:
    """Which of the 19号 staleness groups a column belongs to, read from its name, and from its
    update cycle for a column the portal keeps on a two-week cycle (动态类, 14 days)."""
    if any(word in name for word in _DYNAMIC_WORDS) or update_cycle_days <= DYNAMIC_STALE_DAYS:
        return ColumnKind.DYNAMIC
    if any(word in name for word in _NOTICE_WORDS):
        return ColumnKind.NOTICE
    return ColumnKind.OTHER


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months, clamped to the month's end (31 Aug − 6 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def home_is_stale(newest: dt.date | None, today: dt.date) -> bool:
    """首页 not updated for 2 weeks; a site with no dated item counts as not updated."""
    return newest is None or (today - newest).days > HOME_STALE_DAYS


def column_is_stale_for_veto(kind: ColumnKind, newest: dt.date | None, today: dt.date) -> bool:
    """A 动态/要闻 column without an item in 2 weeks, a 通知公告/政策文件 column without one in
    6 months. Empty columns are counted separately (栏目无内容)."""
    if newest is None:
        return False
    if kind == ColumnKind.DYNAMIC:
        return (today - newest).days > DYNAMIC_STALE_DAYS
    if kind == ColumnKind.NOTICE:
        return newest < add_months(today, -NOTICE_STALE_MONTHS)
    return False


def column_vetoes(
    *, stale_dynamic: int, stale_notice: int, should_update: int, empty: int
) -> list[str]:
    """The column veto items reached, as the reasons shown (empty when none)."""
    reasons = []
    if stale_dynamic >= DYNAMIC_STALE_VETO:
        reasons.append(
            f"动态、要闻类栏目超过2周未更新达{stale_dynamic}个（≥{DYNAMIC_STALE_VETO}个）"
        )
    if stale_notice >= 1:
        reasons.append(f"通知公告、政策文件类栏目超过6个月未更新{stale_notice}个")
    if should_update >= SHOULD_UPDATE_VETO:
        reasons.append(f"应更新未更新栏目达{should_update}个（≥{SHOULD_UPDATE_VETO}个）")
    if empty >= EMPTY_COLUMNS_VETO:
        reasons.append(f"空白栏目达{empty}个（≥{EMPTY_COLUMNS_VETO}个）")
    return reasons


def letter_unanswered_too_long(
    *, received_on: dt.date, answered_on: dt.date | None, is_open: bool, today: dt.date
) -> bool:
    """A letter of the last year left without an answer for more than 3 months: still open and
    received more than 3 months ago, or answered more than 3 months after it came in."""
    if received_on < today - dt.timedelta(days=LETTER_WINDOW_DAYS):
        return False
    limit = add_months(received_on, LETTER_UNANSWERED_MONTHS)
    if answered_on is not None:
        return answered_on > limit
    return is_open and today > limit


def letter_answered_late(
    *, due_on: dt.date | None, answered_on: dt.date | None, is_open: bool, today: dt.date
) -> bool:
    """Answered after its time limit (答复期限), or still open with the limit passed."""
    if due_on is None:
        return False
    if answered_on is not None:
        return answered_on > due_on
    return is_open and today > due_on


def annual_report_due(today: dt.date, *, government: bool) -> tuple[int, dt.date]:
    """The newest report year whose deadline has passed, and that deadline (条例 Art. 49:
    departments by 31 January, a people's government's own report by 31 March)."""
    month = 3 if government else 1
    year = today.year - 1
    deadline = dt.date(year + 1, month, 31)
    if today <= deadline:
        year -= 1
        deadline = dt.date(year + 1, month, 31)
    return year, deadline


def annual_report_late(published_on: dt.date | None, deadline: dt.date) -> bool:
    return published_on is None or published_on > deadline


def budget_late(*, approved_on: dt.date, published_on: dt.date | None, today: dt.date) -> bool:
    """预决算 not published within 20 days of 批复 (approval day not counted)."""
    limit = approved_on + dt.timedelta(days=BUDGET_PUBLICATION_DAYS)
    if published_on is not None:
        return published_on > limit
    return today > limit


# The elements every 办事指南 must carry (国办秘函〔2019〕19号 办事服务: 办事指南要素).
GUIDE_ELEMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("事项名称", ("matter_name",)),
    ("设定依据", ("legal_basis",)),
    ("申请条件", ("conditions",)),
    ("办理材料", ("materials",)),
    ("办理流程", ("steps",)),
    ("办理时间地点", ("time_limit", "location", "office_hours")),
    ("联系方式", ("consult_phone",)),
    ("收费", ("fee",)),
)


def missing_guide_elements(values: Mapping[str, object]) -> list[str]:
    """The element names of a guide that are blank (text) or zero (counts of steps/materials)."""
    missing = []
    for label, keys in GUIDE_ELEMENTS:
        for key in keys:
            value = values.get(key)
            if value is None or (isinstance(value, str) and not value.strip()) or value == 0:
                missing.append(label)
                break
    return missing


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    item: str  # the 19号 item it checks
    veto: bool = False
    points_each: int = 0
    cap: int = 0


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule(
            "home",
            "首页长期未更新",
            "单项否决·站点无法访问/不更新：首页栏目信息超过2周未更新",
            True,
        ),
        Rule(
            "columns", "栏目不更新", "单项否决·栏目不更新：动态要闻、通知公告、政策文件类栏目", True
        ),
        Rule("empty", "空白栏目", "单项否决·栏目不更新：空白栏目数量超过5个", True),
        Rule(
            "interaction",
            "互动回应差",
            "单项否决·互动回应差：一年内留言超过3个月未回复，或无可用的互动渠道",
            True,
        ),
        Rule(
            "schedule",
            "栏目未按时限公开",
            "扣分·信息发布：应更新未更新栏目（公开时限）",
            False,
            2,
            10,
        ),
        Rule("links", "失效链接", "扣分·功能设计：链接可用性", False, 1, 10),
        Rule("guides", "办事指南要素缺失", "扣分·办事服务：办事指南要素完整", False, 2, 10),
        Rule(
            "interpretations",
            "规范性文件未发布解读",
            "扣分·解读回应：政策文件与解读同步发布",
            False,
            2,
            10,
        ),
        Rule(
            "annual_report",
            "年报未按时发布",
            "扣分·信息发布：政府信息公开工作年度报告",
            False,
            5,
            5,
        ),
        Rule("budgets", "预决算未在批复后20日内公开", "扣分·信息发布：预决算公开", False, 2, 6),
        Rule("letters_late", "留言答复超期", "扣分·互动交流：留言办理及时", False, 1, 10),
        Rule(
            "site_errors_late",
            "网站纠错答复超期",
            "扣分·互动交流：“我为政府网站找错”答复及时",
            False,
            1,
            5,
        ),
    )
}


@dataclass(frozen=True)
class Page:
    """An offending page: what it is, its public address and its admin change page."""

    title: str
    public_url: str = ""
    admin_url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Finding:
    rule: Rule
    pages: Sequence[Page] = ()
    reasons: Sequence[str] = ()  # a veto's reasons, or a note for the deduction
    vetoed: bool = False

    @property
    def points(self) -> int:
        return deduction(self.rule, len(self.pages))


def deduction(rule: Rule, count: int) -> int:
    """Points taken off for ``count`` offending pages: ``points_each`` each, up to the cap."""
    if rule.veto or count <= 0:
        return 0
    return min(rule.points_each * count, rule.cap)


class Verdict(enum.StrEnum):
    PASS = "合格"  # noqa: S105 - a verdict, not a password
    FAIL = "不合格"


@dataclass(frozen=True)
class Result:
    findings: Sequence[Finding] = field(default_factory=tuple)

    @property
    def vetoes(self) -> list[Finding]:
        return [f for f in self.findings if f.vetoed]

    @property
    def deductions(self) -> list[Finding]:
        return [f for f in self.findings if not f.rule.veto and f.pages]

    @property
    def score(self) -> int:
        return score(self.findings)

    @property
    def verdict(self) -> Verdict:
        return verdict(self.score, vetoed=bool(self.vetoes))


def score(findings: Sequence[Finding]) -> int:
    return max(0, FULL_SCORE - sum(f.points for f in findings))


def verdict(points: int, *, vetoed: bool) -> Verdict:
    """Any veto fails the site; otherwise it passes with 60 points or more."""
    if vetoed or points < PASS_MARK:
        return Verdict.FAIL
    return Verdict.PASS


def iso_week(day: dt.date) -> str:
    """The ISO week a weekly mailing belongs to, e.g. "2026-W50"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
