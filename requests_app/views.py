"""Public pages of 依申请公开."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalog.models import Organisation


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active()
    return render(request, "requests_app/index.html", {"organisations": organisations})
