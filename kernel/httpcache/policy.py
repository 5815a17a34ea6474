"""The HTTP caching policy: which URL pattern is cached where, for how long, and on what key.

Pure: URL names, statuses and header values in, header values out; no settings, no ORM.
``catalog.httpcache`` applies it to every response (docs/http-caching.md, ADR 0021).

Four classes. ``public-page`` (HTML every visitor sees alike) is kept long by the shared proxy,
which is purged on change, and revalidated by browsers on every view (the page varies by the
display cookies, which browsers do not key on). ``public-download`` (files, feeds, sitemaps)
varies by nothing and may be kept by browsers too. ``search`` is never purged, so the proxy
keeps it briefly. ``private`` is never stored anywhere. A URL name missing from the table is
private: a new page is cacheable only once someone has decided it may be.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PUBLIC_PAGE = "public-page"
PUBLIC_DOWNLOAD = "public-download"
SEARCH = "search"
PRIVATE = "private"
CLASSES = (PUBLIC_PAGE, PUBLIC_DOWNLOAD, SEARCH, PRIVATE)

# Display settings the pages render differently for (字号, 关怀版, 高对比度): the proxy keys
# HTML on them (X-Vary-Cookies) and strips every other cookie from what it caches.
DISPLAY_COOKIES = ("fs", "care", "hc")
VARY_COOKIES_HEADER = "X-Vary-Cookies"
PRIVATE_CACHE_CONTROL = "private, no-store"
CACHEABLE_METHODS = frozenset({"GET", "HEAD"})
CACHEABLE_STATUSES = frozenset({200, 301, 404})
# Namespaces whose every pattern is private, whatever its name.
PRIVATE_NAMESPACES = frozenset({"admin"})

_PAGES = (
    "home",
    "site-map",
    "contact",
    "catalog:channel",
    "catalog:guide-index",
    "catalog:organisation-list",
    "catalog:guide",
    "disclosures:statutory",
    "disclosures:catalogue",
    "disclosures:rules",
    "disclosures:column",
    "disclosures:interpretations",
    "disclosures:service-guides",
    "disclosures:organisation",
    "disclosures:detail",
    "disclosures_roster",
    "disclosures_guide",
    "directory:index",
    "directory:organisation",
    "statistics:series-index",
    "statistics:series",
    "statistics:three-public",
    "reports:annual-list",
    "reports:detail",
    "website-report:list",
    "website-report:detail",
    "website-report:version",
    "requests_app:index",
    "interaction:index",
    "interaction:published",
    "interaction:published-detail",
    "interaction:statistics",
    "interaction:statistics-organisation",
    "interaction:knowledge-list",
    "interaction:knowledge-detail",
    "interaction:topics-index",
    "interaction:topics-list",
    "interaction:topics-detail",
    "interaction:interview-list",
    "interaction:consultation-list",
    "interaction:survey-list",
    "interaction:participation",
    "accessibility",  # 无障碍声明
)
_DOWNLOADS = (
    "robots-txt",
    "sitemap-index",
    "sitemap-section",
    "feed-latest",
    "feed-organisation",
    "feed-column",
    "disclosures:catalogue-export",
    "disclosures:detail-qr",
    "disclosures:attachment",
    "disclosures_roster_csv",
    "directory:xlsx",
    "statistics:series-csv",
    "reports:download",
    "website-report:download",
    "requests_app:form-pdf",
    "requests_app:form-docx",
    "interaction:statistics-csv",
    "interaction:statistics-organisation-csv",
    "interaction:topics-feed",
    "interaction:interview-feed",
    "interaction:interview-video",
    "interaction:interview-guest-photo",
    "interaction:interview-image",
    "interaction:consultation-feed",
    "interaction:consultation-attachment",
    "interaction:survey-feed",
    "interaction:survey-csv",
    "interaction:participation-csv",
)
_SEARCHES = ("search",)
# Private on purpose (named so that the table covers every pattern): forms with a token,
# receipts and progress pages shown to one person, switches that set a cookie, live data.
_PRIVATE = (
    "healthz",  # the load balancer must reach an instance, never a copy
    "font-size",  # sets the 字号 cookie
    "care-mode",  # sets the 关怀版 cookie
    "contrast-mode",  # sets the 高对比度 cookie
    "requests_app:apply",
    "requests_app:receipt",
    "requests_app:progress",
    "requests_app:notice",
    "requests_app:notice-pdf",
    "requests_app:released-file",
    "interaction:write",
    "interaction:site-error",
    "interaction:receipt",
    "interaction:progress",
    "interaction:topics-receipt",
    "interaction:topics-answer",
    "interaction:topics-suggest",
    "interaction:interview-detail",  # carries the question form while live
    "interaction:interview-ask",
    "interaction:interview-entries",  # polled every few seconds during a live interview
    "interaction:consultation-detail",  # carries the comment form while open
    "interaction:consultation-receipt",
    "interaction:consultation-comment",
    "interaction:survey-detail",
    "interaction:survey-thanks",
)

POLICY: dict[str, str] = {
    **dict.fromkeys(_PAGES, PUBLIC_PAGE),
    **dict.fromkeys(_DOWNLOADS, PUBLIC_DOWNLOAD),
    **dict.fromkeys(_SEARCHES, SEARCH),
    **dict.fromkeys(_PRIVATE, PRIVATE),
}


@dataclass(frozen=True)
class Lifetimes:
    """Seconds each cache may keep a response: ``browser`` (max-age), ``proxy`` (s-maxage)."""

    page_browser: int = 0
    page_proxy: int = 600
    download_browser: int = 300
    download_proxy: int = 3600
    search_proxy: int = 60
    not_found_proxy: int = 60


def class_for(view_name: str | None) -> str:
    """The cache class of a URL pattern (``namespace:name``); unknown and unnamed are private."""
    if not view_name:
        return PRIVATE
    if view_name.split(":", 1)[0] in PRIVATE_NAMESPACES:
        return PRIVATE
    return POLICY.get(view_name, PRIVATE)


def is_html(cache_class: str) -> bool:
    """Pages and search results render the display cookies; downloads do not."""
    return cache_class in (PUBLIC_PAGE, SEARCH)


def vary_includes_cookie(vary: str) -> bool:
    return any(part.strip().lower() in ("cookie", "*") for part in vary.split(","))


def response_class(
    cache_class: str,
    *,
    method: str,
    anonymous: bool,
    status: int,
    sets_cookie: bool,
    vary: str,
) -> str:
    """The class a response ends up in: public only for an anonymous GET/HEAD answered 200,
    301 or 404 that sets no cookie and does not vary by Cookie for reasons of its own (a CSRF
    token, a session read)."""
    if (
        cache_class == PRIVATE
        or method not in CACHEABLE_METHODS
        or not anonymous
        or status not in CACHEABLE_STATUSES | {304}
        or sets_cookie
        or vary_includes_cookie(vary)
    ):
        return PRIVATE
    return cache_class


def cache_control(cache_class: str, *, status: int, lifetimes: Lifetimes) -> str:
    """The Cache-Control value for a response of this class (a 404 is kept briefly)."""
    if cache_class == PRIVATE:
        return PRIVATE_CACHE_CONTROL
    if status == 404:
        return f"public, max-age=0, s-maxage={lifetimes.not_found_proxy}"
    if cache_class == PUBLIC_DOWNLOAD:
        return f"public, max-age={lifetimes.download_browser}, s-maxage={lifetimes.download_proxy}"
    if cache_class == SEARCH:
        return f"public, max-age=0, s-maxage={lifetimes.search_proxy}"
    return f"public, max-age={lifetimes.page_browser}, s-maxage={lifetimes.page_proxy}"


def display_key(cookies: Mapping[str, str]) -> str:
    """The display cookies as the proxy keys on them (``fs=large;care=on;hc=``)."""
    return ";".join(f"{name}={cookies.get(name, '')}" for name in DISPLAY_COOKIES)


def etag(
    *,
    cache_class: str,
    path: str,
    versions: Iterable[str],
    cookies: Mapping[str, str],
    release: str,
    bucket: int,
) -> str:
    """A strong ETag (quoted) from what a page is built of: the data versions, the release,
    the time bucket (for changes that come with time, not with a write), the full path and,
    for HTML, the display cookies."""
    parts = [cache_class, path, release, str(bucket), *versions]
    if is_html(cache_class):
        parts.append(display_key(cookies))
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


def token_time(token: str | None) -> float | None:
    """The publication time (seconds) a version token carries (``<ms hex>.<random>``)."""
    if not token or "." not in token:
        return None
    try:
        return int(token.split(".", 1)[0], 16) / 1000
    except ValueError:
        return None
