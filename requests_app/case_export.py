"""Export selected cases from the admin list as a CSV 台账, logging each case's personal data."""

from __future__ import annotations

import csv
import io

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from requests_app.access_log.admin import csv_cell
from requests_app.access_log.models import AccessKind
from requests_app.access_log.services import record_access

HEADER = [
    "申请编号",
    "受理机关",
    "收到申请日期",
    "申请人",
    "证件号码",
    "联系电话",
    "通信地址",
    "所需信息",
    "状态",
    "答复期限",
    "办理结果",
]


@admin.action(
    description="导出所选申请（CSV，含申请人联系方式，留有访问记录）", permissions=["view"]
)
def export_cases(modeladmin, request, queryset):
    """The selected cases in the user's scope; ID numbers stay masked, contact details do not."""
    cases = list(queryset.select_related("organisation").order_by("received_on", "pk"))
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel opens the Chinese text as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for case in cases:
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    case.number,
                    case.organisation.name,
                    f"{case.received_on:%Y-%m-%d}",
                    case.name,
                    case.masked_id_number,
                    case.phone,
                    case.address,
                    case.description,
                    case.status_label,
                    f"{case.due_on:%Y-%m-%d}" if case.due_on else "",
                    case.outcome_label,
                )
            ]
        )
    record_access(request=request, applications=cases, kind=AccessKind.EXPORT)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"依申请公开台账-{timezone.localdate():%Y%m%d}.csv"
    )
    return response
