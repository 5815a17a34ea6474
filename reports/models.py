"""Annual reports (政府信息公开工作年度报告): one per organisation and year, versioned."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from catalog.models import Organisation, OrganisationScopedQuerySet
from reports.obligations import FREQUENCY_LABELS


class ReportQuerySet(OrganisationScopedQuerySet):
    def published(self):
        return self.filter(status=AnnualReport.Status.PUBLISHED)

    def current(self):
        """The newest published version of each report (older versions stay reachable)."""
        return self.published().exclude(superseded_by__status=AnnualReport.Status.PUBLISHED)


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿（数据实时计算）"
        FROZEN = "frozen", "已锁定待发布（数据已固定）"
        PUBLISHED = "published", "已发布"

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
    change_note = models.TextField(
        "更正说明", blank=True, help_text="更正已发布的报告时必须说明更正的内容和原因。"
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status, default=Status.DRAFT, editable=False
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

    snapshot = models.JSONField("锁定时的数据", default=dict, blank=True, editable=False)
    frozen_at = models.DateTimeField("锁定时间", null=True, blank=True, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
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

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.title}{suffix}"

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
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class ReportEvent(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=30)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "年报操作记录"
        verbose_name_plural = "年报操作记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d}"


class Obligation(models.Model):
    """A recurring disclosure duty of an organisation (see reports.obligations)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.CASCADE, related_name="obligations"
    )
    name = models.CharField(
        "公开事项", max_length=100, help_text="如：社会救助统计数据、灾情统计、民政事业统计月报。"
    )
    frequency = models.CharField(
        "周期", max_length=20, choices=[(f.value, label) for f, label in FREQUENCY_LABELS.items()]
    )
    months_after = models.PositiveSmallIntegerField(
        "期满后几个月内公开",
        default=1,
        help_text="截止日期为周期结束后第N个月的最后一天；如季度统计“次季度第二个月底前”填2。",
    )
    column = models.ForeignKey(
        "catalog.Category",
        verbose_name="发布栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_basis = models.CharField("依据", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公开义务"
        verbose_name_plural = "公开义务"
        ordering = ["organisation__sort_order", "name", "id"]

    def __str__(self) -> str:
        return f"{self.organisation.short_name or self.organisation.name}：{self.name}"


class ObligationFulfilmentQuerySet(OrganisationScopedQuerySet):
    organisation_path = "obligation__organisation"


class ObligationFulfilment(models.Model):
    """One period of an obligation, fulfilled by a published item."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="fulfilments")
    period_key = models.CharField("周期", max_length=10)
    disclosure = models.ForeignKey(
        "disclosures.Disclosure",
        verbose_name="已公开的信息",
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ObligationFulfilmentQuerySet.as_manager()

    class Meta:
        verbose_name = "公开义务履行记录"
        verbose_name_plural = "公开义务履行记录"
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "period_key"], name="one_fulfilment_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.obligation} {self.period_key}"


from reports.downloads.models import StoredDownload  # noqa: E402,F401
from reports.statistics_models import BudgetDisclosure, DataPoint, Measure, StatisticsSeries  # noqa: E402,F401
