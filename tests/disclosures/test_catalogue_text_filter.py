"""The catalogue's “标题或文号” filter (``q``): narrowed by the search index, checked on the
fields, and polite with text it cannot use."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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


@pytest.fixture(params=["index", "walk"])
def path(request):
    """Both plans PostgreSQL may choose: the GIN index of the headings (rare text), and the
    newest-first walk checking each row (text in many titles); the rows must be the same."""
    with connection.cursor() as cursor:
        if request.param == "walk":
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        else:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
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


def test_the_filter_looks_up_the_headings(client, items):
    with CaptureQueriesContext(connection) as queries:
        catalogue(client, "低保")
    assert '"heading" @@' in " ".join(q["sql"] for q in queries.captured_queries)


def test_headings_hold_title_and_number_tokens_and_follow_edits(items):
    from disclosures.models import Disclosure
    from disclosures.search.text import heading_vector

    notice = Disclosure.objects.get(pk=items["notice"].pk)
    stored = set(notice.heading.split())  # PostgreSQL keeps a tsvector's lexemes sorted
    assert stored == set(
        heading_vector(notice.title, notice.document_number, notice.index_number).split()
    )
    assert "'低保'" in notice.heading
    assert "'民发'" in notice.heading
    assert "'享受'" not in Disclosure.objects.get(pk=items["body_only"].pk).heading  # body
    notice.title = "关于发放高龄津贴的通知"
    notice.save(update_fields=["title"])
    assert "'津贴'" in Disclosure.objects.get(pk=notice.pk).heading


def test_a_retitled_item_is_found_by_its_new_title_only(client, items, path):
    from disclosures.models import Disclosure

    notice = Disclosure.objects.get(pk=items["notice"].pk)
    notice.title = "关于发放高龄津贴的通知"
    notice.save()
    assert titles(catalogue(client, "高龄津贴")) == ["关于发放高龄津贴的通知"]
    assert titles(catalogue(client, "低保")) == []


@pytest.mark.parametrize("q", ["，。！", "《》——", "x" * 101])
def test_unusable_text_is_ignored_politely(client, items, q):
    page = catalogue(client, q)
    body = page.content.decode()
    assert IGNORED_NOTE in body
    # Ignored, not applied: the whole catalogue, and the box keeps what was typed.
    assert sorted(titles(page)) == sorted(item.title for item in items.values())
    assert f'value="{html.escape(q)}"' in body


def test_text_filtered_lists_count_up_to_their_own_cap(client, items, monkeypatch):
    from disclosures import views

    monkeypatch.setattr(views, "TEXT_ROW_CAP", 1)
    body = catalogue(client, "测").content.decode()  # 测民发…, 测试县… (and 测民规…)
    assert "约1条以上" in body
    # Without text (or with text that is ignored) the list keeps the usual cap.
    assert "约1条以上" not in client.get("/xxgk/ml/").content.decode()
    assert "约1条以上" not in catalogue(client, "，。").content.decode()


def test_percent_and_underscore_are_plain_characters(client, org_a):
    author, reviewer = staff_pair(org_a)
    common = {"author": author, "reviewer": reviewer, "column": "tzgg"}
    rate = publish_item(org_a, title="低保资金发放率100%的通报", **common)
    publish_item(org_a, title="低保资金发放率1000元的通报", **common)
    assert titles(catalogue(client, "100%")) == [rate.title]
    assert titles(catalogue(client, "率1_0")) == []
