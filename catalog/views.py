"""Public pages of the 政府信息公开 channel owned by the catalogue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from catalog.models import Organisation


@require_GET
def channel(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active()
    return render(request, "catalog/channel.html", {"organisations": organisations})


@require_GET
def guide_index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active()
    return render(request, "catalog/guide_index.html", {"organisations": organisations})


@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/rules.html")


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active().select_related("parent")
    return render(request, "catalog/organisation_list.html", {"organisations": organisations})


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    return render(request, "catalog/organisation_detail.html", {"organisation": organisation})
