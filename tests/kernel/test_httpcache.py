"""The HTTP caching policy's pure rules (kernel.httpcache)."""

from __future__ import annotations

import pytest

from kernel.httpcache import policy as httpcache
from kernel.httpcache.policy import PRIVATE, PUBLIC_DOWNLOAD, PUBLIC_PAGE, SEARCH, Lifetimes

PUBLIC_GET = {"method": "GET", "anonymous": True, "status": 200, "sets_cookie": False, "vary": ""}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, PUBLIC_PAGE),
        ({"method": "HEAD"}, PUBLIC_PAGE),
        ({"status": 301}, PUBLIC_PAGE),
        ({"status": 404}, PUBLIC_PAGE),
        ({"status": 304}, PUBLIC_PAGE),
        ({"method": "POST"}, PRIVATE),
        ({"anonymous": False}, PRIVATE),
        ({"status": 302}, PRIVATE),
        ({"status": 500}, PRIVATE),
        ({"sets_cookie": True}, PRIVATE),
        ({"vary": "Cookie"}, PRIVATE),
        ({"vary": "Accept-Encoding, cookie"}, PRIVATE),
        ({"vary": "*"}, PRIVATE),
        ({"vary": "Accept-Encoding"}, PUBLIC_PAGE),
    ],
)
def test_a_page_is_public_only_for_an_anonymous_get_without_cookies(change, expected):
    assert httpcache.response_class(PUBLIC_PAGE, **{**PUBLIC_GET, **change}) == expected


def test_a_private_pattern_stays_private_whatever_the_request():
    assert httpcache.response_class(PRIVATE, **PUBLIC_GET) == PRIVATE


def test_unknown_unnamed_and_admin_patterns_are_private():
    assert httpcache.class_for("no-such:page") == PRIVATE
    assert httpcache.class_for(None) == PRIVATE
    assert httpcache.class_for("admin:index") == PRIVATE
    assert httpcache.class_for("home") == PUBLIC_PAGE
    assert httpcache.class_for("search") == SEARCH
    assert httpcache.class_for("feed-latest") == PUBLIC_DOWNLOAD


def test_cache_control_of_each_class():
    lifetimes = Lifetimes()
    assert httpcache.cache_control(PRIVATE, status=200, lifetimes=lifetimes) == "private, no-store"
    page = httpcache.cache_control(PUBLIC_PAGE, status=200, lifetimes=lifetimes)
    assert page == "public, max-age=0, s-maxage=600"
    download = httpcache.cache_control(PUBLIC_DOWNLOAD, status=200, lifetimes=lifetimes)
    assert download == "public, max-age=300, s-maxage=3600"
    assert httpcache.cache_control(SEARCH, status=200, lifetimes=lifetimes).endswith("=60")
    missing = httpcache.cache_control(PUBLIC_DOWNLOAD, status=404, lifetimes=lifetimes)
    assert missing == "public, max-age=0, s-maxage=60"


def etag(**change):
    values = {
        "cache_class": PUBLIC_PAGE,
        "path": "/xxgk/ml/?p=2",
        "versions": ["a=1", "b=2"],
        "cookies": {"fs": "large", "csrftoken": "x"},
        "release": "r1",
        "bucket": 7,
    }
    return httpcache.etag(**{**values, **change})


def test_the_etag_changes_with_everything_a_page_is_built_of_and_nothing_else():
    base = etag()
    assert base == etag()
    assert base.startswith('"')
    assert base.endswith('"')
    for change in (
        {"path": "/xxgk/ml/?p=3"},
        {"versions": ["a=1", "b=3"]},
        {"cookies": {"fs": "small"}},
        {"cookies": {"fs": "large", "care": "on"}},
        {"cookies": {"fs": "large", "hc": "on"}},
        {"release": "r2"},
        {"bucket": 8},
        {"cache_class": SEARCH},
    ):
        assert etag(**change) != base, change
    assert etag(cookies={"fs": "large", "csrftoken": "y", "other": "z"}) == base


def test_downloads_do_not_vary_by_the_display_cookies():
    one = etag(cache_class=PUBLIC_DOWNLOAD, cookies={})
    assert etag(cache_class=PUBLIC_DOWNLOAD, cookies={"fs": "large", "care": "on"}) == one


def test_token_time_reads_the_publication_time_and_ignores_old_tokens():
    assert httpcache.token_time("3e8.abc") == 1.0
    assert httpcache.token_time("5f0c6d1e2a3b4c5d") is None
    assert httpcache.token_time("zz.abc") is None
    assert httpcache.token_time(None) is None
