"""Write the counted page views to the database now (see catalog.pageview_store, ADR 0017).

With REDIS_URL set this drains every worker's counts (they share Redis). Without it the counts
live in each worker's memory, which this command cannot reach: the workers write their own every
PAGE_VIEWS_FLUSH_SECONDS and at exit, and the command says so.
"""

from catalog import pageview_store
from kernel.runonce import RunOnceCommand


class Command(RunOnceCommand):
    help = "将已计数的页面访问量写入数据库（配置 REDIS_URL 时汇总所有进程的计数）。"

    def handle(self, *args, **options):
        shared = isinstance(pageview_store.counter(), pageview_store.RedisCounter)
        written = pageview_store.flush()
        self.stdout.write(f"已写入页面访问量 {written} 次。")
        if not shared:
            self.stdout.write(
                "未配置 REDIS_URL：各服务进程的计数保存在其自身内存中，"
                "由各进程每隔 PAGE_VIEWS_FLUSH_SECONDS 秒及退出时自行写入。"
            )
