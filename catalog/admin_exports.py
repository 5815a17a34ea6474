"""The staff list as a download: the rows a change list shows, with its queue, filters and
search, as CSV or Excel (XLSX) that Excel and WPS open.

A supervisor reads the lists of the admin all day and is asked for them as a table; each list
that declares ``export_name`` gets "下载本列表（CSV）" and "（Excel）" links next to its add
button (the project's ``admin/change_list_object_tools.html``) and the URLs
``<app>_<model>_list_csv`` and ``<app>_<model>_list_xlsx``.
The columns are (header, function of the row) pairs: an admin chooses what leaves the portal,
so contact details of letter writers or commenters are never exported by default.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from kernel import spreadsheet

Column = tuple[str, Callable[[Any], Any]]


def cell(value: Any) -> Any:
    """A value as CSV text: dates in ISO form, booleans as 是/否, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%Y-%m-%d %H:%M")
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def table_download(*, title: str, header: Sequence[str], rows, fmt: str) -> HttpResponse:
    """The rows as CSV (UTF-8 with a BOM, so that Excel reads the Chinese; CRLF line ends) or
    XLSX, every cell through the formula guard; the file named ``<title>-<date>.<fmt>``."""
    filename = f"{title}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title[:31])  # Excel's limit for a sheet name
        sheet.append(list(header))
        for row in rows:
            sheet.append(spreadsheet.safe_row([cell(v) for v in row]))
        out = io.BytesIO()
        book.save(out)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(out.getvalue(), content_type=content_type)
    else:
        text = io.StringIO()
        text.write("\ufeff")
        writer = spreadsheet.csv_writer(text, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(v) for v in row])
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


class ChangeListDownloadMixin:
    """Adds the list downloads (CSV and Excel) to a ModelAdmin that sets ``export_name`` and
    either ``export_columns`` or its own ``export_header`` and ``export_rows``.

    ``export_select_related`` names the relations the columns read; ``export_ordering`` the
    order of the rows (the list's own order when empty).
    """

    export_columns: Sequence[Column] = ()
    export_name = ""
    export_select_related: Sequence[str] = ()
    export_ordering: Sequence[str] = ()

    def export_header(self) -> list[str]:
        return [header for header, _ in self.export_columns]

    def export_rows(self, queryset):
        for obj in queryset.iterator():
            yield [read(obj) for _, read in self.export_columns]

    def _export_url_name(self, fmt: str) -> str:
        opts = self.model._meta
        return f"{opts.app_label}_{opts.model_name}_list_{fmt}"

    def get_urls(self):
        urls = super().get_urls()
        if not self.export_name:
            return urls
        view = self.admin_site.admin_view(self.list_download_view)
        return [
            path("list.csv", view, {"fmt": "csv"}, name=self._export_url_name("csv")),
            path("list.xlsx", view, {"fmt": "xlsx"}, name=self._export_url_name("xlsx")),
            *urls,
        ]

    def changelist_view(self, request, extra_context=None):
        if self.export_name and self.has_view_permission(request):
            extra_context = {
                **(extra_context or {}),
                "list_csv_url": reverse(f"admin:{self._export_url_name('csv')}"),
                "list_xlsx_url": reverse(f"admin:{self._export_url_name('xlsx')}"),
            }
        return super().changelist_view(request, extra_context)

    def export_queryset(self, request: HttpRequest):
        queryset = self.get_changelist_instance(request).get_queryset(request)
        if self.export_select_related:
            queryset = queryset.select_related(*self.export_select_related)
        if self.export_ordering:
            queryset = queryset.order_by(*self.export_ordering)
        return queryset

    def list_download_view(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            queryset = self.export_queryset(request)
        except IncorrectLookupParameters:
            messages.error(request, "筛选条件有误，请重新选择后再下载。")
            opts = self.model._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            )
        return table_download(
            title=self.export_name,
            header=self.export_header(),
            rows=self.export_rows(queryset),
            fmt=fmt,
        )
