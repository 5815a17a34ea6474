"""The page django-axes answers with when a login is locked out (setting AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """429 with a Chinese explanation; no hint whether the account or the address was locked."""
    context = {
        **admin.site.each_context(request),
        "title": "登录已暂时锁定",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    response = TemplateResponse(request, "admin/lockout.html", context, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response.render()
