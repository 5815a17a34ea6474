"""The column listing (disclosures.listing): exact after every write path, and column lists,
previews and feeds read from it show exactly what the query over the M2M table showed."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog import sitecache
from catalog.models import Category, TopicCategory
from disclosures import feeds, listing, pagination, services, views
from disclosures.filters import DisclosureFilter
from disclosures.models import ColumnListing, Disclosure
from disclosures.pagination import CappedPaginator
from disclosures.workflow import Status
from tests.disclosures.builders import (
    at,
    draft_item,
    edit_published,
    publish_item,
    staff_pair,
    submitted_item,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_memos():
    sitecache.reset()
    pagination.lists.reset()
    pagination.items.reset()


def cols(*slugs: str) -> list[Category]:
    found = {c.slug: c for c in Category.objects.filter(slug__in=slugs)}
    return [found[s] for s in slugs]


def col_id(slug: str) -> int:
    return Category.objects.get(slug=slug).pk


def truth() -> set[tuple]:
    """What the listing must hold, from the items, their M2M links and the column tree."""
    rows = set()
    items = Disclosure.objects.filter(status=Status.PUBLISHED, published_at__isnull=False)
    for item in items.prefetch_related("categories"):
        for category in item.categories.all():
            for column_id in (category.pk, category.parent_id):
                if column_id is not None:
                    rows.add(
                        (column_id, item.pk, item.published_at, item.organisation_id, item.genre)
                    )
    return rows


def stored() -> set[tuple]:
    return set(
        ColumnListing.objects.values_list(
            "column_id", "disclosure_id", "published_at", "organisation_id", "genre"
        )
    )


def columns_of(item: Disclosure) -> set[str]:
    ids = ColumnListing.objects.filter(disclosure=item).values_list("column_id", flat=True)
    return set(Category.objects.filter(pk__in=list(ids)).values_list("slug", flat=True))


@pytest.fixture
def org_staff(org_a):
    return staff_pair(org_a)


# --------------------------------------------------------------------------- keeping it exact


def test_listing_follows_every_transition_of_an_item(org_a, org_staff):
    author, reviewer = org_staff
    item = draft_item(org_a, author=author, title="临时救助办法", column="gfxwj")
    assert columns_of(item) == set()
    item = services.submit_disclosure(actor=author, disclosure=item)
    assert columns_of(item) == set()
    item = services.return_disclosure(actor=reviewer, disclosure=item, reason="请补充依据")
    item = services.submit_disclosure(actor=author, disclosure=item)
    assert columns_of(item) == set()

    services.publish_disclosure(actor=reviewer, disclosure=item, publish_at=at(2025, 3, 1))
    # the column and its parent (政策文件 lists its sub-column's items)
    assert columns_of(item) == {"gfxwj", "zcwj"}
    assert stored() == truth()

    edit_published(actor=author, disclosure=item, values={}, categories=cols("gzdt", "tzgg"))
    assert columns_of(item) == {"gzdt", "tzgg", "fdzdgk"}  # one row for the shared parent
    assert stored() == truth()

    edit_published(actor=author, disclosure=item, values={}, categories=cols("zcwj", "gfxwj"))
    assert columns_of(item) == {"zcwj", "gfxwj", "fdzdgk"}
    assert stored() == truth()

    services.change_validity(
        actor=reviewer,
        disclosure=item,
        validity="repealed",
        changed_on=dt.date(2025, 6, 1),
        note="已废止",
    )
    edit_published(actor=author, disclosure=item, values={"title": "新标题"})
    assert columns_of(item) == {"zcwj", "gfxwj", "fdzdgk"}
    edit_published(actor=author, disclosure=item, values={"genre": "opinion"})
    assert set(ColumnListing.objects.filter(disclosure=item).values_list("genre", flat=True)) == {
        "opinion"
    }
    assert stored() == truth()

    services.withdraw_disclosure(actor=reviewer, disclosure=item, reason="内容有误")
    assert columns_of(item) == set()
    assert stored() == truth()


def test_listing_rows_carry_the_date_and_organisation_of_the_item(org_a, org_staff):
    author, reviewer = org_staff
    item = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="通知",
        column="tzgg",
        publish_at=at(2024, 5, 6, 7, 8),
    )
    rows = set(
        ColumnListing.objects.values_list("column_id", "published_at", "organisation_id", "genre")
    )
    assert rows == {
        (col_id("tzgg"), item.published_at, org_a.pk, "notice"),
        (col_id("fdzdgk"), item.published_at, org_a.pk, "notice"),
    }


def test_refresh_writes_nothing_when_the_listing_is_right(org_a, org_staff):
    author, reviewer = org_staff
    item = publish_item(org_a, author=author, reviewer=reviewer, title="通知", column="gfxwj")
    assert listing.refresh_listing(item) == 0
    ColumnListing.objects.filter(disclosure=item, column_id=col_id("zcwj")).delete()
    ColumnListing.objects.filter(disclosure=item).update(published_at=at(2000))
    assert listing.refresh_listing(item) == 2  # one row written back, one corrected
    assert stored() == truth()


def test_scheduled_item_is_listed_only_once_its_time_comes(client, org_a, org_staff, monkeypatch):
    author, reviewer = org_staff
    when = timezone.now() + dt.timedelta(hours=1)
    item = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="定时发布的通知",
        column="tzgg",
        publish_at=when,
    )
    assert columns_of(item) == {"tzgg", "fdzdgk"}  # stored with its future date
    assert not ColumnListing.objects.under(col_id("tzgg")).exists()
    for url in ("/xxgk/lm/tzgg/", "/xxgk/ml/?column=tzgg", "/xxgk/fdzdgk/", "/feeds/atom/lm/tzgg/"):
        assert "定时发布的通知" not in client.get(url).content.decode(), url

    later = when + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for url in ("/xxgk/lm/tzgg/", "/xxgk/ml/?column=tzgg", "/xxgk/fdzdgk/", "/feeds/atom/lm/tzgg/"):
        assert "定时发布的通知" in client.get(url).content.decode(), url


def test_generate_catalogue_fills_the_listing(db):
    call_command(
        "generate_catalogue",
        "150",
        "--organisations",
        "2",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert len(stored()) >= 150
    assert stored() == truth()


def _damage(org_a, org_staff) -> tuple[int, Disclosure]:
    """A listing with three wrong rows: a missing one, a wrong date, a withdrawn item's."""
    author, reviewer = org_staff
    kept = publish_item(org_a, author=author, reviewer=reviewer, title="甲", column="gfxwj")
    gone = publish_item(org_a, author=author, reviewer=reviewer, title="乙", column="gzdt")
    services.withdraw_disclosure(actor=reviewer, disclosure=gone, reason="撤回")
    ColumnListing.objects.filter(disclosure=kept, column_id=col_id("zcwj")).delete()
    ColumnListing.objects.filter(disclosure=kept).update(published_at=at(2001))
    ColumnListing.objects.create(
        disclosure=gone,
        column_id=col_id("gzdt"),
        organisation=org_a,
        genre=gone.genre,
        published_at=gone.published_at,
    )
    assert stored() != truth()
    return 3, gone


def test_rebuild_command_repairs_the_listing_and_reports_it(org_a, org_staff):
    wrong, _gone = _damage(org_a, org_staff)
    out, err = io.StringIO(), io.StringIO()
    call_command("rebuild_column_listing", "--batch-size", "1", stdout=out, stderr=err)
    assert stored() == truth()
    assert f"修正 {wrong} 条" in out.getvalue()
    assert "100.0%" in err.getvalue()

    out = io.StringIO()
    call_command("rebuild_column_listing", stdout=out, stderr=io.StringIO())
    assert "修正 0 条" in out.getvalue()


@pytest.mark.parametrize(
    "bulk",
    [False, pytest.param(True, marks=pytest.mark.django_db(transaction=True))],  # TRUNCATE
)
def test_rebuild_search_index_leaves_the_listing_complete(org_a, org_staff, bulk):
    _damage(org_a, org_staff)
    args = ["--bulk"] if bulk else []
    out = io.StringIO()
    call_command("rebuild_search_index", *args, stdout=out, stderr=io.StringIO())
    assert stored() == truth()
    assert "栏目列表已核对，修正 3 条" in out.getvalue()


def test_a_column_moved_to_another_parent_moves_its_items(client, org_a, org_staff):
    author, reviewer = org_staff
    only_child = publish_item(org_a, author=author, reviewer=reviewer, title="甲", column="gfxwj")
    both = publish_item(
        org_a, author=author, reviewer=reviewer, title="乙", column=["gfxwj", "zcwj"]
    )
    assert "甲" in client.get("/xxgk/lm/zcwj/").content.decode()

    column = Category.objects.get(slug="gfxwj")
    column.parent = Category.objects.get(slug="gzdt")
    column.save()  # what the admin's change form does

    assert columns_of(only_child) == {"gfxwj", "gzdt"}
    assert columns_of(both) == {"gfxwj", "zcwj", "gzdt", "fdzdgk"}
    assert stored() == truth()
    assert "甲" not in client.get("/xxgk/lm/zcwj/").content.decode()
    assert "甲" in client.get("/xxgk/lm/gzdt/").content.decode()

    column.name = "行政规范性文件（新）"
    column.save()  # no parent change: nothing to do
    assert stored() == truth()


def test_a_deleted_column_takes_its_rows_and_its_items_parent_rows(org_a, org_staff):
    author, reviewer = org_staff
    only_child = publish_item(org_a, author=author, reviewer=reviewer, title="甲", column="gfxwj")
    both = publish_item(
        org_a, author=author, reviewer=reviewer, title="乙", column=["gfxwj", "zcwj"]
    )
    Category.objects.get(slug="gfxwj").delete()
    assert columns_of(only_child) == set()
    assert columns_of(both) == {"zcwj", "fdzdgk"}
    assert stored() == truth()


def test_a_deleted_item_takes_its_rows(org_a, org_staff):
    author, reviewer = org_staff
    item = publish_item(org_a, author=author, reviewer=reviewer, title="甲", column="gfxwj")
    Disclosure.objects.filter(pk=item.pk).delete()
    assert stored() == set()


def test_a_listing_row_written_through_the_orm_empties_the_list_memo(client, org_a, org_staff):
    author, reviewer = org_staff
    item = publish_item(org_a, author=author, reviewer=reviewer, title="甲条目", column="tzgg")
    assert "甲条目" in client.get("/xxgk/lm/tzgg/").content.decode()
    ColumnListing.objects.filter(disclosure=item, column_id=col_id("tzgg")).delete()
    assert "甲条目" not in client.get("/xxgk/lm/tzgg/").content.decode()
    ColumnListing.objects.create(
        disclosure=item,
        column_id=col_id("tzgg"),
        organisation=org_a,
        genre=item.genre,
        published_at=item.published_at,
    )
    assert "甲条目" in client.get("/xxgk/lm/tzgg/").content.decode()


def test_page_rows_go_through_the_public_gate(client, org_a, org_staff):
    """A listing row left behind by a write that bypassed the services never shows a
    withdrawn item."""
    author, reviewer = org_staff
    item = publish_item(org_a, author=author, reviewer=reviewer, title="撤回的条目", column="tzgg")
    Disclosure.objects.filter(pk=item.pk).update(
        status=Status.WITHDRAWN, withdrawn_reason="绕过服务"
    )
    assert columns_of(item) == {"tzgg", "fdzdgk"}
    for url in ("/xxgk/lm/tzgg/", "/xxgk/fdzdgk/", "/feeds/atom/lm/tzgg/"):
        assert "撤回的条目" not in client.get(url).content.decode(), url


# --------------------------------------------------------------------------- same pages as before


@pytest.fixture
def catalogue(org_a, org_b, org_staff):
    """Items over two organisations, two years, columns with sub-columns (and an item filed
    under a column and its sub-column), several genres and topics, a repealed item, ties in
    publication time across page boundaries, and items that must never be listed."""
    author, reviewer = org_staff
    author_b, reviewer_b = staff_pair(org_b)
    topics = list(TopicCategory.objects.filter(parent__isnull=False).order_by("id")[:2])
    plan = [
        # (organisation, columns, genre, topic, count)
        ("a", ["gzdt"], "news", None, 9),
        ("a", ["gfxwj"], "normative", topics[0], 5),
        ("b", ["zcwj"], "notice", topics[1], 5),
        ("b", ["tzgg"], "announcement", None, 4),
        ("a", ["zcwj", "gfxwj"], "normative", topics[0], 2),
        ("b", ["gzdt", "tzgg"], "news", topics[1], 2),
        ("a", ["cxdb"], "notice", None, 3),
    ]
    items, n = [], 0
    for org_key, columns, genre, topic, count in plan:
        org, a, r = (org_a, author, reviewer) if org_key == "a" else (org_b, author_b, reviewer_b)
        for _ in range(count):
            year = (2024, 2025)[n // 3 % 2]
            # Items 3k+1 and 3k+2 share their time: ties broken by id, across page ends.
            when = at(year, 2, 1) + dt.timedelta(hours=n - (n % 3 == 2))
            items.append(
                publish_item(
                    org,
                    author=a,
                    reviewer=r,
                    title=f"条目{n:02d}",
                    column=columns,
                    genre=genre,
                    topic=topic,
                    document_number=f"测文〔{year}〕{n}号",
                    publish_at=when,
                )
            )
            n += 1
    services.change_validity(
        actor=reviewer,
        disclosure=items[10],
        validity="repealed",
        changed_on=dt.date(2025, 6, 1),
        note="已废止",
    )
    withdrawn = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="撤回的条目",
        column="gzdt",
        publish_at=at(2025, 1, 9),
    )
    services.withdraw_disclosure(actor=reviewer, disclosure=withdrawn, reason="撤回")
    publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="定时的条目",
        column="zcwj",
        publish_at=timezone.now() + dt.timedelta(days=2),
    )
    draft_item(org_a, author=author, title="草稿条目", column="gzdt")
    submitted_item(org_a, author=author, title="待审条目", column="tzgg")
    return {"items": items, "topics": topics}


def _old_list(column_slug: str | None, params: dict) -> list[int]:
    """The list as the previous code built it: listed items, the column with its direct
    sub-columns through the M2M table, then the other filters of the filter set."""
    queryset = Disclosure.objects.listed()
    tree = sitecache.column_tree()
    for slug in (column_slug, params.get("column")):
        if slug in tree.by_slug:  # an unknown column filter is ignored
            queryset = queryset.in_columns(tree.with_children_ids(tree.by_slug[slug]))
    others = {k: v for k, v in params.items() if k != "column"}
    filtered = DisclosureFilter(others or None, queryset=queryset).qs
    return list(filtered.order_by("-published_at", "-id").values_list("pk", flat=True))


def _shown(client, url: str) -> tuple[list[int], str]:
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    ids = [int(pk) for pk in re.findall(r'href="/xxgk/xx/(\d+)/"', body.group(1))] if body else []
    return ids, html


def _all_pages(client, path: str, query: str, per_page: int) -> tuple[list[int], str]:
    """Every page of a list, the first one's HTML."""
    ids, first = _shown(client, f"{path}?{query}")
    total = re.search(r"共(\d+)条", first)
    pages = -(-int(total.group(1)) // per_page) if total else 1
    for number in range(2, pages + 1):
        more, _ = _shown(client, f"{path}?{query}&page={number}")
        assert len(more) == (per_page if number < pages else len(more)), (path, query, number)
        ids += more
    return ids, first


LIST_CASES = [
    ("gzdt", {}),
    ("gzdt", {"year": "2025"}),
    ("gzdt", {"organisation": "a-mzj"}),
    ("gzdt", {"organisation": "b-czj", "year": "2024"}),
    ("gzdt", {"genre": "news", "year": "2024"}),
    ("zcwj", {}),  # with its sub-column 行政规范性文件
    ("zcwj", {"validity": "repealed"}),
    ("zcwj", {"organisation": "a-mzj", "genre": "normative"}),
    ("zcwj", {"topic": "TOPIC0"}),
    ("zcwj", {"q": "条目1"}),
    ("zcwj", {"start": "2025-02-01", "end": "2025-02-01"}),
    ("zcwj", {"column": "gzdt"}),  # the hidden column filter narrows the column
    ("fdzdgk", {}),  # direct sub-columns only: not 行政规范性文件, a grandchild
    ("fdzdgk", {"organisation": "b-czj", "year": "2025"}),
    ("shjz", {"year": "2024"}),
    ("gfxwj", {"year": "2024", "organisation": "a-mzj"}),
    ("tzgg", {"year": "abc"}),  # malformed: ignored
    (None, {"column": "zcwj"}),
    (None, {"column": "zcwj", "year": "2025", "organisation": "a-mzj"}),
    (None, {"column": "fdzdgk", "genre": "news"}),
    (None, {"column": "gzdt", "start": "2024-01-01", "end": "2024-12-31"}),
    (None, {"column": "nope"}),  # unknown column: ignored, the whole catalogue
    (None, {"year": "2024"}),
]


def _case(catalogue, column, params):
    params = {
        k: (str(catalogue["topics"][0].pk) if v == "TOPIC0" else v) for k, v in params.items()
    }
    path = f"/xxgk/lm/{column}/" if column else "/xxgk/ml/"
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return path, query, params


def test_column_lists_show_what_the_m2m_query_showed(client, catalogue, monkeypatch):
    """Every list of LIST_CASES, every page (after the first, read from its anchor), against
    the previous query (one test, so the catalogue is built once)."""
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    for column, raw in LIST_CASES:
        path, query, params = _case(catalogue, column, raw)
        expected = _old_list(column, params)

        shown, first = _all_pages(client, path, query, 3)

        assert shown == expected, (path, query)
        assert len(expected) == len(set(expected))
        if expected:
            assert f"共{len(expected)}条" in first, (path, query)
    assert len(_old_list("zcwj", {})) > 7  # the sub-column's items are in


def test_a_deep_page_by_anchor_equals_the_offset_page(client, catalogue, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    expected = _old_list("fdzdgk", {})
    last = (len(expected) + 1) // 2
    pagination.lists.reset()
    ids, _ = _shown(client, f"/xxgk/lm/fdzdgk/?page={last}")  # cold: the anchors are read first
    assert ids == expected[(last - 1) * 2 : last * 2]
    assert ids


def test_capped_column_list_stops_at_the_cap(client, catalogue, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    monkeypatch.setattr(CappedPaginator, "row_cap", 7)
    expected = _old_list("fdzdgk", {})
    assert len(expected) > 7
    shown = []
    for number in (1, 2):
        ids, html = _shown(client, f"/xxgk/lm/fdzdgk/?page={number}")
        shown += ids
    assert "约7条以上" in html
    assert shown == expected[:6]


def _old_previews(columns, organisation_id=None) -> dict[int, list[int]]:
    """The previous preview query: the newest six of each column through the M2M table."""
    tree = sitecache.column_tree()
    result = {}
    for column in columns:
        items = Disclosure.objects.listed().in_columns(tree.with_children_ids(column))
        if organisation_id is not None:
            items = items.filter(organisation_id=organisation_id)
        result[column.pk] = list(
            items.order_by("-published_at", "-id").values_list("pk", flat=True)[:6]
        )
    return result


def test_previews_show_what_the_m2m_query_showed(catalogue, org_a, org_b):
    tree = sitecache.column_tree()
    columns = tree.children[tree.by_slug["fdzdgk"].pk]
    for org_id in (None, org_a.pk, org_b.pk):
        rows = views._preview_rows(columns, org_id)

        shown = {
            pk: [int(re.search(r"/(\d+)/$", row["url"]).group(1)) for row in found]
            for pk, found in rows.items()
        }
        assert shown == _old_previews(columns, org_id), org_id
        assert sum(map(len, shown.values())) > 5


def test_column_feed_shows_what_the_m2m_query_showed(client, catalogue, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 4)
    tree = sitecache.column_tree()
    for slug in ("zcwj", "fdzdgk", "gzdt", "shjz", "gfxwj", "yfaz"):
        expected = list(
            Disclosure.objects.listed()
            .in_columns(tree.with_children_ids(tree.by_slug[slug]))
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)[:4]
        )
        xml = client.get(f"/feeds/atom/lm/{slug}/").content.decode()
        shown = [int(pk) for pk in re.findall(r"<id>[^<]*/xxgk/xx/(\d+)/</id>", xml)]
        assert shown == expected, slug
        assert expected or slug == "yfaz"


def test_column_list_reads_one_range_of_the_listing(org_a):
    """The count and anchors of a column list, filtered by organisation and year, read the
    listing alone (no item table, no M2M table): conditions its indexes hold (the plans at a
    million items: docs/lists.md)."""
    filterset = DisclosureFilter(
        {"organisation": "a-mzj", "year": "2025"}, queryset=Disclosure.objects.listed()
    )
    rows = listing.column_list(col_id("gzdt"), filterset)
    sql, params = rows.values_list("published_at", "disclosure_id").query.sql_with_params()
    assert col_id("gzdt") in params
    assert '"disclosures_disclosure"' not in sql
    assert '"disclosures_disclosure_categories"' not in sql
    assert '"disclosures_columnlisting"."column_id" = %s' in sql
    assert '"disclosures_columnlisting"."organisation_id" = %s' in sql
    assert '"disclosures_columnlisting"."published_at" BETWEEN %s AND %s' in sql
