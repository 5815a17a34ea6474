"""Delete expired rate-limit counters and used one-time tokens (ADR 0010).

Dead rows are also deleted a few hundred at a time while the site runs; run this daily (cron or
a systemd timer) to keep the tables small after a flood.
"""

from __future__ import annotations

from catalog import security_state
from kernel.runonce import RunOnceCommand


class Command(RunOnceCommand):
    help = "删除已过期的访问频次计数和一次性令牌记录。"

    def handle(self, *args, **options):
        total = 0
        while True:
            deleted = security_state.purge_expired(batch=5000)
            total += deleted
            if deleted == 0:
                break
        self.stdout.write(f"已删除过期记录 {total} 条。")
