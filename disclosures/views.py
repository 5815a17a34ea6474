"""Public pages of proactively disclosed information (主动公开)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def statutory_index(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosures/statutory_index.html")


@require_GET
def interpretations(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosures/interpretations.html")


@require_GET
def service_guides(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosures/service_guides.html")
