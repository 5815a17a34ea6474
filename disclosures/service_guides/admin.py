"""Staff pages for 办事指南: a structured form with steps and materials.

Saving goes through disclosures.service_guides.services, which writes the 办事指南 draft item; 提交审核 and
审核发布 then happen on the item's normal workflow pages (four eyes).
"""

from __future__ import annotations

import contextlib

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html_join

from catalog.admin import OrganisationScopedAdmin
from catalog.admin_scoping import ScopedInline
from catalog.models import Organisation
from disclosures import services
from disclosures.service_guides import services as guide_services
from disclosures.service_guides.models import GuideMaterial, GuideStep, ServiceGuide
from disclosures.workflow import ACTION_LABELS, EDITABLE, Status, allowed_actions
from kernel import privacy

ACTION_PERMISSION = {
    "submit": "disclosures.submit_disclosure",
    "return": "disclosures.publish_disclosure",
    "publish": "disclosures.publish_disclosure",
    "withdraw": "disclosures.publish_disclosure",
}
PHONE_FIELDS = ("consult_phone", "supervise_phone")


def _editable(obj) -> bool:
    return obj is None or obj.disclosure.status in EDITABLE


class HttpsURLField(forms.URLField):
    """An address typed without a scheme is taken as https:// (Django 6's default)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class GuideAdminForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label="实施机构", queryset=Organisation.objects.none())
    title = forms.CharField(
        label="标题",
        max_length=300,
        required=False,
        help_text="留空则为“事项名称＋办事指南”，如：结婚登记办事指南。",
    )

    class Meta:
        model = ServiceGuide
        fields = [
            "matter_name",
            "legal_basis",
            "conditions",
            "fee",
            "time_limit",
            "location",
            "office_hours",
            "consult_phone",
            "supervise_phone",
            "online_url",
            "notes",
        ]
        field_classes = {"online_url": HttpsURLField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "fee" in self.fields:
            self.fields["fee"].required = False  # blank means 不收费 (the service fills it in)

    def _clean_phone(self, name):
        phone = self.cleaned_data[name].strip()
        if privacy.scan_text(phone, location=""):
            raise forms.ValidationError(
                "请填写单位固定电话，不要填写个人手机号码（会被个人信息检查拦截）。"
            )
        return phone

    def clean_consult_phone(self):
        return self._clean_phone("consult_phone")

    def clean_supervise_phone(self):
        return self._clean_phone("supervise_phone")


class _GuideInline(ScopedInline):
    """Rows of a guide: editable by whoever may edit the guide's item."""

    extra = 0
    min_num = 1

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.view_disclosure")

    def has_add_permission(self, request, obj=None):
        if obj is None:
            return request.user.has_perm("disclosures.add_disclosure")
        return request.user.has_perm("disclosures.change_disclosure") and _editable(obj)

    def has_change_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request, obj)


class GuideMaterialInline(_GuideInline):
    model = GuideMaterial
    fields = ["order", "name", "form", "copies", "note"]


class GuideStepInline(_GuideInline):
    model = GuideStep
    fields = ["order", "title", "description"]
    formfield_overrides = {
        GuideStep._meta.get_field("description").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 60})
        }
    }


@admin.register(ServiceGuide)
class ServiceGuideAdmin(OrganisationScopedAdmin):
    form = GuideAdminForm
    inlines = [GuideMaterialInline, GuideStepInline]
    list_display = ["matter_name", "title", "organisation", "status", "updated_at"]
    list_select_related = ["disclosure__organisation"]
    list_filter = ["disclosure__status"]
    search_fields = ["matter_name", "disclosure__title"]
    guide_fieldsets = (
        ("事项", {"fields": ("matter_name", "legal_basis", "conditions")}),
        ("收费与时限", {"fields": ("fee", "time_limit")}),
        (
            "办理地点与联系方式",
            {
                "fields": (
                    "location",
                    "office_hours",
                    "consult_phone",
                    "supervise_phone",
                    "online_url",
                )
            },
        ),
        ("其他", {"fields": ("notes",)}),
    )

    @admin.display(description="标题", ordering="disclosure__title")
    def title(self, obj):
        return obj.disclosure.title

    @admin.display(description="实施机构")
    def organisation(self, obj):
        return obj.disclosure.organisation

    @admin.display(description="状态", ordering="disclosure__status")
    def status(self, obj):
        return obj.disclosure.status_label

    @admin.display(description="审核发布")
    def workflow_links(self, obj):
        """Where the guide's item is submitted, reviewed and published (the normal workflow)."""
        if obj is None or obj.pk is None:
            return "保存后生成办事指南草稿，再提交审核。"
        disclosure = obj.disclosure
        links = [
            (
                reverse("admin:disclosures_disclosure_change", args=[disclosure.pk]),
                f"查看信息（{disclosure.status_label}）",
            )
        ]
        user = getattr(obj, "_admin_user", None)
        for action in allowed_actions(disclosure.status):
            if user is None or user.has_perm(ACTION_PERMISSION[action.value]):
                links.append(
                    (
                        reverse(
                            "admin:disclosures_disclosure_workflow",
                            args=[disclosure.pk, action.value],
                        ),
                        ACTION_LABELS[action],
                    )
                )
        if disclosure.status == Status.PUBLISHED and not disclosure.is_scheduled:
            # The public URLs may not be wired into this URLconf yet.
            with contextlib.suppress(NoReverseMatch):
                links.append((obj.get_absolute_url(), "查看公开页面（可打印）"))
        return format_html_join("　", '<a href="{}">{}</a>', links)

    # ---- forms

    def get_fieldsets(self, request, obj=None):
        head = ("organisation", "title") if obj is None else ("title", "workflow_links")
        return (("信息", {"fields": head}), *self.guide_fieldsets)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return [f for _, spec in self.get_fieldsets(request, obj) for f in spec["fields"]]
        return ["workflow_links"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            obj._admin_user = request.user  # for workflow_links, which only receives obj
        base = super().get_form(request, obj, change, **kwargs)
        user = request.user

        class ScopedForm(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if self.instance.pk:
                    # The organisation of an existing guide is its item's: not editable.
                    self.fields.pop("organisation", None)
                if "organisation" in self.fields:
                    self.fields["organisation"].queryset = Organisation.objects.for_staff(
                        user
                    ).order_by("sort_order", "id")
                if "title" in self.fields and self.instance.pk:
                    self.fields["title"].initial = self.instance.disclosure.title

        return ScopedForm

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("fee", "不收费")
        return initial

    # ---- permissions: a guide belongs to its disclosure item

    def has_module_permission(self, request):
        return request.user.has_perm("disclosures.view_disclosure")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.view_disclosure") and self._in_scope(request, obj)

    def has_add_permission(self, request):
        return request.user.has_perm("disclosures.add_disclosure")

    def has_change_permission(self, request, obj=None):
        return (
            request.user.has_perm("disclosures.change_disclosure")
            and self._in_scope(request, obj)
            and _editable(obj)
        )

    def has_delete_permission(self, request, obj=None):
        return False

    # ---- saving through the services

    def save_model(self, request, obj, form, change):
        """Nothing here: the guide, its rows and its item are written together in save_related."""

    def save_related(self, request, form, formsets, change):
        data = form.cleaned_data
        fields = {f: data[f] for f in guide_services.GUIDE_FIELDS if f in data}
        steps, materials = [], []
        for formset in formsets:
            # Rows are written by the service, not by the formset; the admin's change message
            # reads these lists.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            rows = sorted(
                (
                    f.cleaned_data
                    for f in formset.forms
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ),
                key=lambda row: row.get("order") or 0,
            )
            if formset.model is GuideStep:
                steps = [guide_services.Step(r["title"], r.get("description") or "") for r in rows]
            else:
                materials = [
                    guide_services.Material(r["name"], r["form"], r["copies"], r.get("note") or "")
                    for r in rows
                ]
        try:
            if change:
                guide = guide_services.update_guide(
                    actor=request.user,
                    guide=form.instance,
                    fields=fields,
                    steps=steps,
                    materials=materials,
                    title=data.get("title") or "",
                )
            else:
                guide = guide_services.create_guide(
                    actor=request.user,
                    organisation=data["organisation"],
                    fields=fields,
                    steps=steps,
                    materials=materials,
                    title=data.get("title") or "",
                )
        except services.DisclosureError as exc:
            transaction.set_rollback(True)
            request._guide_error = str(exc)
            return
        form.instance.pk = guide.pk
        form.instance.disclosure = guide.disclosure

    def log_addition(self, request, obj, message):
        if not getattr(request, "_guide_error", None):
            super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not getattr(request, "_guide_error", None):
            super().log_change(request, obj, message)

    def _failed(self, request):
        messages.error(request, f"未保存：{request._guide_error}")
        return HttpResponseRedirect(request.get_full_path())

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_guide_error", None):
            return self._failed(request)
        messages.info(
            request,
            "已生成办事指南草稿。请核对后点击“提交审核”，由其他审核人员审核发布。",
        )
        return HttpResponseRedirect(reverse("admin:disclosures_serviceguide_change", args=[obj.pk]))

    def response_change(self, request, obj):
        if getattr(request, "_guide_error", None):
            return self._failed(request)
        return super().response_change(request, obj)
