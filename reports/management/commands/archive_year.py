"""Write the yearly archive package of one organisation (docs/archive.md)."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from catalog.models import Organisation
from reports.archive.services import ArchiveRefused, archive_year


class Command(BaseCommand):
    help = (
        "生成一个机构一个年度的归档包（主动公开信息、依申请公开案卷、年度报告、网页采集WARC、"
        "SHA-256清单），保存到私有存储；同一年度重复生成得到相同的文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("organisation", metavar="ORG", help="机构的网址标识或名称")
        parser.add_argument("year", type=int, metavar="YEAR", help="年度，如 2025")
        parser.add_argument(
            "--restricted",
            action="store_true",
            help="档案室版本：申请人个人信息不作遮盖（生成和下载均记录）",
        )
        parser.add_argument("--output", metavar="DIR", help="另存一份到此目录，并写运行记录")
        parser.add_argument(
            "--user", metavar="USERNAME", help="以该主管账号的名义生成（检查权限并记录）"
        )

    def handle(self, *args, **options):
        key = options["organisation"]
        organisation = Organisation.objects.filter(Q(slug=key) | Q(name=key)).first()
        if organisation is None:
            raise CommandError(f"机构“{key}”不存在。")
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"账号“{options['user']}”不存在。")
        output = Path(options["output"]) if options["output"] else None
        if output is not None and not output.is_dir():
            raise CommandError(f"目录不存在：{output}")
        started = timezone.now()
        try:
            package = archive_year(
                actor=actor,
                organisation=organisation,
                year=options["year"],
                restricted=options["restricted"],
                progress=self.stdout.write,
            )
        except ArchiveRefused as exc:
            raise CommandError(str(exc)) from exc
        name = Path(package.file.name).name
        if output is not None:
            with package.file.open("rb") as handle:
                (output / name).write_bytes(handle.read())
            # The run log sits beside the package, never in it: the package stays repeatable.
            log = {
                "package": name,
                "sha256": package.sha256,
                "started": started.isoformat(),
                "finished": timezone.now().isoformat(),
                "items": package.item_count,
                "cases": package.case_count,
                "reports": package.report_count,
                "captures": package.capture_count,
                "restricted": package.restricted,
                "user": actor.get_username() if actor else "",
            }
            (output / f"{name}.run.json").write_text(
                json.dumps(log, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
            self.stdout.write(f"已另存：{output / name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：{organisation.name}{package.year}年度归档包，SHA-256 {package.sha256}"
            )
        )
