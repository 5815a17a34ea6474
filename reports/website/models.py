"""政府网站工作年度报表: one report per year for the whole site, versioned like the 年报.

The statuses and actions are those of the annual report (reports.annual.workflow): a draft's
computed figures are live, freezing snapshots them, a frozen report is published by a second
person (four eyes, held by a constraint too), and a published report is corrected by a new
version with a change note while the old one stays readable.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone

from reports.annual.models import ReportEventBase, VersionedReportBase, staff_link

FIRST_YEAR = 2017  # 国办发〔2017〕47号; the first reports covered 2017


class WebsiteReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=WebsiteReport.Status.PUBLISHED)

    def current(self):
        """The newest published version of each year."""
        return self.published().exclude(superseded_by__status=WebsiteReport.Status.PUBLISHED)


class WebsiteReport(VersionedReportBase):
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(FIRST_YEAR)])
    change_note = models.TextField("更正说明", blank=True, editable=False)
    entered = models.JSONField("主管填报的数据", default=dict, blank=True, editable=False)
    snapshot = models.JSONField("锁定时的数据", default=dict, blank=True, editable=False)
    edited_by = staff_link("最后填报人")
    frozen_at = models.DateTimeField("锁定时间", null=True, blank=True, editable=False)
    frozen_by = staff_link("锁定人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = WebsiteReportQuerySet.as_manager()

    class Meta:
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"
        ordering = ["-year", "-version"]
        permissions = [("publish_websitereport", "可以锁定、发布和更正政府网站工作年度报表")]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="unique_website_report"),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(change_note=""),
                name="website_report_corrections_have_a_note",
            ),
            models.CheckConstraint(
                condition=Q(published_by__isnull=True)
                | Q(frozen_by__isnull=True)
                | ~Q(published_by=F("frozen_by")),
                name="website_report_published_by_a_second_person",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("website-report:detail", args=[self.year])

    @property
    def title(self) -> str:
        return f"{self.year}年政府网站工作年度报表"

    @property
    def legal_deadline(self) -> dt.date:
        """国办函〔2018〕12号: on the home page by 31 January of the next year."""
        return dt.date(self.year + 1, 1, 31)


class WebsiteReportEvent(ReportEventBase):
    class Action(models.TextChoices):
        CREATE = "create", "创建"
        EDIT = "edit", "填报"
        FREEZE = "freeze", "锁定"
        REOPEN = "reopen", "解锁"
        PUBLISH = "publish", "发布"
        CORRECT = "correct", "更正"

    report = models.ForeignKey(
        WebsiteReport, verbose_name="报表", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=20, choices=Action)

    class Meta(ReportEventBase.Meta):
        verbose_name = "网站年度报表操作记录"
        verbose_name_plural = "网站年度报表操作记录"


def deadline_status(today: dt.date) -> list[dict]:
    """The reports the supervisor should watch today: last year's (due 31 January) and, from
    December, this year's. Each with its due date and whether it is published, late or open."""
    years = [today.year - 1] + ([today.year] if today.month == 12 else [])
    first_published = (
        WebsiteReport.objects.published()
        .filter(year__in=years)
        .values("year")
        .annotate(at=Min("published_at"))
    )
    published = {row["year"]: row["at"] for row in first_published}
    rows = []
    for year in years:
        due = dt.date(year + 1, 1, 31)
        done = published.get(year)
        if done is not None:
            state, label = "done", f"已于{timezone.localdate(done):%Y-%m-%d}发布"
        elif today > due:
            state, label = "overdue", "逾期未发布"
        else:
            state, label = "open", f"{(due - today).days}天后到期"
        rows.append({"year": year, "due": due, "state": state, "label": label})
    return rows
