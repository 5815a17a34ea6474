"""HTTP caching headers, validators and conditional GET through the test client (ADR 0021).

Items are published through the real services; the version tokens change when the commit
callbacks run, as they do in production.
"""

from __future__ import annotations

import pytest
from django.utils.http import http_date

from disclosures import services
from tests.disclosures.factories import make_published, make_submitted, reviewer_of
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_published(organisation=OrganisationFactory(slug="mzj")).disclosure


def test_an_anonymous_item_page_is_public_with_validators(client, item):
    response = client.get(f"/xxgk/xx/{item.pk}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=600"
    assert response["X-Vary-Cookies"] == "fs,care,hc"
    assert response["Vary"] == "Accept-Encoding"
    assert response["ETag"].startswith('"')
    assert len(response["ETag"]) > 10
    assert "Last-Modified" in response
    assert not response.cookies


def test_a_repeated_request_with_the_etag_is_answered_304_without_running_the_view(
    client, item, django_assert_num_queries
):
    first = client.get(f"/xxgk/xx/{item.pk}/")
    with django_assert_num_queries(0):
        again = client.get(f"/xxgk/xx/{item.pk}/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "public, max-age=0, s-maxage=600"


def test_if_modified_since_is_answered_304_and_an_older_date_gets_the_page(client, item):
    first = client.get("/xxgk/ml/")
    since = first["Last-Modified"]
    assert client.get("/xxgk/ml/", headers={"if-modified-since": since}).status_code == 304
    older = http_date(0)
    assert client.get("/xxgk/ml/", headers={"if-modified-since": older}).status_code == 200


def test_publishing_an_item_through_the_service_changes_the_etag(
    client, item, django_capture_on_commit_callbacks
):
    before = client.get("/xxgk/lm/gzdt/")["ETag"]
    assert client.get("/xxgk/lm/gzdt/")["ETag"] == before  # stable while nothing changes
    other = make_submitted(organisation=item.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_disclosure(actor=reviewer_of(other.organisation), disclosure=other)
    after = client.get("/xxgk/lm/gzdt/", headers={"if-none-match": before})
    assert after.status_code == 200
    assert after["ETag"] != before
    assert other.title in after.content.decode()


def test_display_cookies_change_the_etag_of_pages_but_not_of_downloads(client, item):
    plain = client.get("/")
    client.cookies["fs"] = "large"
    large = client.get("/", headers={"if-none-match": plain["ETag"]})
    assert large.status_code == 200
    assert large["ETag"] != plain["ETag"]
    client.cookies["care"] = "on"
    assert client.get("/")["ETag"] not in (plain["ETag"], large["ETag"])
    feed = client.get("/feeds/atom/")
    del client.cookies["care"]
    client.cookies["fs"] = "small"
    assert client.get("/feeds/atom/")["ETag"] == feed["ETag"]
    assert "X-Vary-Cookies" not in feed
    assert feed["Cache-Control"] == "public, max-age=300, s-maxage=3600"


def test_a_page_with_a_form_token_is_private(client, item):
    response = client.get("/ysqgk/mzj/sq/")
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    assert "X-Vary-Cookies" not in response


def test_a_switch_that_sets_a_cookie_is_private(client):
    response = client.get("/zh/large/?next=/")
    assert response.cookies
    assert response["Cache-Control"] == "private, no-store"


def test_logged_in_staff_get_private_pages_and_no_304(client, item):
    anonymous = client.get("/")
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/", headers={"if-none-match": anonymous["ETag"]})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_search_is_kept_briefly_and_a_missing_page_is_public_but_short(client, item):
    search = client.get("/search/", {"q": "公示"})
    assert search["Cache-Control"] == "public, max-age=0, s-maxage=60"
    missing = client.get("/xxgk/xx/999999/")
    assert missing.status_code == 404
    assert missing["Cache-Control"] == "public, max-age=0, s-maxage=60"
    outside = client.get("/no-such-page/")
    assert outside.status_code == 404
    assert outside["Cache-Control"] == "public, max-age=0, s-maxage=60"


def test_a_post_is_private(client, item):
    response = client.post("/search/", {"q": "公示"})
    assert response["Cache-Control"] == "private, no-store"


def test_lifetimes_come_from_the_settings(client, item, settings):
    settings.HTTP_CACHE_PAGE_S_MAXAGE = 1200
    settings.HTTP_CACHE_PAGE_MAX_AGE = 30
    assert client.get("/")["Cache-Control"] == "public, max-age=30, s-maxage=1200"
