"""Check the links of the public pages and of the published items (bounded and polite)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import CommandError

from kernel.runonce import RunOnceCommand
from reports.selfaudit import services
from reports.selfaudit.crawler import Crawler, Options


class Command(RunOnceCommand):
    help = (
        "检查公开页面（首页、机构页、栏目列表、信息页、网站地图中的地址）及信息正文和附件中的链接："
        "站内链接检查能否解析和打开，外部链接先HEAD后GET（每个网站间隔请求，至多4个并发）。"
        "结果保存为一次“链接检查”，在“网站自查”中显示失效链接。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-external", action="store_true", help="不检查外部链接（服务器无法访问互联网时）。"
        )
        parser.add_argument(
            "--max-pages", type=int, default=500, help="至多打开的站内页面数（默认500）"
        )
        parser.add_argument(
            "--max-links", type=int, default=5000, help="至多检查的链接数（默认5000）"
        )
        parser.add_argument(
            "--delay", type=float, default=1.0, help="同一外部网站两次请求的间隔秒数（默认1）"
        )
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="每次请求的超时秒数（默认10）"
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="经HTTP检查运行中的网站（如 https://gk.example.gov.cn）；默认在本进程内渲染页面。",
        )

    def handle(self, *args, **options):
        for name in ("max_pages", "max_links"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} 须为正整数。")
        if options["delay"] < 0 or options["timeout"] <= 0:
            raise CommandError("--delay 不能为负数，--timeout 须大于0。")
        base_url = options["base_url"].rstrip("/")
        if base_url and not base_url.startswith(("http://", "https://")):
            raise CommandError("--base-url 须以 http:// 或 https:// 开头。")
        external = not options["no_external"] and getattr(settings, "LINK_CHECK_EXTERNAL", True)
        opts = Options(
            external=external,
            max_pages=options["max_pages"],
            max_links=options["max_links"],
            delay=options["delay"],
            timeout=options["timeout"],
            base_url=base_url,
        )
        started = time.monotonic()
        labels = {"pages": "页面", "internal": "站内链接", "external": "外部链接"}

        shown: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            width = 30
            share = min(1.0, done / total) if total else 1.0
            step = int(share * 50)  # a line per 2 %, and the last one
            if shown.get(stage) == step and done != total:
                return
            shown[stage] = step
            bar = "#" * int(width * share) + "-" * (width - int(width * share))
            elapsed = time.monotonic() - started
            self.stderr.write(f"[{bar}] {share:6.1%} {labels[stage]} {done}/{total} {elapsed:.1f}s")

        run = services.start_link_check(options=opts)
        self.stderr.write("正在检查链接……" + ("" if external else "（不检查外部链接）"))
        try:
            report = Crawler(opts, progress=progress).run()
        except Exception as exc:
            services.fail_link_check(run=run, reason=f"检查中断：{type(exc).__name__}")
            raise
        run = services.record_link_check(run=run, report=report)
        self.stdout.write(
            self.style.SUCCESS(
                f"检查页面{run.pages_checked}个、链接{run.links_checked}个，失效链接{run.broken_count}个，"
                f"用时{time.monotonic() - started:.1f}秒。"
            )
        )
        if report.capped:
            self.stdout.write(
                self.style.WARNING("已达到链接数上限（--max-links），部分链接未检查。")
            )
