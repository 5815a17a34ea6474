"""Rows of security state: rate-limit counters and used one-time tokens (ADR 0010).

They live in the database, not in the cache: a cache may evict any entry when it is full, and an
evicted counter or token is a lifted limit or a replayable form. Every write is one atomic
statement against a unique constraint (catalog.security_state); rows past ``expires_at`` are
dead and purged.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class RateCounter(models.Model):
    """Counted actions of one subject (a hashed address or case number) in one fixed window."""

    scope = models.CharField("范围", max_length=40)
    subject = models.CharField("对象（散列值）", max_length=64)
    window_start = models.DateTimeField("窗口开始时间")
    count = models.IntegerField("次数", default=0)
    expires_at = models.DateTimeField("失效时间", db_index=True)

    class Meta:
        verbose_name = "访问频次计数"
        verbose_name_plural = "访问频次计数"
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "subject", "window_start"], name="unique_rate_counter"
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("window_start")),
                name="rate_counter_expires_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope}/{self.subject[:8]}/{self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class UsedToken(models.Model):
    """A one-time token that has been presented: claimed while its action runs, then holding
    the id of what the action created (a replay is answered with that, never a second one)."""

    scope = models.CharField("范围", max_length=40)
    nonce = models.CharField("随机值", max_length=64)
    object_id = models.BigIntegerField("生成记录编号", null=True, blank=True)
    claimed_at = models.DateTimeField("使用时间")
    expires_at = models.DateTimeField("失效时间", db_index=True)

    class Meta:
        verbose_name = "已使用的一次性令牌"
        verbose_name_plural = "已使用的一次性令牌"
        constraints = [
            models.UniqueConstraint(fields=["scope", "nonce"], name="unique_used_token"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}/{self.nonce[:8]}"
