"""Check an archive package: checksums, missing or extra files, WARC records."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.archive.verify import verify_package


class Command(BaseCommand):
    help = "校验归档包：逐个核对SHA-256校验值，检查缺少或多出的文件和网页采集（WARC）记录。"

    def add_arguments(self, parser):
        parser.add_argument("package", metavar="PACKAGE", help="归档包ZIP文件，或其解压目录")

    def handle(self, *args, **options):
        path = Path(options["package"])
        if not path.exists():
            raise CommandError(f"找不到归档包：{path}")
        verdict = verify_package(path)
        for problem in verdict.problems:
            self.stderr.write(f"✗ {problem}")
        if not verdict.ok:
            raise CommandError(f"校验未通过：发现 {len(verdict.problems)} 处问题。")
        self.stdout.write(
            self.style.SUCCESS(
                f"校验通过：{verdict.files} 个文件的校验值全部一致，"
                f"网页采集文件中 {verdict.records} 条记录完好。"
            )
        )
