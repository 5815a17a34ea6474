"""Rebuild the full-text search index (SearchEntry) from the published items, then check the
column listing (``rebuild_column_listing``): both are derived from the items, and imports that
bypass the services need both."""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from disclosures import pagination
from disclosures.models import Disclosure
from disclosures.search.index import SearchEntry, index_many
from disclosures.workflow import Status


class Command(BaseCommand):
    help = (
        "重建全文检索索引：为所有已发布（含定时发布）的信息重新生成检索条目，并删除多余条目；"
        "随后核对栏目列表（rebuild_column_listing）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="大批量重建：先删除检索表的索引，写完后再整体重建索引（百万条时快数倍）。"
            "重建期间检索很慢，只在维护窗口或基准测试库中使用。",
        )

    def handle(self, *args, batch_size: int, bulk: bool, **options):
        batch_size = max(1, batch_size)
        if bulk:
            batch_size = max(batch_size, 1000)
            with self._indexes_dropped():
                # Empty table, rows written in publication order: the table ends up
                # physically in date order, as one filled by daily publishing would be, so a
                # window of recent items lies in few pages (docs/search.md).
                with connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {SearchEntry._meta.db_table}")
                self._rebuild(batch_size, order=("published_at", "pk"))
        else:
            self._rebuild(batch_size)
        call_command("rebuild_column_listing", stdout=self.stdout, stderr=self.stderr)

    @contextmanager
    def _indexes_dropped(self):
        """Writing a million rows into GIN indexes row by row is several times slower than
        building the indexes once afterwards (PostgreSQL docs, "Populating a Database")."""
        indexes = SearchEntry._meta.indexes
        with connection.schema_editor() as editor:
            for index in indexes:
                editor.execute(f"DROP INDEX IF EXISTS {editor.quote_name(index.name)}")
        try:
            yield
        finally:
            self.stderr.write("正在重建检索索引……")
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("SET maintenance_work_mem = '1GB'")
            with connection.schema_editor() as editor:
                for index in indexes:
                    editor.add_index(SearchEntry, index)
            with connection.cursor() as cursor:
                cursor.execute("RESET maintenance_work_mem")
                cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
            self.stderr.write(f"索引已重建，用时 {time.monotonic() - started:.0f} 秒。")

    def _rebuild(self, batch_size: int, order=("pk",)) -> None:
        items = Disclosure.objects.filter(status=Status.PUBLISHED, published_at__isnull=False)
        total = items.count()
        stale = SearchEntry.objects.exclude(disclosure__in=items).delete()[0]
        started = time.monotonic()
        self._progress(0, total, started)
        done = 0
        ids = list(items.order_by(*order).values_list("pk", flat=True))
        for offset in range(0, len(ids), batch_size):
            chunk = ids[offset : offset + batch_size]
            self._index_batch(chunk)
            done += len(chunk)
            self._progress(done, total, started)
        pagination.lists.changed()  # bulk writes send no signals: drop cached searches now
        self.stdout.write(
            self.style.SUCCESS(f"已重建 {done} 条检索条目，删除 {stale} 条多余条目。")
        )

    def _index_batch(self, pks: list[int]) -> None:
        with transaction.atomic():
            index_many(pks)

    def _progress(self, done: int, total: int, started: float) -> None:
        width = 30
        share = done / total if total else 1.0
        bar = "#" * int(width * share) + "-" * (width - int(width * share))
        elapsed = time.monotonic() - started
        self.stderr.write(f"[{bar}] {share:6.1%} {done}/{total} {elapsed:.1f}s")
