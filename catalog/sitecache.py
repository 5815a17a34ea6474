"""Per-process memo of what every public page shows and staff rarely change.

The active organisations, the column tree, the topic list and HTML fragments rendered only
from them and the site settings (header, footer, navigation, filter-form options) are read from
the database once and kept in this process, so a public page spends little query and template
work on them. The site settings row itself is read per request (one primary-key lookup) and
keys the fragments built from it.

Invalidation: saving or deleting a SiteSettings, Organisation, Category or TopicCategory row
(admin, services, shell) clears this process's memo at once and, after the commit, stores a new
random version token in the shared cache (Redis or the database cache table). Every process
compares its token with the shared one at most every ``kernel.memo.CHECK_SECONDS`` and drops its memo when
they differ, so other processes follow within seconds. Writes that bypass model signals
(``bulk_create``, ``update()``, raw SQL) are picked up after ``kernel.memo.MAX_AGE`` at the latest.

Only site-wide, public values go in here: nothing per user or per request, no personal data.
"""

from __future__ import annotations

from django.db import connection

from kernel.memo import Memo

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
