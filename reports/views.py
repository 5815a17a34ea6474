"""Public pages of the 政府信息公开年报 column."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def annual_report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/annual_report_list.html")
