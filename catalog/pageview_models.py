"""Daily page-view counts of the public site (ADR 0017): one row per day and page path.

No address, no browser string, no cookie and no visitor identifier is stored or needed: a row is
only “this page was shown this many times on this day”. Rows are written in bulk by
catalog.pageview_store.flush, never by a request.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class PageViewQuerySet(models.QuerySet):
    def in_year(self, year: int):
        return self.filter(day__year=year)

    def total(self) -> int:
        return self.aggregate(n=models.Sum("count"))["n"] or 0


class PageView(models.Model):
    day = models.DateField("日期")
    path = models.CharField("页面路径", max_length=200)
    count = models.PositiveIntegerField("访问次数", default=0)

    objects = PageViewQuerySet.as_manager()

    class Meta:
        verbose_name = "页面访问量"
        verbose_name_plural = "页面访问量"
        ordering = ["-day", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["day", "path"], name="unique_page_view_day_path"),
            models.CheckConstraint(condition=Q(count__gte=0), name="page_view_count_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.path}: {self.count}"
