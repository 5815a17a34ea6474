"""页面访问量 in the admin: the daily counts per page (read-only) and their CSV download."""

from __future__ import annotations

import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from catalog.pageview_models import PageView
from kernel import spreadsheet


@admin.register(PageView)
class PageViewAdmin(admin.ModelAdmin):
    list_display = ["day", "path", "count"]
    date_hierarchy = "day"
    search_fields = ["path"]
    change_list_template = "admin/catalog/pageview/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("csv/", wrap(self.csv_view), name="catalog_pageview_csv"),
            *super().get_urls(),
        ]

    def csv_view(self, request: HttpRequest) -> HttpResponse:
        """The list as filtered on the page (date and search), one line per day and page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = self.get_changelist_instance(request).get_queryset(request)
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out, lineterminator="\r\n")
        writer.writerow(("日期", "页面路径", "访问次数"))
        writer.writerows((row.day.isoformat(), row.path, row.count) for row in rows.iterator())
        response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="page-views.csv"'
        return response
