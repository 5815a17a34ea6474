"""Consultations: drafted here (草稿 only), then submitted, opened by a second person, closed,
split into articles; the 采纳情况 due date shown in red when overdue. Status is read-only;
every state change is an admin action calling interaction.consultations.services."""

from __future__ import annotations

from operator import attrgetter, methodcaller

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.html import format_html

from catalog.admin import OrganisationScopedAdmin, ReadOnlyInline
from catalog.admin_exports import ChangeListDownloadMixin
from catalog.admin_scoping import ScopedInline
from interaction.consultations import obligations
from interaction.consultations.admin.common import run_each, run_with_reason
from interaction.consultations.models import (
    Consultation,
    ConsultationAttachment,
    ConsultationEvent,
    DraftArticle,
)
from interaction.consultations.services import drafting, feedback
from interaction.consultations.services.common import (
    PERM_OPEN,
    PERM_PUBLISH_FEEDBACK,
    PERM_SUBMIT,
)
from interaction.consultations.workflow import Status
from kernel.uploads import UploadRejected, check_upload

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
CREATE_FIELDS = ("organisation", "title", "draft_kind", "summary", "draft_html", "explanation",
                 "starts_on", "ends_on", "contact_department", "contact_phone", "contact_email",
                 "contact_address", "shortened_reason", "feedback_days")  # fmt: skip


class FeedbackDueFilter(admin.SimpleListFilter):
    title = "采纳情况反馈"
    parameter_name = "feedback"

    def lookups(self, request, model_admin):
        return [("overdue", "已逾期"), ("owed", "待反馈")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        owed = queryset.filter(
            status__in=[Status.OPEN, Status.CLOSED, Status.FEEDBACK_REVIEW], ends_on__lt=today
        )
        if self.value() == "overdue":
            return owed.filter(feedback_due_on__lt=today)
        if self.value() == "owed":
            return owed
        return queryset


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [*CREATE_FIELDS, "final_disclosure"]

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "截止日期不能早于开始日期。")
        contacts = ("contact_phone", "contact_email", "contact_address")
        if "contact_phone" not in self.fields:
            return cleaned  # submitted or opened: the notice is read-only
        if not any(cleaned.get(name) for name in contacts) and not any(
            name in self.errors for name in contacts
        ):
            self.add_error("contact_phone", "请至少填写一种反馈方式（电话、电子邮箱或通信地址）。")
        return cleaned


class ArticleInline(ScopedInline):
    model = DraftArticle
    fields = ["number", "heading", "text"]
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is None or obj.status == Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ConsultationAttachment
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "content_type"):  # a new upload
            try:
                kind = check_upload(upload, max_bytes=MAX_ATTACHMENT_BYTES)
            except UploadRejected as exc:
                raise ValidationError(str(exc)) from exc
            self.instance.kind, self.instance.size = str(kind), upload.size
        return upload


class AttachmentInline(ArticleInline):
    model = ConsultationAttachment
    form = AttachmentForm
    fields = ["title", "file"]


class EventInline(ReadOnlyInline):
    model = ConsultationEvent
    fields = ["at", "actor", "action", "from_status", "to_status", "note"]
    readonly_fields = fields
    verbose_name_plural = "办理记录"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(comment__isnull=True)


@admin.register(Consultation)
class ConsultationAdmin(ChangeListDownloadMixin, OrganisationScopedAdmin):
    export_name = "意见征集台账"
    export_columns = [
        ("事项名称", attrgetter("title")),
        ("机构", attrgetter("organisation.name")),
        ("草案类型", methodcaller("get_draft_kind_display")),
        ("开始日期", attrgetter("starts_on")),
        ("截止日期", attrgetter("ends_on")),
        ("状态", methodcaller("get_status_display")),
        ("采纳情况反馈期限", attrgetter("feedback_due_on")),
        ("反馈期限为暂估", attrgetter("feedback_due_provisional")),
        ("缩短征集期理由", attrgetter("shortened_reason")),
        ("最终文件", lambda c: c.final_disclosure.title if c.final_disclosure_id else ""),
    ]
    export_select_related = ["organisation", "final_disclosure"]
    export_ordering = ["starts_on", "pk"]
    form = ConsultationForm
    list_display = ["title", "organisation", "draft_kind", "starts_on", "ends_on", "status",
                    "feedback_due"]  # fmt: skip
    list_filter = ["status", FeedbackDueFilter, "draft_kind",
                   ("organisation", admin.RelatedOnlyFieldListFilter)]  # fmt: skip
    search_fields = ["title"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["final_disclosure"]
    inlines = [ArticleInline, AttachmentInline, EventInline]
    readonly_fields = ["status", "feedback_due_on", "feedback_due_provisional", "created_by",
                       "submitted_by", "approved_by", "opened_at", "closed_at"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["organisation", "title", "draft_kind", "summary", "draft_html",
                           "explanation"]}),
        ("征集期限", {"fields": ["starts_on", "ends_on", "shortened_reason", "feedback_days"]}),
        ("反馈方式", {"fields": ["contact_department", "contact_phone", "contact_email",
                                 "contact_address"]}),
        ("办理", {"fields": ["status", "final_disclosure", "feedback_due_on",
                             "feedback_due_provisional", "created_by", "submitted_by",
                             "approved_by", "opened_at", "closed_at"]}),
    ]  # fmt: skip
    actions = ["split_articles", "submit", "approve_and_open", "return_for_changes", "close",
               "start_feedback", "submit_feedback", "publish_feedback",
               "return_feedback"]  # fmt: skip

    @admin.display(description="采纳情况反馈期限")
    def feedback_due(self, obj):
        state = obligations.feedback_state(
            status=obj.status, ends_on=obj.ends_on, due_on=obj.feedback_due_on,
            today=timezone.localdate(),
        )  # fmt: skip
        if state is None or obj.feedback_due_on is None:
            return "—"
        label = obligations.STATE_LABELS[state]
        if state == obligations.OVERDUE:
            return format_html(
                '<strong style="color:#b00">{}（{}）</strong>', obj.feedback_due_on, label
            )
        return f"{obj.feedback_due_on}（{label}）"

    def get_readonly_fields(self, request, obj=None):
        """A draft's notice is editable; the final policy is linked only after the close (the
        item page links back, so never to a page the public cannot open)."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or obj.status in (Status.DRAFT, Status.REVIEWING, Status.OPEN):
            fields.append("final_disclosure")
        if obj is not None and obj.status != Status.DRAFT:
            names = [f for fs in self.fieldsets for f in fs[1]["fields"]]
            after_close = obj.status not in (Status.REVIEWING, Status.OPEN)
            fields += [
                f
                for f in names
                if f not in fields and not (after_close and f == "final_disclosure")
            ]
        return fields

    def save_model(self, request, obj, form, change):
        if change and obj.status != Status.DRAFT:
            # Only the final policy link may change after submission, through its service.
            if "final_disclosure" in form.changed_data:
                try:
                    drafting.link_final_disclosure(
                        actor=request.user, consultation=obj, disclosure=obj.final_disclosure
                    )
                except drafting.ConsultationError as exc:
                    messages.error(request, str(exc))
            return
        if change:
            drafting.sanitise_draft(obj)
            obj.save()
            return
        data = form.cleaned_data
        fields = [f for f in CREATE_FIELDS if f in data]
        try:
            created = drafting.create_consultation(
                actor=request.user, **{name: data[name] for name in fields}
            )
        except drafting.ConsultationError as exc:
            messages.error(request, str(exc))
            raise PermissionDenied(str(exc)) from exc
        obj.pk, obj.created_by = created.pk, request.user
        obj._state.adding = False

    @admin.action(description="从草案全文拆分条文（按“第X条”）", permissions=["change"])
    def split_articles(self, request, queryset):
        for consultation in queryset:
            try:
                found = drafting.split_draft_into_articles(
                    actor=request.user, consultation=consultation
                )
            except drafting.ConsultationError as exc:
                messages.error(request, f"《{consultation.title}》：{exc}")
            else:
                messages.success(request, f"《{consultation.title}》拆分出{len(found)}条。")

    @admin.action(description="提交审核", permissions=["submit"])
    def submit(self, request, queryset):
        run_each(request, queryset, "提交审核", drafting.submit_consultation)

    @admin.action(description="审核通过并发布（双人审核）", permissions=["open"])
    def approve_and_open(self, request, queryset):
        run_each(request, queryset, "审核发布", drafting.open_consultation)

    @admin.action(description="退回修改（须填写理由）", permissions=["open"])
    def return_for_changes(self, request, queryset):
        return run_with_reason(self, request, queryset, "退回修改", drafting.return_consultation)

    @admin.action(description="征集截止", permissions=["change"])
    def close(self, request, queryset):
        run_each(request, queryset, "截止", drafting.close_consultation)

    @admin.action(description="起草采纳情况", permissions=["change"])
    def start_feedback(self, request, queryset):
        run_each(request, queryset, "建立采纳情况草稿", feedback.start_feedback)

    @admin.action(description="提交采纳情况审核", permissions=["submit"])
    def submit_feedback(self, request, queryset):
        run_each(request, queryset, "提交采纳情况审核", feedback.submit_feedback)

    @admin.action(
        description="审核通过并公布采纳情况（双人审核）", permissions=["publish_feedback"]
    )
    def publish_feedback(self, request, queryset):
        run_each(request, queryset, "公布采纳情况", feedback.publish_feedback)

    @admin.action(description="退回修改采纳情况（须填写理由）", permissions=["publish_feedback"])
    def return_feedback(self, request, queryset):
        return run_with_reason(
            self, request, queryset, "退回修改采纳情况", feedback.return_feedback
        )

    # The actions are offered to those holding the service's permission (the services check
    # it again, with the organisation).
    def has_submit_permission(self, request):
        return request.user.has_perm(PERM_SUBMIT)

    def has_open_permission(self, request):
        return request.user.has_perm(PERM_OPEN)

    def has_publish_feedback_permission(self, request):
        return request.user.has_perm(PERM_PUBLISH_FEEDBACK)
