"""The handler's decision on a group of repeated applications (条例 Art. 44)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from catalog.models import OrganisationScopedQuerySet


class DecisionKind(models.TextChoices):
    CONVERT = "convert", "转为主动公开"
    DECLINE = "decline", "不宜主动公开"


class DeclineReason(models.TextChoices):
    """Why repeatedly requested information is not made proactive (a closed list)."""

    NOT_DISCLOSABLE = "not_disclosable", "属于不予公开或仅可部分公开的信息"
    APPLICANT_SPECIFIC = "applicant_specific", "仅与申请人自身生产、生活等特殊需要相关"
    ALREADY_PUBLIC = "already_public", "该信息已主动公开"
    NOT_SAME = "not_same", "所申请的并非同一政府信息"
    NOT_HELD = "not_held", "本机关未制作或获取该信息"
    NO_LASTING_VALUE = "no_lasting_value", "信息时效已过，不具有持续公开价值"
    OTHER = "other", "其他原因（见说明）"


class ConversionDecisionQuerySet(OrganisationScopedQuerySet):
    def converted_in(self, year: int):
        """Decisions that made information proactive in ``year`` (the 年报's figure)."""
        return self.filter(kind=DecisionKind.CONVERT, decided_on__year=year)


class ConversionDecision(models.Model):
    """Immutable: written once by requests_app.proactive.services.record_decision."""

    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField("决定", max_length=20, choices=DecisionKind)
    reason = models.CharField(
        "不宜主动公开的理由", max_length=30, choices=DeclineReason, blank=True
    )
    note = models.TextField("说明", max_length=1000, blank=True)
    disclosure = models.ForeignKey(
        "disclosures.Disclosure",
        verbose_name="主动公开的信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applications = models.ManyToManyField(
        "requests_app.Application", verbose_name="涉及的申请", related_name="proactive_decisions"
    )
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ConversionDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "依申请转主动公开决定"
        verbose_name_plural = "依申请转主动公开决定"
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "kind", "decided_on"], name="proactive_year_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=DecisionKind.CONVERT, disclosure__isnull=False, reason="")
                    | Q(kind=DecisionKind.DECLINE, disclosure__isnull=True) & ~Q(reason="")
                ),
                name="proactive_convert_has_item_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.decided_on:%Y-%m-%d}）"

    @property
    def summary(self) -> str:
        """One line for the application's page: the decision and the item or the reason."""
        if self.kind == DecisionKind.CONVERT:
            return f"{self.decided_on:%Y-%m-%d} 转为主动公开：《{self.disclosure.title}》"
        text = f"{self.decided_on:%Y-%m-%d} 不宜主动公开：{self.get_reason_display()}"
        return f"{text}（{self.note}）" if self.note else text
