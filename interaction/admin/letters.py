"""Staff UI for letters (领导信箱, 咨询投诉, 网站纠错): queues, the letter page, action pages.

Every change goes through interaction.services.handling; status, clock and public fields are
read-only here. Opening a letter's page shows the writer's name and contact and is logged
(interaction.access_log); the queue downloads carry no personal data.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog.admin import OrganisationScopedAdmin
from catalog.statutory_holidays import PROVISIONAL_MARK, PROVISIONAL_NOTE
from interaction.access_log import WriterAccessKind, record_access
from interaction.admin.letter_forms import FORMS, HANDLERS, REVIEW_ACTIONS
from interaction.admin.letter_lists import (
    EventInline,
    QueueFilter,
    ReplyInline,
    csv_response,
    with_provisional_flags,
    xlsx_response,
)
from interaction.models import Letter
from interaction.services.common import LetterError
from interaction.workflow import ACTION_LABELS, Action, Status, allowed_actions
from kernel import downloads

HANDLE = "interaction.handle_letter"
REVIEW = "interaction.review_letter"


@admin.register(Letter)
class LetterAdmin(OrganisationScopedAdmin):
    list_display = [
        "number",
        "category",
        "subject",
        "status_display",
        "accept_due_display",
        "due_display",
        "organisation",
        "handler",
    ]
    list_filter = [
        QueueFilter,
        "status",
        "category",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "mailbox__kind",
    ]
    search_fields = ["number", "subject"]
    list_select_related = ["organisation", "handler"]
    date_hierarchy = "received_on"
    inlines = [ReplyInline, EventInline]
    fieldsets = [
        (
            "办理情况",
            {
                "fields": [
                    "number",
                    "mailbox",
                    "organisation",
                    "category",
                    "status_display",
                    "received_on",
                    "accept_due_display",
                    "accepted_on",
                    "due_display",
                    "due_note",
                    "extension_display",
                    "office",
                    "handler",
                    "answered_on",
                    "answered_by_organisation",
                    "closed_on",
                    "merged_into",
                ]
            },
        ),
        ("来信人（个人信息，查看留有记录）", {"fields": ["writer_block"]}),
        ("来信内容", {"fields": ["subject", "content", "site_error_block", "attachment_block"]}),
        ("追问和评价", {"fields": ["follow_up", "satisfaction", "satisfaction_comment"]}),
        (
            "公开",
            {"fields": ["publish_consent", "is_public", "public_subject", "public_content"]},
        ),
    ]
    readonly_fields = [f for _, opts in fieldsets for f in opts["fields"]]
    change_form_template = "admin/interaction/letter/change_form.html"
    change_list_template = "admin/interaction/letter/change_list.html"

    # ---- display

    @admin.display(description="状态", ordering="status")
    def status_display(self, obj):
        return obj.status_label

    @staticmethod
    def _due(due, *, running: bool, provisional: bool):
        if due is None:
            return "—"
        if running and due < timezone.localdate():
            return format_html('<strong class="overdue">{}（已逾期）</strong>', due)
        if running and provisional:
            return format_html(
                '{}<span class="provisional" title="{}">{}</span>',
                due,
                PROVISIONAL_NOTE,
                PROVISIONAL_MARK,
            )
        return str(due)

    @admin.display(description="受理期限", ordering="accept_due_on")
    def accept_due_display(self, obj):
        return self._due(
            obj.accept_due_on,
            running=obj.status == Status.RECEIVED,
            provisional=getattr(obj, "accept_due_is_provisional", False),
        )

    @admin.display(description="答复期限", ordering="due_on")
    def due_display(self, obj):
        return self._due(
            obj.due_on,
            running=obj.is_open,
            provisional=getattr(obj, "due_is_provisional", False),
        )

    @admin.display(description="期限说明")
    def due_note(self, obj):
        if obj.status == Status.RECEIVED:
            provisional = getattr(obj, "accept_due_is_provisional", False)
        else:
            provisional = obj.is_open and getattr(obj, "due_is_provisional", False)
        if provisional:
            return format_html('<strong class="provisional">{}。</strong>', PROVISIONAL_NOTE)
        return "—"

    @admin.display(description="延期")
    def extension_display(self, obj):
        if not obj.extension_days:
            return "—"
        return f"{obj.extension_days}个工作日（批准人：{obj.extension_approved_by}；{obj.extension_reason}）"

    @admin.display(description="来信人信息")
    def writer_block(self, obj):
        rows = [("姓名", obj.writer_name), ("电话", obj.writer_phone), ("邮箱", obj.writer_email)]
        return format_html_join("", "<div><b>{}：</b>{}</div>", [(k, v) for k, v in rows if v])

    @admin.display(description="网站纠错")
    def site_error_block(self, obj):
        if not obj.page_url:
            return "—"
        return format_html("{}：{}", obj.get_error_type_display() or "错误", obj.page_url)

    @admin.display(description="附件")
    def attachment_block(self, obj):
        items = [
            (reverse("admin:interaction_letter_attachment", args=[obj.pk, a.pk]), a.original_name)
            for a in obj.attachments.all()
        ]
        return format_html_join("", '<div><a href="{}">{}</a></div>', items) if items else "—"

    # ---- permissions: everything changes through the action pages

    def get_queryset(self, request):
        return with_provisional_flags(super().get_queryset(request))

    def has_add_permission(self, request):
        return False  # letters are written by the public (interaction.services.intake)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of a letter is kept

    # ---- pages

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/action/<str:action>/",
                wrap(self.action_view),
                name="interaction_letter_action",
            ),
            path(
                "<int:pk>/attachment/<int:attachment>/",
                wrap(self.attachment_view),
                name="interaction_letter_attachment",
            ),
            path("export.<str:fmt>", wrap(self.export_view), name="interaction_letter_export"),
            *super().get_urls(),
        ]

    def _may(self, request, action: Action) -> bool:
        return request.user.has_perm(REVIEW if action in REVIEW_ACTIONS else HANDLE)

    def letter_actions(self, request, letter: Letter) -> list[tuple[str, str]]:
        actions = []
        for action in allowed_actions(letter.status):
            if action not in FORMS or not self._may(request, action):
                continue
            if action == Action.PUBLISH and (letter.is_public or not letter.publish_consent):
                continue
            if action == Action.UNPUBLISH and not letter.is_public:
                continue
            actions.append((action.value, ACTION_LABELS[action]))
        return actions

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_export": request.user.has_perm(REVIEW)}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None:
            extra_context["letter_actions"] = self.letter_actions(request, obj)
        response = super().change_view(request, object_id, form_url, extra_context)
        if obj is not None and response.status_code == 200:
            record_access(request=request, letters=[obj], kind=WriterAccessKind.VIEW_DETAILS)
        return response

    def action_view(self, request: HttpRequest, pk: int, action: str):
        letter = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            action = Action(action)
        except ValueError as exc:
            raise Http404 from exc
        if action not in FORMS:
            raise Http404
        if not self._may(request, action):
            raise PermissionDenied
        form = FORMS[action](request.POST or None, letter=letter, user=request.user)
        change_url = reverse("admin:interaction_letter_change", args=[pk])
        if request.method == "POST" and form.is_valid():
            draft = action == Action.SUBMIT_REPLY and "_draft" in request.POST
            try:
                HANDLERS[action](request.user, letter, form.cleaned_data, draft=draft)
            except LetterError as exc:
                form.add_error(None, str(exc))
            else:
                done = "已保存答复草稿" if draft else f"已{ACTION_LABELS[action]}"
                messages.success(request, f"{done}：{letter.number}")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": letter,
            "title": f"{ACTION_LABELS[action]}：{letter.number}",
            "form": form,
            "change_url": change_url,
            "action_label": ACTION_LABELS[action],
            "may_save_draft": action == Action.SUBMIT_REPLY,
        }
        return TemplateResponse(request, "admin/interaction/letter/action.html", context)

    def attachment_view(self, request: HttpRequest, pk: int, attachment: int):
        letter = get_object_or_404(self.get_queryset(request), pk=pk)
        item = get_object_or_404(letter.attachments, pk=attachment)
        record_access(request=request, letters=[letter], kind=WriterAccessKind.DOWNLOAD_ATTACHMENT)
        return downloads.file_download(item.file.open("rb"), filename=item.original_name)

    def export_view(self, request: HttpRequest, fmt: str):
        """The rows the list shows (same queue, filters and search), without personal data."""
        if fmt not in ("csv", "xlsx"):
            raise Http404
        if not request.user.has_perm(REVIEW):
            raise PermissionDenied
        try:
            queryset = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            messages.error(request, "筛选条件有误，请重新选择后再下载。")
            return HttpResponseRedirect(reverse("admin:interaction_letter_changelist"))
        today = timezone.localdate()
        return csv_response(queryset, today) if fmt == "csv" else xlsx_response(queryset, today)
