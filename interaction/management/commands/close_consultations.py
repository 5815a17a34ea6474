"""Daily: mark every 意见征集 whose end date has passed as 已截止 (the public form already
refuses comments from the day after the end date; this records the close and its event)."""

from __future__ import annotations

from interaction.consultations.services.drafting import close_ended
from kernel.runonce import RunOnceCommand


class Command(RunOnceCommand):
    help = "将已过截止日期的意见征集标记为已截止（每日运行）。"

    def handle(self, *args, **options):
        closed = close_ended()
        for consultation in closed:
            self.stdout.write(f"已截止：{consultation.pk} {consultation.title}")
        self.stdout.write(f"共{len(closed)}项。")
