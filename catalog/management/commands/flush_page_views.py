"""Write the counted page views to the database now (see catalog.pageview_store)."""

from django.core.management.base import BaseCommand

from catalog import pageview_store


class Command(BaseCommand):
    help = "将已计数的页面访问量写入数据库（配置 REDIS_URL 时汇总所有进程的计数）。"

    def handle(self, *args, **options):
        written = pageview_store.flush()
        self.stdout.write(f"已写入页面访问量 {written} 次。")
