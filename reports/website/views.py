"""Public pages of the 政府网站工作年度报表: /xxgk/wzbb/ (every year, newest first) and
/xxgk/wzbb/<year>/ (the table of the newest published version, with its downloads).

Every view starts from ``WebsiteReport.objects.published()``: drafts and frozen reports answer
404. Older versions stay readable at /xxgk/wzbb/<year>/v<version>/ with the correction noted.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from kernel.pdf import PdfUnavailable
from reports.website import downloads, exports, figures
from reports.website.models import WebsiteReport


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    reports = WebsiteReport.objects.current().order_by("-year")
    return render(
        request,
        "reports/website_report_list.html",
        {"reports": reports, "formats": exports.DOWNLOAD_LABELS},
    )


def _show(request: HttpRequest, report: WebsiteReport) -> HttpResponse:
    newest = WebsiteReport.objects.current().filter(year=report.year).first()
    return render(
        request,
        "reports/website_report_detail.html",
        {
            "report": report,
            "table": exports.table_sections(figures.values_of(report)),
            "newer": newest if newest is not None and newest.pk != report.pk else None,
            "downloads": exports.DOWNLOAD_LABELS.items(),
        },
    )


@require_GET
def report_detail(request: HttpRequest, year: int) -> HttpResponse:
    report = WebsiteReport.objects.current().filter(year=year).first()
    if report is None:
        raise Http404
    return _show(request, report)


def _version(year: int, version: int) -> WebsiteReport:
    return get_object_or_404(
        WebsiteReport.objects.published().select_related("supersedes"),
        year=year,
        version=version,
    )


@require_GET
def report_version(request: HttpRequest, year: int, version: int) -> HttpResponse:
    return _show(request, _version(year, version))


@require_GET
def report_download(request: HttpRequest, year: int, version: int, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    report = _version(year, version)
    try:
        body = downloads.stored_file(report=report, fmt=fmt)
    except PdfUnavailable:
        return render(
            request,
            "reports/pdf_unavailable.html",
            {
                "report": report,
                "column_name": "政府网站工作年度报表",
                "list_url": reverse("website-report:list"),
                "read_url": reverse("website-report:version", args=[year, version]),
                "xlsx_url": reverse("website-report:download", args=[year, version, "xlsx"]),
            },
            status=503,
        )
    response = HttpResponse(body, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = exports.disposition(report, fmt)
    return response
