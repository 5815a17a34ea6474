"""The public item page (/xxgk/xx/<pk>/) of every kind of item, its queries and its memo.

Every fact is read from the page the visitor gets, through the test client; items reach their
states through the real services.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from unittest import mock
from urllib.parse import quote

import pytest
from django.utils import timezone

from catalog import sitecache
from catalog.models import Category, TopicCategory
from disclosures import item_page, pagination, services
from disclosures.models import Attachment, Disclosure
from disclosures.service_guides import services as guide_services
from disclosures.service_guides.models import MaterialForm
from disclosures.service_guides.services import Material, Step
from tests.disclosures.builders import at, draft_item, edit_published, publish_item, submitted_item
from tests.disclosures.samples import make_docx, make_pdf, make_png

pytestmark = pytest.mark.django_db

# Site settings (read on every request), the visibility window of the item memo, the item.
UNCACHED_QUERIES = 3
# The site settings only.
MEMOISED_QUERIES = 1


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def topic(db):
    return TopicCategory.objects.filter(parent__isnull=False).order_by("id").first()


# --------------------------------------------------------------------------- page helpers


def text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def get_page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def meta(page: str, label: str) -> str:
    """A cell of the 信息属性 table."""
    match = re.search(rf'<th scope="row">{label}</th><td[^>]*>(.*?)</td>', page, re.S)
    assert match is not None, label
    return text(match.group(1))


def head_meta(page: str, name: str) -> str | None:
    match = re.search(rf'<meta name="{name}" content="([^"]*)">', page)
    return html.unescape(match.group(1)) if match else None


def breadcrumb(page: str) -> list[tuple[str, str | None]]:
    """(label, href or None for the current page) of each 当前位置 crumb."""
    nav = re.search(r'<nav class="breadcrumb[^"]*".*?</nav>', page, re.S)
    assert nav is not None
    crumbs = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", nav.group(0), re.S):
        link = re.search(r'<a href="([^"]*)">(.*?)</a>', item, re.S)
        if link:
            crumbs.append((text(link.group(2)), html.unescape(link.group(1))))
        else:
            crumbs.append((text(item), None))
    return crumbs


def section_links(page: str, section: str) -> list[tuple[str, str]]:
    """(text, href) of the links of the <section class="{section}">."""
    match = re.search(rf'<section class="{section}".*?</section>', page, re.S)
    if match is None:
        return []
    return [
        (text(label), html.unescape(href))
        for href, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', match.group(0), re.S)
    ]


def section_title(page: str, section: str) -> str | None:
    match = re.search(rf'<section class="{section}".*?<h2[^>]*>(.*?)</h2>', page, re.S)
    return text(match.group(1)) if match else None


def main(page: str) -> str:
    match = re.search(r"<main[^>]*>(.*?)</main>", page, re.S)
    assert match is not None
    return match.group(1)


def forget_item_pages() -> None:
    """An item page nobody has opened yet (the site memo stays, as on a running server)."""
    pagination.items.reset()


# --------------------------------------------------------------------------- items


def columns_in_order(*slugs: str) -> list[Category]:
    return list(Category.objects.filter(slug__in=slugs).order_by("sort_order", "id"))


@pytest.fixture
def policy(org_a, author, reviewer, topic):
    """A normative document in two columns with a topic, attachments and three
    interpretations: one public, one withdrawn, one scheduled for later."""
    item = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="测试县临时救助实施办法<修订>",
        column=["gfxwj", "tzgg"],
        genre="normative",
        topic=topic,
        document_number="测民规〔2025〕9号",
        keywords="临时救助，急难 民政",
        summary="规定临时救助的对象、标准和程序。",
        body="<p>第一条 为规范临时救助工作，制定本办法。</p>",
        written_on=dt.date(2025, 2, 20),
        attachments=[
            ("临时救助实施办法.pdf", make_pdf("临时救助实施办法")),
            ("申请表.docx", make_docx(["临时救助申请表"])),
            ("流程图.png", make_png() + bytes(1_600_000)),  # over 1 MB: shown in MB
        ],
        publish_at=at(2025, 3, 3, 9, 30),
    )
    public, withdrawn, scheduled = (
        publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title=title,
            column="zcjd",
            genre="interpretation",
            interprets=item,
            publish_at=when,
            written_on=dt.date(2025, 3, 3),
        )
        for title, when in (
            ("图解临时救助实施办法", at(2025, 3, 3, 10)),
            ("已撤回的解读", at(2025, 3, 3, 11)),
            ("尚未发布的解读", timezone.now() + dt.timedelta(days=3)),
        )
    )
    services.withdraw_disclosure(actor=reviewer, disclosure=withdrawn, reason="解读有误")
    return item, public, withdrawn, scheduled


@pytest.fixture
def plain_item(org_a, author, reviewer):
    """An item with nothing optional: no topic, 文号, keywords, summary, attachments."""
    return publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="测试县民政局开展走访慰问活动",
        column="gzdt",
        body="<p>近日，县民政局走访慰问困难群众。</p>",
        publish_at=at(2025, 4, 1, 8, 5),
    )


@pytest.fixture
def guide(org_a, author, reviewer):
    guide = guide_services.create_guide(
        actor=author,
        organisation=org_a,
        fields={
            "matter_name": "临时救助申请",
            "legal_basis": "《社会救助暂行办法》",
            "conditions": "遭遇急难的家庭或个人。",
            "time_limit": "10个工作日",
            "location": "测试县民政局",
            "office_hours": "工作日",
            "consult_phone": "0570-8000101",
            "supervise_phone": "0570-8000102",
        },
        steps=[Step("申请", "向乡镇提出申请。"), Step("审批")],
        materials=[Material("居民身份证", MaterialForm.ORIGINAL, 1, "")],
    )
    services.submit_disclosure(actor=author, disclosure=guide.disclosure)
    services.publish_disclosure(actor=reviewer, disclosure=guide.disclosure)
    guide.disclosure.refresh_from_db()
    return guide


# --------------------------------------------------------------------------- what a page shows


def test_policy_page_shows_its_facts(client, policy, topic):
    item, *_ = policy

    page = get_page(client, item.get_absolute_url())

    assert item.index_number
    assert meta(page, "索引号") == item.index_number
    assert meta(page, "主题分类") == str(topic)
    assert "\\" in str(topic)  # 一级\二级
    assert meta(page, "发布机构") == "测试县民政局"
    columns = columns_in_order("gfxwj", "tzgg")
    assert meta(page, "组配分类") == "、".join(c.name for c in columns)
    assert meta(page, "成文日期") == "2025-02-20"
    assert meta(page, "发布日期") == "2025-03-03"
    assert meta(page, "文号") == "测民规〔2025〕9号"
    assert meta(page, "有效性") == "有效"
    assert meta(page, "名称") == "测试县临时救助实施办法<修订>"
    assert meta(page, "关键词") == "临时救助、急难、民政"
    assert meta(page, "内容概述") == "规定临时救助的对象、标准和程序。"
    assert 'class="validity-note' not in page
    assert '<h1 class="doc-title">测试县临时救助实施办法&lt;修订&gt;</h1>' in page
    assert "<span>来源：测试县民政局</span>" in page
    assert "<span>发布时间：2025-03-03 09:30</span>" in page
    assert "更新于" not in page
    assert '<p class="doc-number">测民规〔2025〕9号</p>' in page
    assert '<div class="doc-body"><p>第一条 为规范临时救助工作，制定本办法。</p></div>' in page
    assert "查看可打印的办事指南" not in page


def test_page_head_names_the_item_its_column_and_canonical_address(client, policy):
    item, *_ = policy

    page = get_page(client, item.get_absolute_url())

    first_column = columns_in_order("gfxwj", "tzgg")[0]
    assert re.search(r"<title>测试县临时救助实施办法&lt;修订&gt; - [^<]+</title>", page)
    assert head_meta(page, "ColumnName") == first_column.name
    assert head_meta(page, "ArticleTitle") == "测试县临时救助实施办法<修订>"
    assert head_meta(page, "PubDate") == "2025-03-03 09:30"
    assert head_meta(page, "ContentSource") == "测试县民政局"
    assert f'<link rel="canonical" href="http://testserver/xxgk/xx/{item.pk}/">' in page
    assert breadcrumb(page) == [
        ("首页", "/"),
        ("政府信息公开", "/xxgk/"),
        (first_column.name, f"/xxgk/lm/{first_column.slug}/"),
        ("正文", None),
    ]


def test_attachments_are_listed_in_order_with_type_and_size(client, policy):
    item, *_ = policy

    page = get_page(client, item.get_absolute_url())

    attachments = list(Attachment.objects.filter(disclosure=item).order_by("sort_order", "id"))
    assert section_title(page, "attachments") == "附件"
    assert section_links(page, "attachments") == [
        (a.original_name, f"/xxgk/fj/{a.pk}/") for a in attachments
    ]
    sizes = [f"{max(1, round(a.size / 1024))} KB" for a in attachments[:2]]
    sizes.append(f"{attachments[2].size / 1024 / 1024:.1f} MB")
    assert sizes[2] == "1.5 MB"
    kinds = ("PDF 文档", "Word 文档", "图片")
    for attachment, kind, size in zip(attachments, kinds, sizes, strict=True):
        assert (
            f'<li><a href="/xxgk/fj/{attachment.pk}/" download>{attachment.original_name}</a>'
            f' <span class="muted">（{kind}，{size}）</span></li>'
        ) in page


def test_policy_lists_only_its_public_interpretations(client, policy):
    item, public, withdrawn, scheduled = policy

    page = get_page(client, item.get_absolute_url())

    assert section_title(page, "related") == "相关解读"
    assert section_links(page, "related") == [(public.title, f"/xxgk/xx/{public.pk}/")]
    assert withdrawn.title not in page
    assert scheduled.title not in page


def test_policy_lists_its_interpretations_newest_first(client, org_a, author, reviewer, policy):
    item, public, *_ = policy
    newer = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="临时救助实施办法答记者问",
        column="zcjd",
        genre="interpretation",
        interprets=item,
        publish_at=at(2025, 3, 5),
    )

    page = get_page(client, item.get_absolute_url())

    assert [label for label, _href in section_links(page, "related")] == [
        newer.title,
        public.title,
    ]


def test_interpretation_links_back_to_its_public_policy(client, policy):
    item, public, *_ = policy

    page = get_page(client, public.get_absolute_url())

    assert section_title(page, "related") == "解读的文件"
    assert section_links(page, "related") == [(item.title, f"/xxgk/xx/{item.pk}/")]
    assert meta(page, "组配分类") == "政策解读"
    assert section_links(page, "attachments") == []
    assert '<h2 id="att-title">' not in page


@pytest.mark.parametrize("policy_state", ["withdrawn", "scheduled"])
def test_interpretation_does_not_link_to_a_policy_that_is_not_public(
    client, org_a, author, reviewer, policy_state
):
    when = timezone.now() + dt.timedelta(days=2) if policy_state == "scheduled" else None
    policy = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="不公开的政策文件",
        column="gfxwj",
        genre="normative",
        publish_at=when,
        written_on=timezone.localdate(),
    )
    interpretation = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="这份解读照常公开",
        column="zcjd",
        genre="interpretation",
        interprets=policy,
    )
    if policy_state == "withdrawn":
        services.withdraw_disclosure(actor=reviewer, disclosure=policy, reason="重新制定")

    page = get_page(client, interpretation.get_absolute_url())

    assert policy.title not in page
    assert f'href="/xxgk/xx/{policy.pk}/"' not in page
    assert '<section class="related"' not in page


def test_plain_item_shows_dashes_and_no_optional_parts(client, plain_item):
    page = get_page(client, plain_item.get_absolute_url())

    assert meta(page, "主题分类") == "—"
    assert meta(page, "文号") == "—"
    assert meta(page, "组配分类") == "工作动态"
    assert '<th scope="row">关键词</th>' not in page
    assert '<th scope="row">内容概述</th>' not in page
    assert '<p class="doc-number">' not in page
    assert '<section class="attachments"' not in page
    assert '<section class="related"' not in page
    assert "<span>发布时间：2025-04-01 08:05</span>" in page
    assert breadcrumb(page)[2] == ("工作动态", "/xxgk/lm/gzdt/")


def test_guide_item_links_its_printable_guide(client, guide):
    page = get_page(client, guide.disclosure.get_absolute_url())

    assert guide.get_absolute_url() == f"/xxgk/bszn/{guide.pk}/"
    match = re.search(r'<p class="no-print"><a href="([^"]+)">查看可打印的办事指南</a></p>', page)
    assert match is not None
    assert match.group(1) == guide.get_absolute_url()
    assert client.get(match.group(1)).status_code == 200
    assert head_meta(page, "ColumnName") == "办事指南"
    assert "受理条件" in main(page)


@pytest.mark.parametrize(
    ("validity", "note", "notice"),
    [
        ("expired", "", "本文件已于2025年9月1日失效。"),
        ("repealed", "被测民规〔2025〕12号替代。", "本文件已于2025年9月1日废止。"),
    ],
)
def test_item_no_longer_in_force_carries_its_validity_notice(
    client, reviewer, plain_item, validity, note, notice
):
    services.change_validity(
        actor=reviewer,
        disclosure=plain_item,
        validity=validity,
        changed_on=dt.date(2025, 9, 1),
        note=note,
    )

    page = get_page(client, plain_item.get_absolute_url())

    box = re.search(
        rf'<div class="validity-note validity-{validity}" role="note">(.*?)</div>', page, re.S
    )
    assert box is not None
    assert text(box.group(1)) == notice + note
    assert meta(page, "有效性") == {"expired": "失效", "repealed": "废止"}[validity]


def test_edited_item_shows_when_it_was_updated(client, author, plain_item):
    edit_published(actor=author, disclosure=plain_item, values={"summary": "补充说明"})
    plain_item.refresh_from_db()

    page = get_page(client, plain_item.get_absolute_url())

    stamp = timezone.localtime(plain_item.content_updated_at).strftime("%Y-%m-%d %H:%M")
    assert f"<span>更新于：{stamp}</span>" in page
    assert meta(page, "内容概述") == "补充说明"


def test_page_tools_return_to_the_address_asked_for(client, plain_item):
    url = plain_item.get_absolute_url()

    for query in ("", "?from=list&page=2"):
        page = get_page(client, url + query)
        tools = re.search(r'<span class="page-tools no-print">(.*?)</span>', page, re.S)
        assert tools is not None
        back = quote(url + query, safe="/")
        assert [
            (label, href)
            for href, label in re.findall(
                r'<a href="([^"]*)" data-font-size="[a-z]+">(.)</a>', tools.group(1)
            )
        ] == [
            (label, f"/zh/{size}/?next={back}")
            for size, label in (("large", "大"), ("medium", "中"), ("small", "小"))
        ]
        assert tools.group(1).endswith('】<a href="#" data-print>【打印】</a>')


def test_font_size_cookie_applies_to_an_item_page_read_before(client, plain_item):
    url = plain_item.get_absolute_url()
    assert 'class="fs-medium"' in get_page(client, url)

    client.cookies["fs"] = "large"

    page = get_page(client, url)
    assert 'class="fs-large"' in page
    assert 'aria-current="true">大</a>' in page


def test_qr_code_is_a_link_to_an_svg_of_the_canonical_address(client, policy, plain_item):
    item, *_ = policy

    page = get_page(client, item.get_absolute_url())

    qr = re.search(r'<aside class="qr no-print" aria-label="手机浏览">(.*?)</aside>', page, re.S)
    assert qr is not None
    assert (
        f'<img src="/xxgk/xx/{item.pk}/qr.svg" width="120" height="120" alt="本页网址的二维码"'
        ' loading="lazy">'
    ) in qr.group(1)
    assert "<p>扫一扫在手机上查看当前页面</p>" in qr.group(1)
    image = client.get(f"/xxgk/xx/{item.pk}/qr.svg")
    assert image.status_code == 200
    assert image["Content-Type"] == "image/svg+xml"
    assert image["Cache-Control"] == "public, max-age=300, s-maxage=3600"
    assert image.content.startswith(b"<?xml") or b"<svg" in image.content[:200]
    other = client.get(f"/xxgk/xx/{plain_item.pk}/qr.svg")
    assert other.status_code == 200
    assert other.content != image.content


def test_withdrawn_item_answers_410_with_its_notice(client, reviewer, policy):
    item, *_ = policy
    services.withdraw_disclosure(actor=reviewer, disclosure=item, reason="内容需要修订，暂时撤回。")
    item.refresh_from_db()

    response = client.get(item.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert re.search(r"<title>测试县临时救助实施办法&lt;修订&gt;（已撤回） - [^<]+</title>", page)
    assert head_meta(page, "ColumnName") == "政府信息公开"
    assert head_meta(page, "ArticleTitle") is None
    assert breadcrumb(page) == [
        ("首页", "/"),
        ("政府信息公开", "/xxgk/"),
        ("已撤回的信息", None),
    ]
    body = main(page)
    assert '<h1 class="doc-title">测试县临时救助实施办法&lt;修订&gt;</h1>' in body
    withdrawn_on = timezone.localtime(item.withdrawn_at)
    assert (
        f"该信息已于{withdrawn_on.year}年{withdrawn_on.month}月{withdrawn_on.day}日"
        "由测试县民政局撤回。"
    ) in body
    assert "<p>撤回原因：内容需要修订，暂时撤回。</p>" in body
    assert f"<dt>索引号</dt><dd>{item.index_number}</dd>" in body
    assert "<dt>原发布日期</dt><dd>2025-03-03</dd>" in body
    assert '<a href="/xxgk/jg/a-mzj/">测试县民政局信息公开目录</a>' in body
    assert '<a href="/ysqgk/">申请政府信息公开</a>' in body
    # nothing of the withdrawn text itself
    assert "第一条" not in page
    assert "/xxgk/fj/" not in page
    assert "qr.svg" not in page
    assert client.get(f"/xxgk/xx/{item.pk}/qr.svg").status_code == 404


def test_items_that_are_not_public_are_404(client, org_a, author, reviewer):
    draft = draft_item(org_a, author=author, title="草稿")
    submitted = submitted_item(org_a, author=author, title="待审")
    scheduled = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="定时发布的信息",
        publish_at=timezone.now() + dt.timedelta(minutes=5),
        written_on=timezone.localdate(),
    )

    for item in (draft, submitted, scheduled):
        assert client.get(f"/xxgk/xx/{item.pk}/").status_code == 404, item.title
        assert client.get(f"/xxgk/xx/{item.pk}/qr.svg").status_code == 404, item.title
    assert client.get("/xxgk/xx/987654/").status_code == 404
    assert client.get("/xxgk/xx/987654/qr.svg").status_code == 404


def test_body_is_shown_as_sanitised_html_and_the_rest_escaped(client, org_a, author, reviewer):
    item = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="<b>标题</b>",
        summary="<i>概述</i>",
        keywords="<u>词</u>",
        body="<p>正文<strong>加粗</strong></p><script>alert(1)</script>",
        publish_at=at(2025, 3, 1),
    )

    page = get_page(client, item.get_absolute_url())

    assert "<p>正文<strong>加粗</strong></p>" in page
    assert "alert(1)" not in page
    assert "<b>标题</b>" not in page
    assert "&lt;b&gt;标题&lt;/b&gt;" in page
    assert "&lt;i&gt;概述&lt;/i&gt;" in page
    assert "&lt;u&gt;词&lt;/u&gt;" in page


# --------------------------------------------------------------------------- queries and memo


@pytest.fixture
def every_kind(org_a, author, reviewer, policy, plain_item, guide):
    """One item of each kind, with the status its page answers."""
    item, public, *_ = policy
    withdrawn = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="将被撤回的信息",
        publish_at=at(2025, 5, 1),
    )
    services.withdraw_disclosure(actor=reviewer, disclosure=withdrawn, reason="撤回")
    return {
        "policy with attachments and interpretations": (item, 200),
        "interpretation": (public, 200),
        "plain item": (plain_item, 200),
        "service guide": (guide.disclosure, 200),
        "withdrawn": (withdrawn, 410),
    }


def test_item_pages_cost_a_fixed_number_of_queries(client, django_assert_num_queries, every_kind):
    for item, _status in every_kind.values():  # the site memo is warm on a running server
        client.get(item.get_absolute_url())
    for name, (item, status) in every_kind.items():
        url = item.get_absolute_url()
        forget_item_pages()
        with django_assert_num_queries(UNCACHED_QUERIES):
            assert client.get(url).status_code == status, name
        with django_assert_num_queries(MEMOISED_QUERIES):
            assert client.get(url).status_code == status, name
        # the QR code of a page read before needs no query (the 404 page reads the settings)
        qr_status, qr_queries = (200, 0) if status == 200 else (404, MEMOISED_QUERIES)
        with django_assert_num_queries(qr_queries):
            assert client.get(f"{url}qr.svg").status_code == qr_status, name


def test_memoised_page_is_the_page_read_fresh(client, every_kind):
    for name, (item, status) in every_kind.items():
        url = item.get_absolute_url()
        forget_item_pages()
        sitecache.reset()
        fresh = client.get(url)
        again = client.get(url)
        assert fresh.status_code == again.status_code == status, name
        assert again.content == fresh.content, name


def test_an_edit_shows_on_the_next_request(client, author, reviewer, plain_item):
    url = plain_item.get_absolute_url()
    get_page(client, url)  # now memoised

    edit_published(
        actor=author,
        disclosure=plain_item,
        values={"title": "测试县民政局开展春节走访慰问活动", "body": "<p>修改后的正文。</p>"},
    )

    page = get_page(client, url)
    assert '<h1 class="doc-title">测试县民政局开展春节走访慰问活动</h1>' in page
    assert "<p>修改后的正文。</p>" in page
    assert "近日，县民政局走访慰问困难群众。" not in page
    assert "更新于：" in page


def test_a_validity_change_shows_on_the_next_request(client, reviewer, plain_item):
    url = plain_item.get_absolute_url()
    get_page(client, url)

    services.change_validity(
        actor=reviewer, disclosure=plain_item, validity="expired", changed_on=dt.date(2025, 9, 1)
    )

    assert meta(get_page(client, url), "有效性") == "失效"


def test_a_new_interpretation_shows_on_its_policy_at_once(
    client, org_a, author, reviewer, plain_item
):
    url = plain_item.get_absolute_url()
    assert '<section class="related"' not in get_page(client, url)

    interpretation = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="走访慰问活动解读",
        column="zcjd",
        genre="interpretation",
        interprets=plain_item,
    )

    page = get_page(client, url)
    assert section_links(page, "related") == [
        (interpretation.title, f"/xxgk/xx/{interpretation.pk}/")
    ]


def test_withdrawing_shows_on_the_next_request(client, reviewer, policy):
    item, public, *_ = policy
    get_page(client, item.get_absolute_url())
    get_page(client, public.get_absolute_url())
    assert client.get(f"{item.get_absolute_url()}qr.svg").status_code == 200

    services.withdraw_disclosure(actor=reviewer, disclosure=item, reason="暂时撤回")

    assert client.get(item.get_absolute_url()).status_code == 410
    assert client.get(f"{item.get_absolute_url()}qr.svg").status_code == 404
    # and the interpretation no longer links to it
    assert section_links(get_page(client, public.get_absolute_url()), "related") == []


def test_a_column_rename_shows_on_the_next_request(client, plain_item):
    url = plain_item.get_absolute_url()
    get_page(client, url)

    column = Category.objects.get(slug="gzdt")
    column.name = "工作动态（新）"
    column.save()

    page = get_page(client, url)
    assert meta(page, "组配分类") == "工作动态（新）"
    assert head_meta(page, "ColumnName") == "工作动态（新）"
    assert breadcrumb(page)[2] == ("工作动态（新）", "/xxgk/lm/gzdt/")


def test_a_scheduled_item_shows_once_its_time_has_come(client, org_a, author, reviewer):
    go_public = timezone.now() + dt.timedelta(hours=1)
    policy = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="定时发布的政策文件",
        column="gfxwj",
        genre="normative",
        publish_at=go_public,
        written_on=timezone.localdate(),
    )
    interpretation = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="先行发布的解读",
        column="zcjd",
        genre="interpretation",
        interprets=policy,
    )
    assert client.get(policy.get_absolute_url()).status_code == 404
    assert section_links(get_page(client, interpretation.get_absolute_url()), "related") == []

    later = go_public + dt.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        policy_page = get_page(client, policy.get_absolute_url())
        interpretation_page = get_page(client, interpretation.get_absolute_url())

    assert section_links(policy_page, "related") == [
        (interpretation.title, f"/xxgk/xx/{interpretation.pk}/")
    ]
    assert section_links(interpretation_page, "related") == [
        (policy.title, f"/xxgk/xx/{policy.pk}/")
    ]


def test_the_compiled_item_query_is_the_public_gate_at_the_time_given(
    org_a, author, reviewer, policy
):
    item, public, withdrawn, scheduled = policy
    draft = draft_item(org_a, author=author, title="草稿")
    submitted = submitted_item(org_a, author=author, title="待审")
    items = [item, public, withdrawn, scheduled, draft, submitted]
    now = timezone.now()

    for when in (at(2025, 3, 3, 9), at(2025, 3, 3, 10), now, now + dt.timedelta(days=4)):
        visible = set(Disclosure.objects.visible(now=when).values_list("id", flat=True))
        listed = set(Disclosure.objects.listed(now=when).values_list("id", flat=True))
        for each in items:
            row = item_page._item_query().fetchone(pk=each.pk, now=when)
            assert (row is not None) == (each.pk in visible), (each.title, when)
            if row is None:
                continue
            assert row["id"] == each.pk
            expected = (
                Disclosure.objects.filter(interprets=each, pk__in=listed)
                .order_by("-published_at", "-id")
                .values_list("title", flat=True)
            )
            assert [r["title"] for r in item_page._json_rows(row["interpretation_rows"])] == list(
                expected
            ), (each.title, when)
            interprets_public = each.interprets_id in listed
            assert (row["interprets_title"] is not None) == interprets_public, (each.title, when)


def test_moving_an_item_to_another_column_shows_on_the_next_request(client, author, plain_item):
    url = plain_item.get_absolute_url()
    get_page(client, url)

    edit_published(
        actor=author,
        disclosure=plain_item,
        values={},
        categories=list(Category.objects.filter(slug="tzgg")),
    )

    page = get_page(client, url)
    assert meta(page, "组配分类") == "通知公告"
    assert breadcrumb(page)[2] == ("通知公告", "/xxgk/lm/tzgg/")
