"""Import an agency's existing catalogue (主动公开目录) from its old site: CSV or XLSX, with an
optional ZIP of attachments and an optional column map. Columns: docs/import-catalogue.md.

All rows or none: any error, reported by line and column, leaves the database unchanged.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from catalog.models import Organisation
from disclosures.imports.loading import check_file
from disclosures.imports.services import import_catalogue
from disclosures.service_base import NotAllowed
from kernel.progress import ProgressBar
from kernel.tables import ImportFailed


class Command(BaseCommand):
    help = "从CSV或XLSX文件导入原网站的主动公开信息（全部成功才写入，任何一行有误则不写入）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8或GB18030）或XLSX文件")
        parser.add_argument("--attachments", metavar="ZIP", help="附件ZIP文件")
        parser.add_argument(
            "--user", required=True, help="以该主管账号的名义导入和发布（记入操作记录）"
        )
        parser.add_argument(
            "--organisation",
            metavar="CODE",
            help="机构的网址标识；指定后“机构”列可省略，且只允许该机构的信息",
        )
        parser.add_argument("--column-map", metavar="MAP.csv", help="栏目对照表（原栏目→平台栏目）")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"账号“{options['user']}”不存在或已停用。")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"机构“{options['organisation']}”不存在。")
        for key in ("file", "attachments", "column_map"):
            if options[key] and not Path(options[key]).is_file():
                raise CommandError(f"找不到文件：{options[key]}")

        checked = check_file(
            options["file"],
            today=timezone.localdate(),
            attachments=options["attachments"],
            column_map=options["column_map"],
            organisation=organisation,
        )
        try:
            if checked.errors:
                raise ImportFailed(checked.errors)
            bar = ProgressBar(
                lambda text: self.stderr.write(text, ending=""),
                len(checked.records),
                tty=self.stderr.isatty(),
                label="导入 ",
            )
            report = import_catalogue(
                actor=user,
                records=checked.records,
                bundle=checked.bundle,
                dry_run=options["dry_run"],
                progress=bar.step,
            )
            bar.finish()
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"导入失败：共{len(exc.errors)}处错误，未写入任何数据。") from exc
        except NotAllowed as exc:
            raise CommandError(f"{exc}（导入须由该机构的主管进行）") from exc
        finally:
            checked.close()

        for warning in report.warnings:
            self.stdout.write(f"提示：{warning}")
        for held in report.held_back:
            self.stdout.write(
                f"第{held.line}行《{held.title}》含疑似个人信息，保留为草稿未发布："
                + "；".join(held.findings)
            )
        if options["dry_run"]:
            self.stdout.write(
                f"检查通过：{len(checked.records)}条信息可以导入，其中{len(report.held_back)}条"
                "含疑似个人信息将保留为草稿（试运行，未写入）。"
            )
            return
        self.stdout.write(
            f"已导入{report.total}条信息：新增{report.created}条，更新{report.updated}条，"
            f"无变化{report.unchanged}条；发布{report.published}条，"
            f"保留为草稿{len(report.held_back)}条。"
        )
