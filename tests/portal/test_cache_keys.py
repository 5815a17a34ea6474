"""Query strings a page does not read create no cache or memo entries (issue #14, item 1):
a flood of made-up parameters must not fill the shared cache, push out real entries or grow a
process's memo."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection

from catalog import sitecache
from disclosures import pagination
from requests_app.models import Application
from tests.factories import OrganisationFactory
from tests.requests_app.test_public_views import form_token, submit

pytestmark = pytest.mark.django_db


def cache_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_cache")
        return cursor.fetchone()[0]


@pytest.fixture
def empty_cache():
    cache.clear()
    return cache


def test_junk_query_strings_on_the_sitemap_add_no_cache_entries(client, empty_cache):
    assert client.get("/sitemap.xml").status_code == 200
    entries = cache_rows()
    assert entries > 0  # the plain sitemap is cached
    for n in range(1, 31):
        response = client.get(f"/sitemap.xml?f={n}")
        assert response.status_code == 200
    assert cache_rows() == entries


def test_sitemap_page_number_is_cached_only_in_its_canonical_form(client, empty_cache):
    OrganisationFactory(slug="mzj")
    assert client.get("/sitemap-organisations.xml?p=1").status_code == 200
    entries = cache_rows()
    for junk in ("01", "001", "1&p=1", "1&x=2"):
        client.get(f"/sitemap-organisations.xml?p={junk}")
    assert cache_rows() == entries


def test_a_cache_flood_lets_no_replayed_form_through(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.APPLICATION_MIN_FILL_SECONDS = 0
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
            "OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 1},
        }
    }
    org = OrganisationFactory(slug="mzj")
    token = form_token(client, org)
    assert submit(client, org, token=token).status_code == 302
    for n in range(1, 21):  # evicts whatever the cache held
        client.get(f"/sitemap.xml?f={n}")
        cache.set(f"junk:{n}", "x")
    assert submit(client, org, token=token).status_code == 302  # the first one's receipt
    assert Application.objects.count() == 1


def test_malformed_search_filters_take_no_places_in_the_site_memo(client):
    client.get("/search/?q=低保")
    sitecache.reset()
    client.get("/search/?q=低保")
    size = len(sitecache._memo.data)
    for n in range(20):
        assert client.get(f"/search/?q=低保&year=x{n}").status_code == 200
    assert len(sitecache._memo.data) == size


def test_malformed_list_filters_take_no_places_in_the_list_memo(client):
    OrganisationFactory(slug="mzj")
    client.get("/xxgk/ml/")
    size = len(pagination.lists.data)
    for n in range(20):
        response = client.get(f"/xxgk/ml/?year=x{n}&f={n}")
        assert response.status_code == 200
    assert len(pagination.lists.data) == size
    client.get("/xxgk/ml/?year=2026")  # a real filter is kept as before
    assert len(pagination.lists.data) > size
