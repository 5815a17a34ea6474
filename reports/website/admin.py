"""Staff UI of the 政府网站工作年度报表: create a year, enter the figures the portal does not
hold, see the whole table (live while a draft), freeze, publish (a second 主管), correct."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone

from catalog.admin import ReadOnlyInline
from catalog.admin_scoping import StaffScopedChoicesMixin
from reports.annual.version_admin import ReportVersionAdminMixin
from reports.website import exports, figures, services
from reports.website.models import WebsiteReport, WebsiteReportEvent
from reports.website.template import ENTERED_KEYS, NO, ROWS, SITE_TYPES, YES, Kind

VIEW, PUBLISH = "reports.view_websitereport", services.PERMISSION


def _formfield(key: str) -> forms.Field:
    row = ROWS[key]
    label = f"{row.group} {row.heading}" if row.group else row.heading
    common = {"label": label, "required": False, "help_text": row.help}
    if row.kind is Kind.INT:
        return forms.IntegerField(min_value=0, **common)
    if row.kind is Kind.BOOL:
        return forms.ChoiceField(choices=[("", "未填写"), (YES, YES), (NO, NO)], **common)
    if row.kind is Kind.CHOICE:
        return forms.ChoiceField(choices=[(t, t) for t in SITE_TYPES], **common)
    return forms.CharField(max_length=200, **common)


class EnteredFiguresForm(forms.Form):
    """The ENTERED rows of the template, in the table's order; the service checks them again
    (with the cross-row rules) and its problems are shown on the fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in ENTERED_KEYS:
            self.fields[key] = _formfield(key)


class CreateWebsiteReportForm(forms.ModelForm):
    class Meta:
        model = WebsiteReport
        fields = ["year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class WebsiteReportEventInline(ReadOnlyInline):
    model = WebsiteReportEvent
    fields = ["created_at", "actor", "action", "note"]
    verbose_name_plural = "操作记录"


ACTIONS = {
    "freeze": ("锁定数据", services.freeze),
    "reopen": ("解除锁定", services.reopen),
    "publish": ("发布", services.publish),
}


@admin.register(WebsiteReport)
class WebsiteReportAdmin(ReportVersionAdminMixin, StaffScopedChoicesMixin, admin.ModelAdmin):
    report_actions = ACTIONS
    report_error = services.WebsiteReportError
    publish_permission = PUBLISH
    correct_service = services.correct
    corrected_message = "已建立更正版本，填报并发布后原版本仍可查阅。"
    list_display = ["year", "version", "status", "legal_deadline", "published_at"]
    list_filter = ["status", "year"]
    inlines = [WebsiteReportEventInline]
    readonly_fields = ["year", "status", "version", "change_note", "deadline", "table_preview"]
    fieldsets = [
        ("报表", {"fields": ["year", "status", "version", "change_note", "deadline"]}),
        ("报表内容（草稿为实时数据，锁定后固定）", {"fields": ["table_preview"]}),
    ]
    change_form_template = "admin/reports/websitereport/change_form.html"

    @admin.display(description="发布期限")
    def deadline(self, obj):
        return obj.legal_deadline if obj.pk else ""

    @admin.display(description="报表")
    def table_preview(self, obj):
        if not obj.pk:
            return ""
        missing = services.check(obj) if obj.status == WebsiteReport.Status.DRAFT else []
        return render_to_string(
            "admin/reports/websitereport/_preview.html",
            {
                "report": obj,
                "table": exports.table_sections(figures.values_of(obj)),
                "missing": missing,
            },
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = CreateWebsiteReportForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return [("新建年度报表", {"fields": ["year"]})] if obj is None else self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def has_add_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or obj.status != "published")

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing is edited on this page; figures go through the 填报 page
        obj.pk = services.create_report(actor=request.user, year=form.cleaned_data["year"]).pk

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except services.WebsiteReportError as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("admin:reports_websitereport_add"))

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/enter/", wrap(self.enter_view), name="reports_websitereport_enter"),
            path(
                "<int:pk>/do/<str:action>/",
                wrap(self.action_view),
                name="reports_websitereport_action",
            ),
            path(
                "<int:pk>/correct/", wrap(self.correct_view), name="reports_websitereport_correct"
            ),
            path(
                "<int:pk>/table.<str:fmt>",
                wrap(self.download_view),
                name="reports_websitereport_download",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None and request.user.has_perm(PUBLISH):
            actions = {"draft": ["freeze"], "frozen": ["reopen", "publish"]}.get(obj.status, [])
            extra_context["report_actions"] = [(a, ACTIONS[a][0]) for a in actions]
            extra_context["can_enter"] = obj.is_editable
            extra_context["can_correct"] = obj.status == "published" and not hasattr(
                obj, "superseded_by"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def enter_view(self, request: HttpRequest, pk: int):
        """填报: the entered figures; bad input is shown on its field and nothing is lost."""
        if not request.user.has_perm(PUBLISH):
            raise PermissionDenied
        report = get_object_or_404(WebsiteReport, pk=pk)
        form = EnteredFiguresForm(request.POST or None, initial=report.entered)
        if request.method == "POST" and form.is_valid():
            try:
                services.enter_figures(actor=request.user, report=report, values=form.cleaned_data)
            except services.InvalidEntries as exc:
                for key, problem in exc.problems.items():
                    form.add_error(key, problem)
            except services.WebsiteReportError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已保存填报的数据。")
                return HttpResponseRedirect(self.change_url(pk))
        return self.action_page(request, report, title="填报数据", form=form, action_label="保存")

    def download_view(self, request: HttpRequest, pk: int, fmt: str):
        """The table as it stands (a draft's live figures too), as CSV or XLSX, for review."""
        if not request.user.has_perm(VIEW) or fmt not in ("csv", "xlsx"):
            raise PermissionDenied
        report = get_object_or_404(WebsiteReport, pk=pk)
        values = figures.values_of(report)
        body = exports.as_csv(values) if fmt == "csv" else exports.as_xlsx(report, values)
        response = HttpResponse(body, content_type=exports.FORMATS[fmt])
        response["Content-Disposition"] = exports.disposition(report, fmt)
        return response
