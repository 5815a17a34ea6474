"""Full-text search against PostgreSQL: recall, filters, order, caps, updates, the page."""

from __future__ import annotations

import datetime as dt
import random
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from disclosures import pagination, services
from disclosures.models import Genre, Validity
from disclosures.richtext import html_to_text
from disclosures.search import index, planner
from disclosures.search.index import SearchEntry
from disclosures.search.planner import Filters, search
from disclosures.search.text import normalise, parse_query
from tests.disclosures.builders import at, edit_published, publish_item, publish_items, staff_pair

pytestmark = pytest.mark.django_db

PHRASES = [
    "最低生活保障标准", "三公经费", "低保", "低保户", "政府信息公开", "PDF附件", "2021〕57",
    "民发〔2021〕57号", "11330100MB0000000X/2021-00012",
]  # fmt: skip
NEAR_MISSES = [
    "三公单位的经费", "最低生活的保障标准", "低温保护", "保户低", "政府公开信息",
    # numbers one digit away, or longer (which do contain a query's prefix)
    "民发〔2021〕157号", "民发〔2021〕5号", "财发（2021）57号", "11330100MB0000000X/2021-000123",
    "11330100MB0000000X/2021-0001",
]  # fmt: skip
FILLER = "本局依法做好相关工作进一步加强管理服务群众落实责任推进改革提高效率"
QUERIES = [
    "低保",
    "三公经费",
    "最低生活保障标准",
    "保障标准",
    "低保户",
    "三公 经费",
    "经费 三公",
    "低保 标准",
    "政府信息公开",
    "信息公开",
    "pdf附件",
    "PDF",
    "2021〕57",
    "1〕5",
    "火化殡葬",
    "工作",
    "民发〔2021〕57号",
    "〔2021〕57号",
    "发〔2021〕5",
    "财发(2021)57号",
    "11330100mb0000000x/2021-00012",
    "x/2021-0001",
    "/2021-00012",
]


@pytest.fixture(autouse=True)
def _fresh_statistics(monkeypatch):
    """Per-process memos of the search (lexeme statistics, row estimates) start empty."""
    monkeypatch.setattr(planner, "_frequencies", (float("-inf"), {}))
    monkeypatch.setattr(planner, "_row_estimates", {})
    pagination.lists.reset()  # cached search pages


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Run the services' on_commit index updates (the test transaction never commits)."""

    class Runner:
        def __enter__(self):
            self._ctx = django_capture_on_commit_callbacks(execute=True)
            return self._ctx.__enter__()

        def __exit__(self, *exc):
            return self._ctx.__exit__(*exc)

    return Runner


def _body(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 8)):
        start = rng.randrange(len(FILLER) - 10)
        parts.append(FILLER[start : start + rng.randint(4, 12)])
        roll = rng.random()
        if roll < 0.35:
            parts.append(rng.choice(PHRASES))
        elif roll < 0.6:
            parts.append(rng.choice(NEAR_MISSES))
        parts.append(rng.choice("，。；、 "))
    return "<p>" + "".join(parts) + "</p>"


def _ground_truth(items, query: str) -> set[int]:
    words = normalise(query).split()
    found = set()
    for item in items:
        text = "\n".join(
            normalise(t)
            for t in (item.title, html_to_text(item.body), item.document_number, item.index_number)
        )
        if all(w in text for w in words):
            found.add(item.pk)
    return found


def _all_ids(query: str, **filters) -> set[int]:
    parsed = parse_query(query)
    return set(planner.matching(parsed, Filters(**filters)).values_list("pk", flat=True))


def test_recall_equals_substring_ground_truth_on_generated_corpus(
    org_a, staff, indexed, monkeypatch
):
    author, reviewer = staff
    rng = random.Random(7)
    items = []
    with indexed():
        for i in range(300):
            title = f"关于{FILLER[i % 20 : i % 20 + 6]}的通知{i}"
            if i % 17 == 0:
                title += rng.choice(PHRASES)
            items.append(
                publish_item(
                    org_a,
                    author=author,
                    reviewer=reviewer,
                    title=title,
                    body=_body(rng),
                    publish_at=at(2020 + i % 5) + dt.timedelta(hours=i),
                )
            )
    assert SearchEntry.objects.count() == 300
    for query in QUERIES:
        truth = _ground_truth(items, query)
        assert _all_ids(query) == truth, query
        result = search(parse_query(query), order="date")
        assert result.total == len(truth), query
    # With every term counted as common, words look up only their least common bigram: the
    # recheck keeps the answer exact.
    monkeypatch.setattr(
        planner,
        "lexeme_frequencies",
        lambda: {t: 0.9 for q in QUERIES for t in parse_query(q).words[0].terms},
    )
    for query in QUERIES:
        assert _all_ids(query) == _ground_truth(items, query), query
    # Near misses really are in the corpus, so the exactness above is not vacuous.
    assert _ground_truth(items, "三公 经费") > _ground_truth(items, "三公经费")
    assert _ground_truth(items, "低保 户") > _ground_truth(items, "低保户")
    assert _ground_truth(items, "x/2021-0001") > _ground_truth(items, "x/2021-00012")
    assert _ground_truth(items, "发〔2021〕5") > _ground_truth(items, "民发〔2021〕57号")


def test_document_and_index_numbers_rank_first(org_a, staff, indexed):
    author, reviewer = staff
    with indexed():
        others = publish_items(
            org_a,
            5,
            author=author,
            reviewer=reviewer,
            title="转发民发〔2021〕57号文件的通知{i}",
            body="<p>根据民发〔2021〕57号文件精神，民发〔2021〕57号。</p>",
        )
        target = publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title="关于调整城乡低保标准的通知",
            document_number="民发〔2021〕57号",
            publish_at=at(2021),
        )
    for q in ["民发〔2021〕57号", "民发[2021]57号", "民发（2021）57号"]:
        for order in ["relevance", "date"]:
            result = search(parse_query(q), order=order)
            assert result.hits[0].disclosure.pk == target.pk, (q, order)
            assert result.hits[0].exact
            assert {h.disclosure.pk for h in result.hits} == {target.pk, *(o.pk for o in others)}
    result = search(parse_query(others[2].index_number))
    assert result.hits[0].disclosure.pk == others[2].pk
    assert result.total == 1
    assert _all_ids("2021〕57") == {target.pk, *(o.pk for o in others)}


def test_filters_and_orders(org_a, org_b, staff, indexed):
    author, reviewer = staff
    author_b, reviewer_b = staff_pair(org_b)
    with indexed():
        a_items = publish_items(
            org_a,
            4,
            author=author,
            reviewer=reviewer,
            column="cxdb",
            years=(2023, 2024),
            title="低保资金发放{i}",
            body="<p>低保</p>",
            genre=Genre.PUBLICITY,
        )
        b_items = publish_items(
            org_b,
            2,
            author=author_b,
            reviewer=reviewer_b,
            column="bmys",
            years=(2024,),
            title="部门预算{i}",
            body="<p>低保 低保 低保 低保资金</p>",
        )
    ids = lambda items: {i.pk for i in items}  # noqa: E731
    assert _all_ids("低保") == ids(a_items + b_items)
    assert _all_ids("低保", organisation_id=org_b.pk) == ids(b_items)
    from catalog.models import Category

    shjz = Category.objects.get(slug="shjz")  # parent column of 城乡低保
    cxdb = Category.objects.get(slug="cxdb")
    assert _all_ids("低保", column_id=cxdb.pk) == ids(a_items)
    assert _all_ids("低保", column_id=shjz.pk) == ids(a_items)
    assert _all_ids("低保", genre=Genre.PUBLICITY) == ids(a_items)
    assert _all_ids("低保", year=2023) == ids(a_items[0::2])
    assert _all_ids("低保", year=2024, organisation_id=org_a.pk) == ids(a_items[1::2])

    by_date = search(parse_query("低保"), order="date")
    dates = [h.disclosure.published_at for h in by_date.hits]
    assert dates == sorted(dates, reverse=True)
    # Relevance: the title (weight A) outranks many body occurrences.
    by_rank = search(parse_query("低保资金"), order="relevance")
    assert {h.disclosure.pk for h in by_rank.hits[:4]} == ids(a_items)


def _analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")


def test_common_query_is_answered_from_the_walk_with_an_estimate(
    org_a, staff, indexed, monkeypatch
):
    """The walk reads only the newest WALK_ROWS rows: the total is estimated from its share of
    matches, date order walks deeper for later pages, relevance ranks the newest matches."""
    author, reviewer = staff
    with indexed():
        items = [
            publish_item(
                org_a,
                author=author,
                reviewer=reviewer,
                title=f"测试信息{i:02d}",
                body="<p>政务公开工作</p>" if i % 2 else "<p>其他工作</p>",
                publish_at=at(2024) + dt.timedelta(hours=i),
            )
            for i in range(40)
        ]
    _analyze()
    matching_items = [item for i, item in enumerate(items) if i % 2]  # 20 items, every other
    newest_first = [item.pk for item in reversed(matching_items)]
    monkeypatch.setattr(planner, "WALK_ROWS", 10)
    monkeypatch.setattr(planner, "WALK_MIN_MATCHES", 3)
    monkeypatch.setattr(planner, "PAGE_SIZE", 4)
    monkeypatch.setattr(planner, "RANK_CANDIDATES", 3)

    first = search(parse_query("政务公开"), order="date")
    assert first.total_estimated
    assert not first.total_is_estimate
    assert first.total == 20  # 5 matches in the newest 10 rows × 40 rows
    assert first.num_pages == 5
    assert [h.disclosure.pk for h in first.hits] == newest_first[:4]
    # Page 5 lies beyond the walk's 5 matches: a deeper walk reaches it.
    last = search(parse_query("政务公开"), order="date", page=5)
    assert [h.disclosure.pk for h in last.hits] == newest_first[16:20]
    assert search(parse_query("政务公开"), order="date", page=99).page == 5

    ranked = search(parse_query("政务公开"), order="relevance")
    assert ranked.ranked_subset
    assert {h.disclosure.pk for h in ranked.hits} == set(newest_first[:3])
    assert ranked.num_pages == 1


def test_deep_page_stops_where_the_deepest_walk_ends(org_a, staff, indexed, monkeypatch):
    author, reviewer = staff
    with indexed():
        publish_items(org_a, 12, author=author, reviewer=reviewer, body="<p>救助公示</p>")
        publish_items(org_a, 30, author=author, reviewer=reviewer, years=(2019,), start=20)
    _analyze()
    monkeypatch.setattr(planner, "WALK_ROWS", 6)
    monkeypatch.setattr(planner, "WALK_MIN_MATCHES", 3)
    monkeypatch.setattr(planner, "WALK_MAX_ROWS", 20)
    monkeypatch.setattr(planner, "PAGE_SIZE", 4)
    result = search(parse_query("救助公示"), order="date", page=10)
    # The estimate promises more pages than the 20-row walk can reach; the list ends at page 3.
    assert (result.page, result.num_pages, len(result.hits)) == (3, 3, 4)


def test_rare_query_steps_back_by_months_with_exact_or_capped_count(
    org_a, staff, indexed, monkeypatch
):
    """Nothing among the newest rows: the search steps back month by month (never walking the
    date index row by row) and counts every match only when it stopped before the oldest."""
    author, reviewer = staff
    with indexed():
        oldest = publish_items(
            org_a, 3, author=author, reviewer=reviewer, years=(2012,), body="<p>殡葬改革</p>"
        )
        old = publish_items(
            org_a, 12, author=author, reviewer=reviewer, years=(2018,), body="<p>殡葬改革</p>"
        )
        publish_items(org_a, 20, author=author, reviewer=reviewer, years=(2025,), start=20)
    monkeypatch.setattr(planner, "WALK_ROWS", 10)  # the newest 10 rows hold no match
    monkeypatch.setattr(planner, "PAGE_SIZE", 4)
    monkeypatch.setattr(planner, "MAX_PAGES", 3)
    newest_first = [i.pk for i in reversed(old)] + [i.pk for i in reversed(oldest)]

    result = search(parse_query("殡葬改革"), order="date")
    # The steps stop in 2018 with enough for page 1; the count covers 2012 too.
    assert (result.total, result.total_is_estimate, result.total_estimated) == (15, False, False)
    assert [h.disclosure.pk for h in result.hits] == newest_first[:4]
    assert result.num_pages == 3
    last = search(parse_query("殡葬改革"), order="date", page=4)
    assert last.page == 3
    assert [h.disclosure.pk for h in last.hits] == newest_first[8:12]

    # Every match found by the steps (they reached 2012): exact total without a count.
    everything = search(parse_query("殡葬改革"), order="relevance")
    assert (everything.total, everything.ranked_subset) == (15, False)

    monkeypatch.setattr(planner, "COUNT_CAP", 10)
    monkeypatch.setattr(planner, "RANK_CANDIDATES", 6)
    capped = search(parse_query("殡葬改革"), order="relevance", page=99)
    assert (capped.total, capped.total_is_estimate) == (10, True)
    assert capped.ranked_subset
    assert (capped.num_pages, capped.page, len(capped.hits)) == (2, 2, 2)
    assert {h.disclosure.pk for h in capped.hits} <= set(newest_first[:6])


def test_stepping_back_finds_nothing_quickly_for_an_absent_word(org_a, staff, indexed, monkeypatch):
    author, reviewer = staff
    with indexed():
        publish_items(org_a, 6, author=author, reviewer=reviewer, years=(2016, 2025))
    monkeypatch.setattr(planner, "WALK_ROWS", 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        result = search(parse_query("火化"), order="date")
    assert (result.total, result.hits) == (0, [])
    # Spans double (1, 2, 4, … months): about ten years in a handful of lookups.
    assert len(queries.captured_queries) < 15


def test_withdraw_edit_attachment_validity_and_schedule(org_a, staff, indexed):
    author, reviewer = staff
    with indexed():
        item = publish_item(
            org_a, author=author, reviewer=reviewer, title="殡葬改革通知", body="<p>火化补贴</p>"
        )
        later = publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title="殡葬服务定时发布",
            publish_at=timezone.now() + dt.timedelta(days=2),
        )
    assert _all_ids("殡葬") == {item.pk}
    assert later.pk in _all_ids.__globals__["planner"].matching(
        parse_query("殡葬"), now=timezone.now() + dt.timedelta(days=3)
    ).values_list("pk", flat=True)

    with indexed():
        edit_published(actor=author, disclosure=item, values={"body": "<p>惠民殡葬政策</p>"})
    assert _all_ids("火化") == set()
    assert _all_ids("惠民殡葬") == {item.pk}

    from portal.demo.items import make_docx
    from tests.disclosures.builders import upload

    with indexed():
        services.add_attachment(
            actor=author,
            disclosure=item,
            upload=upload("说明.docx", make_docx("附件", ["骨灰堂建设说明"])),
        )
    assert _all_ids("骨灰堂") == set()  # not public until a reviewer approves it
    with indexed():
        edit_published(actor=author, disclosure=item)
    att = item.attachments.get()
    assert att.text
    if att.text:
        assert _all_ids("骨灰堂") == {item.pk}
        with indexed():
            services.remove_attachment(actor=author, attachment=att)
            edit_published(actor=author, disclosure=item)
        assert _all_ids("骨灰堂") == set()

    with indexed():
        services.change_validity(
            actor=reviewer,
            disclosure=item,
            validity=Validity.REPEALED,
            changed_on=timezone.localdate(),
            note="已废止",
        )
    assert _all_ids("惠民殡葬") == {item.pk}
    with indexed():
        services.withdraw_disclosure(actor=reviewer, disclosure=item, reason="内容有误")
    assert not SearchEntry.objects.filter(pk=item.pk).exists()
    assert _all_ids("殡葬") == set()


def test_rebuild_command(org_a, staff, indexed, capsys):
    author, reviewer = staff
    items = publish_items(org_a, 5, author=author, reviewer=reviewer, body="<p>低保标准</p>")
    SearchEntry.objects.all().delete()  # an index lost (or never built): rebuilt from scratch
    call_command("rebuild_search_index", batch_size=2)
    err = capsys.readouterr().err
    assert "100.0%" in err
    assert "5/5" in err
    assert _all_ids("低保标准") == {i.pk for i in items}
    call_command("rebuild_search_index")  # idempotent
    assert SearchEntry.objects.count() == 5


# --------------------------------------------------------------------------- the page


def test_search_page_renders_highlighted_escaped_results(client, org_a, staff, indexed):
    author, reviewer = staff
    with indexed():
        item = publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title="城乡低保标准调整",
            body="<p>&lt;script&gt;alert(1)&lt;/script&gt;本县最低生活保障标准提高</p>",
            document_number="民发〔2021〕57号",
        )
    html = client.get(reverse("search"), {"q": "保障标准"}).content.decode()
    assert "<mark>保障标准</mark>" in html
    assert "<script>alert" not in html
    assert "共1条" in html
    assert item.get_absolute_url() in html
    html = client.get(reverse("search"), {"q": "低保", "order": "date"}).content.decode()
    assert "城乡<mark>低保</mark>标准调整" in html
    assert "按发布时间排序" in html


def test_a_hit_shows_its_organisation_numbers_date_and_validity(client, org_a, staff, indexed):
    author, reviewer = staff
    with indexed():
        item = publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title="殡葬管理暂行办法",
            document_number="民规〔2019〕2号",
            publish_at=at(2025, 4, 1),
        )
        services.change_validity(
            actor=reviewer,
            disclosure=item,
            validity=Validity.REPEALED,
            changed_on=timezone.localdate(),
            note="已废止",
        )
    item.refresh_from_db()
    html = client.get(reverse("search"), {"q": "殡葬管理"}).content.decode()
    assert '<span class="badge badge-repealed">废止</span>' in html
    assert f"{org_a.name} · 民规〔2019〕2号 · 索引号 {item.index_number} · 2025-04-01" in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "可按标题、正文"),
        ("低" * 10_000, "搜索词过长"),
        ("，。！？——", "标点符号无法检索"),
        ("县", "请至少输入两个字"),
        ("'; DROP TABLE disclosures_disclosure; --", "未找到相关信息"),
        ("%_\\ \x00低保", "未找到相关信息"),
    ],
)
def test_search_page_is_polite_for_bad_queries(client, db, q, message):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_search_page_ignores_bad_filters_and_pages(client, org_a, staff, indexed):
    author, reviewer = staff
    with indexed():
        publish_items(org_a, 3, author=author, reviewer=reviewer, body="<p>低保</p>")
    response = client.get(
        reverse("search"), {"q": "低保", "year": "abc", "page": "x", "organisation": "nope"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "共3条" in html
    assert "已忽略" in html
    response = client.get(
        reverse("search"), {"q": "低保", "organisation": org_a.slug, "page": "999"}
    )
    assert "共3条" in response.content.decode()


def test_search_page_query_count_is_constant(
    client, org_a, staff, indexed, django_assert_max_num_queries
):
    author, reviewer = staff
    with indexed():
        publish_items(org_a, 3, author=author, reviewer=reviewer, body="<p>低保</p>")
    with django_assert_max_num_queries(16) as few:
        client.get(reverse("search"), {"q": "低保"})
    with indexed():
        publish_items(org_a, 25, author=author, reviewer=reviewer, body="<p>低保</p>", start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("search"), {"q": "低保"}).content.decode()
    assert html.count('class="search-hit"') == 20
    assert re.search(r"共28条", html)
    assert "page=2" in html


def test_search_page_shows_capped_total(client, org_a, staff, indexed, monkeypatch):
    author, reviewer = staff
    with indexed():
        publish_items(org_a, 6, author=author, reviewer=reviewer, body="<p>低保</p>")
    monkeypatch.setattr(planner, "COUNT_CAP", 5)
    monkeypatch.setattr(planner, "WALK_ROWS", 2)  # too few matches there: the rare path
    monkeypatch.setattr(planner, "RANK_CANDIDATES", 2)  # found in the first step back
    html = client.get(reverse("search"), {"q": "低保"}).content.decode()
    assert "约5条以上" in html
    monkeypatch.setattr(planner, "WALK_MIN_MATCHES", 2)  # now answered from the walk
    pagination.lists.reset()  # the page above is kept otherwise
    html = client.get(reverse("search"), {"q": "低保"}).content.decode()
    assert re.search(r"找到约\d+条相关信息", html)


def _search_indexes() -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s",
            [SearchEntry._meta.db_table],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)  # CREATE INDEX needs the rows committed
def test_bulk_rebuild_recreates_every_index(org_a, staff, capsys):
    author, reviewer = staff
    items = [
        publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title=f"特困供养{year}",
            body="<p>特困供养标准</p>",
            publish_at=at(year),
        )
        for year in (2025, 2021, 2023)
    ]
    expected = {index.name for index in SearchEntry._meta.indexes}
    assert expected <= _search_indexes()
    call_command("rebuild_search_index", bulk=True)
    assert "索引已重建" in capsys.readouterr().err
    assert expected <= _search_indexes()
    assert _all_ids("供养标准") == {i.pk for i in items}
    # Rows are written in publication order (newest item created first here).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT disclosure_id FROM disclosures_searchentry ORDER BY ctid")
        physical = [row[0] for row in cursor.fetchall()]
    assert physical == [i.pk for i in sorted(items, key=lambda i: i.published_at)]


def test_months_between_spans_year_ends_in_utc():
    first = dt.datetime(2024, 11, 30, 20, tzinfo=dt.UTC)
    last = dt.datetime(
        2025, 2, 1, 3, tzinfo=timezone.get_current_timezone()
    )  # Beijing time: 2025-01-31 19:00 UTC
    assert index.months_between(first, last) == [
        "@m202411",
        "@m202412",
        "@m202501",
    ]
    assert index.months_between(last, last) == ["@m202501"]


def test_facet_tokens_are_written_and_the_migration_sql_writes_the_same(org_a, staff, indexed):
    import importlib

    from django.db import connection

    facets = importlib.import_module("disclosures.migrations.0005_search_facets")
    author, reviewer = staff
    with indexed():
        item = publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title="殡葬改革通知",
            genre=Genre.NOTICE,
            publish_at=at(2023, 1, 1, 2),  # 2022-12-31 18:00 UTC
        )
    entry = SearchEntry.objects.get(pk=item.pk)
    lexemes = set(re.findall(r"'([^']*)'", entry.vector))
    columns = {f"@c{c}" for c in entry.columns}
    assert columns
    assert {f"@o{org_a.pk}", "@y2023", "@gnotice", "@m202212", *columns} <= lexemes

    with connection.cursor() as cursor:
        cursor.execute(facets.BACKWARD)
        stripped = SearchEntry.objects.get(pk=item.pk).vector
        assert "@o" not in stripped
        assert "殡葬" in stripped
        cursor.execute(facets.FORWARD)
        cursor.execute(facets.FORWARD)  # idempotent
    assert SearchEntry.objects.get(pk=item.pk).vector == entry.vector


def test_filters_narrow_the_index_lookup_itself(org_a, staff, indexed):
    """Filters are part of the tsquery as facet lexemes (the SQL conditions stay as well)."""
    author, reviewer = staff
    with indexed():
        publish_items(org_a, 2, author=author, reviewer=reviewer, body="<p>优抚对象</p>")
    literal = planner.matching(
        parse_query("优抚"), Filters(organisation_id=org_a.pk, year=2024)
    ).query.__str__()
    assert f"@o{org_a.pk}" in literal
    assert "@y2024" in literal


def test_lexeme_frequencies_come_from_the_table_statistics(org_a, staff, indexed):
    author, reviewer = staff
    with indexed():
        publish_items(org_a, 4, author=author, reviewer=reviewer, body="<p>城乡低保</p>")
    assert planner.lexeme_frequencies() == {}  # no ANALYZE yet: nothing is pruned
    _analyze()
    planner._frequencies = (float("-inf"), {})
    frequencies = planner.lexeme_frequencies()
    assert frequencies["低保"] == pytest.approx(1.0)
    assert planner.lexeme_frequencies() is frequencies  # read once per period


def test_search_results_are_kept_until_an_item_or_its_entry_changes(client, org_a, staff, indexed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    author, reviewer = staff
    with indexed():
        first = publish_item(org_a, author=author, reviewer=reviewer, title="城乡低保资金发放")
    assert "共1条" in client.get(reverse("search"), {"q": "低保"}).content.decode()
    with CaptureQueriesContext(connection) as again:
        html = client.get(reverse("search"), {"q": "低保"}).content.decode()
    assert "共1条" in html
    assert not any("searchentry" in q["sql"] for q in again.captured_queries)  # kept

    with indexed():
        second = publish_item(org_a, author=author, reviewer=reviewer, title="低保标准调整")
    html = client.get(reverse("search"), {"q": "低保"}).content.decode()
    assert "共2条" in html
    assert second.get_absolute_url() in html

    with indexed():
        services.withdraw_disclosure(actor=reviewer, disclosure=first, reason="信息有误")
    html = client.get(reverse("search"), {"q": "低保"}).content.decode()
    assert "共1条" in html
    assert first.get_absolute_url() not in html
