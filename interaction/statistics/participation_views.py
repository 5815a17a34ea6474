"""公众参与情况统计 (/hdjl/cytj/): one year's figures of 意见征集, 点题公开, 网上调查 and 在线访谈
per organisation, and their CSV. Counts only, never a submitter's text or name."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog.models import Organisation
from interaction.statistics import participation
from kernel import spreadsheet

FIRST_YEAR = 2019  # the revised 条例 (and the portal's annual reports) start here


def _year(request: HttpRequest, years: list[int]) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0]


def _context(request: HttpRequest) -> dict:
    today = timezone.localdate()
    years = list(range(today.year, FIRST_YEAR - 1, -1))
    year = _year(request, years)
    organisations = Organisation.objects.active().order_by("sort_order", "pk")
    return {
        "today": today,
        "year": year,
        "years": years,
        "headings": participation.headings(),
        "lines": participation.year_lines(organisations, year),
    }


@require_GET
def participation_page(request: HttpRequest) -> HttpResponse:
    return render(request, "interaction/statistics/participation.html", _context(request))


@require_GET
def participation_csv(request: HttpRequest) -> HttpResponse:
    context = _context(request)
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow(context["headings"])
    writer.writerows([line.label, *line.values] for line in context["lines"])
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="hdjl-cytj-{context["year"]}.csv"'
    return response
