"""The admin pages every versioned report shares (the 年报 and the 政府网站工作年度报表): a
workflow action posted from the change page (freeze, reopen, publish) and the page that starts
a corrected version. Each report's admin names its services, permission and words."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse


class CorrectionForm(forms.Form):
    change_note = forms.CharField(
        label="更正说明",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="说明更正的内容和原因，将在公开页面显示。",
    )


class ReportVersionAdminMixin:
    """``action_view`` and ``correct_view`` for a ModelAdmin of a versioned report."""

    # action -> (label, service(actor=, report=)); the services raise ``report_error``.
    report_actions: dict[str, tuple[str, Callable]] = {}
    report_error: type[Exception] = Exception
    publish_permission = ""
    correct_service: Callable | None = None
    corrected_message = "已建立更正版本，修改并发布后原版本仍可查阅。"

    def change_url(self, pk: int) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])

    def action_page(self, request, report, *, title: str, form, action_label: str):
        """A staff page with one form about ``report`` (templates/admin/reports/…/action.html)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": report,
            "title": title,
            "form": form,
            "change_url": self.change_url(report.pk),
            "action_label": action_label,
        }
        return TemplateResponse(request, "admin/reports/annualreport/action.html", context)

    def action_view(self, request: HttpRequest, pk: int, action: str):
        report = get_object_or_404(self.get_queryset(request), pk=pk)
        if (
            action not in self.report_actions
            or request.method != "POST"
            or not request.user.has_perm(self.publish_permission)
        ):
            raise PermissionDenied
        label, service = self.report_actions[action]
        try:
            service(actor=request.user, report=report)
        except self.report_error as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已{label}：{report}")
        return HttpResponseRedirect(self.change_url(pk))

    def correct_view(self, request: HttpRequest, pk: int):
        if not request.user.has_perm(self.publish_permission):
            raise PermissionDenied
        report = get_object_or_404(self.get_queryset(request), pk=pk)
        form = CorrectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                new = type(self).correct_service(
                    actor=request.user, report=report, change_note=form.cleaned_data["change_note"]
                )
            except self.report_error as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, self.corrected_message)
                return HttpResponseRedirect(self.change_url(new.pk))
        return self.action_page(
            request, report, title="发布更正版本", form=form, action_label="建立更正版本"
        )
