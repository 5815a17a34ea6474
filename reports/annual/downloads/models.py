"""The files of a published annual report, rendered once and kept.

A published report never changes (a correction is a new report row with its own files), so
its PDF, XLSX, CSV and JSON are made on the first download and served from here afterwards:
a PDF costs seconds and 170–300 MB of a worker's memory to render (CJK font subsetting).
"""

from __future__ import annotations

from django.db import models


class StoredDownload(models.Model):
    report = models.ForeignKey(
        "reports.AnnualReport",
        verbose_name="年报",
        on_delete=models.CASCADE,
        related_name="stored_downloads",
    )
    fmt = models.CharField("格式", max_length=8)
    body = models.BinaryField("文件内容")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "年报下载文件"
        verbose_name_plural = "年报下载文件"
        constraints = [
            models.UniqueConstraint(fields=["report", "fmt"], name="one_stored_download_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}.{self.fmt}"
