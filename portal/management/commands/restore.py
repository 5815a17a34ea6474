"""manage.py restore FOLDER: rebuild the portal from a backup into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = "从 manage.py backup 生成的备份恢复到空数据库和 MEDIA_ROOT，并核对校验值和行数。"

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by manage.py backup")

    def handle(self, *args, folder, **options):
        try:
            result = backups.restore_backup(folder=Path(folder), progress=self.stdout.write)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{result.tables}张表的行数与备份一致，上传文件{result.files}个校验通过；"
                f"数据截至{result.recovery_point}；用时{result.seconds:.1f}秒"
            )
        )
