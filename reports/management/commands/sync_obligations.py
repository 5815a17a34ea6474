"""Derive the obligations calendar from the 标准目录 rows of every organisation (idempotent)."""

from kernel.runonce import RunOnceCommand
from reports.obligations import derivation


class Command(RunOnceCommand):
    help = "按各部门政务公开事项标准目录中的定期公开事项，生成或更新公开义务（可重复执行）。"

    def handle(self, *args, **options):
        result = derivation.sync_obligations()
        self.stdout.write(
            f"Obligations derived from the directory: {result.created} created, "
            f"{result.updated} updated, {result.deactivated} deactivated."
        )
