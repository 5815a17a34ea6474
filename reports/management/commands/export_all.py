"""Write the full export of the portal into a directory (docs/export.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from disclosures.models import Disclosure
from disclosures.workflow import Status
from kernel.progress import ProgressBar
from reports.exports.full import export_all


class Command(BaseCommand):
    help = "导出全部数据（机构、信息及附件、依申请公开申请、年度报告、操作记录），附SHA-256清单。"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="导出目录（不存在时创建）")

    def handle(self, *args, **options):
        total = Disclosure.objects.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN]).count()
        bar = ProgressBar(
            lambda text: self.stderr.write(text, ending=""),
            total,
            tty=self.stderr.isatty(),
            label="导出 ",
        )
        manifest = export_all(options["directory"], progress=bar.step)
        bar.finish()
        counts = manifest["counts"]
        self.stdout.write(
            f"已导出到 {options['directory']}：机构{counts['organisations']}个，"
            f"信息{counts['items']}条（附件{counts['attachments']}个），"
            f"未发布信息{counts['unpublished']}条，申请{counts['applications']}件，"
            f"年度报告{counts['annual_reports']}份，操作记录{counts['events']}条；"
            "清单见 manifest.json。"
        )
