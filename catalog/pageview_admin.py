"""页面访问量 in the admin: the daily counts per page (read-only) and their downloads."""

from __future__ import annotations

from operator import attrgetter

from django.contrib import admin

from catalog.admin_exports import ChangeListDownloadMixin
from catalog.admin_scoping import ReadOnlyAdminMixin
from catalog.pageview_models import PageView


@admin.register(PageView)
class PageViewAdmin(ReadOnlyAdminMixin, ChangeListDownloadMixin, admin.ModelAdmin):
    list_display = ["day", "path", "count"]
    date_hierarchy = "day"
    search_fields = ["path"]
    export_name = "页面访问量"
    export_columns = [
        ("日期", attrgetter("day")),
        ("页面路径", attrgetter("path")),
        ("访问次数", attrgetter("count")),
    ]
