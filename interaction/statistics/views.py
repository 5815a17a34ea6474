"""Public statistics of 互动交流 (/hdjl/tj/): counts only, never a letter's text or its writer.

The page shows a year month by month (the current year up to this month, marked 本月截至今日),
a 12-month chart with its figures in a table, and, for all organisations, one line per
organisation; the CSV is the same monthly table.
"""

from __future__ import annotations

import io
from datetime import date

from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from catalog.models import Organisation
from interaction.models import Letter
from interaction.statistics import figures, queries, table
from kernel import charts, spreadsheet


def _years(today: date) -> list[int]:
    first = Letter.objects.aggregate(first=Min("received_on"))["first"]
    start = first.year if first else today.year
    return list(range(today.year, start - 1, -1))


def _year(request: HttpRequest, years: list[int]) -> int:
    """The year asked for, or the current one when the parameter is missing or not offered."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0]


def _months(year: int, today: date) -> list[figures.Month]:
    last = figures.Month.of(today) if year == today.year else figures.Month(year, 12)
    return figures.months_between(figures.Month(year, 1), last)


def _statistics(request: HttpRequest, organisation: Organisation | None) -> dict:
    today = timezone.localdate()
    years = _years(today)
    year = _year(request, years)
    months = _months(year, today)
    chart_months = figures.last_months(months[-1])
    rows = queries.letter_rows(
        first=min(chart_months[0], months[0]).first_day,
        last=months[-1].last_day,
        organisation=organisation,
    )
    calendar = queries.work_calendar()
    monthly = figures.by_month(rows, months, today=today, calendar=calendar)
    recent = figures.by_month(rows, chart_months, today=today, calendar=calendar)
    name = organisation.name if organisation else "全部机构"
    categories = [m.short_label for m in chart_months]
    received = [line.figures.received for line in recent.months]
    answered = [line.figures.answered for line in recent.months]
    svg = charts.grouped_bar_chart(
        chart_id="chart-letters",
        title=f"{name}近12个月来信数和答复数",
        description=(
            f"{chart_months[0].label}至{chart_months[-1].label}每月收到的来信数和已答复数，"
            "单位为件；各月数值见图下的数据表。"
        ),
        categories=categories,
        series=[("来信数", received), ("答复数", answered)],
        empty="暂无来信",
    )
    return {
        "organisation": organisation,
        "name": name,
        "year": year,
        "years": years,
        "headings": table.headings("月份"),
        "rows": table.month_rows(monthly),
        "svg": svg,
        "chart_rows": [
            (table.month_label(line), line.figures.received, line.figures.answered)
            for line in recent.months
        ],
        "today": today,
        "rows_for_organisations": rows if organisation is None else [],
        "months": months,
        "calendar": calendar,
    }


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    context = _statistics(request, None)
    organisations = list(Organisation.objects.active().order_by("sort_order", "pk"))
    first, last = context["months"][0].first_day, context["months"][-1].last_day
    in_year = [r for r in context.pop("rows_for_organisations") if first <= r.received_on <= last]
    per_org = figures.by_organisation(
        in_year,
        [o.pk for o in organisations],
        today=context["today"],
        calendar=context["calendar"],
    )
    context["organisation_headings"] = table.headings("机构", table.ORGANISATION_COLUMNS)
    context["organisation_rows"] = [
        (org, table.cells(per_org[org.pk], table.ORGANISATION_COLUMNS)) for org in organisations
    ]
    return render(request, "interaction/statistics/overview.html", context)


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.active(), slug=slug)


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    context = _statistics(request, _organisation(slug))
    context.pop("rows_for_organisations")
    return render(request, "interaction/statistics/organisation.html", context)


def _csv(context: dict, filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out)
    writer.writerow(context["headings"])
    writer.writerows(context["rows"])
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def overview_csv(request: HttpRequest) -> HttpResponse:
    context = _statistics(request, None)
    return _csv(context, f"hdjl-tj-{context['year']}.csv")


@require_GET
def organisation_csv(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    context = _statistics(request, organisation)
    return _csv(context, f"hdjl-tj-{organisation.slug}-{context['year']}.csv")
