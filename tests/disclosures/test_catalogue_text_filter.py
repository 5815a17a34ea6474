"""The catalogue's “标题或文号” filter (``q``): narrowed by the search index, checked on the
fields, and polite with text it cannot use."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures import search_index
from tests.disclosures.builders import at, publish_item, staff_pair

pytestmark = pytest.mark.django_db

IGNORED_NOTE = "以下筛选条件的值无效，已忽略：标题或文号"


@pytest.fixture
def items(org_a):
    author, reviewer = staff_pair(org_a)
    common = {"author": author, "reviewer": reviewer, "column": "tzgg"}
    return {
        "notice": publish_item(
            org_a,
            title="关于调整城乡低保标准的通知",
            document_number="测民发〔2025〕3号",
            publish_at=at(2025, 5, 10),
            **common,
        ),
        # 低保 only in the body: the filter looks at titles and numbers, not at the text.
        "body_only": publish_item(
            org_a,
            title="测试县养老服务补贴办法",
            document_number="测民规〔2024〕1号",
            body="<p>享受低保待遇的老年人另行补贴。</p>",
            publish_at=at(2024, 6, 1),
            **common,
        ),
        "other": publish_item(
            org_a,
            title="2025年度部门预算公开",
            publish_at=at(2025, 3, 1),
            **common,
        ),
    }


def titles(response) -> list[str]:
    body = response.content.decode()
    rows = re.findall(r'<a href="/xxgk/xx/\d+/">(.*?)</a>', body)
    return [html.unescape(re.sub(r"<[^>]+>", "", row)).strip() for row in rows]


def catalogue(client, q: str):
    response = client.get(f"/xxgk/ml/?q={quote(q)}")
    assert response.status_code == 200
    return response


@pytest.fixture(params=["narrowed", "row-by-row"])
def path(request, monkeypatch):
    """Both ways to the answer: through the index's candidates, and (text held by more items
    than the cap) checking every title; the rows must be the same."""
    if request.param == "row-by-row":
        monkeypatch.setattr(search_index, "CANDIDATE_CAP", 0)
    return request.param


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("低保", ["notice"]),
        ("保", ["notice"]),  # a single character
        ("城乡低保标准", ["notice"]),
        ("低保 标准", []),  # the text as typed, space included, is what a title must hold
        ("测民规", ["body_only"]),  # 文号
        ("〔2025〕3号", ["notice"]),
        ("预算", ["other"]),
        ("不存在的标题", []),
    ],
)
def test_matches_titles_and_numbers_only(client, items, path, q, expected):
    assert titles(catalogue(client, q)) == [items[key].title for key in expected]


def test_index_number_matches_exactly(client, items, path):
    number = items["other"].index_number
    assert titles(catalogue(client, number)) == [items["other"].title]


def test_rare_text_is_narrowed_by_the_index(client, items):
    with CaptureQueriesContext(connection) as queries:
        catalogue(client, "低保")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "@@" in sql  # the GIN lookup of the candidates
    assert "unnest" in sql  # the list reads only those


def test_common_text_is_checked_row_by_row(client, items, monkeypatch):
    monkeypatch.setattr(search_index, "CANDIDATE_CAP", 0)
    with CaptureQueriesContext(connection) as queries:
        page = catalogue(client, "低保")
    assert "unnest" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert titles(page) == [items["notice"].title]


def test_candidates_are_a_superset_of_the_text(items):
    found = search_index.candidate_ids("低保")
    assert set(found) == {items["notice"].pk, items["body_only"].pk}
    assert search_index.candidate_ids("低保", cap=1) is None
    assert search_index.candidate_ids("，。！") is None


@pytest.mark.parametrize("q", ["，。！", "《》——", "x" * 101])
def test_unusable_text_is_ignored_politely(client, items, q):
    page = catalogue(client, q)
    body = page.content.decode()
    assert IGNORED_NOTE in body
    # Ignored, not applied: the whole catalogue, and the box keeps what was typed.
    assert sorted(titles(page)) == sorted(item.title for item in items.values())
    assert f'value="{html.escape(q)}"' in body
