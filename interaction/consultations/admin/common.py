"""Running a service from an admin action: one message per record, never a 500."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.template.response import TemplateResponse

from interaction.consultations.services.common import ConsultationError


def run_each(request, queryset, label: str, service, **kwargs) -> None:
    done = 0
    for consultation in queryset:
        try:
            service(actor=request.user, consultation=consultation, **kwargs)
        except ConsultationError as exc:
            messages.error(request, f"《{consultation.title}》：{exc}")
        else:
            done += 1
    if done:
        messages.success(request, f"已{label}{done}项。")


class ReasonForm(forms.Form):
    note = forms.CharField(
        label="理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="理由记入办理记录，起草人据此修改。",
        error_messages={"required": "请说明退回修改的理由。"},
    )


def run_with_reason(modeladmin, request, queryset, label: str, service):
    """An action that needs a reason (退回): first a page asking for it, then the service for
    each selected record with the reason as the event note."""
    applying = "apply" in request.POST
    form = ReasonForm(request.POST if applying else None)
    if applying and form.is_valid():
        run_each(request, queryset, label, service, note=form.cleaned_data["note"])
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": label,
        "label": label,
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "interaction/consultations/admin/with_reason.html", context)
