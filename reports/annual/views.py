"""Public pages of the 政府信息公开年报 column: the list, the report and its downloads.

Every view starts from ``AnnualReport.objects.published()``: drafts and frozen reports answer
404. The list shows only ``current()`` reports (the newest published version of each); older
versions stay reachable by their own address, with a banner pointing to the correction.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from catalog.models import Organisation
from kernel import charts
from kernel.pdf import PdfUnavailable
from reports.annual import exports, figures
from reports.annual.charts import outcome_groups
from reports.annual.downloads import services as downloads
from reports.models import AnnualReport

PAGE_SIZE = 30


@require_GET
def annual_report_list(request: HttpRequest) -> HttpResponse:
    """Every organisation's current report, newest year first, then by organisation order."""
    reports = (
        AnnualReport.objects.current().with_original_publication().select_related("organisation")
    )
    organisations = Organisation.objects.filter(pk__in=reports.values("organisation_id")).order_by(
        "sort_order", "pk"
    )
    ignored = []
    selected = None
    slug = request.GET.get("organisation", "")
    if slug:
        selected = next((o for o in organisations if o.slug == slug), None)
        if selected is None:
            ignored.append("发布机关")
        else:
            reports = reports.filter(organisation=selected)
    reports = reports.order_by("-year", "organisation__sort_order", "organisation__pk", "scope")
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    if ignored:
        query.pop("organisation", None)
    return render(
        request,
        "reports/annual_report_list.html",
        {
            "page_obj": page,
            "organisations": organisations,
            "selected": selected,
            "ignored": ignored,
            "filter_query": query.urlencode(),
            "hidden_filters": [(k, v) for k, values in query.lists() for v in values],
        },
    )


def _published(pk: int) -> AnnualReport:
    return get_object_or_404(
        AnnualReport.objects.published()
        .with_original_publication()
        .select_related("organisation", "supersedes"),
        pk=pk,
    )


def _trend(report: AnnualReport) -> list[tuple[str, int, int]]:
    """(year, applications received, items disclosed) from every current report of the same
    organisation and scope, oldest first; figures come from the frozen snapshots. A recorded
    past report has no catalogue count: its items disclosed are None (left out of that chart)."""
    series = (
        AnnualReport.objects.current()
        .filter(organisation_id=report.organisation_id, scope=report.scope)
        .order_by("year")
    )
    rows = []
    for item in series:
        tables = figures.tables_of(item)
        proactive = None if item.is_recorded_past_report else tables.proactive_total
        rows.append((f"{item.year}年", tables.b.value("new"), proactive))
    return rows


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _published(pk)
    tables = figures.tables_of(report)
    newest = (
        AnnualReport.objects.current()
        .filter(organisation_id=report.organisation_id, year=report.year, scope=report.scope)
        .only("pk", "version")
        .first()
    )
    outcomes = outcome_groups(tables.b)
    trend = _trend(report)
    applications = [(year, n) for year, n, _ in trend]
    proactive = [(year, n) for year, _, n in trend if n is not None]
    context = {
        "report": report,
        "tables": tables,
        "problems": [],
        "staff_view": False,
        "newer": newest if newest is not None and newest.pk != report.pk else None,
        "proactive_sentence": exports.summary_sentence(report, tables),
        "downloads": DOWNLOAD_LABELS.items(),
        "charts": [
            {
                "title": f"{report.year}年政府信息公开申请办理结果",
                "svg": charts.bar_chart(
                    chart_id="chart-outcomes",
                    title=f"{report.year}年政府信息公开申请办理结果（件）",
                    description="依据本报告第三部分，按办理结果（一）至（六）分别统计的申请件数。",
                    items=outcomes,
                ),
                "head": ("办理结果", "件数"),
                "rows": outcomes,
            },
            {
                "title": "历年新收政府信息公开申请数量",
                "svg": charts.trend_chart(
                    chart_id="chart-applications",
                    title="历年新收政府信息公开申请数量（件）",
                    description="各年度报告第三部分“一、本年新收政府信息公开申请数量”的总计。",
                    points=applications,
                ),
                "head": ("年度", "新收申请（件）"),
                "rows": applications,
            },
            {
                "title": "历年主动公开政府信息数量",
                "svg": charts.trend_chart(
                    chart_id="chart-proactive",
                    title="历年主动公开政府信息数量（条）",
                    description="各年度在本平台主动公开的政府信息条数。",
                    points=proactive,
                    unit="条",
                ),
                "head": ("年度", "主动公开（条）"),
                "rows": proactive,
            },
        ],
    }
    return render(request, "reports/annual_report_detail.html", context)


DOWNLOAD_LABELS = {
    "pdf": "PDF文档",
    "xlsx": "Excel表格（XLSX）",
    "csv": "数据（CSV）",
    "json": "数据（JSON）",
}


@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as PDF, XLSX, CSV or JSON, named after its title."""
    if fmt not in exports.FORMATS:
        raise Http404
    report = _published(pk)
    try:
        body = downloads.stored_file(report=report, fmt=fmt)
    except PdfUnavailable:
        context = {
            "report": report,
            "column_name": "政府信息公开年报",
            "list_url": reverse("reports:annual-list"),
            "read_url": report.get_absolute_url(),
            "xlsx_url": reverse("reports:download", args=[report.pk, "xlsx"]),
        }
        return render(request, "reports/pdf_unavailable.html", context, status=503)
    response = HttpResponse(body, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = exports.content_disposition(
        exports.filename(report, fmt), f"annual-report-{report.year}-{report.pk}.{fmt}"
    )
    return response
