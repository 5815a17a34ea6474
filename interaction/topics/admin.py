"""Staff UI of 点题公开: the per-organisation call, the suggestions' queue, the handling page
(with the suggester's name and contact, each opening logged) and the action pages.

Every change goes through interaction.topics.services; status, dates and answer fields are
read-only here. The queue shows overdue answers and overdue promises (将予公开 with the planned
date passed and no item linked).
"""

from __future__ import annotations

from operator import attrgetter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog.admin import OrganisationScopedAdmin, ReadOnlyInline
from catalog.admin_exports import ChangeListDownloadMixin
from catalog.statutory_holidays import PROVISIONAL_MARK
from interaction.access_log import RecordKind, WriterAccessKind, record_personal_data_access
from interaction.topics import rules, services
from interaction.topics.admin_forms import FORMS, HANDLERS, PERMISSIONS
from interaction.topics.models import Suggestion, SuggestionEvent, TopicCall
from interaction.topics.workflow import (
    ACTION_LABELS,
    REFUSAL_BASIS,
    REFUSAL_LABELS,
    STATUS_LABELS,
    Action,
    AnswerKind,
    RefusalReason,
    Status,
    allowed_actions,
)


@admin.register(TopicCall)
class TopicCallAdmin(OrganisationScopedAdmin):
    list_display = ["organisation", "is_open", "answer_days", "updated_at"]
    list_filter = ["is_open"]
    list_select_related = ["organisation"]
    fields = ["organisation", "is_open", "answer_days", "introduction"]


class QueueFilter(admin.SimpleListFilter):
    title = "工作队列"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("open", "待答复"),
            ("reviewing", "答复待审核"),
            ("overdue", "答复已逾期"),
            ("promise_overdue", "承诺公开已逾期"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "open":
            return queryset.filter(status=Status.RECEIVED)
        if value == "reviewing":
            return queryset.filter(status=Status.REVIEWING)
        if value == "overdue":
            return queryset.overdue(today)
        if value == "promise_overdue":
            return queryset.promises_overdue(today)
        return queryset


class SuggestionEventInline(ReadOnlyInline):
    model = SuggestionEvent
    fields = ["created_at", "actor", "action", "status_change", "note"]
    verbose_name_plural = "办理记录"

    @admin.display(description="状态变化")
    def status_change(self, obj):
        if not obj.to_status or obj.from_status == obj.to_status:
            return ""
        before = STATUS_LABELS[Status(obj.from_status)] if obj.from_status else "—"
        return f"{before} → {STATUS_LABELS[Status(obj.to_status)]}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


def _is_late(suggestion: Suggestion) -> str:
    return (
        "是"
        if suggestion.is_open and rules.is_overdue(suggestion.due_on, timezone.localdate())
        else ""
    )


# The list download: numbers, dates, states and answers; nothing of the suggester.
EXPORT_COLUMNS = [
    ("编号", attrgetter("number")),
    ("机构", attrgetter("organisation.name")),
    ("建议公开的信息", attrgetter("subject")),
    ("状态", attrgetter("status_label")),
    ("收到日期", attrgetter("received_on")),
    ("答复期限", attrgetter("due_on")),
    ("是否逾期", _is_late),
    ("答复结果", attrgetter("answer_label")),
    ("答复日期", attrgetter("answered_on")),
    ("承诺公开日期", attrgetter("planned_on")),
    ("已关联的公开信息", lambda s: s.disclosure.title if s.disclosure_id else ""),
    ("是否公开", lambda s: "是" if s.is_public else ""),
]


@admin.register(Suggestion)
class SuggestionAdmin(ChangeListDownloadMixin, OrganisationScopedAdmin):
    export_columns = EXPORT_COLUMNS
    export_name = "点题公开建议台账"
    export_select_related = ["organisation", "disclosure"]
    export_ordering = ["received_on", "pk"]
    list_display = [
        "number",
        "subject",
        "organisation",
        "status_display",
        "due_display",
        "answer_display",
        "is_public",
    ]
    list_filter = [
        QueueFilter,
        "status",
        "answer_kind",
        "is_public",
        ("organisation", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["number", "subject"]
    list_select_related = ["organisation"]
    date_hierarchy = "received_on"
    inlines = [SuggestionEventInline]
    fieldsets = [
        (
            "办理情况",
            {
                "fields": [
                    "number",
                    "organisation",
                    "status_display",
                    "received_on",
                    "due_display",
                    "drafted_by",
                    "approved_by",
                    "answered_on",
                ]
            },
        ),
        ("建议人（个人信息，查看留有记录）", {"fields": ["suggester_block"]}),
        ("建议内容", {"fields": ["subject", "description", "reason", "column", "topic"]}),
        ("答复", {"fields": ["answer_block"]}),
        (
            "公开",
            {
                "fields": [
                    "publish_consent",
                    "is_public",
                    "public_subject",
                    "public_description",
                    "privacy_block",
                ]
            },
        ),
    ]
    readonly_fields = [f for _, opts in fieldsets for f in opts["fields"]]
    change_form_template = "interaction/topics/admin/change_form.html"

    # ---- display

    @admin.display(description="状态", ordering="status")
    def status_display(self, obj):
        return obj.status_label

    @admin.display(description="答复期限", ordering="due_on")
    def due_display(self, obj):
        mark = PROVISIONAL_MARK if obj.due_provisional else ""
        text = f"{obj.due_on:%Y-%m-%d}{mark}"
        if obj.is_open and rules.is_overdue(obj.due_on, timezone.localdate()):
            return format_html('<strong class="overdue">{}（已逾期）</strong>', text)
        return text

    @admin.display(description="答复结果", ordering="answer_kind")
    def answer_display(self, obj):
        if not obj.answer_kind:
            return "—"
        overdue = rules.promise_overdue(
            promised=obj.answer_kind == AnswerKind.WILL_PUBLISH and obj.status == Status.ANSWERED,
            planned_on=obj.planned_on,
            item_linked=obj.disclosure_id is not None,
            today=timezone.localdate(),
        )
        if overdue:
            return format_html(
                '<strong class="overdue">{}（计划{}前公开，已逾期）</strong>',
                obj.answer_label,
                obj.planned_on,
            )
        return obj.answer_label

    @admin.display(description="建议人信息")
    def suggester_block(self, obj):
        rows = [("姓名", obj.name), ("电话", obj.phone), ("邮箱", obj.email)]
        return format_html_join("", "<div><b>{}：</b>{}</div>", [(k, v) for k, v in rows if v])

    @admin.display(description="答复内容")
    def answer_block(self, obj):
        if not obj.answer_kind:
            return "尚未答复"
        rows = [("答复类型", self.answer_display(obj))]
        if obj.planned_on:
            rows.append(("计划公开日期", f"{obj.planned_on:%Y-%m-%d}"))
        if obj.disclosure_id:
            rows.append(("已公开信息", obj.disclosure.title))
        if obj.refusal_reason:
            reason = RefusalReason(obj.refusal_reason)
            rows.append(("不予公开理由", f"{REFUSAL_LABELS[reason]}（{REFUSAL_BASIS[reason]}）"))
        if obj.answer_text:
            rows.append(("答复说明", obj.answer_text))
        return format_html_join("", "<div><b>{}：</b>{}</div>", rows)

    @admin.display(description="个人信息检查")
    def privacy_block(self, obj):
        findings = services.findings_of(obj)
        if not findings:
            return "公开内容中未发现个人信息。"
        return format_html(
            '<div class="errornote">{}</div>',
            format_html_join("", "<div>{}</div>", [(f,) for f in findings]),
        )

    # ---- permissions: everything changes through the action pages

    def has_add_permission(self, request):
        return False  # suggestions come from the public form (interaction.topics.intake)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record is kept

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/action/<str:action>/",
                wrap(self.action_view),
                name="interaction_suggestion_action",
            ),
            *super().get_urls(),
        ]

    def suggestion_actions(self, request, suggestion: Suggestion) -> list[tuple[str, str]]:
        actions = []
        for action in allowed_actions(suggestion.status):
            if action not in FORMS or not request.user.has_perm(PERMISSIONS[action]):
                continue
            if action == Action.PUBLISH and (
                suggestion.is_public or not suggestion.publish_consent
            ):
                continue
            if action == Action.UNPUBLISH and not suggestion.is_public:
                continue
            if action == Action.LINK_ITEM and (
                suggestion.answer_kind != AnswerKind.WILL_PUBLISH or suggestion.disclosure_id
            ):
                continue
            if action == Action.APPROVE and suggestion.drafted_by_id == request.user.pk:
                continue  # four eyes: not one's own draft
            actions.append((action.value, ACTION_LABELS[action]))
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            extra_context["suggestion_actions"] = self.suggestion_actions(request, obj)
        response = super().change_view(request, object_id, form_url, extra_context)
        if obj is not None and response.status_code == 200:
            record_personal_data_access(
                request=request,
                record_kind=RecordKind.SUGGESTION,
                records=[(obj.organisation_id, obj.number)],
                kind=WriterAccessKind.VIEW_CONTACT,
            )
        return response

    def action_view(self, request: HttpRequest, pk: int, action: str):
        suggestion = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            action = Action(action)
        except ValueError as exc:
            raise Http404 from exc
        if action not in FORMS:
            raise Http404
        if not request.user.has_perm(PERMISSIONS[action]):
            raise PermissionDenied
        form = FORMS[action](request.POST or None, suggestion=suggestion, user=request.user)
        change_url = reverse("admin:interaction_suggestion_change", args=[pk])
        if request.method == "POST" and form.is_valid():
            try:
                HANDLERS[action](request.user, suggestion, form.cleaned_data)
            except services.SuggestionError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已{ACTION_LABELS[action]}：{suggestion.number}")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": suggestion,
            "title": f"{ACTION_LABELS[action]}：{suggestion.number}",
            "form": form,
            "change_url": change_url,
            "action_label": ACTION_LABELS[action],
            "findings": services.findings_of(suggestion),
        }
        return TemplateResponse(request, "interaction/topics/admin/action.html", context)
