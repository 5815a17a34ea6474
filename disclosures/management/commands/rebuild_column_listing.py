"""Check and repair the column listing (disclosures.listing) from the items and their columns."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from disclosures import listing


class Command(BaseCommand):
    help = (
        "重建栏目列表：按已发布（含定时发布）的信息及其栏目逐批核对栏目列表，"
        "补齐缺失条目、删除多余条目。可在网站运行时执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=50_000, help="每批核对的信息编号范围（默认 50000）"
        )

    def handle(self, *args, batch_size: int, **options):
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            width = 30
            share = done / total if total else 1.0
            bar = "#" * int(width * share) + "-" * (width - int(width * share))
            elapsed = time.monotonic() - started
            self.stderr.write(f"[{bar}] {share:6.1%} 编号 {done}/{total} {elapsed:.1f}s")

        self.stderr.write("正在核对栏目列表……")
        changed = listing.sync_all(batch_size=max(1, batch_size), progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"栏目列表已核对，修正 {changed} 条，用时 {time.monotonic() - started:.1f} 秒。"
            )
        )
