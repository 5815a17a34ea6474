"""Public pages of 统计数据 (/xxgk/tj/) and 三公经费 (/xxgk/sgjf/<机关>/).

Series pages start from ``StatisticsSeries.objects.public()`` and show only published periods;
三公经费 pages only disclosures already published. Anything else answers 404.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog.models import Organisation
from kernel import charts, spreadsheet
from reports.series.models import (
    BudgetDisclosure,
    DataPoint,
    Measure,
    Period,
    StatisticsSeries,
    percent_change,
)


@dataclass(frozen=True)
class Comparison:
    period: Period
    value: Decimal | None
    previous: Decimal | None  # change on the previous period (环比), in per cent
    year_on_year: Decimal | None  # change on the same period last year (同比), in per cent


def compare(values: dict[Period, Decimal | None]) -> list[Comparison]:
    """环比 and 同比 for every period, oldest first; a missing base period gives None."""
    return [
        Comparison(
            period,
            value,
            percent_change(value, values.get(period.previous())),
            percent_change(value, values.get(period.year_before())),
        )
        for period, value in sorted(values.items())
    ]


def _percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value:+}%" if value else "0.0%"


@require_GET
def series_index(request: HttpRequest) -> HttpResponse:
    series = (
        StatisticsSeries.objects.public()
        .select_related("organisation")
        .order_by("organisation__sort_order", "organisation__pk", "sort_order", "pk")
    )
    return render(request, "reports/series_index.html", {"series_list": series})


def _public_series(org_slug: str, slug: str) -> StatisticsSeries:
    return get_object_or_404(
        StatisticsSeries.objects.public().select_related("organisation"),
        organisation__slug=org_slug,
        slug=slug,
    )


def _table(series: StatisticsSeries) -> tuple[list[Measure], list[DataPoint]]:
    measures = list(series.measures.all())
    points = list(series.points.published().order_by("year", "period"))
    for point in points:
        point.series = series
    return measures, points


@require_GET
def series_detail(request: HttpRequest, org_slug: str, slug: str) -> HttpResponse:
    series = _public_series(org_slug, slug)
    measures, points = _table(series)
    if not measures:
        raise Http404
    selected = next((m for m in measures if m.key == request.GET.get("measure")), measures[0])
    periods = [p.as_period() for p in points]
    values = {p.as_period(): p.value(selected.key) for p in points}
    comparisons = compare(values)
    rows = [
        (point.as_period().label, [m.format(point.value(m.key)) for m in measures])
        for point in points
    ]
    chart_values = [None if v is None else float(v) for v in values.values()]
    first, last = (periods[0].label, periods[-1].label) if periods else ("", "")
    svg = charts.line_chart(
        chart_id="chart-series",
        title=f"{series.name}：{selected.heading}",
        description=(
            f"{series.organisation.name}{first}至{last}各期{selected.label}，单位{selected.unit}；"
            "各期数值见图下的数据表。"
        ),
        categories=[p.short_label for p in periods],
        lines=[(selected.label, chart_values)],
        unit=selected.unit,
    )
    context = {
        "series": series,
        "measures": measures,
        "selected": selected,
        "rows": rows,
        "svg": svg,
        "comparisons": [
            (
                c.period.label,
                selected.format(c.value),
                _percent(c.previous),
                _percent(c.year_on_year),
            )
            for c in reversed(comparisons)
        ],
    }
    return render(request, "reports/series_detail.html", context)


@require_GET
def series_csv(request: HttpRequest, org_slug: str, slug: str) -> HttpResponse:
    """Every published period as CSV with a UTF-8 BOM (so that Excel reads the Chinese)."""
    series = _public_series(org_slug, slug)
    measures, points = _table(series)
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow(["期间", *(m.heading for m in measures)])
    for point in points:
        writer.writerow([point.as_period().label, *(point.values.get(m.key, "") for m in measures)])
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{series.organisation.slug}-{series.slug}.csv"'
    )
    return response


@dataclass(frozen=True)
class YearRow:
    year: int
    budget: BudgetDisclosure | None
    final: BudgetDisclosure | None


@require_GET
def three_public(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Budget against final 三公经费 per year, newest first, with a multi-year chart."""
    organisation = get_object_or_404(Organisation.objects.active(), slug=org_slug)
    items = (
        BudgetDisclosure.objects.published(on=timezone.localdate())
        .filter(organisation=organisation)
        .select_related("disclosure")
    )
    by_year: dict[int, dict[str, BudgetDisclosure]] = {}
    for item in items:
        by_year.setdefault(item.year, {})[item.kind] = item
    if not by_year:
        # An honest empty column, never a broken link from the organisation's page.
        return render(
            request,
            "reports/three_public.html",
            {"organisation": organisation, "rows": [], "svg": ""},
        )
    years = sorted(by_year)
    rows = [
        YearRow(
            year,
            by_year[year].get(BudgetDisclosure.Kind.BUDGET),
            by_year[year].get(BudgetDisclosure.Kind.FINAL),
        )
        for year in reversed(years)
    ]

    def totals(kind: str) -> list[float | None]:
        return [float(by_year[y][kind].total) if kind in by_year[y] else None for y in years]

    svg = charts.line_chart(
        chart_id="chart-three-public",
        title=f"{organisation.name}历年“三公”经费预算与决算（万元）",
        description=(
            f"{years[0]}年至{years[-1]}年“三公”经费合计：预算数与决算数；"
            "各年数值见下方表格。尚未公开决算的年度没有决算数。"
        ),
        categories=[f"{y}年" for y in years],
        lines=[
            ("预算", totals(BudgetDisclosure.Kind.BUDGET)),
            ("决算", totals(BudgetDisclosure.Kind.FINAL)),
        ],
        unit="万元",
    )
    return render(
        request,
        "reports/three_public.html",
        {"organisation": organisation, "rows": rows, "svg": svg},
    )
