"""Remove applicants' personal data from cases closed longer ago than the retention period.

The case itself (number, organisation, channel, dates, applicant type, outcome) stays, so past
annual reports can still be recomputed; names, ID numbers, contact details and ID-proof files
go, and issued notices keep only the masked name. Run from cron, e.g. monthly.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone

from kernel.runonce import RunOnceCommand
from requests_app.models import Application
from requests_app.services import purge_personal_data


class Command(RunOnceCommand):
    help = "删除超过保存期限的已办结申请中的申请人个人信息（保留统计所需的办理记录）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="保存年限，默认取 APPLICATION_RETENTION_YEARS 设置。",
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除。")

    def handle(self, *args, years=None, dry_run=False, **options):
        years = years if years is not None else settings.APPLICATION_RETENTION_YEARS
        if years < 1:
            raise CommandError("保存年限至少为1年。")
        today = timezone.localdate()
        try:
            cutoff = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            cutoff = today.replace(year=today.year - years, day=28)
        cases = Application.objects.filter(status="closed", closed_on__lt=cutoff).exclude(
            name=Application.PURGED_NAME
        )
        count = cases.count()
        if dry_run:
            self.stdout.write(f"{count} closed cases before {cutoff} would be purged.")
            return
        for application in cases.iterator():
            purge_personal_data(application=application)
        self.stdout.write(f"Purged applicant data of {count} cases closed before {cutoff}.")
