"""Staff UI for annual reports: drafting, the table check, freeze, publish, correct, dashboard."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe

from catalog.admin import OrganisationScopedAdmin, ReadOnlyInline
from catalog.models import Organisation
from reports.annual import figures, official_forms, services
from reports.annual.past_report_admin import record_past_report_view
from reports.annual.version_admin import ReportVersionAdminMixin
from reports.models import AnnualReport, ReportEvent


class CreateReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["organisation", "year", "scope", "members"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean(self):
        cleaned = super().clean()
        organisation, year = cleaned.get("organisation"), cleaned.get("year")
        scope = cleaned.get("scope")
        if year and year > timezone.localdate().year:
            self.add_error("year", "不能编制未来年度的报告。")
        if (
            organisation
            and year
            and scope
            and AnnualReport.objects.filter(
                organisation=organisation, year=year, scope=scope
            ).exists()
        ):
            self.add_error(None, f"{organisation.name}{year}年度的该类报告已存在。")
        return cleaned


class ReportEventInline(ReadOnlyInline):
    model = ReportEvent
    fields = ["created_at", "actor", "action", "note"]
    verbose_name_plural = "操作记录"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reports.view_annualreport")


ACTIONS = {
    "freeze": ("锁定数据", services.freeze),
    "reopen": ("解除锁定", services.reopen),
    "publish": ("发布", services.publish),
}


@admin.register(AnnualReport)
class AnnualReportAdmin(ReportVersionAdminMixin, OrganisationScopedAdmin):
    report_actions = ACTIONS
    report_error = services.ReportError
    publish_permission = "reports.publish_annualreport"
    correct_service = services.correct

    list_display = [
        "organisation",
        "year",
        "scope",
        "version",
        "status",
        "deadline",
        "published_at",
        "timeliness",
    ]
    list_filter = ["year", "scope", "status", ("organisation", admin.RelatedOnlyFieldListFilter)]
    inlines = [ReportEventInline]
    readonly_fields = [
        "status",
        "version",
        "change_note",
        "deadline",
        "timeliness",
        "form_name",
        "recorded_note",
        "tables_preview",
    ]
    change_form_template = "admin/reports/annualreport/change_form.html"
    change_list_template = "admin/reports/annualreport/change_list.html"
    object_history_template = "admin/reports/annualreport/object_history.html"
    fieldsets = [
        (
            "报告",
            {"fields": ["status", "version", "change_note", "form_name", "deadline", "timeliness"]},
        ),
        ("一、总体情况", {"fields": ["section_overview"]}),
        (
            "二、主动公开政府信息情况（本机关录入的数据）",
            {
                "fields": [
                    "licensing_decisions",
                    "penalty_decisions",
                    "coercion_decisions",
                    "fee_amount_wan",
                ]
            },
        ),
        ("三至四部分及数据校验", {"fields": ["tables_preview"]}),
        ("五、存在的主要问题及改进情况", {"fields": ["section_problems"]}),
        (
            "六、其他需要报告的事项",
            {"fields": ["section_other", "npc_suggestions", "cppcc_proposals"]},
        ),
    ]

    # Table A of the 2019 trial form (reports for 2019 and 2020), replacing the 2021 block.
    TABLE_A_2019_FIELDSET = (
        "二、主动公开政府信息情况（本机关录入的数据，2019年试行格式）",
        {
            "fields": [
                ("licensing_previous", "licensing_change", "licensing_decisions"),
                ("other_services_previous", "other_services_change", "other_services_decisions"),
                ("penalty_previous", "penalty_change", "penalty_decisions"),
                ("coercion_previous", "coercion_change", "coercion_decisions"),
                ("fee_previous", "fee_change"),
                ("procurement_count", "procurement_amount"),
            ]
        },
    )

    @admin.display(description="法定发布期限")
    def deadline(self, obj):
        return obj.legal_deadline if obj.pk else ""

    @admin.display(description="表格格式")
    def form_name(self, obj):
        return obj.form_name

    @admin.display(description="发布情况")
    def timeliness(self, obj):
        """Judged by the first version's publication date: a correction never makes it late."""
        first = obj.original_published_on
        if first is None:
            return "未发布"
        day = f"{first.year}年{first.month}月{first.day}日"
        return f"逾期发布（首次发布于{day}）" if obj.is_published_late else f"按期发布（{day}）"

    def get_queryset(self, request):
        return super().get_queryset(request).with_original_publication()

    @admin.display(description="统计表（草稿为实时数据，锁定后固定）")
    def tables_preview(self, obj):
        if not obj.pk:
            return ""
        tables = figures.tables_of(obj)
        problems = services.check(obj)
        return mark_safe(  # noqa: S308 - rendered by an autoescaping template
            render_to_string(
                "reports/_tables.html",
                {"report": obj, "tables": tables, "problems": problems, "staff_view": True},
            )
        )

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = CreateReportForm
            kwargs["fields"] = CreateReportForm.Meta.fields
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [("新建年度报告", {"fields": CreateReportForm.Meta.fields})]
        fieldsets = list(self.fieldsets)
        if obj.is_recorded_past_report:
            fieldsets[0] = ("报告", {"fields": [*fieldsets[0][1]["fields"], "recorded_note"]})
        if obj.form == official_forms.FORM_2019:
            fieldsets[2] = self.TABLE_A_2019_FIELDSET
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if not obj.is_editable:
            return [*self.readonly_fields, *services.EDITABLE_FIELDS]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or obj.status != "published")

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.create_report(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                year=form.cleaned_data["year"],
                scope=form.cleaned_data["scope"],
                members=form.cleaned_data.get("members") or (),
            )
            obj.pk = created.pk
            return
        values = {
            k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS if k in form.cleaned_data
        }
        try:
            services.update_report(
                actor=request.user, report=AnnualReport.objects.get(pk=obj.pk), values=values
            )
        except services.ReportError as exc:
            messages.error(request, str(exc))

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/do/<str:action>/",
                wrap(self.action_view),
                name="reports_annualreport_action",
            ),
            path("<int:pk>/correct/", wrap(self.correct_view), name="reports_annualreport_correct"),
            path("dashboard/", wrap(self.dashboard_view), name="reports_annualreport_dashboard"),
            path(
                "record-past/",
                wrap(lambda request: record_past_report_view(self, request)),
                name="reports_annualreport_record_past",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None and request.user.has_perm("reports.publish_annualreport"):
            actions = {"draft": ["freeze"], "frozen": ["reopen", "publish"]}.get(obj.status, [])
            extra_context["report_actions"] = [(a, ACTIONS[a][0]) for a in actions]
            extra_context["can_correct"] = obj.status == "published" and not hasattr(
                obj, "superseded_by"
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def dashboard_view(self, request: HttpRequest):
        """Every organisation's report for a year against its legal date (条例 Art. 49)."""
        if not request.user.has_perm("reports.view_annualreport"):
            raise PermissionDenied
        try:
            year = int(request.GET.get("year", timezone.localdate().year - 1))
        except ValueError:
            year = timezone.localdate().year - 1
        orgs = Organisation.objects.for_staff(request.user).active()
        reports = {}
        # The version shown is the newest published one, else the newest draft.
        for report in (
            AnnualReport.objects.filter(organisation__in=orgs, year=year)
            .with_original_publication()
            .order_by("version")
        ):
            key = (report.organisation_id, report.scope)
            shown = reports.get(key)
            if shown is None or report.status == "published" or shown.status != "published":
                reports[key] = report
        today = timezone.localdate()
        rows = []
        for org in orgs:
            scope = "government" if org.kind == Organisation.Kind.GOVERNMENT else "department"
            report = reports.get((org.pk, scope))
            deadline = AnnualReport(year=year, scope=scope).legal_deadline
            if report and report.status == "published":
                # The first version's date counts: a later correction does not make it late.
                state = "已发布" + ("（逾期发布）" if report.is_published_late else "")
            elif today > deadline:
                state = "已逾期未发布"
            else:
                state = report.get_status_display() if report else "未编制"
            rows.append(
                {
                    "organisation": org,
                    "report": report,
                    "deadline": deadline,
                    "state": state,
                    "late": "逾期" in state,
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{year}年度报告发布情况",
            "rows": rows,
            "year": year,
            "years": range(today.year, 2019, -1),
        }
        return TemplateResponse(request, "admin/reports/annualreport/dashboard.html", context)

    def history_view(self, request, object_id, extra_context=None):
        """The report's own event log (操作人, 时间, 操作, 说明) above Django's change log."""
        obj = self.get_object(request, object_id)
        events = (
            ReportEvent.objects.filter(report=obj).select_related("actor")
            if obj is not None
            else []
        )
        extra_context = {**(extra_context or {}), "report_events": events}
        return super().history_view(request, object_id, extra_context)
