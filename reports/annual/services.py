"""Use cases of the annual report: create with a drafted text, freeze, publish, correct.

The statuses and the actions allowed from each are the transition table of
reports.annual.workflow; a correction is a new draft version (the old one stays public until the
correction is published, then both remain reachable with the change note).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from catalog.models import Organisation
from reports import purging
from reports.annual import figures, workflow
from reports.annual.completeness import text_problems
from reports.annual.tables import Problem, Tables
from reports.models import AnnualReport, ReportEvent

Action = ReportEvent.Action

EDITABLE_FIELDS = (
    "section_overview",
    "section_problems",
    "section_other",
    "licensing_decisions",
    "penalty_decisions",
    "coercion_decisions",
    "fee_amount_wan",
    "npc_suggestions",
    "cppcc_proposals",
    # Table A of the 2019 trial form (2019 and 2020 reports)
    "licensing_previous",
    "licensing_change",
    "other_services_previous",
    "other_services_change",
    "other_services_decisions",
    "penalty_previous",
    "penalty_change",
    "coercion_previous",
    "coercion_change",
    "fee_previous",
    "fee_change",
    "procurement_count",
    "procurement_amount",
)


class ReportError(Exception):
    """A rule stops the action; the message is shown to staff as it is."""


class ReportBlocked(ReportError):
    def __init__(self, problems: list[Problem], *, action: str = "发布"):
        self.problems = problems
        super().__init__(f"报告未通过校验，不能{action}：" + "；".join(p.message for p in problems))


REFUSALS = Refusals(
    permission="只有主管可以处理年度报告。",
    organisation="您只能处理本机关的年度报告。",
)


def require_supervisor(actor, organisation) -> None:
    """The staff check of every annual-report use case (an organisation or its id)."""
    require_staff(
        actor, organisation, "reports.publish_annualreport", refusals=REFUSALS, error=ReportError
    )


def log_event(report, actor, action, note="") -> None:
    """Append the report's event row (reports.models.ReportEvent)."""
    ReportEvent.objects.create(report=report, actor=actor, action=action, note=note)


def lock(report):
    """The report's row again, locked for this transaction (any report model)."""
    return type(report).objects.select_for_update().get(pk=report.pk)


def next_status(report, action: str, *, error: type[Exception] = ReportError) -> str:
    """The status after ``action`` by the transition table (reports.annual.workflow); a
    refusal is raised as ``error`` with the table's sentence. Serves every report model
    that follows the table (the 年报 and the 政府网站工作年度报表)."""
    try:
        return str(workflow.next_status(report.status, action))
    except workflow.InvalidTransition as refused:
        raise error(str(refused)) from refused


def draft_texts(report: AnnualReport, tables: Tables) -> dict[str, str]:
    """Starting drafts for sections 一, 五, 六 written from this year's own figures."""
    b = tables.b
    name = report.organisation.name
    columns = "、".join(f"{label}{n}条" for label, n in tables.proactive_by_column[:6])
    answered = b.value("closed_total")
    disclosed = b.value("disclose") + b.value("partial")
    overview = (
        f"{report.year}年，{name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        f"扎实推进政府信息公开工作。\n\n"
        f"（一）主动公开。全年主动公开政府信息{tables.proactive_total}条"
        + (f"，其中{columns}" if columns else "")
        + f"。本年度依申请转为主动公开政府信息{tables.proactive_converted}条。\n\n"
        f"（二）依申请公开。全年新收政府信息公开申请{b.value('new')}件，"
        f"上年结转{b.value('carried_in')}件，办结{answered}件，其中予以公开和部分公开"
        f"{disclosed}件，结转下年度继续办理{b.value('carried_out')}件。\n\n"
        "（三）政府信息管理。严格落实信息发布保密审查制度，坚持先审后发，"
        "对涉及个人信息的内容进行去标识化处理。\n\n"
        "（四）平台建设。依托政府信息公开专栏集中发布法定主动公开内容，"
        "提供检索、查阅、下载和在线申请服务。\n\n"
        "（五）监督保障。[请补充本年度工作考核、社会评议和责任追究结果情况。]"
    )
    # 复议/诉讼 figures belong to section 四 (Table C), not here.
    problems = "[请根据本年度实际情况填写存在的主要问题，并说明对上一年度报告所列问题的整改情况。]"
    other = (
        f"依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本年度发出收费通知"
        f"{tables.fee_notices}件，应收信息处理费{tables.fee_billed_yuan}元，"
        f"实收{tables.fee_collected_yuan}元。"
        if tables.fee_notices
        else "本年度未收取信息处理费。"
    )
    return {"section_overview": overview, "section_problems": problems, "section_other": other}


@transaction.atomic
def create_report(
    *,
    actor,
    organisation: Organisation,
    year: int,
    scope: str = AnnualReport.Scope.DEPARTMENT,
    members=(),
) -> AnnualReport:
    require_supervisor(actor, organisation.pk)
    if year > timezone.localdate().year:
        raise ReportError("不能编制未来年度的报告。")
    if AnnualReport.objects.filter(organisation=organisation, year=year, scope=scope).exists():
        raise ReportError(f"{organisation.name}{year}年度报告已存在。")
    report = AnnualReport.objects.create(organisation=organisation, year=year, scope=scope)
    if members:
        report.members.set(members)
    for key, value in draft_texts(report, figures.compute(report)).items():
        setattr(report, key, value)
    report.save()
    log_event(report, actor, Action.CREATE, "根据本年度数据生成初稿")
    return report


@transaction.atomic
def update_report(*, actor, report: AnnualReport, values: dict) -> AnnualReport:
    require_supervisor(actor, report.organisation_id)
    report = lock(report)
    next_status(report, Action.EDIT)
    for key, value in values.items():
        if key not in EDITABLE_FIELDS:
            raise TypeError(key)
        setattr(report, key, value)
    report.full_clean()
    report.save()
    log_event(report, actor, Action.EDIT)
    return report


@transaction.atomic
def freeze(*, actor, report: AnnualReport) -> AnnualReport:
    """Fix the figures for review: later case changes no longer alter this report. Refused
    while a text still holds a drafting marker or a required section is empty."""
    require_supervisor(actor, report.organisation_id)
    report = lock(report)
    status = next_status(report, Action.FREEZE)
    unfinished = text_problems(_texts(report))
    if unfinished:
        raise ReportBlocked(unfinished, action="锁定")
    if not report.is_recorded_past_report:
        # A recorded past report keeps the figures entered from the original report.
        report.snapshot = figures.tables_to_json(figures.compute(report))
    report.status = status
    report.frozen_at = timezone.now()
    report.save()
    log_event(report, actor, Action.FREEZE, "数据已锁定")
    return report


@transaction.atomic
def reopen(*, actor, report: AnnualReport) -> AnnualReport:
    require_supervisor(actor, report.organisation_id)
    report = lock(report)
    status = next_status(report, Action.REOPEN)
    if not report.is_recorded_past_report:
        report.snapshot = {}
    report.status = status
    report.frozen_at = None
    report.save()
    log_event(
        report,
        actor,
        Action.REOPEN,
        "解除锁定" if report.is_recorded_past_report else "解除锁定，数据恢复实时计算",
    )
    return report


def previous_table_b(report: AnnualReport):
    previous = (
        AnnualReport.objects.current()
        .filter(organisation=report.organisation, scope=report.scope, year=report.year - 1)
        .first()
    )
    return figures.tables_of(previous).b if previous else None


def _texts(report: AnnualReport) -> dict[str, str]:
    return {
        "section_overview": report.section_overview,
        "section_problems": report.section_problems,
        "section_other": report.section_other,
    }


def check(report: AnnualReport) -> list[Problem]:
    """Unfinished texts first, then the table rules (law-and-annual-report §1.4, §1.6)."""
    tables = figures.tables_of(report)
    return text_problems(_texts(report)) + tables.problems(previous_table_b(report))


@transaction.atomic
def publish(*, actor, report: AnnualReport) -> AnnualReport:
    """Publish a frozen report; refused while any table rule fails."""
    require_supervisor(actor, report.organisation_id)
    report = lock(report)
    status = next_status(report, Action.PUBLISH)
    blocking = [p for p in check(report) if p.blocking]
    if blocking:
        raise ReportBlocked(blocking)
    report.status = status
    report.published_at = timezone.now()
    report.published_by = actor
    report.save()
    log_event(report, actor, Action.PUBLISH)
    purging.purge_annual_report(report)
    return report


def correction_note(report, change_note: str, *, error: type[Exception] = ReportError) -> str:
    """The checks before a published (locked) report of any report model gets a corrected
    version: the table allows it (the published row itself stays published), it has no
    correction yet, and a note says why. Returns the note, stripped."""
    next_status(report, Action.CORRECT, error=error)
    if hasattr(report, "superseded_by"):
        raise error("该版本已有更正版本，请修改或发布更正版本。")
    if not change_note.strip():
        raise error("请填写更正说明。")
    return change_note.strip()


@transaction.atomic
def correct(*, actor, report: AnnualReport, change_note: str) -> AnnualReport:
    """Start a corrected version of a published report; the published one is never changed."""
    require_supervisor(actor, report.organisation_id)
    report = lock(report)
    change_note = correction_note(report, change_note)
    fields = {name: getattr(report, name) for name in EDITABLE_FIELDS}
    new = AnnualReport.objects.create(
        organisation=report.organisation,
        year=report.year,
        scope=report.scope,
        version=report.version + 1,
        supersedes=report,
        change_note=change_note,
        # A recorded past report's figures were entered by hand: the correction starts from them.
        recorded_note=report.recorded_note,
        snapshot=report.snapshot if report.is_recorded_past_report else {},
        **fields,
    )
    new.members.set(report.members.all())
    log_event(new, actor, Action.CORRECT, change_note)
    return new
