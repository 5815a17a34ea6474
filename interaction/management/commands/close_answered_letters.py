"""Daily (cron): close letters answered N days ago or more that the writer neither followed up
nor needs anything more on (办结), N from the setting INTERACTION_AUTO_CLOSE_DAYS (default 10)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from interaction.models import Letter
from interaction.services.handling import auto_close_letter
from interaction.workflow import Status
from kernel.runonce import RunOnceCommand

DEFAULT_DAYS = 10


class Command(RunOnceCommand):
    help = "将答复后超过规定天数（默认10日）未追问的来信自动办结。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="答复后多少日自动办结（默认取设置 INTERACTION_AUTO_CLOSE_DAYS，未设置为10）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出将办结的来信")

    def handle(self, *args, **options):
        days = options["days"]
        if days is None:
            days = int(getattr(settings, "INTERACTION_AUTO_CLOSE_DAYS", DEFAULT_DAYS))
        if days < 1:
            raise CommandError("--days 不能小于1。")
        cutoff = timezone.localdate() - dt.timedelta(days=days)
        letters = list(
            Letter.objects.filter(
                status__in=[Status.ANSWERED, Status.RATED], answered_on__lte=cutoff
            ).order_by("pk")
        )
        closed = 0
        for index, letter in enumerate(letters, 1):
            if options["dry_run"]:
                self.stdout.write(f"[{index}/{len(letters)}] {letter.number}（试运行）")
                continue
            if auto_close_letter(letter=letter, after_days=days) is not None:
                closed += 1
                self.stdout.write(f"[{index}/{len(letters)}] {letter.number} 已办结")
        verb = "试运行：将办结" if options["dry_run"] else "已自动办结"
        self.stdout.write(f"{verb}{len(letters) if options['dry_run'] else closed}件来信。")
