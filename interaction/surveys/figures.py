"""网上调查 in the annual work report: surveys held (opened in the year) and responses received
(submitted in the year), for the organisations given."""

from __future__ import annotations

from collections.abc import Iterable

from interaction.surveys.models import Response, Survey
from interaction.surveys.workflow import PUBLIC


def year_figures(*, organisation_ids: Iterable[int], year: int) -> dict[str, int]:
    """{"surveys_held": approved surveys that opened in ``year`` (local time),
    "survey_responses": responses submitted in ``year`` to those organisations' surveys}."""
    ids = list(organisation_ids)
    held = Survey.objects.filter(
        organisation_id__in=ids,
        status__in=[s.value for s in PUBLIC],
        opens_at__year=year,
    ).count()
    responses = Response.objects.filter(
        survey__organisation_id__in=ids, submitted_at__year=year
    ).count()
    return {"surveys_held": held, "survey_responses": responses}
