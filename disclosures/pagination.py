"""Pagination that costs the same on a million items as on ten thousand.

Counting every match of a large column costs a scan of the whole column on each request, and a
deep OFFSET walks every skipped row. Beyond ``ROW_CAP`` rows the total is shown as
“约10,000条以上” and browsing stops at the last page within the cap; the filters (year, date
range, organisation) narrow a list to reach older items.

List pages pass a ``memo_key``: the capped count and the sort key of the first row of every page
(the page "anchors") are then read in one query and kept in ``lists``, a per-process memo that
every change to an item empties (signals below, shared version token, see
kernel.memo.Memo). A page beyond the first is then read by keyset from its anchor
(``published_at``/``id`` at most the anchor's), so page 400 costs what page 1 costs.

The object list is either items (ordered ``-published_at, -id``) or rows of the column listing
(``-published_at, -disclosure_id``, disclosures.listing); the keyset follows its ordering.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.paginator import Paginator
from django.core.signals import setting_changed
from django.db import connections
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property

from catalog import sitecache
from disclosures.models import Attachment, ColumnListing, Disclosure, SearchEntry, ServiceGuide
from disclosures.workflow import Status
from kernel.memo import Memo

ROW_CAP = 10_000
T = TypeVar("T")

# Public list data (counts, page anchors, rows, column previews) of listed items, and the
# data of recently viewed item pages (fewer: an item carries its whole text).
lists = Memo("disclosures:lists:version", max_entries=4000)
items = Memo("disclosures:items:version", max_entries=500)
_FOREVER = dt.datetime.max.replace(tzinfo=dt.UTC)


def _visibility_window() -> tuple[dt.datetime, dt.datetime]:
    """From now until the next scheduled item goes public, the listed set stays the same."""
    now = timezone.now()
    scheduled = Disclosure.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
    upcoming = scheduled.aggregate(first=Min("published_at"))["first"]
    return now, upcoming or _FOREVER


def cached(
    key: Any, build: Callable[[], T], memo: Memo = lists, *, keep: Callable[[T], bool] | None = None
) -> T:
    """A value derived from public items, kept until an item changes or one goes public
    (and only if ``keep`` accepts it, when given)."""
    since, until = memo.get("visibility-window", _visibility_window)
    now = timezone.now()
    if not since <= now < until:
        memo.clear()
        memo.get("visibility-window", _visibility_window)
    # Rows carry organisation and column names: a site change (catalog.sitecache) renews them.
    return memo.get((sitecache.generation(), key), build, keep=keep)


def _items_changed(sender, **kwargs) -> None:
    using = kwargs.get("using") or "default"
    lists.changed(using=using)
    items.changed(using=using)


def connect_signals() -> None:
    """Every write path that changes what a public list or item page shows (services, admin,
    shell) empties the memos; called from ``DisclosuresConfig.ready``."""
    # SearchEntry too: the index is refreshed after the item's transaction commits, so a
    # search cached in between is dropped when its entry changes. ColumnListing rows written
    # through the ORM (disclosures.listing writes in SQL and empties the memo itself).
    for model in (Disclosure, Attachment, ServiceGuide, SearchEntry, ColumnListing):
        for signal in (post_save, post_delete):
            signal.connect(
                _items_changed,
                sender=model,
                dispatch_uid=f"disclosures.lists.{model.__name__}.{signal is post_save}",
            )
    m2m_changed.connect(
        _items_changed, sender=Disclosure.categories.through, dispatch_uid="disclosures.lists.m2m"
    )
    # Cached rows hold URLs: rebuild them when settings change (and between tests).
    setting_changed.connect(lists.reset, dispatch_uid="disclosures.lists.settings")
    setting_changed.connect(items.reset, dispatch_uid="disclosures.items.settings")


def order_keys(queryset) -> tuple[str, str]:
    """The list order's fields: ``published_at`` and the id breaking ties (``id`` for items,
    ``disclosure_id`` for listing rows), from the queryset's ``-published_at, -<id>``."""
    order = tuple(queryset.query.order_by)
    if len(order) == 2 and order[0] == "-published_at" and order[1].startswith("-"):
        return "published_at", order[1][1:]
    return "published_at", "id"


def count_and_anchors(queryset, per_page: int, cap: int) -> tuple[int, list[tuple]]:
    """The count (up to ``cap`` + 1) and the (published_at, id) of each page's first row.

    One query over at most ``cap`` + 1 index entries; the queryset must be ordered newest
    first (``order_keys``).
    """
    date, pk = order_keys(queryset)
    inner = queryset.order_by(f"-{date}", f"-{pk}").values_list(date, pk)
    sql, params = inner[: cap + 1].query.sql_with_params()
    # The inner SQL is the ORM's own, with its parameters kept separate.
    wrapped = (
        "SELECT n, published_at, id FROM ("  # noqa: S608
        f" SELECT s.{date} AS published_at, s.{pk} AS id, count(*) OVER () AS n,"
        f" row_number() OVER (ORDER BY s.{date} DESC, s.{pk} DESC) AS rn"
        f" FROM ({sql}) s) t WHERE (rn - 1) %% %s = 0 ORDER BY rn"
    )
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(wrapped, [*params, per_page])
        rows = cursor.fetchall()
    if not rows:
        return 0, []
    return rows[0][0], [(published_at, pk) for _n, published_at, pk in rows]


class CappedPaginator(Paginator):
    row_cap = ROW_CAP

    def __init__(self, object_list, per_page, *args, memo_key: Any = None, **kwargs):
        self.memo_key = memo_key
        super().__init__(object_list, per_page, *args, **kwargs)

    @cached_property
    def _index(self) -> tuple[int, list[tuple] | None]:
        if self.memo_key is None:
            return self.object_list[: self.row_cap + 1].count(), None

        def build():
            return count_and_anchors(self.object_list, self.per_page, self.row_cap)

        return cached(("index", self.memo_key, self.per_page, self.row_cap), build)

    @cached_property
    def count(self) -> int:
        """The exact count up to the cap; ``row_cap`` + 1 means “more than the cap”."""
        return self._index[0]

    @property
    def is_capped(self) -> bool:
        return self.count > self.row_cap

    @cached_property
    def num_pages(self) -> int:
        if self.is_capped:
            return max(self.row_cap // self.per_page, 1)
        return super().num_pages

    def _check_object_list_is_ordered(self):
        if self.memo_key is None:  # memo-keyed lists are always newest first, and lazy
            super()._check_object_list_is_ordered()

    def page(self, number):
        number = self.validate_number(number)
        if self.memo_key is None:
            return super().page(number)

        def items():
            anchors = self._index[1]
            if number > 1 and anchors and number <= len(anchors):
                published_at, pk = anchors[number - 1]
                date, key = order_keys(self.object_list)
                # Keyset from the page's anchor: the range lets the index start right there.
                return self.object_list.filter(**{f"{date}__lte": published_at}).filter(
                    Q(**{f"{date}__lt": published_at}) | Q(**{f"{key}__lte": pk})
                )[: self.per_page]
            bottom = (number - 1) * self.per_page
            top = min(bottom + self.per_page, self.count)
            return self.object_list[bottom:top]

        # Read only when the page's rows are not in the memo.
        return self._get_page(SimpleLazyObject(items), number, self)
