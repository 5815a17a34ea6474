"""Admin: disclosure obligations, the obligations calendar and recording fulfilment."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from catalog.admin import OrganisationScopedAdmin
from catalog.models import Organisation
from disclosures.models import Disclosure
from reports.models import Obligation
from reports.obligations import services as obligation_services


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
    list_display = ["name", "organisation", "due_rule_display", "column", "is_active"]
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
                "<int:pk>/fulfil/<str:period_key>/",
                wrap(self.fulfil_view),
                name="reports_obligation_fulfil",
            ),
            *super().get_urls(),
        ]

    def calendar_view(self, request: HttpRequest):
        """Due soon, overdue and done periods of every obligation of the user's organisations."""
        if not request.user.has_perm("reports.view_obligation"):
            raise PermissionDenied
        rows = obligation_services.dashboard_rows(
            Organisation.objects.for_staff(request.user).active()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "公开义务日历",
            "rows": rows,
        }
        return TemplateResponse(request, "admin/reports/obligation/calendar.html", context)

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
