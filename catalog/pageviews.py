"""The public site's page-view counter: what counts as a view, and the middleware (ADR 0017).

A view is an anonymous, successful GET of a public HTML page or download:

* method GET, status 200, and an HTML body or a file sent as an attachment;
* no session cookie (the public keeps none; staff, who have one, are not counted);
* not the staff site, static or media files, the health check, feeds or machine data;
* not a known robot by its User-Agent (``BOT_MARKERS``; an empty User-Agent is a robot too).

The page is its path without the query string (ids stay: /xxgk/nb/12/ is one report), cut to
200 characters. Nothing about the visitor is kept: no address, no User-Agent, no cookie is set.
The middleware sits first in MIDDLEWARE, so it also sees pages served from the page cache
(catalog.pagecache), and it runs no database query: the count waits in catalog.pageview_store.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from catalog import pageview_store

# Lower-case fragments of the User-Agent of robots, crawlers, monitors and scripted clients.
# The search engines seen on Chinese government sites first, then the generic words, then tools.
BOT_MARKERS = (
    "baiduspider",
    "googlebot",
    "bingbot",
    "sogou",
    "360spider",
    "haosouspider",
    "yisouspider",
    "bytespider",
    "petalbot",
    "yandex",
    "duckduckbot",
    "applebot",
    "semrush",
    "ahrefs",
    "mj12bot",
    "spider",
    "bot",
    "crawler",
    "crawl",
    "slurp",
    "monitor",
    "checker",
    "headless",
    "phantomjs",
    "selenium",
    "puppeteer",
    "playwright",
    "lighthouse",
    "curl",
    "wget",
    "python-requests",
    "python-urllib",
    "httpx",
    "aiohttp",
    "go-http-client",
    "java/",
    "okhttp",
    "libwww",
    "scrapy",
)
_BOT = re.compile("|".join(re.escape(marker) for marker in BOT_MARKERS))

# Paths never counted (besides STATIC_URL and MEDIA_URL): the staff site, the health check,
# feeds, machine-readable data and the crawler files.
EXCLUDED_PREFIXES = ("/admin/", "/healthz", "/robots.txt", "/sitemap", "/favicon")
EXCLUDED_SUFFIXES = ("/feed/", ".xml", ".json", ".rss")
MAX_PATH_LENGTH = 200


def is_bot(user_agent: str) -> bool:
    return not user_agent.strip() or bool(_BOT.search(user_agent.lower()))


def is_excluded_path(path: str) -> bool:
    prefixes = (*EXCLUDED_PREFIXES, settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/m/")
    return path.startswith(prefixes) or path.endswith(EXCLUDED_SUFFIXES)


def is_page_or_download(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "").lower()
    attachment = response.get("Content-Disposition", "").lower().startswith("attachment")
    return content_type.startswith("text/html") or attachment


def counts_as_view(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not is_excluded_path(request.path)
        and is_page_or_download(response)
        and not is_bot(request.headers.get("User-Agent", ""))
    )


def page_key(request: HttpRequest) -> str:
    """The counted page: the path alone (never the query string), at most 200 characters."""
    return request.path[:MAX_PATH_LENGTH]


class PageViewMiddleware:
    """Count a view after the response is ready; never touches the database or the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(settings, "PAGE_VIEWS_ENABLED", True) and counts_as_view(request, response):
            try:
                pending = pageview_store.counter().add(timezone.localdate(), page_key(request))
                pageview_store.maybe_flush(pending)
            except Exception:  # a counter failure must never fail the page
                pageview_store.logger.warning("page view not counted", exc_info=True)
        return response
