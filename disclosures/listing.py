"""The column listing (ColumnListing): keeping it exact, and reading column lists from it.

An item is linked to its columns by Django's M2M table, which has no publication date, so no
index gives a column's items newest first: a cold column list walked the date index of the
whole catalogue checking membership (about 300 ms at a million items). The listing holds one
row per listed item and per column it appears under (its columns and their parents, as a column
list includes its direct sub-columns; the same expansion as the search entry's ``columns``)
with the publication date, organisation and 文种, so a column list, its count and page
anchors, its previews and its feed are one index range. Design and measurements: docs/lists.md.

Writes: ``refresh_listing`` runs in the transaction of every service that publishes, withdraws
or edits an item (disclosures.services), so the lists never lag behind the item.
``sync_all`` (``rebuild_column_listing``, ``rebuild_search_index``) repairs everything. A column
moved to another parent, or deleted, renews the rows of its items (signal receivers on
catalog.Category, connected in DisclosuresConfig.ready: catalog imports no other app, and the
admin's Category form saves the model itself).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone
from django_filters.constants import EMPTY_VALUES

from catalog.models import Category
from disclosures import pagination
from disclosures.models import ColumnListing, Disclosure
from disclosures.workflow import Status

# Filters the listing answers itself: the same field names and meaning as on the item.
LISTING_FILTERS = ("organisation", "genre", "year", "start", "end")

# The rows the selected items should have: one per column each appears under. ``{items}`` is
# an SQL condition on the item's id.
_TRUTH = """
SELECT DISTINCT c.id AS column_id, d.id AS disclosure_id, d.published_at, d.organisation_id,
    d.genre
FROM {disclosure} d
JOIN {through} dc ON dc.disclosure_id = d.id
JOIN {category} cat ON cat.id = dc.category_id
CROSS JOIN LATERAL (VALUES (cat.id), (cat.parent_id)) AS c(id)
WHERE c.id IS NOT NULL AND d.status = %s AND d.published_at IS NOT NULL AND {items}
"""

# One statement: delete the rows the selected items should not have, write the missing or
# changed ones. A listing that is already right is only read (nothing locked or rewritten).
_SYNC = """
WITH truth AS ({truth}),
removed AS (
    DELETE FROM {listing} l
    WHERE {listed_items} AND NOT EXISTS (
        SELECT 1 FROM truth t
        WHERE t.disclosure_id = l.disclosure_id AND t.column_id = l.column_id
    )
    RETURNING 1
),
written AS (
    INSERT INTO {listing} (column_id, disclosure_id, published_at, organisation_id, genre)
    SELECT t.column_id, t.disclosure_id, t.published_at, t.organisation_id, t.genre
    FROM truth t
    WHERE NOT EXISTS (
        SELECT 1 FROM {listing} l
        WHERE l.disclosure_id = t.disclosure_id AND l.column_id = t.column_id
          AND l.published_at = t.published_at AND l.organisation_id = t.organisation_id
          AND l.genre = t.genre
    )
    ON CONFLICT (disclosure_id, column_id) DO UPDATE
        SET published_at = EXCLUDED.published_at, organisation_id = EXCLUDED.organisation_id,
            genre = EXCLUDED.genre
    RETURNING 1
)
SELECT (SELECT count(*) FROM removed), (SELECT count(*) FROM written)
"""


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "disclosure": quote(Disclosure._meta.db_table),
        "through": quote(Disclosure.categories.through._meta.db_table),
        "category": quote(Category._meta.db_table),
        "listing": quote(ColumnListing._meta.db_table),
    }


def _sync(items: str, params: list, *, bulk: bool = False) -> int:
    """Make the listing rows of the items selected by ``items`` (an SQL condition on
    ``{id}``, the item's id) exactly what they should be; returns the rows changed.

    A single refresh (the services) takes the table's ROW EXCLUSIVE lock in a statement of its
    own before reading; a bulk pass (repair, a moved column) takes SHARE ROW EXCLUSIVE, which
    conflicts with it. Either waits for the other's transaction to commit *before* taking the
    snapshot it reads the items with, so a repair running while an item is withdrawn can never
    write back the rows the withdrawal removed. Readers are never blocked.
    """
    tables = _tables()
    truth = _TRUTH.format(items=items.format(id="d.id"), **tables)
    sql = _SYNC.format(truth=truth, listed_items=items.format(id="l.disclosure_id"), **tables)
    mode = "SHARE ROW EXCLUSIVE" if bulk else "ROW EXCLUSIVE"
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables['listing']} IN {mode} MODE")
        cursor.execute(sql, [Status.PUBLISHED, *params, *params])
        removed, written = cursor.fetchone()
    changed = removed + written
    if changed:
        # Raw SQL sends no model signals: empty the list memo here (at once in this process,
        # everywhere after the commit), like a saved item does.
        pagination.lists.changed()
    return changed


def refresh_listing(disclosure) -> int:
    """Bring the listing rows of one item (a Disclosure or its pk) in line with its status,
    publication date and columns, in the caller's transaction."""
    return refresh_listings([getattr(disclosure, "pk", disclosure)])


def refresh_listings(disclosure_ids: Iterable[int], *, bulk: bool = False) -> int:
    ids = sorted({int(pk) for pk in disclosure_ids})
    if not ids:
        return 0
    return _sync("{id} = ANY(%s::bigint[])", [ids], bulk=bulk)


def refresh_column(category_id: int) -> int:
    """Renew the rows of the items filed directly under a column (its parent changed)."""
    through = connection.ops.quote_name(Disclosure.categories.through._meta.db_table)
    # The table name comes from model metadata, the id is a bound parameter.
    items = f"{{id}} IN (SELECT disclosure_id FROM {through} WHERE category_id = %s)"  # noqa: S608
    return _sync(items, [category_id], bulk=True)


def sync_all(
    *, batch_size: int = 50_000, progress: Callable[[int, int], None] | None = None
) -> int:
    """Check and repair every row, in item-id ranges of ``batch_size`` (one transaction
    each, so a live site keeps publishing); returns the rows changed."""
    bounds = Disclosure.objects.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    if first is None:  # no item, so no row (foreign key)
        return 0
    changed = 0
    total = last - first + 1
    if progress:
        progress(0, total)
    for start in range(first, last + 1, batch_size):
        stop = min(start + batch_size, last + 1)
        changed += _sync("{id} >= %s AND {id} < %s", [start, stop], bulk=True)
        if progress:
            progress(stop - first, total)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {_tables()['listing']}")
    return changed


# --------------------------------------------------------------------------- column changes


def _remember_parent(sender, instance: Category, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._listing_old_parent = None
        return
    old = Category.objects.filter(pk=instance.pk).values_list("parent_id", flat=True)
    instance._listing_old_parent = old.first()


def _parent_changed(sender, instance: Category, created: bool, raw: bool = False, **kwargs):
    if raw or created:
        return
    old = getattr(instance, "_listing_old_parent", instance.parent_id)
    if old != instance.parent_id:
        refresh_column(instance.pk)


def _remember_items(sender, instance: Category, **kwargs) -> None:
    through = Disclosure.categories.through
    instance._listing_items = list(
        through.objects.filter(category_id=instance.pk).values_list("disclosure_id", flat=True)
    )


def _column_deleted(sender, instance: Category, **kwargs) -> None:
    # The column's own rows went with it (foreign key); its items' rows under its parent
    # stay unless the items are under the parent otherwise.
    refresh_listings(getattr(instance, "_listing_items", []), bulk=True)


def connect_signals() -> None:
    """A column moved under another parent or deleted (admin, shell, seed data) renews its
    items' rows; called from ``DisclosuresConfig.ready``."""
    receivers = (
        (pre_save, _remember_parent),
        (post_save, _parent_changed),
        (pre_delete, _remember_items),
        (post_delete, _column_deleted),
    )
    for signal, receiver in receivers:
        signal.connect(
            receiver, sender=Category, dispatch_uid=f"disclosures.listing.{receiver.__name__}"
        )


# --------------------------------------------------------------------------- reading


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def valid_filters(filterset) -> dict:
    """The filter values in effect: the valid ones of a bound form (malformed ones are
    ignored, as ``filterset.qs`` does); none when nothing was sent."""
    if not filterset.is_bound:
        return {}
    filterset.form.is_valid()
    return filterset.form.cleaned_data


def column_list(column_id: int, filterset, *, skip: Iterable[str] = (), now=None):
    """The listed items under a column, narrowed by the list filters, newest first: rows of
    the listing (``published_at``, ``disclosure_id``).

    The organisation, 文种 and date filters are the filterset's own, applied to the listing
    (same field names and meaning), so they stay one index range; the start/end dates also get the
    equivalent ``published_at`` range, which an index can use (the filter itself compares
    local dates). The other filters (主题, 有效性, 标题或文号, another 栏目) select items,
    and the listing keeps the rows of those. Filters named in ``skip`` are left out (the
    catalogue's column filter, which chose the column).
    """
    rows = ColumnListing.objects.under(column_id, now=now)
    items = None
    for name, value in valid_filters(filterset).items():
        if name in skip or value in EMPTY_VALUES:
            continue
        if name in LISTING_FILTERS:
            rows = filterset.filters[name].filter(rows, value)
            if name == "start":
                rows = rows.filter(published_at__gte=_day_start(value))
            elif name == "end":
                rows = rows.filter(published_at__lt=_day_start(value + dt.timedelta(days=1)))
        else:
            items = filterset.filters[name].filter(
                Disclosure.objects.all() if items is None else items, value
            )
    if items is not None:
        rows = rows.filter(disclosure__in=items.values("pk"))
    return rows.newest_first()


def disclosures(rows):
    """The items of some listing rows (a page, a preview, a feed), through the public gate,
    newest first."""
    return (
        Disclosure.objects.listed()
        .filter(pk__in=rows.values("disclosure_id"))
        .order_by("-published_at", "-id")
    )


def newest(column_id: int, size: int, *, now=None):
    """The newest ``size`` listed items under a column (its feed)."""
    return disclosures(ColumnListing.objects.under(column_id, now=now).newest_first()[:size])
