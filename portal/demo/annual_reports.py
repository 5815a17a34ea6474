"""Demo annual reports for 示例县: published, corrected and frozen, built through the services.

* 示例县民政局: 2024 and 2025 published (two points for multi-year charts);
* 示例县财政局: 2025 published, then corrected (第2版, with its change note) and republished;
* 示例县退役军人事务局: 2025 published;
* 示例县人民政府: the 2025 government-level report, frozen but not published, so the dashboard
  shows published, corrected and overdue reports side by side.

Each report is created with its drafted texts (reports.annual.services.create_report, figures from the
demo cases and catalogue), completed with the Table A numbers that come from other systems,
frozen and published by the organisation's 主管. The services refuse to publish a table that
breaks a rule; with figures computed from cases the rules hold by construction.

Deterministic: fixed numbers and texts, figures from the (deterministic) demo data.
Idempotent: a report is recognised by (机关, 年度, 类型, 版本); existing ones are left alone.
Like portal.demo.applications, the demo backdates the freeze/publish times and events it writes to
the planned days (before the legal deadline), since the services stamp the current time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.models import Organisation
from disclosures.models import Disclosure
from reports.annual import services
from reports.models import AnnualReport, ReportEvent

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date
DEPARTMENT = AnnualReport.Scope.DEPARTMENT
GOVERNMENT = AnnualReport.Scope.GOVERNMENT

SUPERVISION_PLACEHOLDER = "[请补充本年度工作考核、社会评议和责任追究结果情况。]"
PROBLEMS_PLACEHOLDER = (
    "[请根据本年度实际情况填写存在的主要问题，并说明对上一年度报告所列问题的整改情况。]"
)


@dataclass(frozen=True)
class Correction:
    published_on: dt.date
    change_note: str
    values: dict


@dataclass(frozen=True)
class ReportSpec:
    org: str
    year: int
    scope: str
    supervisor: str
    frozen_on: dt.date
    published_on: dt.date | None  # None: left frozen, not published
    values: dict  # Table A numbers entered by staff, 人大建议/政协提案
    supervision: str  # replaces the （五）监督保障 placeholder of section 一
    problems: str  # replaces the placeholder of section 五
    correction: Correction | None = None
    members: tuple[str, ...] = field(default_factory=tuple)


SUPERVISION = (
    "将政府信息公开工作纳入年度目标责任制考核，开展政务公开社会评议，"
    "本年度未发生因政府信息公开工作被责任追究的情形。"
)

# fmt: off
REPORTS: tuple[ReportSpec, ...] = (
    ReportSpec(
        "mzj", 2024, DEPARTMENT, "mzj_zg", D(2025, 1, 20), D(2025, 1, 23),
        {"licensing_decisions": 46, "penalty_decisions": 2, "coercion_decisions": 0,
         "fee_amount_wan": Decimal("0"), "npc_suggestions": 6, "cppcc_proposals": 9},
        SUPERVISION,
        "一是社会救助类信息更新不够及时，部分乡镇公示信息滞后；二是政策解读形式较为单一。"
        "2025年将建立社会救助信息按月更新机制，增加图解、问答等解读形式。",
    ),
    ReportSpec(
        "mzj", 2025, DEPARTMENT, "mzj_zg", D(2026, 1, 19), D(2026, 1, 22),
        {"licensing_decisions": 52, "penalty_decisions": 1, "coercion_decisions": 0,
         "fee_amount_wan": Decimal("0"), "npc_suggestions": 5, "cppcc_proposals": 11},
        SUPERVISION,
        "上一年度报告所列问题已整改：社会救助信息实行按月更新，本年度发布政策图解6篇。"
        "存在的主要问题是依申请公开答复文书的说理还不够充分。"
        "2026年将组织答复文书集中评查，完善常用答复文书范本。",
    ),
    ReportSpec(
        "czj", 2025, DEPARTMENT, "czj_zg", D(2026, 1, 23), D(2026, 1, 27),
        {"licensing_decisions": 0, "penalty_decisions": 3, "coercion_decisions": 0,
         "fee_amount_wan": Decimal("12.8000"), "npc_suggestions": 8, "cppcc_proposals": 7},
        SUPERVISION,
        "一是部分预决算公开表格说明不够详细；二是政府采购意向公开的时间要求落实不够到位。"
        "2026年将统一预决算公开模板，建立政府采购意向公开提醒机制。",
        Correction(
            D(2026, 3, 12),
            "第二部分“行政事业性收费”本年收费金额误将2024年度数据填入，"
            "由12.8万元更正为13.65万元。",
            {"fee_amount_wan": Decimal("13.6500")},
        ),
    ),
    ReportSpec(
        "tyjrj", 2025, DEPARTMENT, "tyjrj_zg", D(2026, 1, 26), D(2026, 1, 29),
        {"licensing_decisions": 0, "penalty_decisions": 0, "coercion_decisions": 0,
         "fee_amount_wan": Decimal("0"), "npc_suggestions": 3, "cppcc_proposals": 4},
        SUPERVISION,
        "优抚对象相关信息公开的去标识化处理标准需进一步统一。2026年将制定名单类信息公示规范，"
        "明确姓名、身份证号码等个人信息的处理方式。",
    ),
    ReportSpec(
        "xzf", 2025, GOVERNMENT, "xzf_zg", D(2026, 3, 20), None,
        {"licensing_decisions": 1280, "penalty_decisions": 356, "coercion_decisions": 12,
         "fee_amount_wan": Decimal("326.4200"), "npc_suggestions": 64, "cppcc_proposals": 87},
        "将政务公开工作纳入全县高质量发展综合绩效考核，组织开展政务公开社会评议，"
        "对2个考核排名靠后的部门进行了约谈。",
        "一是部分部门主动公开内容更新不及时；二是基层政务公开标准化规范化建设仍需加强。"
        "2026年将开展政务公开专项检查，推动标准目录在乡镇全覆盖。",
    ),
)
# fmt: on


def seed() -> int:
    """Create the demo reports that do not exist yet; return how many versions were created."""
    usernames = {spec.supervisor for spec in REPORTS}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in={s.org for s in REPORTS})}
    if len(users) < len(usernames) or len(orgs) < len({s.org for s in REPORTS}):
        return 0  # portal.demo.organisations has not run: no organisations or supervisors yet
    created = 0
    for spec in REPORTS:
        org, actor = orgs[spec.org], users[spec.supervisor]
        versions = AnnualReport.objects.filter(organisation=org, year=spec.year, scope=spec.scope)
        first = versions.filter(version=1).first()
        if first is None:
            first = _build(spec, org, actor)
            created += 1
        if (
            spec.correction
            and first.status == AnnualReport.Status.PUBLISHED
            and not versions.filter(version=2).exists()
        ):
            _correct(spec.correction, first, actor)
            created += 1
    return created


@transaction.atomic
def _build(spec: ReportSpec, org: Organisation, actor) -> AnnualReport:
    report = services.create_report(actor=actor, organisation=org, year=spec.year, scope=spec.scope)
    values = dict(spec.values)
    values["section_overview"] = report.section_overview.replace(
        SUPERVISION_PLACEHOLDER, spec.supervision
    )
    values["section_problems"] = report.section_problems.replace(
        PROBLEMS_PLACEHOLDER, spec.problems
    )
    values["section_other"] = (
        f"{report.section_other}\n\n本年度共承办人大代表建议{values['npc_suggestions']}件、"
        f"政协提案{values['cppcc_proposals']}件，均已按期办结，答复情况已按规定公开。"
    )
    report = services.update_report(actor=actor, report=report, values=values)
    report = services.freeze(actor=actor, report=report)
    if spec.published_on is not None:
        report = services.publish(actor=actor, report=report)
    _backdate(report, frozen_on=spec.frozen_on, published_on=spec.published_on)
    return report


@transaction.atomic
def _correct(correction: Correction, report: AnnualReport, actor) -> AnnualReport:
    new = services.correct(actor=actor, report=report, change_note=correction.change_note)
    new = services.update_report(actor=actor, report=new, values=correction.values)
    new = services.publish(actor=actor, report=services.freeze(actor=actor, report=new))
    _backdate(new, frozen_on=correction.published_on, published_on=correction.published_on)
    return new


def _backdate(report: AnnualReport, *, frozen_on: dt.date, published_on: dt.date | None) -> None:
    """Date the drafting three days before the freeze, the freeze at 10:00, publication at 11:00."""
    frozen_at = dt.datetime.combine(frozen_on, dt.time(10, 0), tzinfo=TZ)
    drafted = frozen_at - dt.timedelta(days=3)
    published_at = (
        dt.datetime.combine(published_on, dt.time(11, 0), tzinfo=TZ) if published_on else None
    )
    events = ReportEvent.objects.filter(report=report)
    events.filter(action__in=["create", "correct", "edit"]).update(created_at=drafted)
    events.filter(action="freeze").update(created_at=frozen_at)
    if published_at:
        events.filter(action="publish").update(created_at=published_at)
    AnnualReport.objects.filter(pk=report.pk).update(frozen_at=frozen_at, published_at=published_at)


# The demo 民政局 follows the rules of the Hohhot 民政局's 2018 要点 (interaction-and-supervision.md).
def seed_obligations() -> int:
    """Derive the demo obligations from the 标准目录 rows (portal.demo.directory) and link the
    periods that demo items already fulfil; returns how many obligations were created.

    Until #18 the six obligations were kept by hand here; they now come from the 民政局's
    periodic rows, and a hand-kept obligation of the same name is adopted by its row.
    """
    from reports.models import Obligation, ObligationFulfilment
    from reports.obligations import derivation, rules

    created = derivation.sync_obligations().created
    today = timezone.localdate()
    derived = Obligation.objects.filter(derived=True, is_active=True, column__isnull=False)
    for obligation in derived.select_related("organisation", "column"):
        org, category = obligation.organisation, obligation.column
        frequency, months_after = obligation.frequency, obligation.months_after
        in_period = obligation.due_in_period
        watched = rules.periods_to_watch(frequency, months_after, today, 4, in_period=in_period)
        for period, _due in watched:
            if obligation.fulfilments.filter(period_key=period.key).exists():
                continue
            # Yearly items are titled "2025年部门决算", not "2025年度…".
            label = f"{period.start.year}年" if frequency == "yearly" else period.label
            item = (
                Disclosure.objects.listed()
                .filter(organisation=org)
                .in_columns([category.pk])
                .filter(title__contains=label)
                .order_by("published_at")
                .first()
            )
            if item is not None:
                ObligationFulfilment.objects.create(
                    obligation=obligation, period_key=period.key, disclosure=item
                )
    return created
