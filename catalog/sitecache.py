"""Per-process memo of what every public page shows and staff rarely change.

The active organisations, the column tree, the topic list and HTML fragments rendered only
from them and the site settings (header, footer, navigation, filter-form options) are read from
the database once and kept in this process, so a public page spends little query and template
work on them. The site settings row itself is read per request (one primary-key lookup) and
keys the fragments built from it.

Invalidation: saving or deleting a SiteSettings, Organisation, Category or TopicCategory row
(admin, services, shell) clears this process's memo at once and, after the commit, stores a new
random version token in the shared cache (Redis or the database cache table). Every process
compares its token with the shared one at most every ``CHECK_SECONDS`` and drops its memo when
they differ, so other processes follow within seconds. Writes that bypass model signals
(``bulk_create``, ``update()``, raw SQL) are picked up after ``MAX_AGE`` at the latest.

Only site-wide, public values go in here: nothing per user or per request, no personal data.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

CHECK_SECONDS = 5.0
MAX_AGE = 900.0

T = TypeVar("T")


class Memo:
    """A per-process dict of derived values, emptied when its shared version token changes.

    ``changed()`` empties it here at once and, after the commit, publishes a new token in the
    shared cache; other processes see the token within ``check_seconds``. ``max_age`` bounds
    the life of everything in it (for writes that bypass the signals), ``max_entries`` its size
    (the oldest half goes when it is full).
    """

    def __init__(
        self,
        version_key: str,
        *,
        check_seconds: float = CHECK_SECONDS,
        max_age: float = MAX_AGE,
        max_entries: int = 512,
    ) -> None:
        self.version_key = version_key
        self.check_seconds = check_seconds
        self.max_age = max_age
        self.max_entries = max_entries
        self.lock = threading.Lock()
        self.data: dict[Any, Any] = {}
        self.building: dict[Any, threading.Lock] = {}
        self.generation = 0
        self.token: str | None = None
        # A new (empty) memo is built from the database as it is now: the first look at the
        # shared token can wait for the normal interval.
        self.checked = time.monotonic()
        self.started = time.monotonic()

    def clear(self) -> None:
        with self.lock:
            self.data = {}
            self.generation += 1
            self.started = time.monotonic()

    def reset(self, **kwargs) -> None:
        """Forget everything, the token included (settings changed, tests)."""
        self.clear()
        self.token = None
        self.checked = time.monotonic()

    def _shared_token(self) -> str | None:
        try:
            token = cache.get(self.version_key)
            if token is None:
                cache.add(self.version_key, uuid.uuid4().hex, timeout=None)
                token = cache.get(self.version_key)
        except Exception:  # a missing cache table must not take the site down
            logger.warning("shared cache unavailable; memo relies on max_age", exc_info=True)
            return None
        return token

    def refresh(self) -> None:
        now = time.monotonic()
        if now - self.checked < self.check_seconds and now - self.started < self.max_age:
            return
        if not shared_token_readable():
            return
        self.checked = now
        token = self._shared_token()
        if token != self.token or now - self.started >= self.max_age:
            self.clear()
            self.token = token

    def get(
        self, key: Any, build: Callable[[], T], *, keep: Callable[[T], bool] | None = None
    ) -> T:
        """The value under ``key``, built once per version in this process. Threads asking
        for a key another thread is building wait for it instead of building it again (after
        a change, eight requests for one cold list would otherwise run its query eight times
        at once). A value ``keep`` refuses is handed out and not kept (a key made of request
        parameters that turned out malformed must not take a place in the memo)."""
        self.refresh()
        try:
            return self.data[key]
        except KeyError:
            pass
        with self.lock:
            building = self.building.setdefault(key, threading.Lock())
        with building:
            try:
                return self.data[key]
            except KeyError:
                pass
            try:
                return self._build(key, build, keep)
            finally:
                with self.lock:
                    self.building.pop(key, None)

    def _build(self, key: Any, build: Callable[[], T], keep=None) -> T:
        generation = self.generation
        value = build()
        if keep is not None and not keep(value):
            return value
        with self.lock:
            # A change while building may have made the value stale: hand it out, keep nothing.
            if generation == self.generation:
                if len(self.data) >= self.max_entries:
                    for old in list(self.data)[: self.max_entries // 2]:
                        del self.data[old]
                self.data[key] = value
        return value

    def _publish_new_version(self) -> None:
        token = uuid.uuid4().hex
        try:
            cache.set(self.version_key, token, timeout=None)
        except Exception:
            logger.warning("could not publish a new memo version", exc_info=True)
            token = None
        self.clear()
        self.token = token
        self.checked = time.monotonic()

    def changed(self, *, using: str = "default") -> None:
        """Forget the memo here now, and everywhere once the change is committed."""
        self.clear()
        transaction.on_commit(self._publish_new_version, using=using)

    def on_model_change(self, sender, **kwargs) -> None:
        """Signal receiver for the models the memo is built from."""
        self.changed(using=kwargs.get("using") or "default")


def shared_token_readable() -> bool:
    """Outside a transaction only: inside one (ATOMIC_REQUESTS, tests) the database cache
    would be read in the transaction's snapshot, and the local signals already cover it."""
    return not connection.in_atomic_block


_memo = Memo("catalog:sitecache:version")
memo = _memo.get
on_model_change = _memo.on_model_change
reset = _memo.reset


def generation() -> int:
    """Changes whenever the site memo is emptied: part of the key of values built from it."""
    _memo.refresh()
    return _memo.generation


# --------------------------------------------------------------------------- the values


def site_settings():
    """The settings row, never stale: read on every call with one plain primary-key query,
    turned into a model instance only when its ``updated_at`` changed. Fragments built from
    it are keyed by the same ``updated_at`` (``{% site_fragment %}``), so a change shows at
    once in every process.
    """
    from catalog.models import SiteSettings

    fields = [field.attname for field in SiteSettings._meta.concrete_fields]
    table = connection.ops.quote_name(SiteSettings._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE id = %s",  # noqa: S608 - model metadata only
            [SiteSettings.SINGLETON_ID],
        )
        row = cursor.fetchone()
    if row is None:  # not configured yet: the defaults
        return memo(("site_settings", None), SiteSettings)
    stamp = row[fields.index("updated_at")]
    return memo(
        ("site_settings", stamp), lambda: SiteSettings.from_db(connection.alias, fields, row)
    )


def active_organisations() -> list:
    """Active organisations in display order (parents loaded), shared read-only instances."""
    from catalog.models import Organisation

    return memo(
        "organisations",
        lambda: list(Organisation.objects.active().select_related("parent")),
    )


def organisation_by_slug(slug: str):
    """The active organisation with this slug, or None."""
    index = memo("organisations_by_slug", lambda: {o.slug: o for o in active_organisations()})
    return index.get(slug)


class ColumnTree:
    """The column tree (栏目) indexed by id and slug, with each column's children in order."""

    def __init__(self, categories: list) -> None:
        self.by_id = {c.pk: c for c in categories}
        self.by_slug = {c.slug: c for c in categories}
        self.children: dict[int, list] = {c.pk: [] for c in categories}
        for category in categories:
            if category.parent_id is not None:
                category.parent = self.by_id.get(category.parent_id)
                self.children.setdefault(category.parent_id, []).append(category)

    def with_children_ids(self, category) -> list[int]:
        return [category.pk, *(c.pk for c in self.children.get(category.pk, []))]


def column_tree() -> ColumnTree:
    from catalog.models import Category

    return memo(
        "column_tree", lambda: ColumnTree(list(Category.objects.order_by("sort_order", "id")))
    )


def organisations_by_id() -> dict:
    """Every organisation (inactive ones too: their items stay public) by id."""
    from catalog.models import Organisation

    return memo("organisations_by_id", lambda: Organisation.objects.in_bulk())


def topic_labels() -> dict[int, str]:
    """``str()`` of every 主题分类 by id (``一级\\二级``)."""
    from catalog.models import TopicCategory

    return memo(
        "topic_labels",
        lambda: {t.pk: str(t) for t in TopicCategory.objects.select_related("parent")},
    )


def top_topics() -> list:
    """First-level 主题分类 with their sub-topic ids (``child_ids``)."""
    from catalog.models import TopicCategory

    def build():
        topics = list(TopicCategory.objects.order_by("sort_order", "id"))
        top = [t for t in topics if t.parent_id is None]
        for topic in top:
            topic.child_ids = [t.pk for t in topics if t.parent_id == topic.pk]
        return top

    return memo("top_topics", build)
