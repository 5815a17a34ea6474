"""Obligations derived from the 标准目录: every periodic row is an Obligation (ADR 0015).

``sync_obligations`` creates, updates and deactivates them; the directory's write path calls it
for the organisation whose rows changed (registered in reports.apps), and ``manage.py
sync_obligations`` and ``seed_demo`` call it for every organisation. A hand-kept obligation of
the same organisation and name is adopted by its row rather than duplicated, so the history of
fulfilment records stays with it.

Event-driven rows are watched item by item instead: ``late_items`` lists the items of a row's
columns published later than 成文日期 + N (working) days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from catalog.models import CalendarDay
from disclosures.directory import timelimits
from disclosures.directory.models import DirectoryRow
from disclosures.models import Disclosure
from reports.models import Obligation


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0


def _values(row: DirectoryRow) -> dict:
    columns = sorted(row.columns.all(), key=lambda c: (c.sort_order, c.pk))
    return {
        "organisation_id": row.organisation_id,
        "name": row.name[:100],
        "frequency": row.rule_frequency,
        "months_after": row.rule_months_after,
        "due_in_period": row.rule_in_period,
        "column_id": columns[0].pk if columns else None,
        "legal_basis": row.basis[:200],
        "is_active": True,
    }


@transaction.atomic
def sync_obligations(*, organisation_ids: Iterable[int] | None = None) -> SyncResult:
    """Make the derived obligations match the periodic directory rows (idempotent)."""
    rows = DirectoryRow.objects.periodic().prefetch_related("columns").order_by("id")
    derived = Obligation.objects.select_for_update().filter(derived=True)
    if organisation_ids is not None:
        ids = list(organisation_ids)
        rows = rows.filter(organisation_id__in=ids)
        derived = derived.filter(organisation_id__in=ids)
    by_row = {o.directory_row_id: o for o in derived if o.directory_row_id}
    created = updated = deactivated = 0
    seen: set[int] = set()
    for row in rows:
        values = _values(row)
        obligation = by_row.get(row.pk) or (
            Obligation.objects.select_for_update()
            .filter(
                organisation_id=row.organisation_id,
                name=values["name"],
                directory_row__isnull=True,
            )
            .first()
        )
        if obligation is None:
            obligation = Obligation.objects.create(directory_row=row, derived=True, **values)
            created += 1
        else:
            changed = {k: v for k, v in values.items() if getattr(obligation, k) != v}
            if changed or obligation.directory_row_id != row.pk or not obligation.derived:
                for key, value in changed.items():
                    setattr(obligation, key, value)
                obligation.directory_row = row
                obligation.derived = True
                obligation.save()
                updated += 1
        seen.add(obligation.pk)
    for obligation in derived:
        # A row deleted (link set to NULL) or no longer periodic: the duty is gone.
        if obligation.pk not in seen and obligation.is_active:
            obligation.is_active = False
            obligation.save(update_fields=["is_active"])
            deactivated += 1
    return SyncResult(created, updated, deactivated)


def sync_for_organisation(organisation_id: int) -> SyncResult:
    return sync_obligations(organisation_ids=[organisation_id])


@dataclass(frozen=True)
class LateItem:
    row: DirectoryRow
    disclosure: Disclosure
    due: dt.date
    published_on: dt.date
    provisional: bool

    @property
    def days_late(self) -> int:
        return (self.published_on - self.due).days


def late_items(organisations, *, since: dt.date | None = None, limit: int = 500) -> list[LateItem]:
    """Items of the event-driven rows' columns (and linked items) published after their due
    date: 成文日期 + N working days on the held calendar (or N calendar days). Three queries."""
    rows = list(
        DirectoryRow.objects.filter(
            organisation__in=organisations, rule_kind=timelimits.Kind.EVENT
        ).prefetch_related("columns")
    )
    if not rows:
        return []
    column_ids = {c.pk for row in rows for c in row.columns.all()}
    items = (
        Disclosure.objects.listed()
        .filter(organisation_id__in={row.organisation_id for row in rows})
        .in_columns(column_ids)
        .select_related("organisation")
        .prefetch_related("categories")
        .only("id", "title", "written_on", "published_at", "organisation__name", "organisation_id")
        .order_by("-published_at", "-id")
    )
    if since is not None:
        items = items.filter(published_at__date__gte=since)
    calendar = CalendarDay.objects.work_calendar()
    result = []
    for item in items[: limit * 4]:
        published_on = timezone.localtime(item.published_at).date()
        categories = {c.pk for c in item.categories.all()}
        for row in rows:
            if row.organisation_id != item.organisation_id:
                continue
            if not categories & {c.pk for c in row.columns.all()}:
                continue
            due = timelimits.event_due(row.rule, item.written_on, calendar)
            if published_on > due.date:
                result.append(LateItem(row, item, due.date, published_on, due.provisional))
            break
        if len(result) >= limit:
            break
    return result
