"""Weekly: e-mail each organisation's self-audit to its 主管 staff (once per ISO week)."""

from __future__ import annotations

from django.utils import timezone

from catalog.models import Organisation
from kernel.runonce import RunOnceCommand
from reports.selfaudit import rules, services


class Command(RunOnceCommand):
    help = (
        "按国办秘函〔2019〕19号自查各机构网站内容，将得分、单项否决项和主要扣分项发给本机构主管。"
        "同一ISO周内重复运行不再发送（--force 重新发送）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="本周已发送的机构也重新发送。")

    def handle(self, *args, force: bool, **options):
        today = timezone.localdate()
        organisations = list(Organisation.objects.active())
        week = rules.iso_week(today)
        mailed = skipped = nobody = 0
        for index, org in enumerate(organisations, start=1):
            sent = services.send_weekly_audit(organisation=org, today=today, force=force)
            prefix = f"[{index}/{len(organisations)}] {org.name}："
            if sent.skipped:
                skipped += 1
                self.stdout.write(prefix + f"{week}已发送，跳过。")
            elif not sent.recipients:
                nobody += 1
                self.stdout.write(
                    prefix + f"{sent.audit.score}分，{sent.audit.verdict}；没有可接收邮件的主管。"
                )
            else:
                mailed += 1
                self.stdout.write(
                    prefix
                    + f"{sent.audit.score}分，{sent.audit.verdict}；已发给{sent.recipients}人。"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"{week}：已发送{mailed}个机构，跳过{skipped}个（本周已发送），{nobody}个机构没有主管邮箱。"
            )
        )
