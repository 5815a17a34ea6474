"""Models of the disclosure obligations: a recurring duty of an organisation and its fulfilments."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from catalog.models import Organisation, OrganisationScopedQuerySet
from reports.obligations.rules import FREQUENCY_LABELS, describe, rule_error


class Obligation(models.Model):
    """A recurring disclosure duty of an organisation (see reports.obligations.rules)."""

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
        "截止月数",
        default=1,
        help_text="截止日期为周期结束后第N个月的最后一天：季度统计“次季度第二个月底前”填2，"
        "灾情“8月底和次年2月底前”（每半年）填2，决算“次年9月30日前”填9。",
    )
    due_in_period = models.BooleanField(
        "截止日期在周期内",
        default=False,
        help_text="勾选时，截止日期为周期内第N个月的最后一天：预算“当年5月31日前”（每年）填5。",
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
    directory_row = models.OneToOneField(
        "disclosures.DirectoryRow",
        verbose_name="标准目录事项",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligation",
        help_text="由标准目录中定期公开的事项生成；周期和时限随目录更新，请在标准目录中修改。",
    )
    derived = models.BooleanField(
        "由标准目录生成", default=False, editable=False
    )  # kept after its row is deleted, so the sync knows to deactivate it

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "公开义务"
        verbose_name_plural = "公开义务"
        ordering = ["organisation__sort_order", "name", "id"]
        constraints = [
            # Mirrors reports.obligations.rules.rule_error: a due month within the period must exist.
            models.CheckConstraint(
                condition=Q(due_in_period=False)
                | Q(months_after__gte=1)
                & (
                    Q(frequency="monthly", months_after__lte=1)
                    | Q(frequency="quarterly", months_after__lte=3)
                    | Q(frequency="half_yearly", months_after__lte=6)
                    | Q(frequency="yearly", months_after__lte=12)
                ),
                name="obligation_due_month_within_period",
                violation_error_message="截止日期在周期内时，截止月数不能超过一个周期的月数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.short_name or self.organisation.name}：{self.name}"

    def clean(self) -> None:
        if self.frequency:
            error = rule_error(self.frequency, self.months_after or 0, self.due_in_period)
            if error:
                raise ValidationError({"months_after": error})

    @property
    def due_rule(self) -> str:
        """The due rule in words, e.g. "每半年，上半年8月底前，下半年次年2月底前"."""
        return describe(self.frequency, self.months_after, self.due_in_period)


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
