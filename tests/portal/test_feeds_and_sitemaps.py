"""Atom feeds (site, organisation, column), sitemap.xml and robots.txt."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosures import services
from tests.disclosures.builders import draft_item, publish_item, publish_items, staff_pair
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def catalogue():
    mzj = OrganisationFactory(name="测试县民政局", slug="f-mzj")
    czj = OrganisationFactory(name="测试县财政局", slug="f-czj")
    author, reviewer = staff_pair(mzj)
    author2, reviewer2 = staff_pair(czj, prefix="c")
    published = publish_items(
        mzj, 3, author=author, reviewer=reviewer, column="gzdt", title="民政工作动态{i}"
    )
    notice = publish_item(
        mzj,
        author=author,
        reviewer=reviewer,
        title="民政通知公告",
        column="tzgg",
        publish_at=timezone.now() - dt.timedelta(days=1),
    )
    other = publish_item(
        czj,
        author=author2,
        reviewer=reviewer2,
        title="财政通知公告",
        column="tzgg",
        publish_at=timezone.now() - dt.timedelta(days=2),
    )
    withdrawn = publish_item(
        mzj,
        author=author,
        reviewer=reviewer,
        title="已撤回的公告",
        column="tzgg",
        publish_at=timezone.now() - dt.timedelta(days=3),
    )
    services.withdraw_disclosure(actor=reviewer, disclosure=withdrawn, reason="内容有误")
    scheduled = publish_item(
        mzj,
        author=author,
        reviewer=reviewer,
        title="定时发布的公告",
        column="tzgg",
        publish_at=timezone.now() + dt.timedelta(days=3),
    )
    draft_item(mzj, author=author, title="尚未发布的草稿", column="tzgg")
    return {
        "mzj": mzj,
        "published": published,
        "notice": notice,
        "other": other,
        "withdrawn": withdrawn,
        "scheduled": scheduled,
    }


def entry_titles(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")]


def test_site_feed_lists_only_listed_items_newest_first(client, catalogue):
    titles = entry_titles(client.get(reverse("feed-latest")))
    assert titles[:2] == ["民政通知公告", "财政通知公告"]
    assert {"民政工作动态0", "民政工作动态1", "民政工作动态2"} <= set(titles)
    for hidden in ("已撤回的公告", "定时发布的公告", "尚未发布的草稿"):
        assert hidden not in titles


def test_organisation_feed_keeps_to_its_organisation(client, catalogue):
    titles = entry_titles(client.get(reverse("feed-organisation", args=["f-mzj"])))
    assert "财政通知公告" not in titles
    assert "民政通知公告" in titles


def test_column_feed_keeps_to_its_column(client, catalogue):
    titles = entry_titles(client.get(reverse("feed-column", args=["tzgg"])))
    assert set(titles) == {"民政通知公告", "财政通知公告"}


def test_feeds_of_unknown_organisation_or_column_are_404(client, db):
    assert client.get(reverse("feed-organisation", args=["nope"])).status_code == 404
    assert client.get(reverse("feed-column", args=["nope"])).status_code == 404


def test_sitemap_index_lists_sections_and_items_sitemap_lists_item_urls(client, catalogue):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    locations = [node.text for node in ET.fromstring(index.content).iter(f"{SITEMAP}loc")]
    assert any(loc.endswith("/sitemap-items.xml") for loc in locations)
    assert any(loc.endswith("/sitemap-reports.xml") for loc in locations)
    items = client.get("/sitemap-items.xml")
    urls = [node.text for node in ET.fromstring(items.content).iter(f"{SITEMAP}loc")]
    assert any(url.endswith(catalogue["notice"].get_absolute_url()) for url in urls)
    assert not any(url.endswith(catalogue["withdrawn"].get_absolute_url()) for url in urls)
    assert not any(url.endswith(catalogue["scheduled"].get_absolute_url()) for url in urls)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_case_pages(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Disallow: /ysqgk/cx/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_pages_advertise_the_feeds(client, catalogue):
    html = client.get(reverse("disclosures:column", args=["tzgg"])).content.decode()
    assert reverse("feed-column", args=["tzgg"]) in html
    assert reverse("feed-latest") in html


def test_header_search_box_keeps_the_typed_query_as_text(client, db):
    html = client.get(reverse("search"), {"q": "低保<b>"}).content.decode()
    header = html.split('id="site-q"')[1].split(">")[0]
    assert 'value="低保&lt;b&gt;"' in header
