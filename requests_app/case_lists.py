"""The parts of the case page and case list in the admin: the work-queue filter and the
read-only inlines (events, notices, pauses) and the appeals inline of a case.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog.admin import ReadOnlyInline
from catalog.admin_scoping import ScopedInline
from catalog.models import CalendarDay
from requests_app.models import Appeal, ApplicationEvent, Pause, ReplyNotice
from requests_app.workflow import OPEN, Status


class QueueFilter(admin.SimpleListFilter):
    """The caseworker's work queues."""

    title = "工作队列"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("new", "新收未分派"),
            ("mine", "分派给我的"),
            ("due_soon", "5个工作日内到期"),
            ("overdue", "已超期"),
            ("paused", "补正、征求意见或待缴费"),
            ("closed", "已办结"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "new":
            return queryset.filter(status=Status.RECEIVED, handler__isnull=True)
        if value == "mine":
            return queryset.filter(handler=request.user, status__in=list(OPEN))
        if value == "due_soon":
            until = CalendarDay.objects.work_calendar().add_working_days(today, 5)
            return queryset.due_within(on=today, until=until)
        if value == "overdue":
            return queryset.overdue(on=today)
        if value == "paused":
            return queryset.filter(
                status__in=[Status.CORRECTING, Status.CONSULTING, Status.AWAITING_FEE]
            )
        if value == "closed":
            return queryset.filter(status=Status.CLOSED)
        return queryset


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["created_at", "actor", "action_label", "status_change", "note"]
    verbose_name_plural = "办理记录"

    @admin.display(description="操作")
    def action_label(self, obj):
        return obj.action_label

    @admin.display(description="状态变化")
    def status_change(self, obj):
        from requests_app.workflow import STATUS_LABELS

        if not obj.to_status or obj.from_status == obj.to_status:
            return ""
        before = STATUS_LABELS.get(Status(obj.from_status), "") if obj.from_status else "—"
        return f"{before} → {STATUS_LABELS[Status(obj.to_status)]}"


class NoticeInline(ReadOnlyInline):
    model = ReplyNotice
    fields = ["title", "number", "issued_on", "delivery", "links"]
    verbose_name_plural = "告知书（签发后内容固定）"

    @admin.display(description="送达")
    def delivery(self, obj):
        if obj.delivered_on:
            return f"{obj.delivery_method} {obj.delivered_on:%Y-%m-%d}"
        return "未登记"

    @admin.display(description="操作")
    def links(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">查看/打印</a> · <a href="{}">登记送达</a>',
            reverse("admin:requests_app_application_notice", args=[obj.pk]),
            reverse("admin:requests_app_application_deliver", args=[obj.pk]),
        )


class PauseInline(ReadOnlyInline):
    model = Pause
    fields = ["kind", "party", "start", "end"]
    verbose_name_plural = "计时中止（征求意见、收费）"


class AppealInline(ScopedInline):
    model = Appeal
    extra = 0
    fields = ["kind", "filed_on", "body", "result", "decided_on", "note"]
    verbose_name_plural = "行政复议、行政诉讼"
