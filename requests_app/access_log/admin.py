"""The personal-data access log in the admin: read-only, organisation-scoped, downloadable."""

from __future__ import annotations

import csv
import io

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header

from catalog.admin import OrganisationScopedAdmin, ReadOnlyAdminMixin
from requests_app.access_log.models import PersonalDataAccess

CSV_HEADER = ["时间", "工作人员", "受理机关", "申请编号", "操作", "访问地址"]
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """Spreadsheet programs must read every cell as text, never as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdminMixin, OrganisationScopedAdmin):
    list_display = ["accessed_at", "username", "organisation", "case_number", "kind", "ip_address"]
    list_filter = ["kind", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["case_number", "username"]
    date_hierarchy = "accessed_at"
    list_select_related = ["organisation"]
    change_list_template = "admin/requests_app/personaldataaccess/change_list.html"

    def get_urls(self):
        return [
            path(
                "export.csv",
                self.admin_site.admin_view(self.export_view),
                name="requests_app_personaldataaccess_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The rows the change list shows (same filters and search), as UTF-8 CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        rows = changelist.get_queryset(request).select_related("organisation")
        out = io.StringIO()
        out.write("\ufeff")  # so that Excel opens the Chinese text as UTF-8
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        for row in rows.iterator(chunk_size=2000):
            writer.writerow(
                [
                    csv_cell(f"{timezone.localtime(row.accessed_at):%Y-%m-%d %H:%M:%S}"),
                    csv_cell(row.username),
                    csv_cell(row.organisation.name),
                    csv_cell(row.case_number),
                    csv_cell(row.get_kind_display()),
                    csv_cell(row.ip_address),
                ]
            )
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"个人信息访问记录-{timezone.localdate():%Y%m%d}.csv"
        )
        return response
