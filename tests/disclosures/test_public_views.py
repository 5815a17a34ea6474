"""Public pages of 主动公开 items through the test client: lists, filters, pages and downloads."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import sitecache
from catalog.models import TopicCategory
from disclosures import pagination, services
from tests.disclosures.builders import (
    at,
    draft_item,
    edit_published,
    publish_item,
    publish_items,
    staff_pair,
    submitted_item,
)
from tests.disclosures.samples import make_docx, make_pdf
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

IGNORED_NOTE = "以下筛选条件的值无效，已忽略"
INVALID_PAGE_NOTE = "页码无效"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --------------------------------------------------------------------------- page helpers


def _cell_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def list_rows(page: str) -> list[dict[str, str]]:
    """The rows of the 信息列表 table: 序号, title (the link text), href, 文号, 发布日期."""
    match = re.search(r"<tbody>(.*?)</tbody>", page, re.S)
    if match is None:
        return []
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        link = re.search(r'<a href="([^"]+)">(.*?)</a>', cells[1], re.S)
        rows.append(
            {
                "no": _cell_text(cells[0]),
                "title": html.unescape(link.group(2)),
                "href": html.unescape(link.group(1)),
                "docno": _cell_text(cells[2]),
                "date": _cell_text(cells[3]),
            }
        )
    return rows


def titles(page: str) -> list[str]:
    return [row["title"] for row in list_rows(page)]


def link_href(page: str, text: str) -> str | None:
    """The href of the <a> whose whole text is ``text`` (None when it is not a link)."""
    match = re.search(rf'<a href="([^"]*)"[^>]*>{re.escape(text)}</a>', page)
    return html.unescape(match.group(1)) if match else None


def pager_href(page: str, text: str) -> str | None:
    """The href of a link of the pagination bar (the site header has its own 首页 link)."""
    nav = re.search(r'<nav class="pagination".*?</nav>', page, re.S)
    assert nav is not None, "the pagination bar is missing"
    return link_href(nav.group(0), text)


def hidden_inputs(page: str) -> list[tuple[str, str]]:
    form = re.search(r'<form class="page-jump".*?</form>', page, re.S)
    assert form is not None, "the page-jump form is missing"
    return [
        (html.unescape(name), html.unescape(value))
        for name, value in re.findall(
            r'<input type="hidden" name="([^"]*)" value="([^"]*)">', form.group(0)
        )
    ]


def get_ok(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --------------------------------------------------------------------------- column pages


def test_column_lists_only_published_items_of_the_column_and_its_sub_columns(
    client, org_a, author, reviewer
):
    policy = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="关于印发城乡低保实施细则的通知",
        column="zcwj",
        document_number="测民发〔2025〕1号",
        publish_at=at(2025, 3, 2),
    )
    normative = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="测试县临时救助办法",
        column="gfxwj",
        genre="normative",
        document_number="测民规〔2025〕2号",
        publish_at=at(2025, 4, 1),
    )
    publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="民政局召开年度工作会议",
        column="gzdt",
        publish_at=at(2025, 5, 1),
    )
    draft_item(org_a, author=author, title="尚未提交的草稿文件", column="zcwj")
    submitted_item(org_a, author=author, title="等待审核的文件", column="zcwj")
    publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="定时发布的文件",
        column="zcwj",
        publish_at=timezone.now() + dt.timedelta(days=3),
        written_on=timezone.localdate(),
    )
    withdrawn = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="已被撤回的文件",
        column="zcwj",
        publish_at=at(2025, 4, 15),
    )
    services.withdraw_disclosure(actor=reviewer, disclosure=withdrawn, reason="内容有误")

    page = get_ok(client, "/xxgk/lm/zcwj/")

    assert "<h1>政策文件</h1>" in page
    thead = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    assert re.findall(r"<th[^>]*>(.*?)</th>", thead) == ["序号", "标题", "文号", "发布日期"]
    assert list_rows(page) == [
        {
            "no": "1",
            "title": normative.title,
            "href": f"/xxgk/xx/{normative.pk}/",
            "docno": "测民规〔2025〕2号",
            "date": "2025-04-01",
        },
        {
            "no": "2",
            "title": policy.title,
            "href": f"/xxgk/xx/{policy.pk}/",
            "docno": "测民发〔2025〕1号",
            "date": "2025-03-02",
        },
    ]
    for absent in ("民政局召开年度工作会议", "尚未提交的草稿文件", "等待审核的文件"):
        assert absent not in page
    assert "定时发布的文件" not in page
    assert "已被撤回的文件" not in page
    assert "共2条" in page


def test_column_lists_newest_first_with_ties_broken_by_newest_record(
    client, org_a, author, reviewer
):
    same_moment = at(2025, 6, 1, 9)
    first = publish_item(
        org_a, author=author, reviewer=reviewer, title="同时发布甲", publish_at=same_moment
    )
    second = publish_item(
        org_a, author=author, reviewer=reviewer, title="同时发布乙", publish_at=same_moment
    )
    older = publish_item(
        org_a, author=author, reviewer=reviewer, title="较早发布", publish_at=at(2024, 1, 5)
    )
    newer = publish_item(
        org_a, author=author, reviewer=reviewer, title="最新发布", publish_at=at(2025, 7, 1)
    )

    page = get_ok(client, "/xxgk/lm/gzdt/")

    assert titles(page) == [newer.title, second.title, first.title, older.title]
    assert [row["no"] for row in list_rows(page)] == ["1", "2", "3", "4"]


def test_unknown_column_slug_is_404(client, db):
    assert client.get("/xxgk/lm/no-such-column/").status_code == 404


def test_interpretation_and_rules_pages_list_their_items(client, org_a, author, reviewer):
    interpretation = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="图解：临时救助办法",
        column="zcjd",
        genre="interpretation",
        publish_at=at(2025, 4, 2),
    )
    rule = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="测试县民政局政府信息公开保密审查制度",
        column="zd",
        publish_at=at(2025, 1, 10),
    )
    publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="一条工作动态",
        column="gzdt",
        publish_at=at(2025, 2, 1),
    )

    zcjd = get_ok(client, "/xxgk/zcjd/")
    assert "<h1>政策解读</h1>" in zcjd
    assert titles(zcjd) == [interpretation.title]

    zd = get_ok(client, "/xxgk/zd/")
    assert "<h1>政府信息公开制度</h1>" in zd
    assert titles(zd) == [rule.title]


# --------------------------------------------------------------------------- filters


@pytest.fixture
def catalogue_items(org_a, org_b, author, reviewer):
    """Four items across two organisations, columns, genres, years and validity."""
    author_b, reviewer_b = staff_pair(org_b)
    notice = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="关于调整城乡低保标准的通知",
        column="tzgg",
        genre="notice",
        document_number="测民发〔2025〕3号",
        publish_at=at(2025, 5, 10, 15),
    )
    measures = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="测试县养老服务补贴办法",
        column="gfxwj",
        genre="normative",
        document_number="测民规〔2024〕1号",
        publish_at=at(2024, 6, 1),
    )
    services.change_validity(
        actor=reviewer,
        disclosure=measures,
        validity="repealed",
        changed_on=dt.date(2025, 6, 30),
        note="根据测民规〔2025〕5号废止",
    )
    budget = publish_item(
        org_b,
        author=author_b,
        reviewer=reviewer_b,
        title="测试县财政局2025年部门预算",
        column="bmys",
        genre="budget",
        publish_at=at(2025, 1, 15),
    )
    # 07:00 on New Year's Day in Beijing is still 2024 in UTC: the year is the local one.
    news = publish_item(
        org_b,
        author=author_b,
        reviewer=reviewer_b,
        title="财政局新年第一天开展走访",
        column="gzdt",
        genre="news",
        publish_at=at(2025, 1, 1, 7),
    )
    return {"notice": notice, "measures": measures, "budget": budget, "news": news}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["notice", "budget", "news", "measures"]),
        ("organisation=a-mzj", ["notice", "measures"]),
        ("organisation=b-czj", ["budget", "news"]),
        ("column=zcwj", ["measures"]),  # via its sub-column 行政规范性文件
        ("column=gfxwj", ["measures"]),
        ("column=czyjs", ["budget"]),  # via 部门预算
        ("column=gzdt", ["news"]),
        ("genre=normative", ["measures"]),
        ("genre=news", ["news"]),
        ("year=2025", ["notice", "budget", "news"]),
        ("year=2024", ["measures"]),
        ("validity=repealed", ["measures"]),
        ("validity=valid", ["notice", "budget", "news"]),
        ("start=2025-01-01&end=2025-03-31", ["budget", "news"]),
        ("start=2025-05-10&end=2025-05-10", ["notice"]),  # both ends inclusive
        ("end=2024-12-31", ["measures"]),
        ("q=低保", ["notice"]),
        ("q=养老服务", ["measures"]),
        ("q=测民规", ["measures"]),  # 文号
        ("q=〔2025〕3号", ["notice"]),
        ("organisation=a-mzj&year=2025", ["notice"]),
        ("organisation=b-czj&genre=budget&year=2025", ["budget"]),
        ("q=不存在的标题", []),
    ],
)
def test_catalogue_filters(client, catalogue_items, query, expected):
    page = get_ok(client, f"/xxgk/ml/?{query}")

    assert titles(page) == [catalogue_items[key].title for key in expected]
    if expected:
        assert f"共{len(expected)}条" in page
    else:
        assert "暂无符合条件的信息" in page
    assert IGNORED_NOTE not in page


def test_index_number_finds_its_item(client, catalogue_items):
    budget = catalogue_items["budget"]
    page = get_ok(client, f"/xxgk/ml/?q={quote(budget.index_number)}")
    assert titles(page) == [budget.title]


def test_column_page_applies_filters_within_the_column(client, catalogue_items):
    page = get_ok(client, "/xxgk/lm/zcwj/?year=2024&validity=repealed")
    assert titles(page) == [catalogue_items["measures"].title]
    # a repealed item stays listed, marked as such
    assert '<span class="badge badge-repealed">废止</span>' in page

    page = get_ok(client, "/xxgk/lm/zcwj/?year=2025")
    assert titles(page) == []


FILTER_FIELDS = [
    "q",
    "organisation",
    "column",
    "topic",
    "genre",
    "year",
    "validity",
    "start",
    "end",
]


def filter_form(page: str) -> str:
    form = re.search(r'<form class="filter-form".*?</form>', page, re.S)
    assert form is not None, "the filter form is missing"
    return form.group(0)


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/xxgk/ml/", FILTER_FIELDS),
        ("/xxgk/lm/gzdt/", [name for name in FILTER_FIELDS if name != "column"]),
    ],
)
def test_filter_form_offers_every_filter_without_javascript(client, db, url, fields):
    form = filter_form(get_ok(client, url))

    assert re.findall(r'<(?:input|select)[^>]*\bname="([^"]+)"', form) == fields
    for name in fields:
        assert f'<label for="id_{name}">' in form


def test_filter_form_shows_the_active_values(client, catalogue_items):
    form = filter_form(get_ok(client, f"/xxgk/lm/gzdt/?year=2025&q={quote('走访')}"))

    assert re.search(r'<input type="number" name="year" value="2025"', form)
    assert re.search(r'<input type="search" name="q" value="走访"', form)


# --------------------------------------------------------------------------- pagination


@pytest.fixture
def two_pages_of_2025(org_a, author, reviewer):
    """25 items published in 2025 and 5 in 2024, all in 工作动态."""
    publish_items(org_a, 25, author=author, reviewer=reviewer, years=(2025,))
    publish_items(org_a, 5, author=author, reviewer=reviewer, years=(2024,), start=25)


def test_pagination_keeps_the_filters(client, two_pages_of_2025):
    page = get_ok(client, "/xxgk/lm/gzdt/?year=2025")

    assert "共25条，2页" in page
    rows = list_rows(page)
    assert len(rows) == 20
    assert [row["no"] for row in rows] == [str(n) for n in range(1, 21)]
    assert all(row["date"].startswith("2025-") for row in rows)
    assert '<span class="disabled">首页</span>' in page
    assert '<span class="disabled">上一页</span>' in page
    assert pager_href(page, "下一页") == "?year=2025&page=2"
    assert pager_href(page, "尾页") == "?year=2025&page=2"
    assert hidden_inputs(page) == [("year", "2025")]
    assert '<span aria-current="page" class="current">第1页</span>' in page

    page = get_ok(client, "/xxgk/lm/gzdt/" + pager_href(page, "下一页"))

    rows = list_rows(page)
    assert [row["no"] for row in rows] == ["21", "22", "23", "24", "25"]
    assert all(row["date"].startswith("2025-") for row in rows)
    assert pager_href(page, "首页") == "?year=2025&page=1"
    assert pager_href(page, "上一页") == "?year=2025&page=1"
    assert '<span class="disabled">下一页</span>' in page
    assert '<span class="disabled">尾页</span>' in page
    assert hidden_inputs(page) == [("year", "2025")]
    assert '<span aria-current="page" class="current">第2页</span>' in page


def test_pagination_keeps_every_active_filter_and_no_stale_page(client, two_pages_of_2025):
    page = get_ok(client, "/xxgk/lm/gzdt/?q=测试信息&year=2025&genre=notice&page=1")

    assert "共25条，2页" in page
    assert pager_href(page, "下一页") == f"?q={quote('测试信息')}&year=2025&genre=notice&page=2"
    assert hidden_inputs(page) == [("q", "测试信息"), ("year", "2025"), ("genre", "notice")]


def test_unfiltered_list_pages_without_a_filter_query(client, two_pages_of_2025):
    page = get_ok(client, "/xxgk/lm/gzdt/")

    assert "共30条，2页" in page
    assert pager_href(page, "下一页") == "?page=2"
    assert hidden_inputs(page) == []
    page2 = get_ok(client, "/xxgk/lm/gzdt/?page=2")
    assert len(list_rows(page2)) == 10
    assert {row["title"] for row in list_rows(page)}.isdisjoint(titles(page2))


# --------------------------------------------------------------------------- malformed input


@pytest.fixture
def three_items(org_a, author, reviewer):
    return publish_items(org_a, 3, author=author, reviewer=reviewer, years=(2025,))


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("year=abc", f"{IGNORED_NOTE}：年份"),
        ("year=1800", f"{IGNORED_NOTE}：年份"),
        ("organisation=nope", f"{IGNORED_NOTE}：发布机构"),
        ("organisation=%00", f"{IGNORED_NOTE}：发布机构"),
        ("start=2025-13-45", f"{IGNORED_NOTE}：起始日期"),
        ("end=yesterday", f"{IGNORED_NOTE}：结束日期"),
        ("genre=poem", f"{IGNORED_NOTE}：文种"),
        ("validity=forever", f"{IGNORED_NOTE}：有效性"),
        ("topic=abc", f"{IGNORED_NOTE}：主题分类"),
        ("q=%00", f"{IGNORED_NOTE}：标题或文号"),
        ("page=abc", INVALID_PAGE_NOTE),
        ("page=9999", INVALID_PAGE_NOTE),
        ("page=0", INVALID_PAGE_NOTE),
        ("page=-1", INVALID_PAGE_NOTE),
    ],
)
def test_malformed_values_are_ignored_with_a_visible_note(client, three_items, query, note):
    response = client.get(f"/xxgk/lm/gzdt/?{query}")

    assert response.status_code == 200
    page = response.content.decode()
    assert note in page
    # nothing was filtered away: the bad value is ignored, not applied
    assert sorted(titles(page)) == sorted(item.title for item in three_items)


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("column=nope", f"{IGNORED_NOTE}：栏目"),
        ("organisation=nope&year=abc", f"{IGNORED_NOTE}：发布机构、年份"),
    ],
)
def test_catalogue_reports_every_ignored_filter(client, three_items, query, note):
    page = get_ok(client, f"/xxgk/ml/?{query}")
    assert note in page
    assert len(titles(page)) == 3


def test_a_malformed_filter_does_not_disable_the_valid_ones(client, catalogue_items):
    page = get_ok(client, "/xxgk/ml/?year=abc&organisation=b-czj")

    assert f"{IGNORED_NOTE}：年份" in page
    assert titles(page) == [catalogue_items["budget"].title, catalogue_items["news"].title]


def test_page_beyond_the_end_shows_the_last_page(client, two_pages_of_2025):
    page = get_ok(client, "/xxgk/lm/gzdt/?year=2025&page=9999")

    assert "页码无效，已显示第2页" in page
    assert [row["no"] for row in list_rows(page)] == ["21", "22", "23", "24", "25"]
    assert pager_href(page, "上一页") == "?year=2025&page=1"


def test_valid_input_shows_no_notes(client, three_items):
    page = get_ok(client, "/xxgk/lm/gzdt/?year=2025&page=1")
    assert IGNORED_NOTE not in page
    assert INVALID_PAGE_NOTE not in page


# --------------------------------------------------------------------------- index pages


def column_box(page: str, slug: str) -> list[str]:
    """The item titles of one column's preview box on an index page."""
    box = re.search(
        rf'<section class="column-box" aria-labelledby="col-{slug}">(.*?)</section>', page, re.S
    )
    assert box is not None, slug
    return [
        html.unescape(t) for t in re.findall(r'<a href="/xxgk/xx/\d+/">(.*?)</a>', box.group(1))
    ]


def test_statutory_index_previews_the_newest_items_of_each_column(
    client, org_a, org_b, author, reviewer
):
    news = publish_items(org_a, 8, author=author, reviewer=reviewer, years=(2025,))
    normative = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="规范性文件在政策文件栏目中显示",
        column="gfxwj",
        genre="normative",
        publish_at=at(2025, 8, 1),
    )
    withdrawn = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="撤回的通知",
        column="tzgg",
        publish_at=at(2025, 8, 2),
    )
    services.withdraw_disclosure(actor=reviewer, disclosure=withdrawn, reason="撤回")
    author_b, reviewer_b = staff_pair(org_b)
    other = publish_item(
        org_b,
        author=author_b,
        reviewer=reviewer_b,
        title="财政局的通知",
        column="tzgg",
        publish_at=at(2025, 8, 3),
    )

    page = get_ok(client, "/xxgk/fdzdgk/")

    newest_six = [item.title for item in sorted(news, key=lambda d: d.published_at, reverse=True)]
    assert column_box(page, "gzdt") == newest_six[:6]
    assert column_box(page, "zcwj") == [normative.title]
    assert column_box(page, "tzgg") == [other.title]

    home = get_ok(client, "/xxgk/jg/a-mzj/")
    assert column_box(home, "gzdt") == newest_six[:6]
    assert column_box(home, "zcwj") == [normative.title]
    assert column_box(home, "tzgg") == []
    assert other.title not in home
    assert withdrawn.title not in home


def test_unknown_or_inactive_organisation_home_is_404(client, org_a):
    org_a.is_active = False
    org_a.save()
    assert client.get("/xxgk/jg/a-mzj/").status_code == 404
    assert client.get("/xxgk/jg/nope/").status_code == 404


# --------------------------------------------------------------------------- query counts


def forget_memos() -> None:
    """Empty the per-process memos, so a measurement sees the uncached (worst) path."""
    sitecache.reset()
    pagination.lists.reset()
    pagination.items.reset()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries.captured_queries)


def _publish_mixed(org, author, reviewer, n: int, *, start: int, years=(2024, 2025)) -> None:
    """``n`` items spread over three statutory columns (one of them a sub-column) and years."""
    columns = ["gzdt", "tzgg", "gfxwj"]
    for offset, column in enumerate(columns):
        count = len(range(offset, n, len(columns)))
        publish_items(
            org,
            count,
            author=author,
            reviewer=reviewer,
            column=column,
            start=start + offset * 100,
            years=years,
            title=f"{column}-{{i:03d}}",
        )


@pytest.mark.parametrize(
    "url",
    [
        "/xxgk/lm/gzdt/",
        "/xxgk/lm/zcwj/?year=2025",
        "/xxgk/ml/",
        "/xxgk/ml/?organisation=a-mzj&column=zcwj&year=2025&q=gfxwj",
        "/xxgk/fdzdgk/",
        "/xxgk/jg/a-mzj/",
    ],
)
def test_list_pages_query_count_does_not_grow_with_items(
    client, django_assert_num_queries, org_a, author, reviewer, url
):
    _publish_mixed(org_a, author, reviewer, 3, start=0, years=(2025,))
    client.get(url)  # warm caches (content types) out of the measurement
    forget_memos()
    at_three = count_queries(client, url)

    _publish_mixed(org_a, author, reviewer, 37, start=1000)
    forget_memos()
    with django_assert_num_queries(at_three):
        response = client.get(url)

    assert response.status_code == 200
    # the page really shows the larger data set
    shown = response.content.decode().count('href="/xxgk/xx/')
    assert shown > 3, url
    # and once read, the page is served from the memos: only the site settings are read
    with django_assert_num_queries(1):
        assert client.get(url).content == response.content


def _item_with(org, author, reviewer, *, label: str, attachments: int, interpretations: int):
    topic = TopicCategory.objects.filter(parent__isnull=False).order_by("id").first()
    policy = publish_item(
        org,
        author=author,
        reviewer=reviewer,
        title=f"{label}政策文件",
        column=["zcwj", "tzgg"],
        topic=topic,
        keywords="低保 救助",
        document_number=f"测民发〔2025〕{attachments}号",
        attachments=[(f"{label}附件{n}.pdf", make_pdf(f"file {n}")) for n in range(attachments)],
        publish_at=at(2025, 3, 1),
    )
    for n in range(interpretations):
        publish_item(
            org,
            author=author,
            reviewer=reviewer,
            title=f"{label}解读{n}",
            column="zcjd",
            genre="interpretation",
            interprets=policy,
            publish_at=at(2025, 3, 2),
        )
    return policy


def test_item_page_query_count_does_not_grow_with_attachments_and_interpretations(
    client, django_assert_num_queries, org_a, author, reviewer
):
    small = _item_with(org_a, author, reviewer, label="小", attachments=2, interpretations=1)
    large = _item_with(org_a, author, reviewer, label="大", attachments=5, interpretations=3)
    client.get(small.get_absolute_url())
    forget_memos()
    at_small = count_queries(client, small.get_absolute_url())

    forget_memos()
    with django_assert_num_queries(at_small):
        response = client.get(large.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(large.get_absolute_url())

    page = response.content.decode()
    assert page.count('href="/xxgk/fj/') == 5
    assert all(f"大解读{n}" in page for n in range(3))


# --------------------------------------------------------------------------- item page


@pytest.fixture
def policy_with_interpretation(org_a, author, reviewer):
    topic = TopicCategory.objects.filter(parent__isnull=False).order_by("id").first()
    policy = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="测试县最低生活保障实施办法",
        column="gfxwj",
        genre="normative",
        topic=topic,
        document_number="测民规 [2025] 7号",
        keywords="低保，社会救助 民政",
        summary="规定低保申请、审核和发放的程序。",
        body="<p>第一条 为规范最低生活保障工作，制定本办法。</p>",
        written_on=dt.date(2025, 2, 20),
        attachments=[
            ("测试县最低生活保障实施办法.pdf", make_pdf("低保实施办法")),
            ("申请表.docx", make_docx(["最低生活保障申请表"])),
        ],
        publish_at=at(2025, 3, 3, 9, 30),
    )
    interpretation = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="一图读懂最低生活保障实施办法",
        column="zcjd",
        genre="interpretation",
        interprets=policy,
        body="<p>解读正文。</p>",
        publish_at=at(2025, 3, 3, 10),
    )
    return policy, interpretation


def test_item_page_shows_metadata_body_and_attachments(client, org_a, policy_with_interpretation):
    policy, _ = policy_with_interpretation

    page = get_ok(client, f"/xxgk/xx/{policy.pk}/")

    def meta(label: str) -> str:
        match = re.search(rf'<th scope="row">{label}</th><td[^>]*>(.*?)</td>', page, re.S)
        assert match is not None, label
        return html.unescape(match.group(1)).strip()

    assert policy.index_number
    assert meta("索引号") == policy.index_number
    assert meta("主题分类") == str(policy.topic)
    assert meta("发布机构") == "测试县民政局"
    assert meta("成文日期") == "2025-02-20"
    assert meta("发布日期") == "2025-03-03"
    assert meta("文号") == "测民规〔2025〕7号"
    assert meta("有效性") == "有效"
    assert meta("关键词") == "低保、社会救助、民政"
    assert meta("内容概述") == "规定低保申请、审核和发放的程序。"
    assert '<h1 class="doc-title">测试县最低生活保障实施办法</h1>' in page
    assert "<p>第一条 为规范最低生活保障工作，制定本办法。</p>" in page
    for att in policy.attachments.all():
        assert f'<a href="/xxgk/fj/{att.pk}/" download>{att.original_name}</a>' in page
    assert "（PDF 文档，" in page
    assert "（Word 文档，" in page
    assert "更新于" not in page


def test_item_page_links_a_policy_and_its_interpretation_both_ways(
    client, policy_with_interpretation
):
    policy, interpretation = policy_with_interpretation

    policy_page = get_ok(client, policy.get_absolute_url())
    assert "相关解读" in policy_page
    assert link_href(policy_page, interpretation.title) == f"/xxgk/xx/{interpretation.pk}/"

    interpretation_page = get_ok(client, interpretation.get_absolute_url())
    assert "解读的文件" in interpretation_page
    assert link_href(interpretation_page, policy.title) == f"/xxgk/xx/{policy.pk}/"


def test_interpretation_of_a_withdrawn_policy_does_not_link_to_it(
    client, reviewer, policy_with_interpretation
):
    policy, interpretation = policy_with_interpretation
    services.withdraw_disclosure(actor=reviewer, disclosure=policy, reason="已被新办法替代")

    page = get_ok(client, interpretation.get_absolute_url())
    assert link_href(page, policy.title) is None


def test_withdrawn_interpretation_is_not_listed_on_the_policy(
    client, reviewer, policy_with_interpretation
):
    policy, interpretation = policy_with_interpretation
    services.withdraw_disclosure(actor=reviewer, disclosure=interpretation, reason="重新解读")

    page = get_ok(client, policy.get_absolute_url())
    assert interpretation.title not in page


def test_interpretation_does_not_reveal_a_policy_scheduled_for_later(
    client, org_a, author, reviewer
):
    policy = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="尚未到发布时间的政策文件",
        column="gfxwj",
        genre="normative",
        publish_at=timezone.now() + dt.timedelta(days=2),
        written_on=timezone.localdate(),
    )
    interpretation = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="提前发布的解读",
        column="zcjd",
        genre="interpretation",
        interprets=policy,
    )
    assert client.get(policy.get_absolute_url()).status_code == 404

    page = get_ok(client, interpretation.get_absolute_url())

    assert policy.title not in page
    assert f'href="{policy.get_absolute_url()}"' not in page


def test_edit_after_publication_shows_updated_at(client, author, policy_with_interpretation):
    policy, _ = policy_with_interpretation
    edit_published(actor=author, disclosure=policy, values={"summary": "补充了发放标准。"})
    policy.refresh_from_db()
    assert policy.content_updated_at is not None

    page = get_ok(client, policy.get_absolute_url())

    stamp = timezone.localtime(policy.content_updated_at).strftime("%Y-%m-%d %H:%M")
    assert f"更新于：{stamp}" in page
    assert "补充了发放标准。" in page


def test_item_page_has_qr_code_of_its_canonical_url_and_page_tools(
    client, policy_with_interpretation
):
    policy, interpretation = policy_with_interpretation

    page = get_ok(client, policy.get_absolute_url())

    canonical = f"http://testserver/xxgk/xx/{policy.pk}/"
    assert f'<link rel="canonical" href="{canonical}">' in page
    qr = re.search(r'<aside class="qr[^"]*"[^>]*>(.*?)</aside>', page, re.S)
    assert qr is not None
    assert "扫一扫在手机上查看当前页面" in qr.group(1)
    # served apart from the page (the page never computes it), kept by the browser
    src = re.search(r'<img src="([^"]+)"[^>]*alt="本页网址的二维码"', qr.group(1)).group(1)
    assert src == f"/xxgk/xx/{policy.pk}/qr.svg"
    image = client.get(src)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"
    assert "max-age=" in image["Cache-Control"]
    assert b"<svg" in image.content
    assert b"viewBox" in image.content
    # the code is made from the item's own address: another item gets another code
    other = client.get(f"/xxgk/xx/{interpretation.pk}/qr.svg").content
    assert other != image.content
    assert client.get("/xxgk/xx/999999/qr.svg").status_code == 404
    # print and 字号 tools
    assert "data-print" in page
    assert "【打印】" in page
    tools = re.search(r'<span class="page-tools[^"]*">(.*?)</span>', page, re.S)
    assert tools is not None
    assert "【打印】" in tools.group(1)
    next_param = policy.get_absolute_url()
    for size, label in (("large", "大"), ("medium", "中"), ("small", "小")):
        link = f'<a href="/zh/{size}/?next={next_param}" data-font-size="{size}">{label}</a>'
        assert link in tools.group(1)


def test_repealed_item_stays_visible_with_its_annotation(
    client, reviewer, policy_with_interpretation
):
    policy, _ = policy_with_interpretation
    services.change_validity(
        actor=reviewer,
        disclosure=policy,
        validity="repealed",
        changed_on=dt.date(2025, 9, 1),
        note="根据测民规〔2025〕12号文件废止。",
    )

    page = get_ok(client, policy.get_absolute_url())

    assert "本文件已于2025年9月1日废止。" in page
    assert "根据测民规〔2025〕12号文件废止。" in page
    assert re.search(r'<th scope="row">有效性</th><td>废止</td>', page)
    assert policy.title in titles(get_ok(client, "/xxgk/lm/gfxwj/"))


def test_withdrawn_item_answers_410_with_its_reason(client, reviewer, policy_with_interpretation):
    policy, _ = policy_with_interpretation
    services.withdraw_disclosure(
        actor=reviewer, disclosure=policy, reason="该文件内容需要修订，暂时撤回。"
    )

    response = client.get(policy.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert "已撤回" in page
    assert "撤回原因：该文件内容需要修订，暂时撤回。" in page
    assert policy.index_number in page
    # and it is gone from the lists
    assert policy.title not in get_ok(client, "/xxgk/lm/gfxwj/")
    assert policy.title not in get_ok(client, "/xxgk/ml/")


def test_unpublished_and_unknown_items_are_404(client, org_a, author, reviewer):
    draft = draft_item(org_a, author=author, title="草稿")
    submitted = submitted_item(org_a, author=author, title="待审")
    scheduled = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="定时",
        publish_at=timezone.now() + dt.timedelta(hours=2),
        written_on=timezone.localdate(),
    )

    for item in (draft, submitted, scheduled):
        assert client.get(f"/xxgk/xx/{item.pk}/").status_code == 404, item.title
    assert client.get("/xxgk/xx/987654/").status_code == 404


def test_script_in_the_body_never_reaches_the_page(client, org_a, author, reviewer):
    item = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="正文含有脚本的信息",
        body="<p>正文</p><script>alert(1)</script><img src=x onerror=alert(1)>",
        publish_at=at(2025, 3, 1),
    )

    page = get_ok(client, item.get_absolute_url())

    assert "<p>正文</p>" in page
    assert "alert(1)" not in page
    assert "onerror" not in page


def test_title_is_escaped(client, org_a, author, reviewer):
    item = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="<b onmouseover=alert(2)>标题</b>",
        publish_at=at(2025, 3, 1),
    )

    assert "<b onmouseover" not in get_ok(client, item.get_absolute_url())
    assert "<b onmouseover" not in get_ok(client, "/xxgk/lm/gzdt/")


# --------------------------------------------------------------------------- attachments


def test_attachment_download_keeps_the_chinese_filename_and_bytes(client, org_a, author, reviewer):
    name = "关于做好2025年城乡低保工作的通知（附件1）.pdf"
    content = make_pdf("低保工作通知", "第二页")
    item = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="关于做好城乡低保工作的通知",
        attachments=[(name, content)],
        publish_at=at(2025, 3, 1),
    )
    attachment = item.attachments.get()

    response = client.get(f"/xxgk/fj/{attachment.pk}/")

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"filename*=utf-8''{quote(name)}" in disposition
    assert b"".join(response.streaming_content) == content


def test_attachment_of_a_withdrawn_or_unpublished_item_is_404(client, org_a, author, reviewer):
    content = make_pdf("x")
    withdrawn = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="将被撤回",
        attachments=[("撤回附件.pdf", content)],
        publish_at=at(2025, 3, 1),
    )
    services.withdraw_disclosure(actor=reviewer, disclosure=withdrawn, reason="撤回")
    draft = draft_item(org_a, author=author, title="草稿", attachments=[("草稿附件.pdf", content)])
    scheduled = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="定时",
        attachments=[("定时附件.pdf", content)],
        publish_at=timezone.now() + dt.timedelta(days=1),
        written_on=timezone.localdate(),
    )

    for item in (withdrawn, draft, scheduled):
        attachment = item.attachments.get()
        assert client.get(f"/xxgk/fj/{attachment.pk}/").status_code == 404, item.title
    assert client.get("/xxgk/fj/987654/").status_code == 404


# --------------------------------------------------------------------------- guide


def test_guide_page_shows_how_to_ask_and_how_to_appeal(client, db):
    org = OrganisationFactory(
        name="测试县人力资源和社会保障局",
        slug="rsj",
        disclosure_office="测试县人力资源和社会保障局办公室",
        address="测试县解放路88号",
        office_hours="工作日上午8:30—12:00，下午14:30—17:30",
        phone="0570-6543210",
        fax="0570-6543211",
        email="xxgk@rsj.example.gov.cn",
        postcode="324000",
        guide_revised_on=dt.date(2025, 3, 1),
    )

    page = get_ok(client, f"/xxgk/zn/{org.slug}/")

    assert "测试县人力资源和社会保障局政府信息公开指南" in page
    assert "<dt>机构名称</dt><dd>测试县人力资源和社会保障局办公室</dd>" in page
    assert "<dt>办公地址</dt><dd>测试县解放路88号</dd>" in page
    assert "<dt>办公时间</dt><dd>工作日上午8:30—12:00，下午14:30—17:30</dd>" in page
    assert "<dt>联系电话</dt><dd>0570-6543210</dd>" in page
    assert "<dt>传真号码</dt><dd>0570-6543211</dd>" in page
    assert "<dt>电子邮箱</dt><dd>xxgk@rsj.example.gov.cn</dd>" in page
    assert "<dt>邮政编码</dt><dd>324000</dd>" in page
    for channel in ("网上申请", "当面申请", "信函申请", "传真申请"):
        assert channel in page
    assert "20个工作日" in page
    assert "信息处理费" in page
    assert "行政复议" in page
    assert "行政诉讼" in page
    assert "测试县人民政府申请行政复议" in page  # the county government reviews a department
    assert "修订日期：2025年3月1日" in page


def test_guide_of_unknown_organisation_is_404(client, db):
    assert client.get("/xxgk/zn/nope/").status_code == 404
