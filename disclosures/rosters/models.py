"""公示 rosters (名单公示): the de-identified table attached to a 公示 disclosure item.

Only de-identified values are ever stored here (see disclosures.rosters.reading); the uploaded file
itself is never saved.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q


class RosterKind(models.TextChoices):
    SUBSISTENCE = "subsistence", "城乡低保"
    EXTREME_POVERTY = "extreme_poverty", "特困供养"
    TEMPORARY = "temporary", "临时救助"
    MEDICAL = "medical", "医疗救助"
    VETERANS = "veterans", "优抚抚恤补助"
    RESETTLEMENT = "resettlement", "安置名单"
    OTHER = "other", "其他"


class RosterState(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    ONGOING = "ongoing", "公示中"
    ENDED = "ended", "公示期满"


class Roster(models.Model):
    disclosure = models.OneToOneField(
        "disclosures.Disclosure",
        verbose_name="公示信息",
        on_delete=models.CASCADE,
        related_name="roster",
    )
    kind = models.CharField("名单类别", max_length=20, choices=RosterKind)
    columns = models.JSONField("公示列", default=list, help_text="去标识化后公布的列名。")
    rows = models.JSONField("公示数据", default=list, help_text="仅保存去标识化后的数据。")
    period_start = models.DateField("公示开始日期")
    period_end = models.DateField("公示截止日期")
    supervision_phone = models.CharField("监督电话", max_length=40)
    objection_method = models.TextField("异议方式")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "公示名单"
        verbose_name_plural = "公示名单"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="roster_period_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.disclosure_id}"

    def state(self, today: dt.date) -> RosterState:
        """未开始 before the period, 公示中 from its first to its last day, then 公示期满."""
        if today < self.period_start:
            return RosterState.NOT_STARTED
        if today <= self.period_end:
            return RosterState.ONGOING
        return RosterState.ENDED

    def state_label(self, today: dt.date) -> str:
        return self.state(today).label

    @property
    def row_count(self) -> int:
        return len(self.rows)
