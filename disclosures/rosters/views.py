"""Public pages of 公示 rosters: the de-identified table with its period state, and its CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from disclosures.models import Disclosure
from disclosures.rosters.models import Roster
from disclosures.rosters.services import period_text
from kernel import spreadsheet


def _listed_roster(pk: int) -> Roster:
    """The roster of a listed (published, not withdrawn) item; anything else is a 404."""
    return get_object_or_404(
        Roster.objects.select_related("disclosure__organisation").filter(
            disclosure__in=Disclosure.objects.listed()
        ),
        disclosure_id=pk,
    )


@require_GET
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _listed_roster(pk)
    today = timezone.localdate()
    context = {
        "roster": roster,
        "disclosure": roster.disclosure,
        "state": roster.state(today),
        "state_label": roster.state_label(today),
        "period": period_text(roster.period_start, roster.period_end),
    }
    return render(request, "disclosures/roster_detail.html", context)


@require_GET
def roster_csv(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _listed_roster(pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gongshi-{roster.disclosure_id}.csv"'
    response.write("\ufeff")  # BOM: Excel opens UTF-8 CSV correctly only with it
    writer = spreadsheet.csv_writer(response)
    writer.writerow(roster.columns)
    writer.writerows(roster.rows)
    return response
