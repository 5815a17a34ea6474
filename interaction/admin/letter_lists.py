"""The parts of the letter list and page in the admin: the work-queue filter, the read-only
replies and event trail, and the queue downloads (CSV, XLSX) without personal data."""

from __future__ import annotations

import datetime
import io

from django.contrib import admin
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from catalog.admin import ReadOnlyInline
from catalog.models import CalendarDay, HolidayArrangement
from interaction import queues
from interaction.models import LetterEvent, Reply
from interaction.workflow import STATUS_LABELS, Status
from kernel import spreadsheet


class QueueFilter(admin.SimpleListFilter):
    """The handlers' work queues (interaction.queues)."""

    title = "工作队列"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("new", "新来信（待受理）"),
            ("mine", "我办理的"),
            ("due_soon", "即将到期（2个工作日内）"),
            ("overdue", "已逾期"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "new":
            return queues.new(queryset)
        if value == "mine":
            return queues.mine(queryset, request.user)
        if value == "due_soon":
            return queues.due_soon(queryset, today, CalendarDay.objects.work_calendar())
        if value == "overdue":
            return queues.overdue(queryset, today)
        return queryset


class ReplyInline(ReadOnlyInline):
    model = Reply
    fields = ["round", "organisation", "state", "text", "public_text", "drafted_by", "reviewed_by"]
    fields += ["review_note", "approved_at"]
    verbose_name_plural = "答复（经审核后发出）"


class EventInline(ReadOnlyInline):
    model = LetterEvent
    fields = ["created_at", "actor", "action", "status_change", "organisation_change", "note"]
    fields += ["public"]
    verbose_name_plural = "办理记录"

    @admin.display(description="状态变化")
    def status_change(self, obj):
        if not obj.to_status or obj.from_status == obj.to_status:
            return ""
        before = STATUS_LABELS[Status(obj.from_status)] if obj.from_status else "—"
        return f"{before} → {STATUS_LABELS[Status(obj.to_status)]}"

    @admin.display(description="转办")
    def organisation_change(self, obj):
        if obj.from_organisation_id is None and obj.to_organisation_id is None:
            return ""
        return f"{obj.from_organisation or '—'} → {obj.to_organisation or '—'}"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("actor", "from_organisation", "to_organisation")
        )


# ---------------------------------------------------------------- downloads (no personal data)

HEADER = [
    "查询码",
    "信箱",
    "办理机构",
    "来信类别",
    "状态",
    "收到日期",
    "受理期限",
    "受理日期",
    "答复期限",
    "答复日期",
    "延期工作日",
    "承办股室",
    "经办人",
    "是否逾期",
    "合并至",
]


def rows(queryset, today):
    """The download's rows: numbers, categories, dates and staff names; nothing of the writer."""
    letters = queryset.select_related("mailbox", "organisation", "handler", "merged_into")
    late = set(queues.overdue(queryset, today).values_list("pk", flat=True))
    for letter in letters.order_by("received_on", "pk"):
        yield [
            letter.number,
            letter.mailbox.name,
            letter.organisation.name,
            letter.get_category_display(),
            letter.status_label,
            letter.received_on,
            letter.accept_due_on,
            letter.accepted_on,
            letter.due_on,
            letter.answered_on,
            letter.extension_days or "",
            letter.office,
            letter.handler.get_username() if letter.handler else "",
            "是" if letter.pk in late else "",
            letter.merged_into.number if letter.merged_into else "",
        ]


def _text(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else value)


def csv_response(queryset, today) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel opens the Chinese text as UTF-8
    writer = spreadsheet.csv_writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(queryset, today):
        writer.writerow([_text(v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"来信办理台账-{today:%Y%m%d}.csv"
    )
    return response


def xlsx_response(queryset, today) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("来信办理台账")
    sheet.append(HEADER)
    for row in rows(queryset, today):
        sheet.append(spreadsheet.safe_row(row))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"来信办理台账-{today:%Y%m%d}.xlsx"
    )
    return response


# ---------------------------------------------------------------- provisional dates


def with_provisional_flags(queryset):
    """Annotate ``accept_due_is_provisional`` and ``due_is_provisional``: the date was counted
    over a year whose holiday notice is not entered yet, so it may still move (as
    requests_app's queue does; a letter's period spans at most two calendar years)."""
    day = datetime.timedelta(days=1)

    def official(year_of):
        return Exists(HolidayArrangement.objects.filter(year=OuterRef(year_of)))

    def first_year(*fields):
        start = Coalesce(*fields) if len(fields) > 1 else F(fields[0])
        return ExtractYear(ExpressionWrapper(start + day, output_field=models.DateField()))

    return queryset.annotate(
        _accept_from=first_year("received_on"),
        _accept_to=ExtractYear("accept_due_on"),
        _due_from=first_year("followed_up_on", "accepted_on", "received_on"),
        _due_to=ExtractYear("due_on"),
    ).annotate(
        accept_due_is_provisional=~(official("_accept_from") & official("_accept_to")),
        due_is_provisional=Case(
            When(due_on__isnull=True, then=Value(False)),
            default=~(official("_due_from") & official("_due_to")),
            output_field=models.BooleanField(),
        ),
    )
