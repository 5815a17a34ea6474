"""Comment moderation: the one page where staff see a commenter's name and contact (each
opening logged, RecordKind.COMMENT), the privacy findings of the public version (masked), the
decision (公开 / 不予公开 with a reason), and the CSV for the drafting office (contacts only
with the permission, logged as EXPORT_CONTACTS)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils import timezone

from catalog.admin import OrganisationScopedAdmin
from interaction.access_log import RecordKind, WriterAccessKind, record_personal_data_access
from interaction.consultations.models import Comment
from interaction.consultations.services import comments as service
from interaction.consultations.services.common import (
    PERM_EXPORT_CONTACTS,
    PERM_MODERATE,
    ConsultationError,
)
from interaction.consultations.workflow import REJECTION_LABELS
from kernel import spreadsheet

PUBLISH, REJECT = "publish", "reject"


class ModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label="审核结果",
        choices=[("", "暂不处理"), (PUBLISH, "公开"), (REJECT, "不予公开")],
        required=False,
    )
    reason = forms.ChoiceField(
        label="不予公开理由",
        choices=[("", "请选择"), *[(r.value, label) for r, label in REJECTION_LABELS.items()]],
        required=False,
    )

    class Meta:
        model = Comment
        fields = ["public_content"]
        widgets = {"public_content": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == REJECT and not cleaned.get("reason"):
            self.add_error("reason", "请选择不予公开的理由。")
        return cleaned


@admin.register(Comment)
class CommentAdmin(OrganisationScopedAdmin):
    form = ModerationForm
    list_display = ["number", "consultation", "article", "state", "submitted_at"]
    list_filter = ["state", ("consultation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["consultation", "article"]
    search_fields = ["number"]
    readonly_fields = ["number", "consultation", "article", "content", "commenter_name",
                       "commenter_phone", "commenter_email", "commenter_organisation",
                       "show_name", "state", "rejection_reason", "moderated_by", "moderated_at",
                       "submitted_at", "privacy_findings"]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["number", "consultation", "article", "submitted_at", "content"]}),
        ("意见人（仅供联系，不公开）", {"fields": ["commenter_name", "commenter_phone",
                                                 "commenter_email", "commenter_organisation",
                                                 "show_name"]}),
        ("审核", {"fields": ["state", "rejection_reason", "moderated_by", "moderated_at",
                             "privacy_findings", "public_content", "decision", "reason"]}),
    ]  # fmt: skip
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False  # comments come from the public form only

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(PERM_MODERATE) and self._in_scope(request, obj)

    @admin.display(description="隐私检查")
    def privacy_findings(self, obj):
        found = service.findings_of(obj, obj.public_content or obj.content)
        return "；".join(found) if found else "未发现身份证号、电话号码等个人信息。"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET" and response.status_code == 200:
            record_personal_data_access(
                request=request,
                record_kind=RecordKind.COMMENT,
                records=[(obj.consultation.organisation_id, obj.number)],
                kind=WriterAccessKind.VIEW_CONTACT,
            )
        return response

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if data.get("decision") == PUBLISH:
                service.publish_comment(
                    actor=request.user, comment=obj, public_content=data.get("public_content")
                )
            elif data.get("decision") == REJECT:
                service.reject_comment(actor=request.user, comment=obj, reason=data["reason"])
            elif "public_content" in form.changed_data:
                Comment.objects.filter(pk=obj.pk).update(public_content=data["public_content"])
        except ConsultationError as exc:
            messages.error(request, str(exc))

    @admin.action(description="导出意见清单（CSV，供起草部门研究）", permissions=["view"])
    def export_csv(self, request, queryset):
        with_contacts = request.user.has_perm(PERM_EXPORT_CONTACTS)
        rows = list(queryset.select_related("consultation", "article").order_by("submitted_at"))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d%H%M")
        response["Content-Disposition"] = f'attachment; filename="comments-{stamp}.csv"'
        response.write("\ufeff")
        writer = spreadsheet.csv_writer(response)  # comments are public input: no formulas
        header = ["回执编号", "征集事项", "针对条文", "提交时间", "意见内容", "审核状态"]
        if with_contacts:
            header += ["姓名", "联系电话", "电子邮箱", "所在单位"]
        writer.writerow(header)
        for c in rows:
            row = [c.number, c.consultation.title, c.article.label if c.article else "整体",
                   timezone.localtime(c.submitted_at).strftime("%Y-%m-%d %H:%M"), c.content,
                   c.get_state_display()]  # fmt: skip
            if with_contacts:
                row += [c.commenter_name, c.commenter_phone, c.commenter_email,
                        c.commenter_organisation]  # fmt: skip
            writer.writerow(row)
        if with_contacts and rows:
            record_personal_data_access(
                request=request,
                record_kind=RecordKind.COMMENT,
                records=[(c.consultation.organisation_id, c.number) for c in rows],
                kind=WriterAccessKind.EXPORT_CONTACTS,
            )
        return response
