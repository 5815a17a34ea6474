"""Writes of the 统计数据 series: importing parsed periods and publishing data points.

Both check the actor's permission and organisation, lock the rows they change and run in one
transaction. The series have no event table (no schema change in this step), so these writes
leave no event row; DataPoint.updated_at records when a period last changed.
"""

from __future__ import annotations

from django.db import transaction

from catalog.access import Refusals, require_staff
from reports.series.importer import ImportResult
from reports.series.models import DataPoint, StatisticsSeries


class SeriesError(Exception):
    """A rule stops the write; the message is shown to staff as it is."""


REFUSALS = Refusals(
    permission="您没有维护统计数据的权限。",
    organisation="您只能维护本机构的统计数据。",
)


@transaction.atomic
def import_points(
    *, actor, series: StatisticsSeries, result: ImportResult, publish: bool
) -> tuple[int, int]:
    """Write every parsed period of ``result`` (all or nothing); returns (created, updated)."""
    require_staff(actor, series, "reports.add_datapoint", refusals=REFUSALS, error=SeriesError)
    created = updated = 0
    for row in result.rows:
        point, is_new = DataPoint.objects.select_for_update().get_or_create(
            series=series, year=row.period.year, period=row.period.number
        )
        point.values = row.values
        if publish:
            point.is_published = True
        point.save()
        created += is_new
        updated += not is_new
    return created, updated


@transaction.atomic
def publish_points(*, actor, points) -> int:
    """Make the given data points public; returns how many there were."""
    ids = list(points.values_list("pk", flat=True))
    locked = DataPoint.objects.select_for_update(of=("self",)).filter(pk__in=ids)
    organisation_ids = set(locked.values_list("series__organisation_id", flat=True))
    require_staff(
        actor, organisation_ids, "reports.change_datapoint", refusals=REFUSALS, error=SeriesError
    )
    return DataPoint.objects.filter(pk__in=ids).update(is_published=True)
