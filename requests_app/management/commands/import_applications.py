"""Import 依申请公开 cases (the ledger of earlier years) from a CSV or XLSX file.

Columns: docs/import-applications.md. All rows or none: any error, reported by line, leaves the
database unchanged.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from catalog.models import Organisation
from kernel import spreadsheet
from requests_app.importing.errors import ImportFailed
from requests_app.importing.reading import read_table
from requests_app.importing.validation import organisation_index, parse_rows
from requests_app.importing.writing import import_records


class Command(BaseCommand):
    help = "从CSV或XLSX文件导入依申请公开申请（全部成功才写入，任何一行有误则不写入）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8，可带BOM）或XLSX文件")
        parser.add_argument(
            "--user",
            required=True,
            help="以该账号的名义办理导入（记入办理记录），通常为超级用户",
        )
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="受理机关的网址标识；指定后“受理机关”列可省略，且只允许该机关的申请",
        )
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument(
            "--password-file",
            metavar="PATH",
            help="把每件申请的查询密码写入此CSV文件（申请编号,查询密码），供告知申请人",
        )

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"账号“{options['user']}”不存在或已停用。")
        default = None
        if options["organisation"]:
            default = Organisation.objects.filter(slug=options["organisation"]).first()
            if default is None:
                raise CommandError(f"受理机关“{options['organisation']}”不存在。")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")

        try:
            rows = read_table(path)
            records, errors = parse_rows(
                rows,
                organisations=organisation_index(Organisation.objects.all()),
                today=timezone.localdate(),
                organisation=default,
            )
            if errors:
                raise ImportFailed(errors)
            if not records:
                raise CommandError("文件中没有数据行。")
            imported = import_records(records, actor=user, dry_run=options["dry_run"])
        except ImportFailed as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"导入失败：共{len(exc.errors)}处错误，未写入任何数据。") from exc

        if options["dry_run"]:
            self.stdout.write(f"检查通过：{len(imported)}件申请可以导入（试运行，未写入）。")
            return
        if options["password_file"]:
            with open(options["password_file"], "w", encoding="utf-8-sig", newline="") as out:
                writer = spreadsheet.csv_writer(out)
                writer.writerow(["申请编号", "查询密码"])
                writer.writerows((i.number, i.query_password) for i in imported)
        if options["verbosity"] >= 2:
            for item in imported:
                self.stdout.write(f"第{item.line}行 → {item.number}")
        closed = sum(1 for i in imported if i.status == "closed")
        self.stdout.write(
            f"已导入{len(imported)}件申请（已办结{closed}件，未办结{len(imported) - closed}件）。"
        )
