"""Statistics series (统计数据: 城乡低保, 特困供养, 临时救助 …) and 预决算/三公经费 disclosures.

A ``StatisticsSeries`` belongs to one organisation and has a period kind (quarterly or monthly)
and a list of ``Measure`` rows (key, label, unit, decimals). Each ``DataPoint`` holds the figures
of one period as ``{measure_key: "decimal string"}``; only published points are public.

``BudgetDisclosure`` records one department budget (预算) or final account (决算) with its
“三公”经费 figures (财预〔2016〕143号: 因公出国（境）费, 公务用车购置费, 公务用车运行费,
公务接待费, in 万元) and the dates that 《预算法》第十四条 checks: published within 20 days of
the finance department's 批复.

The period helpers and ``percent_change`` at the top are pure (no ORM) so that the import,
the admin and the public pages share one definition of a period and of 环比/同比.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from catalog.models import Organisation, OrganisationScopedQuerySet

QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}
PERIODS_PER_YEAR = {"quarter": 4, "month": 12}

# 《预算法》第十四条: 部门预算、决算及报表 are published within 20 days of the 批复.
PUBLICATION_DAYS = 20


@dataclass(frozen=True, order=True)
class Period:
    """One quarter or month: ``Period(2025, 1, "quarter")`` is 2025年第一季度."""

    year: int
    number: int
    kind: str = "quarter"

    @property
    def per_year(self) -> int:
        return PERIODS_PER_YEAR[self.kind]

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}年第{QUARTER_NAMES[self.number]}季度"
        return f"{self.year}年{self.number}月"

    @property
    def short_label(self) -> str:
        if self.kind == "quarter":
            return f"{self.year}Q{self.number}"
        return f"{self.year}-{self.number:02d}"

    def previous(self) -> Period:
        """The period before (环比's base): 2025Q1 → 2024Q4."""
        if self.number == 1:
            return Period(self.year - 1, self.per_year, self.kind)
        return Period(self.year, self.number - 1, self.kind)

    def year_before(self) -> Period:
        """The same period last year (同比's base)."""
        return Period(self.year - 1, self.number, self.kind)


def percent_change(current: Decimal | None, base: Decimal | None) -> Decimal | None:
    """(current − base) / base × 100, to one decimal place; None when either figure is missing
    or the base is zero (a change from nothing has no percentage)."""
    if current is None or base is None or base == 0:
        return None
    return ((current - base) * 100 / base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def to_decimal(value) -> Decimal | None:
    """A stored figure (a decimal string) as Decimal; None when absent or unreadable."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


class StatisticsSeriesQuerySet(OrganisationScopedQuerySet):
    def public(self):
        """Series of active organisations with at least one published period."""
        return self.filter(
            organisation__is_active=True,
            pk__in=DataPoint.objects.published().values("series_id"),
        )


class StatisticsSeries(models.Model):
    class PeriodKind(models.TextChoices):
        QUARTER = "quarter", "季度"
        MONTH = "month", "月度"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="发布机关",
        on_delete=models.PROTECT,
        related_name="statistics_series",
    )
    slug = models.SlugField(
        "网址标识", max_length=60, help_text="小写字母、数字和连字符，如 dibao。"
    )
    name = models.CharField("名称", max_length=100, help_text="如“城乡最低生活保障情况”。")
    period_kind = models.CharField(
        "统计周期", max_length=10, choices=PeriodKind, default=PeriodKind.QUARTER
    )
    description = models.TextField("说明", blank=True, help_text="统计口径、数据来源等。")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = StatisticsSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = "统计数据系列"
        verbose_name_plural = "统计数据系列"
        ordering = ["organisation__sort_order", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="unique_series_slug_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_name or self.organisation.name}·{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("statistics:series", args=[self.organisation.slug, self.slug])

    @property
    def periods_per_year(self) -> int:
        return PERIODS_PER_YEAR[self.period_kind]


class Measure(models.Model):
    series = models.ForeignKey(
        StatisticsSeries,
        verbose_name="统计数据系列",
        on_delete=models.CASCADE,
        related_name="measures",
    )
    key = models.SlugField("字段标识", max_length=40, help_text="如 city_households。")
    label = models.CharField("指标名称", max_length=60, help_text="如“城市低保户数”。")
    unit = models.CharField("单位", max_length=20, help_text="如 户、人、万元、元/人·月。")
    decimals = models.PositiveSmallIntegerField(
        "小数位数", default=0, validators=[MaxValueValidator(4)]
    )
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "统计指标"
        verbose_name_plural = "统计指标"
        ordering = ["sort", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["series", "key"], name="unique_measure_key"),
            models.CheckConstraint(condition=Q(decimals__lte=4), name="measure_decimals_lte_4"),
        ]

    def __str__(self) -> str:
        return f"{self.label}（{self.unit}）"

    @property
    def heading(self) -> str:
        return f"{self.label}（{self.unit}）"

    def format(self, value: Decimal | None) -> str:
        """The figure with this measure's decimals and thousands separators; “—” if missing."""
        if value is None:
            return "—"
        return f"{value.quantize(Decimal(1).scaleb(-self.decimals)):,}"


class DataPointQuerySet(OrganisationScopedQuerySet):
    organisation_path = "series__organisation"

    def published(self):
        return self.filter(is_published=True)


class DataPoint(models.Model):
    series = models.ForeignKey(
        StatisticsSeries,
        verbose_name="统计数据系列",
        on_delete=models.CASCADE,
        related_name="points",
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    period = models.PositiveSmallIntegerField(
        "期间",
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="季度 1–4，月份 1–12。",
    )
    values = models.JSONField("数据", default=dict, blank=True)
    is_published = models.BooleanField("公开", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = DataPointQuerySet.as_manager()

    class Meta:
        verbose_name = "统计数据"
        verbose_name_plural = "统计数据"
        ordering = ["series", "year", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "period"], name="unique_datapoint_period"
            ),
            models.CheckConstraint(
                condition=Q(period__gte=1, period__lte=12), name="datapoint_period_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series.name} {self.as_period().label}"

    def as_period(self) -> Period:
        return Period(self.year, self.period, self.series.period_kind)

    def value(self, key: str) -> Decimal | None:
        return to_decimal(self.values.get(key))

    def clean(self) -> None:
        if self.series_id is None or self.period is None:
            return
        if self.period > self.series.periods_per_year:
            raise ValidationError(
                {"period": f"季度数据的期间应为1至4，收到{self.period}。"}
                if self.series.period_kind == StatisticsSeries.PeriodKind.QUARTER
                else {"period": f"月度数据的期间应为1至12，收到{self.period}。"}
            )
        known = {m.key: m for m in self.series.measures.all()}
        errors = []
        for key, raw in (self.values or {}).items():
            measure = known.get(key)
            number = to_decimal(raw)
            if measure is None:
                errors.append(f"未知的指标“{key}”。")
            elif number is None:
                errors.append(f"{measure.label}：请填写数字。")
            elif number < 0:
                errors.append(f"{measure.label}：不能为负数。")
        if errors:
            raise ValidationError({"values": errors})


class SeriesAction(models.TextChoices):
    """The closed list of what a SeriesEvent records (the database refuses any other)."""

    IMPORT = "import", "导入"
    ENTER = "enter", "录入"
    EDIT = "edit", "修改"
    PUBLISH = "publish", "发布"
    DELETE = "delete", "删除"


class SeriesEvent(models.Model):
    """One write of a series' data points: who, when, what (the periods and the counts).

    Written by every service of reports.series in the transaction of its write, one row per
    series the call touched; never changed afterwards (the admin shows them read-only).
    """

    Action = SeriesAction

    series = models.ForeignKey(
        StatisticsSeries,
        verbose_name="统计数据系列",
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=20, choices=Action)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "统计数据操作记录"
        verbose_name_plural = "统计数据操作记录"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=SeriesAction.values),
                name="seriesevent_action_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d}"


def _amount_wan(label: str) -> models.DecimalField:
    """A non-negative amount in 万元 with two decimals (the 三公经费 figures)."""
    return models.DecimalField(
        label, max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )


class BudgetDisclosureQuerySet(OrganisationScopedQuerySet):
    def published(self, *, on: dt.date | None = None):
        qs = self.filter(published_on__isnull=False, organisation__is_active=True)
        return qs.filter(published_on__lte=on) if on else qs

    def late(self, *, on: dt.date):
        """Published more than 20 days after 批复, or still unpublished 20 days after it."""
        limit = dt.timedelta(days=PUBLICATION_DAYS)
        return self.filter(
            Q(published_on__gt=F("approved_on") + limit)
            | Q(published_on__isnull=True, approved_on__lt=on - limit)
        )


class BudgetDisclosure(models.Model):
    class Kind(models.TextChoices):
        BUDGET = "budget", "预算"
        FINAL = "final", "决算"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="部门",
        on_delete=models.PROTECT,
        related_name="budget_disclosures",
    )
    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField("类型", max_length=10, choices=Kind)
    approved_on = models.DateField("批复日期", help_text="财政部门批复部门预算（决算）的日期。")
    published_on = models.DateField("公开日期", null=True, blank=True, help_text="尚未公开的留空。")
    disclosure = models.ForeignKey(
        "disclosures.Disclosure",
        verbose_name="公开信息",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="本平台发布的预（决）算公开信息（可选）。",
    )
    abroad = _amount_wan("因公出国（境）费（万元）")
    vehicle_purchase = _amount_wan("公务用车购置费（万元）")
    vehicle_running = _amount_wan("公务用车运行费（万元）")
    reception = _amount_wan("公务接待费（万元）")
    explanation = models.TextField(
        "变动情况说明", blank=True, help_text="决算应说明与预算相比的增减变化及原因。"
    )

    objects = BudgetDisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = "预决算及三公经费公开"
        verbose_name_plural = "预决算及三公经费公开"
        ordering = ["organisation__sort_order", "-year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "kind"], name="unique_budget_disclosure"
            ),
            models.CheckConstraint(
                condition=Q(abroad__gte=0)
                & Q(vehicle_purchase__gte=0)
                & Q(vehicle_running__gte=0)
                & Q(reception__gte=0),
                name="three_public_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("approved_on")),
                name="budget_published_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}{self.year}年部门{self.get_kind_display()}"

    def clean(self) -> None:
        if self.published_on and self.approved_on and self.published_on < self.approved_on:
            raise ValidationError({"published_on": "公开日期不能早于批复日期。"})

    @property
    def vehicle_total(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_running

    @property
    def total(self) -> Decimal:
        return self.abroad + self.vehicle_total + self.reception

    @property
    def deadline(self) -> dt.date:
        """The last day to publish: 批复 + 20 days (《预算法》第十四条)."""
        return self.approved_on + dt.timedelta(days=PUBLICATION_DAYS)

    def gap_days(self, *, on: dt.date) -> int:
        """Days from 批复 to publication, or to ``on`` while still unpublished."""
        return ((self.published_on or on) - self.approved_on).days

    def is_late(self, *, on: dt.date) -> bool:
        return self.gap_days(on=on) > PUBLICATION_DAYS
