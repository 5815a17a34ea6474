"""Staff UI for disclosure items: drafting, review (保密审查), publishing, history.

Every write goes through disclosures.services; status and index numbers are read-only here.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from catalog.admin import OrganisationScopedAdmin, ReadOnlyInline
from catalog.admin_scoping import ScopedInline
from catalog.models import Category, Organisation
from disclosures import services
from disclosures.freshness import column_states
from disclosures.models import Attachment, Disclosure, DisclosureEvent, Validity
from disclosures.revisions import services as revisions
from disclosures.workflow import EDITABLE, Action, Status, allowed_actions
from kernel import privacy

REVISION_PENDING_MESSAGE = (
    "对已发布信息的修改已保存为待审核的修改稿，须由修改人以外的审核人员审核通过后生效；"
    "此前公开页面仍显示已发布的版本。"
)

ACTION_PERMISSION = {
    Action.SUBMIT: "disclosures.submit_disclosure",
    Action.RETURN: "disclosures.publish_disclosure",
    Action.PUBLISH: "disclosures.publish_disclosure",
    Action.WITHDRAW: "disclosures.publish_disclosure",
}


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "sort_order"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                services.check_upload(upload)
            except services.AttachmentRejected as exc:
                raise forms.ValidationError(str(exc)) from exc
        return upload


class AttachmentInline(ScopedInline):
    model = Attachment
    form = AttachmentForm
    extra = 1
    fields = ["file", "original_name", "kind", "size_display", "sort_order"]
    readonly_fields = ["original_name", "kind", "size_display"]
    verbose_name_plural = "附件（PDF、OFD、Word、Excel、图片；按文件内容检查类型）"

    @admin.display(description="大小")
    def size_display(self, obj):
        return obj.size_display if obj.pk else ""

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in EDITABLE:
            return [*self.readonly_fields, "file", "sort_order"]
        if obj is not None and obj.status == Status.PUBLISHED:
            # Reordering a published item's attachments changes the public page at once, and
            # a revision holds no order: the order stays as reviewed (four eyes, issue #14).
            return [*self.readonly_fields, "sort_order"]
        return self.readonly_fields

    def _editable(self, request, obj) -> bool:
        return request.user.has_perm("disclosures.change_disclosure") and (
            obj is None or obj.status in EDITABLE
        )

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.view_disclosure")


class EventInline(ReadOnlyInline):
    """The audit history, visible to everyone who may view the item."""

    model = DisclosureEvent
    fields = ["created_at", "actor", "action", "status_change", "note", "changes_display"]
    verbose_name_plural = "操作记录（全部修改和审核留痕）"
    ordering = ["-created_at", "-id"]

    @admin.display(description="状态变化")
    def status_change(self, obj):
        if obj.from_status == obj.to_status:
            return ""
        return f"{obj.from_label or '—'} → {obj.to_label}"

    @admin.display(description="变更内容")
    def changes_display(self, obj):
        if not obj.changes:
            return ""
        rows = []
        for key, value in obj.changes.items():
            if isinstance(value, list) and len(value) == 2:
                rows.append((key, _short(value[0]), _short(value[1])))
            else:
                rows.append((key, "", _short(value)))
        return format_html_join(mark_safe("<br>"), "{}：{} → {}", rows)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.view_disclosure")


def _short(value, limit: int = 80) -> str:
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


class DisclosureForm(forms.ModelForm):
    class Meta:
        model = Disclosure
        fields = [
            "organisation",
            "title",
            "categories",
            "topic",
            "genre",
            "document_number",
            "written_on",
            "summary",
            "keywords",
            "body",
            "interprets",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "written_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.status == Status.PUBLISHED and not self.is_bound:
            # The editor continues the pending revision, not the published text.
            revision = revisions.pending_revision(instance)
            if revision is not None:
                self.initial.update(revisions.proposed_form_values(revision))

    def clean_written_on(self):
        value = self.cleaned_data["written_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("成文日期不能晚于今天。")
        return value

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status == Status.PUBLISHED:
            # A published page changes on save: refuse new personal data here, with the form.
            original = Disclosure.objects.get(pk=self.instance.pk)
            edited = Disclosure.objects.get(pk=self.instance.pk)
            for key in ("title", "keywords", "summary", "body"):
                if key in cleaned:
                    setattr(edited, key, cleaned[key] or "")
            added = services.new_findings(
                services.privacy_findings(original), services.privacy_findings(edited)
            )
            if added:
                raise forms.ValidationError(
                    "修改内容含有疑似个人信息，已发布的信息不能直接加入："
                    + "；".join(f"{f.location}{f.label}{f.masked}" for f in added)
                )
        interprets = cleaned.get("interprets")
        if interprets is not None and self.instance.pk and interprets.pk == self.instance.pk:
            self.add_error("interprets", "不能解读自身。")
        return cleaned


class LateFilter(admin.SimpleListFilter):
    title = "发布时效"
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("1", "超过20个工作日"), ("0", "按时发布")]

    def queryset(self, request, queryset):
        if self.value() in {"0", "1"}:
            return queryset.filter(is_late=self.value() == "1", published_at__isnull=False)
        return queryset


class PendingRevisionFilter(admin.SimpleListFilter):
    """Reviewers find the published items whose changes wait for them."""

    title = "待审核的修改"
    parameter_name = "revision"

    def lookups(self, request, model_admin):
        return [("pending", "有待审核的修改稿")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(revisions__state="pending")
        return queryset


@admin.register(Disclosure)
class DisclosureAdmin(OrganisationScopedAdmin):
    form = DisclosureForm
    inlines = [AttachmentInline, EventInline]
    list_display = [
        "title",
        "organisation",
        "status_display",
        "genre",
        "index_number",
        "published_at",
        "validity",
        "late_flag",
    ]
    list_filter = [
        "status",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "genre",
        "validity",
        LateFilter,
        PendingRevisionFilter,
        ("categories", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["title", "document_number", "index_number"]
    list_select_related = ["organisation"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["interprets"]
    filter_horizontal = ["categories"]
    readonly_fields = [
        "status_display",
        "index_number",
        "published_at",
        "content_updated_at",
        "validity_display",
        "created_by",
        "reviewed_by",
        "privacy_check",
        "timeliness",
    ]
    fieldsets = [
        (
            "状态",
            {
                "fields": [
                    "status_display",
                    "index_number",
                    "published_at",
                    "content_updated_at",
                    "validity_display",
                    "created_by",
                    "reviewed_by",
                    "timeliness",
                ]
            },
        ),
        (
            "目录信息",
            {
                "fields": [
                    "organisation",
                    "title",
                    "categories",
                    "topic",
                    "genre",
                    "document_number",
                    "written_on",
                    "summary",
                    "keywords",
                    "interprets",
                ]
            },
        ),
        ("正文", {"fields": ["body"]}),
        ("个人信息检查（去标识化）", {"fields": ["privacy_check"]}),
    ]
    change_form_template = "admin/disclosures/disclosure/change_form.html"
    change_list_template = "admin/disclosures/disclosure/change_list.html"

    # ---- display helpers

    @admin.display(description="状态", ordering="status")
    def status_display(self, obj):
        return obj.status_label if obj.pk else "草稿（未保存）"

    @admin.display(description="有效性")
    def validity_display(self, obj):
        if not obj.pk or obj.validity == Validity.VALID:
            return "有效"
        return (
            f"{obj.get_validity_display()}（{obj.validity_changed_on:%Y-%m-%d}）{obj.validity_note}"
        )

    @admin.display(description="时效", boolean=True, ordering="is_late")
    def late_flag(self, obj):
        if obj.published_at is None:
            return None
        return not obj.is_late

    @admin.display(description="发布时效")
    def timeliness(self, obj):
        if not obj.pk or obj.published_at is None:
            return "发布时按成文日期计算：须在成文后20个工作日内发布（《条例》第二十六条）。"
        return "超过20个工作日（超期发布）" if obj.is_late else "按时发布"

    @admin.display(description="检查结果")
    def privacy_check(self, obj):
        if not obj.pk:
            return "保存后检查标题、正文和附件中的身份证号码、手机号码和银行卡号。"
        findings = services.privacy_findings(obj)
        unscanned = services.unscanned_attachments(obj)
        note = format_html_join(
            "",
            '<p class="warning">附件《{}》{}。</p>',
            ((name, services.UNSCANNABLE_NOTE) for name in unscanned),
        )
        if not findings:
            return format_html("未发现身份证号码、手机号码或银行卡号。{}", note)
        rows = [(f.location, privacy.FINDING_LABELS[f.kind], f.masked, f.context) for f in findings]
        return format_html(
            '<p class="errornote">发现{}处疑似个人信息，提交前须去标识化：</p><ul>{}</ul>{}',
            len(findings),
            format_html_join("", "<li>{}：{} {}（上下文：…{}…）</li>", rows),
            note,
        )

    # ---- permissions and forms

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in EDITABLE:
            return [*self.readonly_fields, *DisclosureForm.Meta.fields]
        return self.readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "categories":
            kwargs["queryset"] = Category.objects.filter(
                kind__in=["statutory", "rules", "guide"]
            ).select_related("parent")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        # Published information is withdrawn, never deleted; drafts may be deleted.
        if obj is not None and obj.status != Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        values = {
            k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS if k in form.cleaned_data
        }
        categories = list(form.cleaned_data.get("categories") or [])
        if not change:
            created = services.create_draft(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                categories=categories,
                **values,
            )
            obj.pk = created.pk
            obj.status = created.status
            return
        original = Disclosure.objects.get(pk=obj.pk)
        if form.cleaned_data["organisation"] != original.organisation:
            messages.error(request, "发布机构保存后不能更改。")
        try:
            services.update_disclosure(
                actor=request.user, disclosure=original, values=values, categories=categories
            )
        except services.DisclosureError as exc:
            messages.error(request, str(exc))
        else:
            if revisions.pending_revision(original) is not None:
                messages.warning(request, REVISION_PENDING_MESSAGE)

    def save_related(self, request, form, formsets, change):
        # Categories were saved by the service; attachments go through it too.
        for formset in formsets:
            if formset.model is Attachment:
                self._save_attachments(request, formset, form.instance)
            # The admin's change message reads what formset.save() would have recorded.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def _save_attachments(self, request, formset, disclosure):
        disclosure = Disclosure.objects.get(pk=disclosure.pk)
        for inline_form in formset.forms:
            if not inline_form.has_changed() and not formset._should_delete_form(inline_form):
                continue
            try:
                if formset._should_delete_form(inline_form) and inline_form.instance.pk:
                    services.remove_attachment(actor=request.user, attachment=inline_form.instance)
                elif not inline_form.instance.pk and inline_form.cleaned_data.get("file"):
                    services.add_attachment(
                        actor=request.user,
                        disclosure=disclosure,
                        upload=inline_form.cleaned_data["file"],
                        sort_order=inline_form.cleaned_data.get("sort_order") or 0,
                    )
                elif inline_form.instance.pk and "sort_order" in inline_form.changed_data:
                    Attachment.objects.filter(pk=inline_form.instance.pk).update(
                        sort_order=inline_form.cleaned_data["sort_order"]
                    )
            except services.DisclosureError as exc:
                messages.error(request, str(exc))

    # ---- workflow pages

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/workflow/<str:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="disclosures_disclosure_workflow",
            ),
            path(
                "<int:pk>/revision/<str:decision>/",
                self.admin_site.admin_view(self.revision_view),
                name="disclosures_disclosure_revision",
            ),
            path(
                "<int:pk>/validity/",
                self.admin_site.admin_view(self.validity_view),
                name="disclosures_disclosure_validity",
            ),
            path(
                "mask/",
                self.admin_site.admin_view(self.mask_view),
                name="disclosures_disclosure_mask",
            ),
            path(
                "freshness/",
                self.admin_site.admin_view(self.freshness_view),
                name="disclosures_disclosure_freshness",
            ),
            path(
                "timeliness/",
                self.admin_site.admin_view(self.timeliness_view),
                name="disclosures_disclosure_timeliness",
            ),
        ]
        return custom + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["workflow_actions"] = [
                (action.value, _action_label(action))
                for action in allowed_actions(obj.status)
                if request.user.has_perm(ACTION_PERMISSION[action])
            ]
            revision = revisions.pending_revision(obj)
            extra_context["pending_revision"] = revision
            extra_context["can_decide_revision"] = (
                revision is not None
                and request.user.has_perm("disclosures.publish_disclosure")
                and not revision.editors.filter(pk=request.user.pk).exists()
            )
            extra_context["can_change_validity"] = (
                obj.status == Status.PUBLISHED
                and request.user.has_perm("disclosures.publish_disclosure")
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def _get_scoped(self, request, pk) -> Disclosure:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def workflow_view(self, request: HttpRequest, pk: int, action: str):
        disclosure = self._get_scoped(request, pk)
        try:
            action = Action(action)
        except ValueError as exc:
            raise PermissionDenied from exc
        if not request.user.has_perm(ACTION_PERMISSION[action]):
            raise PermissionDenied
        form = WorkflowForm(action, request.POST or None)
        findings = services.privacy_findings(disclosure)
        change_url = reverse("admin:disclosures_disclosure_change", args=[disclosure.pk])
        if request.method == "POST" and form.is_valid():
            try:
                result = self._run_action(request, disclosure, action, form.cleaned_data)
            except services.PrivacyBlocked as exc:
                form.add_error(None, str(exc))
                findings = exc.findings
            except services.DisclosureError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已{_action_label(action)}：{disclosure.title}")
                for warning in getattr(result, "warnings", []):
                    messages.warning(request, warning)
                return HttpResponseRedirect(change_url)
        warnings = [
            f"附件《{name}》{services.UNSCANNABLE_NOTE}。"
            for name in services.unscanned_attachments(disclosure)
        ]
        if (
            action == Action.PUBLISH
            and disclosure.genre == "normative"
            and not disclosure.interpretations.exists()
        ):
            warnings.append("该行政规范性文件尚无关联的政策解读，按“三同步”要求应同步发布解读。")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": disclosure,
            "title": _action_label(action),
            "action": action,
            "action_label": _action_label(action),
            "form": form,
            "findings": findings,
            "warnings": warnings,
            "change_url": change_url,
            "finding_labels": privacy.FINDING_LABELS,
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/workflow.html", context)

    def _run_action(self, request, disclosure, action, data):
        user = request.user
        if action == Action.SUBMIT:
            return services.submit_disclosure(
                actor=user,
                disclosure=disclosure,
                privacy_justification=data.get("privacy_override_reason", ""),
            )
        if action == Action.RETURN:
            return services.return_disclosure(
                actor=user, disclosure=disclosure, reason=data["reason"]
            )
        if action == Action.WITHDRAW:
            return services.withdraw_disclosure(
                actor=user, disclosure=disclosure, reason=data["reason"]
            )
        return services.publish_disclosure(
            actor=user,
            disclosure=disclosure,
            publish_at=data.get("publish_at"),
            privacy_override_reason=data.get("privacy_override_reason", ""),
        )

    def revision_view(self, request: HttpRequest, pk: int, decision: str):
        """Approve or reject the pending revision of a published item (four eyes)."""
        disclosure = self._get_scoped(request, pk)
        if decision not in {"approve", "reject"}:
            raise PermissionDenied
        if not request.user.has_perm("disclosures.publish_disclosure"):
            raise PermissionDenied
        revision = revisions.pending_revision(disclosure)
        change_url = reverse("admin:disclosures_disclosure_change", args=[disclosure.pk])
        form = RevisionDecisionForm(decision, request.POST or None)
        findings = []
        if request.method == "POST" and form.is_valid():
            try:
                if decision == "approve":
                    revisions.approve_revision(
                        actor=request.user, disclosure=disclosure, note=form.cleaned_data["note"]
                    )
                else:
                    revisions.reject_revision(
                        actor=request.user, disclosure=disclosure, reason=form.cleaned_data["note"]
                    )
            except services.PrivacyBlocked as exc:
                form.add_error(None, str(exc))
                findings = exc.findings
            except services.DisclosureError as exc:
                form.add_error(None, str(exc))
            else:
                done = (
                    "审核通过，修改已发布"
                    if decision == "approve"
                    else "修改未予通过，已发布版本不变"
                )
                messages.success(request, f"{done}：{disclosure.title}")
                return HttpResponseRedirect(change_url)
        label = "审核通过修改" if decision == "approve" else "不予通过修改"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": disclosure,
            "title": label,
            "action_label": label,
            "form": form,
            "findings": findings,
            "revision": revision,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/workflow.html", context)

    def validity_view(self, request: HttpRequest, pk: int):
        disclosure = self._get_scoped(request, pk)
        if not request.user.has_perm("disclosures.publish_disclosure"):
            raise PermissionDenied
        form = ValidityForm(request.POST or None, initial={"validity": disclosure.validity})
        change_url = reverse("admin:disclosures_disclosure_change", args=[disclosure.pk])
        if request.method == "POST" and form.is_valid():
            try:
                services.change_validity(
                    actor=request.user, disclosure=disclosure, **form.cleaned_data
                )
            except services.DisclosureError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已变更有效性。")
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": disclosure,
            "title": "变更有效性",
            "form": form,
            "change_url": change_url,
            "action_label": "保存",
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/workflow.html", context)

    def mask_view(self, request: HttpRequest):
        if not request.user.has_perm("disclosures.view_disclosure"):
            raise PermissionDenied
        form = MaskForm(request.POST or None)
        result = None
        if request.method == "POST" and form.is_valid():
            result = {
                "text": services.mask_personal_data(form.cleaned_data["text"]),
                "names": [(n, privacy.mask_name(n)) for n in form.cleaned_data["names"]],
            }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "个人信息遮盖工具",
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/mask.html", context)

    def freshness_view(self, request: HttpRequest):
        """Empty and stale columns of the staff member's organisations (政府网站 checks)."""
        if not request.user.has_perm("disclosures.view_disclosure"):
            raise PermissionDenied
        states = column_states(Organisation.objects.for_staff(request.user).active())
        show = request.GET.get("show", "problems")
        if show != "all":
            states = [s for s in states if s.state != "ok"]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "栏目更新情况",
            "states": states,
            "show": show,
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/freshness.html", context)

    def timeliness_view(self, request: HttpRequest):
        if not request.user.has_perm("disclosures.view_disclosure"):
            raise PermissionDenied
        year = timezone.localdate().year
        with contextlib.suppress(ValueError):
            year = int(request.GET.get("year", year))
        orgs = (
            Organisation.objects.for_staff(request.user)
            .annotate(
                published=Count(
                    "disclosures",
                    filter=Q(
                        disclosures__published_at__year=year,
                        disclosures__status__in=["published", "withdrawn"],
                    ),
                ),
                late=Count(
                    "disclosures",
                    filter=Q(disclosures__published_at__year=year, disclosures__is_late=True),
                ),
            )
            .order_by("sort_order", "id")
        )
        orgs = list(orgs)
        for org in orgs:
            org.on_time_rate = (
                f"{(org.published - org.late) / org.published:.1%}" if org.published else "—"
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{year}年主动公开时效统计",
            "organisations": orgs,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        }
        return TemplateResponse(request, "admin/disclosures/disclosure/timeliness.html", context)


def _action_label(action) -> str:
    from disclosures.workflow import ACTION_LABELS

    return ACTION_LABELS[Action(action)]


class WorkflowForm(forms.Form):
    reason = forms.CharField(
        label="原因", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    publish_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        help_text="留空即立即发布；格式：2026-12-01 09:00",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    privacy_override_reason = forms.CharField(
        label="个人信息检查放行理由",
        max_length=300,
        required=False,
        help_text="仅当检查发现的信息依法应当公开（如处罚决定中的法人信息）时填写，将记录在案。",
    )

    def __init__(self, action: Action, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action in (Action.RETURN, Action.WITHDRAW):
            self.fields["reason"].required = True
            self.fields["reason"].label = "退回原因" if action == Action.RETURN else "撤回原因"
            del self.fields["publish_at"], self.fields["privacy_override_reason"]
        elif action == Action.PUBLISH:
            del self.fields["reason"]
        else:  # submit: personal data found may be sent to the reviewer only with a reason
            del self.fields["reason"], self.fields["publish_at"]
            field = self.fields["privacy_override_reason"]
            field.label = "申请审核放行的理由"
            field.help_text = (
                "检查发现个人信息时，应先去标识化；确属依法应当公开的，"
                "请写明理由，由审核人员决定是否放行。"
            )

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value and value < timezone.now() - dt.timedelta(minutes=5):
            raise forms.ValidationError("定时发布时间不能早于当前时间。")
        return value


class RevisionDecisionForm(forms.Form):
    note = forms.CharField(
        label="审核意见", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, decision: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if decision == "reject":
            self.fields["note"].required = True
            self.fields["note"].label = "不予通过的原因"


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    changed_on = forms.DateField(
        label="失效/废止日期",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    note = forms.CharField(
        label="说明",
        max_length=300,
        required=False,
        help_text="如：根据示民发〔2026〕3号文件废止。",
    )


class MaskForm(forms.Form):
    text = forms.CharField(
        label="待遮盖文字",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text="粘贴正文或名单，身份证号码、手机号码、银行卡号将被遮盖。",
    )
    names = forms.CharField(
        label="姓名（每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 30}),
    )

    def clean_names(self):
        return [n.strip() for n in self.cleaned_data["names"].splitlines() if n.strip()]


from disclosures import roster_admin  # noqa: E402,F401

from disclosures import guide_admin  # noqa: E402,F401  # isort: skip
