"""manage.py backup: the database (one snapshot) and the uploaded files, with checksums."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = "备份数据库（pg_dump 自定义格式）和上传文件，并写入 SHA-256 校验清单（docs/backup.md）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="var/backups", help="folder to write the backup into"
        )

    def handle(self, *args, output, **options):
        try:
            result = backups.create_backup(output=Path(output), progress=self.stdout.write)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{result.path}\n"
                f"恢复点（数据库快照时间）：{result.recovery_point}\n"
                f"上传文件{result.files}个，{result.bytes / 1024 / 1024:.1f} MB；"
                f"用时{result.seconds:.1f}秒"
            )
        )
