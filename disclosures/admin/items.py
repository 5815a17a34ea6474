"""Staff UI for disclosure items: drafting, review (保密审查), publishing, history.

Every write goes through disclosures.services; status and index numbers are read-only here.
"""

from __future__ import annotations

import contextlib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog.admin import OrganisationScopedAdmin
from catalog.models import Category, Organisation
from disclosures import services
from disclosures.admin.filters import LateFilter, PendingRevisionFilter
from disclosures.admin.forms import (
    DisclosureForm,
    MaskForm,
    RevisionDecisionForm,
    ValidityForm,
    WorkflowForm,
    _action_label,
)
from disclosures.admin.inlines import AttachmentInline, EventInline
from disclosures.freshness import column_states
from disclosures.models import Attachment, Disclosure, Validity
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
