"""Annual reports (政府信息公开工作年度报告): one per organisation and year, versioned."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation, OrganisationScopedQuerySet
from reports.annual import official_forms, workflow


class ReportQuerySet(OrganisationScopedQuerySet):
    def published(self):
        return self.filter(status=AnnualReport.Status.PUBLISHED)

    def current(self):
        """The newest published version of each report (older versions stay reachable)."""
        return self.published().exclude(superseded_by__status=AnnualReport.Status.PUBLISHED)

    def with_original_publication(self):
        """Annotate ``original_published_at``: when the first version was published. Lateness
        is judged by it; a later correction does not make an on-time report late."""
        first = AnnualReport.objects.filter(
            organisation=OuterRef("organisation"),
            year=OuterRef("year"),
            scope=OuterRef("scope"),
            status=AnnualReport.Status.PUBLISHED,
        ).order_by("version")
        return self.annotate(original_published_at=Subquery(first.values("published_at")[:1]))


def staff_link(verbose_name: str) -> models.ForeignKey:
    """Who did a step of a report's workflow (kept when the account is deleted: set to null)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


class VersionedReportBase(models.Model):
    """What every published, versioned report has (the 年报 and the 政府网站工作年度报表): the
    status of reports.annual.workflow, its version and the version it corrects, and when and by
    whom it was published. A published row never changes; a correction is a new row."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿（数据实时计算）"
        FROZEN = "frozen", "已锁定待发布（数据已固定）"
        PUBLISHED = "published", "已发布"

    version = models.PositiveSmallIntegerField("版本", default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="更正的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        editable=False,
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    published_by = staff_link("发布人")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.title}{suffix}"

    @property
    def is_editable(self) -> bool:
        return (self.status, workflow.Action.EDIT) in workflow.TRANSITIONS


class AnnualReport(VersionedReportBase):
    class Scope(models.TextChoices):
        DEPARTMENT = "department", "部门年度报告"
        GOVERNMENT = "government", "本级政府年度报告"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="报告机关",
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2019)])
    scope = models.CharField("报告类型", max_length=20, choices=Scope, default=Scope.DEPARTMENT)
    members = models.ManyToManyField(
        Organisation,
        verbose_name="汇总的机关",
        blank=True,
        related_name="+",
        help_text="本级政府年度报告汇总的机关；部门报告留空即仅统计本机关。",
    )
    change_note = models.TextField(
        "更正说明", blank=True, help_text="更正已发布的报告时必须说明更正的内容和原因。"
    )
    section_overview = models.TextField("一、总体情况", blank=True)
    section_problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    section_other = models.TextField("六、其他需要报告的事项", blank=True)

    # Table A figures that come from other systems.
    licensing_decisions = models.PositiveIntegerField("行政许可 本年处理决定数量", default=0)
    penalty_decisions = models.PositiveIntegerField("行政处罚 本年处理决定数量", default=0)
    coercion_decisions = models.PositiveIntegerField("行政强制 本年处理决定数量", default=0)
    fee_amount_wan = models.DecimalField(
        "行政事业性收费 本年收费金额（万元）",
        max_digits=14,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
    )
    npc_suggestions = models.PositiveIntegerField("办理人大代表建议（件）", null=True, blank=True)
    cppcc_proposals = models.PositiveIntegerField("办理政协提案（件）", null=True, blank=True)

    # Table A cells of the 2019 trial form (2019 and 2020 reports) entered by staff; the
    # 处理决定数量 of 行政许可/处罚/强制 are the decision fields above.
    licensing_previous = models.PositiveIntegerField("行政许可 上一年项目数量", default=0)
    licensing_change = models.IntegerField("行政许可 本年增/减", default=0)
    other_services_previous = models.PositiveIntegerField(
        "其他对外管理服务事项 上一年项目数量", default=0
    )
    other_services_change = models.IntegerField("其他对外管理服务事项 本年增/减", default=0)
    other_services_decisions = models.PositiveIntegerField(
        "其他对外管理服务事项 处理决定数量", default=0
    )
    penalty_previous = models.PositiveIntegerField("行政处罚 上一年项目数量", default=0)
    penalty_change = models.IntegerField("行政处罚 本年增/减", default=0)
    coercion_previous = models.PositiveIntegerField("行政强制 上一年项目数量", default=0)
    coercion_change = models.IntegerField("行政强制 本年增/减", default=0)
    fee_previous = models.PositiveIntegerField("行政事业性收费 上一年项目数量", default=0)
    fee_change = models.IntegerField("行政事业性收费 本年增/减", default=0)
    procurement_count = models.PositiveIntegerField("政府集中采购 采购项目数量", default=0)
    procurement_amount = models.DecimalField(
        "政府集中采购 采购总金额",
        max_digits=16,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="按原报告所列的数值填写。",
    )

    recorded_note = models.TextField(
        "补录说明",
        blank=True,
        editable=False,
        help_text="补录的历史年报（在本平台启用前已发布）记录补录的原因。",
    )

    snapshot = models.JSONField("锁定时的数据", default=dict, blank=True, editable=False)
    frozen_at = models.DateTimeField("锁定时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "organisation__sort_order", "-version"]
        permissions = [("publish_annualreport", "可以锁定、发布和更正年度报告")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "scope", "version"], name="unique_report_version"
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(change_note=""), name="corrections_have_a_note"
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def title(self) -> str:
        return f"{self.organisation.name}{self.year}年政府信息公开工作年度报告"

    @property
    def legal_deadline(self) -> dt.date:
        """条例 Art. 49: departments by 31 January, the government's own report by 31 March."""
        if self.scope == self.Scope.GOVERNMENT:
            return dt.date(self.year + 1, 3, 31)
        return dt.date(self.year + 1, 1, 31)

    @property
    def form(self) -> str:
        """The official form the report follows: 2019/2020 the 2019 trial form, then 2021."""
        return official_forms.form_for_year(self.year)

    @property
    def form_name(self) -> str:
        return official_forms.FORM_NAMES[self.form]

    @property
    def is_recorded_past_report(self) -> bool:
        return bool(self.recorded_note)

    @property
    def original_published_on(self) -> dt.date | None:
        """Publication day of the first version (annotated by with_original_publication())."""
        if hasattr(self, "original_published_at"):
            first = self.original_published_at
        elif self.version == 1 or self.supersedes_id is None:
            first = self.published_at
        else:
            first = (
                AnnualReport.objects.filter(
                    organisation_id=self.organisation_id,
                    year=self.year,
                    scope=self.scope,
                    status=self.Status.PUBLISHED,
                )
                .order_by("version")
                .values_list("published_at", flat=True)
                .first()
            )
        return timezone.localdate(first) if first else None

    @property
    def is_published_late(self) -> bool:
        """逾期发布: the first version appeared after the legal deadline (条例 Art. 49)."""
        first = self.original_published_on
        return first is not None and first > self.legal_deadline


class ReportEventBase(models.Model):
    """An event row of a report's workflow (reports.annual.workflow): who, when, what, why.
    The 年报's events and the 政府网站工作年度报表's events are both of this shape; each adds its
    report and its closed list of actions (``action``)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d}"

    @property
    def from_status(self) -> str | None:
        """The report's status before this event (None: the event created the row)."""
        before, _ = workflow.EVENT_EDGES[workflow.Action(self.action)]
        return None if before is None else str(before)

    @property
    def to_status(self) -> str:
        """The report's status after this event."""
        _, after = workflow.EVENT_EDGES[workflow.Action(self.action)]
        return str(after)


class ReportEvent(ReportEventBase):
    class Action(models.TextChoices):
        CREATE = "create", "创建"
        EDIT = "edit", "修改"
        FREEZE = "freeze", "锁定"
        REOPEN = "reopen", "解锁"
        PUBLISH = "publish", "发布"
        CORRECT = "correct", "更正"
        RECORD_PAST = "record_past", "补录历史年报"

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=30, choices=Action)

    class Meta(ReportEventBase.Meta):
        verbose_name = "年报操作记录"
        verbose_name_plural = "年报操作记录"
