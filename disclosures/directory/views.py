"""Public pages of the 标准目录: the organisations that have one, each one's table, its XLSX."""

from __future__ import annotations

import io

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from catalog import sitecache
from catalog.models import Organisation
from disclosures.directory import table
from disclosures.directory.models import Channel
from kernel import spreadsheet


def _organisation(slug: str) -> Organisation:
    organisation = sitecache.organisation_by_slug(slug)  # active organisations only
    if organisation is None:
        raise Http404("机构不存在")
    return organisation


@require_GET
def directory_index(request: HttpRequest) -> HttpResponse:
    organisations = (
        Organisation.objects.active()
        .annotate(row_count=Count("directory_rows"))
        .filter(row_count__gt=0)
        .order_by("sort_order", "id")
    )
    return render(request, "disclosures/directory_index.html", {"organisations": organisations})


@require_GET
def directory_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    groups = table.directory_table(organisation)
    return render(
        request,
        "disclosures/directory_page.html",
        {"organisation": organisation, "groups": groups, "channels": Channel.choices},
    )


@require_GET
def directory_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    from openpyxl import Workbook

    organisation = _organisation(slug)
    groups = table.directory_table(organisation)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("标准目录")
    sheet.append([f"{organisation.name}政务公开事项标准目录"])
    sheet.append(table.HEADER)
    for line in table.spreadsheet_rows(groups):
        sheet.append(spreadsheet.safe_row(line))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True,
        filename=f"{organisation.name}标准目录-{timezone.localdate():%Y%m%d}.xlsx",
    )
    return response
