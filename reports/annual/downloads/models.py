"""The files of a published report, rendered once and kept.

A published report never changes (a correction is a new report row with its own files), so
its PDF, XLSX, CSV and JSON are made on the first download and served from here afterwards:
a PDF costs seconds and 170–300 MB of a worker's memory to render (CJK font subsetting).
Each row belongs to exactly one report: a 年报 (``report``) or a 政府网站工作年度报表
(``website_report``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class StoredDownload(models.Model):
    report = models.ForeignKey(
        "reports.AnnualReport",
        verbose_name="年报",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stored_downloads",
    )
    website_report = models.ForeignKey(
        "reports.WebsiteReport",
        verbose_name="政府网站工作年度报表",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stored_downloads",
    )
    fmt = models.CharField("格式", max_length=8)
    body = models.BinaryField("文件内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告下载文件"
        verbose_name_plural = "报告下载文件"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "fmt"], name="one_stored_download_per_format"
            ),
            models.UniqueConstraint(
                fields=["website_report", "fmt"], name="one_stored_website_download_per_format"
            ),
            models.CheckConstraint(
                condition=Q(report__isnull=False, website_report__isnull=True)
                | Q(report__isnull=True, website_report__isnull=False),
                name="stored_download_of_one_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id or self.website_report_id}.{self.fmt}"
