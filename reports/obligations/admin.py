"""Admin: disclosure obligations, the obligations calendar and recording fulfilment."""

from __future__ import annotations

import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from catalog.admin import OrganisationScopedAdmin
from catalog.models import Organisation
from disclosures.models import Disclosure
from interaction.interviews.quarters import quarter_bounds
from kernel import spreadsheet
from reports.models import Obligation
from reports.obligations import derivation, interaction_rows
from reports.obligations import services as obligation_services
from reports.website.models import deadline_status as website_deadlines


class FulfilForm(forms.Form):
    disclosure = forms.ModelChoiceField(label="已公开的信息", queryset=Disclosure.objects.none())

    def __init__(self, *args, obligation: Obligation, **kwargs):
        super().__init__(*args, **kwargs)
        items = Disclosure.objects.listed().filter(organisation=obligation.organisation_id)
        if obligation.column_id:
            items = items.in_columns(
                [obligation.column_id, *obligation.column.children.values_list("pk", flat=True)]
            )
        newest = list(items.order_by("-published_at", "-id").values_list("pk", flat=True)[:100])
        self.fields["disclosure"].queryset = Disclosure.objects.filter(pk__in=newest).order_by(
            "-published_at", "-id"
        )
        self.fields["disclosure"].label_from_instance = lambda d: (
            f"{d.published_at:%Y-%m-%d} {d.title}"
        )


@admin.register(Obligation)
class ObligationAdmin(OrganisationScopedAdmin):
    list_display = ["name", "organisation", "due_rule_display", "column", "derived", "is_active"]
    readonly_fields = ["directory_row"]

    def get_readonly_fields(self, request, obj=None):
        # A derived obligation follows its 标准目录 row: edit the row, not the copy.
        if obj is not None and obj.derived:
            return ["name", "organisation", "frequency", "months_after", "due_in_period",
                    "column", "legal_basis", "is_active", "directory_row"]  # fmt: skip
        return self.readonly_fields

    list_filter = ["frequency", "is_active", ("organisation", admin.RelatedOnlyFieldListFilter)]
    change_list_template = "admin/reports/obligation/change_list.html"

    @admin.display(description="周期和时限")
    def due_rule_display(self, obj: Obligation) -> str:
        return obj.due_rule

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("calendar/", wrap(self.calendar_view), name="reports_obligation_calendar"),
            path(
                "calendar/csv/",
                wrap(self.calendar_csv_view),
                name="reports_obligation_calendar_csv",
            ),
            path(
                "calendar/late/csv/",
                wrap(self.late_csv_view),
                name="reports_obligation_late_csv",
            ),
            path(
                "<int:pk>/fulfil/<str:period_key>/",
                wrap(self.fulfil_view),
                name="reports_obligation_fulfil",
            ),
            *super().get_urls(),
        ]

    def _calendar(self, request: HttpRequest) -> dict:
        if not request.user.has_perm("reports.view_obligation"):
            raise PermissionDenied
        today = timezone.localdate()
        organisations = Organisation.objects.for_staff(request.user).active()
        ids = list(organisations.values_list("pk", flat=True))
        return {
            "rows": obligation_services.dashboard_rows(organisations, today=today),
            "feedback_rows": interaction_rows.consultation_feedback(ids, today),
            "press_rows": interaction_rows.press_conference_routine(ids, today),
            "late_rows": derivation.late_items(organisations),
            "website_reports": (
                website_deadlines(today)
                if request.user.has_perm("reports.view_websitereport")
                else []
            ),
            "may_self_audit": request.user.has_perm("reports.view_selfaudit"),
        }

    def calendar_view(self, request: HttpRequest):
        """Due soon, overdue and done periods of every obligation of the user's organisations,
        the 采纳情况反馈 owed by closed 意见征集 and the quarterly 例行新闻发布会."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "公开义务日历",
            **self._calendar(request),
        }
        return TemplateResponse(request, "admin/reports/obligation/calendar.html", context)

    def calendar_csv_view(self, request: HttpRequest) -> HttpResponse:
        """The calendar as one CSV (UTF-8 with BOM), a line per period, feedback and quarter."""
        calendar = self._calendar(request)
        lines = [
            (
                row.obligation.organisation.name,
                "公开义务",
                row.obligation.name,
                row.period.label,
                row.due.isoformat(),
                row.state_label,
                row.disclosure.title if row.disclosure else "",
            )
            for row in calendar["rows"]
        ]
        lines += [
            (
                row.consultation.organisation.name,
                "意见征集采纳情况反馈",
                row.consultation.title,
                f"{row.consultation.starts_on:%Y-%m-%d}至{row.consultation.ends_on:%Y-%m-%d}",
                (row.due_on.isoformat() if row.due_on else "")
                + ("（暂按法定节假日推算）" if row.provisional else ""),
                row.state_label,
                "",
            )
            for row in calendar["feedback_rows"]
        ]
        lines += [
            (
                row.organisation_name,
                "例行新闻发布会",
                "每季度至少召开一次",
                row.label,
                quarter_bounds(row.year, row.quarter)[1].isoformat(),
                row.state_label,
                "；".join(event.topic for event in row.held),
            )
            for row in calendar["press_rows"]
        ]
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out)
        writer.writerow(["机构", "类别", "事项", "周期", "截止日期", "状态", "已公开的信息"])
        writer.writerows(lines)
        response = HttpResponse(
            ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="gkyw-rl-{timezone.localdate():%Y%m%d}.csv"'
        )
        return response

    def late_csv_view(self, request: HttpRequest) -> HttpResponse:
        """Items published later than their 标准目录 row allows, as CSV (UTF-8 with BOM)."""
        if not request.user.has_perm("reports.view_obligation"):
            raise PermissionDenied
        organisations = Organisation.objects.for_staff(request.user).active()
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out)
        writer.writerow(
            ["机构", "领域", "目录事项", "公开时限", "信息", "成文日期", "应公开日期", "发布日期",
             "超期天数", "网址"]
        )  # fmt: skip
        for late in derivation.late_items(organisations):
            writer.writerow(
                [
                    late.disclosure.organisation.name,
                    late.row.domain,
                    late.row.name,
                    late.row.time_limit,
                    late.disclosure.title,
                    late.disclosure.written_on.isoformat(),
                    late.due.isoformat() + ("（暂按法定节假日推算）" if late.provisional else ""),
                    late.published_on.isoformat(),
                    late.days_late,
                    request.build_absolute_uri(late.disclosure.get_absolute_url()),
                ]
            )
        response = HttpResponse(
            ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="gkyw-cq-{timezone.localdate():%Y%m%d}.csv"'
        )
        return response

    def fulfil_view(self, request: HttpRequest, pk: int, period_key: str):
        obligation = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("reports.add_obligationfulfilment"):
            raise PermissionDenied
        form = FulfilForm(request.POST or None, obligation=obligation)
        back = reverse("admin:reports_obligation_calendar")
        if request.method == "POST" and form.is_valid():
            try:
                obligation_services.record_fulfilment(
                    actor=request.user,
                    obligation=obligation,
                    period_key=period_key,
                    disclosure=form.cleaned_data["disclosure"],
                )
            except obligation_services.ObligationError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已登记：{obligation} {period_key}")
                return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"登记公开：{obligation.name}（{period_key}）",
            "form": form,
            "original": obligation,
            "change_url": back,
            "action_label": "登记",
        }
        return TemplateResponse(request, "admin/reports/annualreport/action.html", context)
