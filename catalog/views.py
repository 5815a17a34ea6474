"""Public pages of the 政府信息公开 channel owned by the catalogue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from catalog.models import Category, Organisation


@require_GET
def channel(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active()
    return render(request, "catalog/channel.html", {"organisations": organisations})


@require_GET
def guide_index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active()
    return render(request, "catalog/guide_index.html", {"organisations": organisations})


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active().select_related("parent")
    return render(request, "catalog/organisation_list.html", {"organisations": organisations})


@require_GET
def guide(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's 政府信息公开指南, generated from its data (条例 Art. 12)."""
    organisation = get_object_or_404(
        Organisation.objects.active().select_related("parent"), slug=slug
    )
    root = Category.objects.filter(kind=Category.Kind.STATUTORY, parent__isnull=True).first()
    columns = list(organisation.columns.filter(parent=root)) if root else []
    if not columns and root is not None:
        columns = list(root.children.all())
    # 2023 行政复议法 Art. 24: a county department's 复议机关 is the county government.
    reconsideration_body = organisation.review_body_name or "上一级人民政府"
    return render(
        request,
        "catalog/guide.html",
        {
            "organisation": organisation,
            "columns": columns,
            "reconsideration_body": reconsideration_body,
        },
    )
