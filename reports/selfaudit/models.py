"""The self-audit's stored facts: link-check runs with their broken links, and the weekly mails.

The audit itself is computed on demand from the portal's data (reports.selfaudit.checks);
only what cannot be recomputed is kept: what the link checker found on its last run, and which
organisation was mailed in which ISO week (so a second run in the same week sends nothing).
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models


class LinkCheckRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", "检查中"
        DONE = "done", "已完成"
        FAILED = "failed", "中断"

    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.RUNNING)
    base_url = models.CharField(
        "检查地址", max_length=200, blank=True, help_text="留空为站内渲染。"
    )
    external = models.BooleanField("检查外部链接", default=True)
    pages_checked = models.PositiveIntegerField("检查页面数", default=0)
    links_checked = models.PositiveIntegerField("检查链接数", default=0)
    broken_count = models.PositiveIntegerField("失效链接数", default=0)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "链接检查"
        verbose_name_plural = "链接检查"
        ordering = ["-started_at", "-id"]
        permissions = [("view_selfaudit", "可以查看网站自查")]

    def __str__(self) -> str:
        return f"链接检查 {self.started_at:%Y-%m-%d %H:%M}"


class BrokenLinkQuerySet(models.QuerySet):
    def for_organisations(self, ids):
        """Links found on pages of any of the organisations ``ids`` (their items' pages)."""
        return self.filter(organisation_ids__overlap=list(ids))


class BrokenLink(models.Model):
    run = models.ForeignKey(
        LinkCheckRun, verbose_name="检查", on_delete=models.CASCADE, related_name="broken_links"
    )
    url = models.CharField("链接地址", max_length=1000)
    internal = models.BooleanField("站内链接")
    status = models.PositiveSmallIntegerField("状态码", null=True, blank=True)
    error = models.CharField("错误", max_length=300, blank=True)
    found_on = ArrayField(models.CharField(max_length=500), verbose_name="所在页面", default=list)
    # The organisations whose items' pages carry the link (for the per-organisation audit).
    organisation_ids = ArrayField(models.IntegerField(), verbose_name="所属机构", default=list)

    objects = BrokenLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "失效链接"
        verbose_name_plural = "失效链接"
        ordering = ["run", "url"]
        constraints = [
            models.UniqueConstraint(fields=["run", "url"], name="unique_broken_link_per_run"),
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def problem(self) -> str:
        return f"HTTP {self.status}" if self.status else self.error


class SelfAuditMailing(models.Model):
    """One organisation's weekly self-audit mail (unique per ISO week)."""

    organisation = models.ForeignKey(
        "catalog.Organisation",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="+",
    )
    week = models.CharField("周次", max_length=8, help_text="ISO周，如 2026-W50。")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    recipients = models.PositiveSmallIntegerField("收件人数")
    score = models.PositiveSmallIntegerField("得分")
    verdict = models.CharField("结论", max_length=10)

    class Meta:
        verbose_name = "网站自查周报"
        verbose_name_plural = "网站自查周报"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "week"], name="one_self_audit_mail_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.week}"
