"""Running a service from an admin action: one message per record, never a 500."""

from __future__ import annotations

from django.contrib import messages

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
