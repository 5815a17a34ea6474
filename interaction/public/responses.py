"""Answers every public form of 互动交流 shares (letters, 点题公开, 意见征集, 网上调查, 访谈提问)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog.public_forms import Admission


def rate_limited(request: HttpRequest, admission: Admission, what: str) -> HttpResponse:
    """429 with Retry-After: too many submissions of ``what`` from this address."""
    seconds = admission.retry_after
    response = render(
        request,
        "interaction/public/rate_limited.html",
        {"what": what, "minutes": max(1, -(-seconds // 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
