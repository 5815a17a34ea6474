"""The items sitemap pages by id blocks: no COUNT of the catalogue, no OFFSET, and the index's
lastmod from one aggregate, so a million items cost what a hundred do."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from disclosures import services
from disclosures.models import Disclosure
from portal.sitemaps import DisclosureSitemap
from tests.disclosures.builders import publish_items, staff_pair
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locations(response) -> list[str]:
    return [node.text for node in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def test_items_sitemap_pages_by_id_block_without_offset(client, monkeypatch):
    monkeypatch.setattr(DisclosureSitemap, "limit", 3)
    organisation = OrganisationFactory(name="测试县民政局", slug="s-mzj")
    author, reviewer = staff_pair(organisation)
    items = publish_items(organisation, 7, author=author, reviewer=reviewer)
    services.withdraw_disclosure(actor=reviewer, disclosure=items[1], reason="内容有误")
    last_id = max(item.pk for item in items)
    pages = -(-last_id // 3)

    client.get("/sitemap.xml")  # warm up per-process caches
    cache.clear()
    with CaptureQueriesContext(connection) as index_queries:
        index = client.get("/sitemap.xml")
    assert index.status_code == 200
    item_pages = [loc for loc in _locations(index) if "sitemap-items.xml" in loc]
    assert len(item_pages) == pages
    assert item_pages[-1].endswith(f"sitemap-items.xml?p={pages}")
    publish_items(organisation, 2, author=author, reviewer=reviewer, start=7)
    cache.clear()  # the index is cached for an hour
    with CaptureQueriesContext(connection) as more_queries:
        assert client.get("/sitemap.xml").status_code == 200
    # Two more items (and one more id block) add no query: nothing is done per item.
    assert len(more_queries.captured_queries) <= len(index_queries.captured_queries)

    items = list(Disclosure.objects.listed())
    listed = {item.pk for item in items}
    pages = -(-max(listed) // 3)
    seen = set()
    for page in range(1, pages + 1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/sitemap-items.xml", {"p": page})
        assert response.status_code == 200
        # (The database cache's own culling query may use OFFSET: not the sitemap's.)
        sitemap_queries = [
            q["sql"] for q in queries.captured_queries if "portal_cache" not in q["sql"]
        ]
        assert not any("OFFSET" in sql for sql in sitemap_queries)
        urls = _locations(response)
        assert len(urls) <= 3
        seen |= {int(url.rstrip("/").rsplit("/", 1)[1]) for url in urls}
    assert seen == listed
    assert client.get("/sitemap-items.xml", {"p": pages + 1}).status_code == 404
    assert client.get("/sitemap-items.xml", {"p": "x"}).status_code == 404


def test_latest_lastmod_is_one_aggregate():
    organisation = OrganisationFactory(name="测试县民政局", slug="s-mzj")
    author, reviewer = staff_pair(organisation)
    items = publish_items(organisation, 3, author=author, reviewer=reviewer)
    with CaptureQueriesContext(connection) as queries:
        latest = DisclosureSitemap().get_latest_lastmod()
    assert latest == max(item.content_updated_at or item.published_at for item in items)
    assert len(queries.captured_queries) == 1
    assert "MAX(" in queries.captured_queries[0]["sql"]
