"""Writes of the 统计数据 series: importing parsed periods, entering, editing, publishing and
deleting data points.

Each checks the actor's permission and organisation, locks the rows it changes, runs in one
transaction and appends a SeriesEvent (who, when, what: the periods and the counts) per
series it touched. The admin writes data points only through these functions.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction

from catalog.access import Refusals, require_staff
from reports.series.importer import ImportResult
from reports.series.models import DataPoint, Period, SeriesAction, SeriesEvent, StatisticsSeries


class SeriesError(Exception):
    """A rule stops the write; the message is shown to staff as it is."""


REFUSALS = Refusals(
    permission="您没有维护统计数据的权限。",
    organisation="您只能维护本机构的统计数据。",
)
require = partial(require_staff, refusals=REFUSALS, error=SeriesError)


@transaction.atomic
def import_points(
    *, actor, series: StatisticsSeries, result: ImportResult, publish: bool
) -> tuple[int, int]:
    """Write every parsed period of ``result`` (all or nothing); returns (created, updated)."""
    require(actor, series, "reports.add_datapoint")
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
    _log(
        series,
        actor,
        SeriesAction.IMPORT,
        note=f"新增{created}期，更新{updated}期" + ("，并公开" if publish else ""),
        data={
            "periods": _labels(series, [(r.period.year, r.period.number) for r in result.rows]),
            "created": created,
            "updated": updated,
            "published": publish,
        },
    )
    return created, updated


@transaction.atomic
def publish_points(*, actor, points) -> int:
    """Make the given data points public; returns how many there were."""
    ids = list(points.values_list("pk", flat=True))
    locked = DataPoint.objects.select_for_update(of=("self",)).filter(pk__in=ids)
    organisation_ids = set(locked.values_list("series__organisation_id", flat=True))
    require(actor, organisation_ids, "reports.change_datapoint")
    _log_per_series(actor, SeriesAction.PUBLISH, locked, note="公开")
    return DataPoint.objects.filter(pk__in=ids).update(is_published=True)


@transaction.atomic
def save_point(*, actor, point: DataPoint) -> DataPoint:
    """Enter one period (a new ``point``) or save the edit of one; the caller has validated
    the figures (the admin's form runs the model's clean)."""
    permission = "reports.add_datapoint" if point.pk is None else "reports.change_datapoint"
    require(actor, {point.series.organisation_id}, permission)
    if point.pk is None:
        point.save()
        _log(
            point.series,
            actor,
            SeriesAction.ENTER,
            note=point.as_period().label,
            data={
                "periods": [point.as_period().label],
                "values": point.values,
                "published": point.is_published,
            },
        )
        return point
    before = DataPoint.objects.select_for_update().get(pk=point.pk)
    if before.series_id != point.series_id:
        raise SeriesError("不能更改所属的统计数据系列。")
    point.save()
    _log(
        point.series,
        actor,
        SeriesAction.EDIT,
        note=point.as_period().label,
        data={
            "periods": [point.as_period().label],
            "before": {"period": before.as_period().label, "values": before.values},
            "values": point.values,
            "published": point.is_published,
        },
    )
    return point


@transaction.atomic
def delete_points(*, actor, points) -> int:
    """Delete the given data points; returns how many there were."""
    ids = list(points.values_list("pk", flat=True))
    locked = DataPoint.objects.select_for_update(of=("self",)).filter(pk__in=ids)
    organisation_ids = set(locked.values_list("series__organisation_id", flat=True))
    require(actor, organisation_ids, "reports.delete_datapoint")
    _log_per_series(actor, SeriesAction.DELETE, locked, note="删除")
    count, _ = DataPoint.objects.filter(pk__in=ids).delete()
    return count


def _labels(series: StatisticsSeries, periods) -> list[str]:
    return [Period(year, number, series.period_kind).label for year, number in periods]


def _log(series, actor, action: SeriesAction, *, note: str = "", data: dict) -> SeriesEvent:
    return SeriesEvent.objects.create(
        series=series, actor=actor, action=SeriesAction(action), note=note, data=data
    )


def _log_per_series(actor, action: SeriesAction, points, *, note: str) -> None:
    """One event per series among ``points``, naming its periods and their count."""
    by_series: dict[int, list[tuple[int, int]]] = {}
    for series_id, year, period in points.order_by("series_id", "year", "period").values_list(
        "series_id", "year", "period"
    ):
        by_series.setdefault(series_id, []).append((year, period))
    for series in StatisticsSeries.objects.filter(pk__in=by_series).order_by("pk"):
        periods = _labels(series, by_series[series.pk])
        _log(
            series,
            actor,
            action,
            note=f"{note}{len(periods)}期",
            data={"periods": periods, "count": len(periods)},
        )
