"""Where an imported item lived on the old site (原网址): its identity for a second import run,
and the address the 404 hook redirects to the item (301)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import models


def legacy_path(url: str) -> str:
    """The path (and query) of an old address, as a request for it arrives: ``/a/b.html?id=1``."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


class LegacyAddress(models.Model):
    disclosure = models.ForeignKey(
        "disclosures.Disclosure",
        verbose_name="信息",
        on_delete=models.CASCADE,
        related_name="legacy_addresses",
    )
    url = models.CharField("原网址", max_length=500, unique=True)
    path = models.CharField("原路径", max_length=500, db_index=True, editable=False)
    redirect = models.BooleanField(
        "跳转到新地址", default=True, help_text="访问原路径时以301永久跳转到本平台的信息页面。"
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = "原网址"
        verbose_name_plural = "原网址"
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url

    def save(self, *args, **kwargs):
        self.path = legacy_path(self.url)
        super().save(*args, **kwargs)
