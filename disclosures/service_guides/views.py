"""Public printable page of a 办事指南: every section of the guide, in the order citizens need."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from disclosures.service_guides.models import ServiceGuide


@require_GET
def guide_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Only guides whose item is listed (published, not withdrawn, not scheduled); else 404."""
    guide = get_object_or_404(
        ServiceGuide.objects.listed()
        .select_related("disclosure__organisation")
        .prefetch_related("steps", "materials"),
        pk=pk,
    )
    context = {"guide": guide, "disclosure": guide.disclosure}
    return render(request, "disclosures/guide_detail.html", context)
