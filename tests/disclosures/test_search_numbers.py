"""Number tokens of 文号 and 索引号 in the search index (disclosures.search.text.number_tokens).

A search for a number must find exactly what a substring scan finds (the recall test in
test_search_index.py covers that with numbers and near misses); these tests cover the tokens
themselves, their use in queries, how few candidates they leave, and that migration 0009's SQL
writes the same tokens as the model."""

from __future__ import annotations

import importlib
import random
import re

import pytest
from django.apps import apps
from django.db import connection

from disclosures.search import planner
from disclosures.search.index import SearchEntry
from disclosures.search.planner import vector_matches
from disclosures.search.text import (
    NUMBER_PATTERN,
    containing_query,
    normalise,
    number_tokens,
    parse_query,
)
from tests.disclosures.builders import at, publish_item

migration = importlib.import_module("disclosures.migrations.0009_search_number_tokens")


# --------------------------------------------------------------------------- pure


def test_a_number_is_indexed_as_its_head_and_every_prefix_of_its_digits():
    assert number_tokens(normalise("依据民发〔2021〕57号文件")) == ["〔2021〕5", "〔2021〕57"]
    assert number_tokens(normalise("11330100MB0000000X/2021-00012")) == [
        "/2021-0", "/2021-00", "/2021-000", "/2021-0001", "/2021-00012",
    ]  # fmt: skip
    # Any bracket is unified to 〔〕 and full-width digits become ASCII (normalise).
    assert number_tokens(normalise("财发（２０２１）7号、民发[2020]3号")) == [
        "〔2021〕7",
        "〔2020〕3",
    ]
    # At most 8 digits: a query with more holds the same 8-digit prefix.
    assert number_tokens("〔2021〕1234567890")[-1] == "〔2021〕12345678"
    assert number_tokens("2021年57号 〔21〕5 /2021/5 〔2021〕号") == []


def test_a_query_word_holding_a_number_asks_for_its_token_first():
    word = parse_query("民发〔2021〕57号").words[0]
    assert word.numbers == ("〔2021〕57",)
    assert parse_query("x/2021-0001").words[0].numbers == ("/2021-0001",)
    assert parse_query("11330100mb0000000x/2021-00012").tsquery().startswith("'/2021-00012' & ")
    # The edge punctuation of a word is dropped, and with it the head: no number token.
    assert parse_query("〔2021〕57号").words[0].numbers == ()
    assert parse_query("/2021-00012").words[0].numbers == ()


def test_the_number_token_is_kept_whatever_the_statistics_say():
    frequencies = {"〔2021〕57": 0.99, "民发": 0.5, "7号": 0.5, "57": 0.5}
    assert "'〔2021〕57'" in parse_query("民发〔2021〕57号").tsquery(frequencies, 0.3, 1)


def test_the_heading_filter_asks_for_no_number_token():
    """The catalogue's 标题或文号 filter reads ``heading``, which has no number tokens."""
    assert all(not w.numbers for w in containing_query("民发〔2021〕57号").words)
    assert "〔" not in containing_query("民发〔2021〕57号").tsquery()


def test_every_text_containing_a_query_holds_its_number_tokens():
    """The property the index relies on, over random texts built of number-like pieces."""
    rng = random.Random(11)
    pieces = [
        "民发",
        "〔2021〕",
        "〔2020〕",
        "/2021-",
        "-",
        "5",
        "57",
        "0",
        "00012",
        "号",
        "x",
        "〕",
        "/",
    ]
    for _ in range(3000):
        text = normalise("".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))))
        tokens = set(number_tokens(text))
        start = rng.randrange(len(text))
        query = text[start : start + rng.randint(2, 16)]
        for word in parse_query(query).words:
            assert set(word.numbers) <= tokens, (text, query)


# --------------------------------------------------------------------------- database


@pytest.mark.django_db
def test_postgresql_reads_the_pattern_as_python_does():
    """Migration 0009 applies NUMBER_PATTERN in SQL: it must find the same numbers."""
    rng = random.Random(5)
    pieces = [
        "民发",
        "〔2021〕",
        "/2019-",
        "-",
        "57",
        "123456789",
        "0",
        "号",
        "〔",
        "〕",
        "/",
        "ab",
    ]
    texts = ["", "依据民发〔2021〕57号和11330100mb0000000x/2021-00012"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 15))) for _ in range(300)]
    with connection.cursor() as cursor:
        for text in texts:
            cursor.execute(
                "SELECT coalesce(array_agg(DISTINCT m[1] || left(m[2], k)), '{}') "
                "FROM regexp_matches(%s, %s, 'g') AS m, generate_series(1, length(m[2])) AS k",
                [text, NUMBER_PATTERN],
            )
            assert set(cursor.fetchone()[0]) == set(number_tokens(text)), text


@pytest.mark.django_db
def test_the_migration_gives_existing_entries_the_tokens_the_model_writes(
    org_a, staff, django_capture_on_commit_callbacks
):
    author, reviewer = staff
    with django_capture_on_commit_callbacks(execute=True):
        item = publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title="关于转发民发〔2021〕57号的通知",
            body="<p>依据财发（2020）3号执行。</p>",
            document_number="示民规〔2022〕8号",
            publish_at=at(2023, 3, 1),
        )
        bare = publish_item(org_a, author=author, reviewer=reviewer, title="没有文号的通知")
    entry = SearchEntry.objects.get(pk=item.pk)
    lexemes = set(re.findall(r"'([^']*)'", entry.vector))
    assert {"〔2021〕5", "〔2021〕57", "〔2020〕3", "〔2022〕8"} <= lexemes
    assert any(token.startswith("/") for token in lexemes)  # the item's own 索引号

    bare_vector = SearchEntry.objects.get(pk=bare.pk).vector
    # Entries written before the tokens existed: strip them, then run the migration.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE disclosures_searchentry SET vector = ts_delete(vector, "
            "ARRAY(SELECT lexeme FROM unnest(vector) WHERE lexeme ~ '^(〔|/)'))"
        )
    assert "〔2021〕57" not in SearchEntry.objects.get(pk=item.pk).vector

    migration.add_number_tokens(apps, connection.schema_editor())
    migration.add_number_tokens(apps, connection.schema_editor())  # twice: no change
    assert SearchEntry.objects.get(pk=item.pk).vector == entry.vector
    assert SearchEntry.objects.get(pk=bare.pk).vector == bare_vector


@pytest.mark.django_db
def test_a_number_query_leaves_only_its_items_as_candidates(
    org_a, staff, django_capture_on_commit_callbacks, monkeypatch
):
    """Siblings share every digit pair of the number (same organisation code, same year,
    serials 00001…00030): without the token all of them would be candidates to recheck."""
    monkeypatch.setattr(planner, "_frequencies", (float("-inf"), {}))
    author, reviewer = staff
    with django_capture_on_commit_callbacks(execute=True):
        items = [
            publish_item(
                org_a,
                author=author,
                reviewer=reviewer,
                title=f"示例通知{i}",
                body=f"<p>索引号11330100MB0000000X/2021-{i:05d}，依据民发〔2021〕{i}号。</p>",
                publish_at=at(2021, 1 + i % 12, 1 + i % 27),
            )
            for i in range(1, 31)
        ]
    for query, expected in (
        ("11330100mb0000000x/2021-00012", {items[11].pk}),
        ("民发〔2021〕12号", {items[11].pk}),
        ("民发〔2021〕1", {items[0].pk, *(i.pk for i in items[9:19])}),
    ):
        parsed = parse_query(query)
        literal = parsed.tsquery(planner.lexeme_frequencies(), 0.3, 3)
        candidates = set(
            SearchEntry.objects.filter(vector_matches("vector", literal)).values_list(
                "pk", flat=True
            )
        )
        assert candidates == expected, query  # the index alone, before any recheck
        assert set(planner.matching(parsed).values_list("pk", flat=True)) == expected


@pytest.mark.django_db
def test_a_rare_number_skips_the_walk_and_finds_the_same(
    org_a, staff, django_capture_on_commit_callbacks, monkeypatch
):
    """A number that ANALYZE did not find common goes straight to the GIN lookup: one query
    fewer for the window's date and one for its matches, the same page."""
    from django.test.utils import CaptureQueriesContext

    author, reviewer = staff
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(1, 26):
            publish_item(
                org_a,
                author=author,
                reviewer=reviewer,
                title=f"示例通知{i}",
                body=f"<p>依据民发〔2021〕{i % 3}号执行，另见民发〔2020〕{i}号。</p>",
                document_number=f"示民规〔2022〕{i}号",
                publish_at=at(2022, 1 + i % 12, 1 + i % 27),
            )

    def run(frequencies):
        monkeypatch.setattr(planner, "_frequencies", (float("inf"), frequencies))
        planner.lexeme_frequencies()  # not counted below
        with CaptureQueriesContext(connection) as queries:
            result = planner.search(parse_query("民发〔2021〕1号"), order="date")
        pages = [(h.disclosure.pk, h.exact) for h in result.hits]
        return pages, result.total, result.total_estimated, len(queries.captured_queries)

    walked = run({})  # no statistics yet: the walk decides
    skipped = run({"20": 0.9})  # statistics without the number: rare
    common = run({"20": 0.9, "〔2021〕1": 0.2})  # a number ANALYZE found common: the walk
    assert walked[:3] == skipped[:3] == common[:3]
    assert walked[1] == 9  # i = 1, 4, …, 25
    assert skipped[3] == walked[3] - 2
    assert common[3] == walked[3]


@pytest.mark.django_db
def test_a_number_hit_shows_the_number_marked_in_its_snippet(
    client, org_a, staff, django_capture_on_commit_callbacks
):
    """The snippet starts at the number (the 文号 leads the indexed text); the indexed text's
    parts are joined by “…”, and the number is marked and escaped like any other text."""
    author, reviewer = staff
    with django_capture_on_commit_callbacks(execute=True):
        item = publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title="关于<b>调整</b>标准的通知",
            body="<p>依据民发〔2021〕57号，现予调整。</p>",
            document_number="示民规〔2022〕8号",
            publish_at=at(2022, 5, 1),
        )
    result = planner.search(parse_query("示民规〔2022〕8号"))
    [hit] = result.hits
    assert hit.disclosure.pk == item.pk
    assert hit.exact
    assert hit.snippet.startswith("<mark>示民规〔2022〕8号</mark> … ")
    assert "\n" not in hit.snippet
    response = client.get("/search/", {"q": "示民规〔2022〕8号"})
    html = response.content.decode()
    assert "<mark>示民规〔2022〕8号</mark> … " in html
    assert "关于&lt;b&gt;调整&lt;/b&gt;标准的通知" in html
    assert "文号/索引号匹配" in html
