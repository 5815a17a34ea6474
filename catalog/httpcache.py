"""HTTP caching headers and conditional GET for every response (kernel.httpcache, ADR 0021).

Before the view runs, a public GET/HEAD from an anonymous visitor gets its validators from
what the page is built of, not from the page: the shared version token of every memo
(kernel.memo) and of the content version below, the release, a time bucket, the URL and the
display cookies (no query: the tokens are the ones this process holds). A request that already holds them is answered ``304`` without running the
view. After the view, the response's class is settled (a cookie set or a ``Vary: Cookie`` makes
it private) and ``Cache-Control``, ``ETag``, ``Last-Modified`` and ``X-Vary-Cookies`` are set.

The content version follows every save and delete of the public apps' models (after the
commit, once per transaction block, like the memos), so a page built from rows no memo holds
(annual reports, letters, consultations) still gets a new ETag when they change.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from kernel.httpcache import policy as httpcache
from kernel.memo import Memo, current_versions

content = Memo("catalog:httpcache:content", max_entries=1)

# The apps whose rows public pages show, and their rows that no public page shows (counters,
# access logs, cached files): writing those must not change every ETag of the site.
CONTENT_APPS = frozenset({"catalog", "disclosures", "requests_app", "interaction", "reports"})
NOT_CONTENT = frozenset(
    {
        "catalog.PageView",
        "catalog.RateCounter",
        "catalog.UsedToken",
        "catalog.Counter",
        "requests_app.PersonalDataAccess",
        "interaction.WriterDataAccess",
        "reports.StoredDownload",
    }
)
STARTED = f"started-{time.time_ns()}"  # the release when HTTP_CACHE_RELEASE is not set


def on_model_change(sender, **kwargs) -> None:
    """Signal receiver (every model): a public app's row changed, so every ETag changes."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in CONTENT_APPS or meta.label in NOT_CONTENT:
        return
    content.on_model_change(sender, **kwargs)


def lifetimes() -> httpcache.Lifetimes:
    return httpcache.Lifetimes(
        page_browser=settings.HTTP_CACHE_PAGE_MAX_AGE,
        page_proxy=settings.HTTP_CACHE_PAGE_S_MAXAGE,
        download_browser=settings.HTTP_CACHE_DOWNLOAD_MAX_AGE,
        download_proxy=settings.HTTP_CACHE_DOWNLOAD_S_MAXAGE,
        search_proxy=settings.HTTP_CACHE_SEARCH_S_MAXAGE,
        not_found_proxy=settings.HTTP_CACHE_NOT_FOUND_S_MAXAGE,
    )


def is_anonymous(request) -> bool:
    """No session cookie: nobody is logged in (read without touching the session, which
    would add ``Vary: Cookie``)."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def validators(request, cache_class: str) -> tuple[str, float]:
    """The ETag and the Last-Modified time of a public page, from versions, not rendering."""
    versions = current_versions()
    period = max(settings.HTTP_CACHE_VALIDATOR_SECONDS, 1)
    bucket = int(time.time() // period)
    changed = [t for t in map(httpcache.token_time, versions.values()) if t is not None]
    last_modified = max([bucket * period, *changed])
    tag = httpcache.etag(
        cache_class=cache_class,
        path=request.get_full_path(),
        versions=[f"{key}={value}" for key, value in sorted(versions.items())],
        cookies=request.COOKIES,
        release=settings.HTTP_CACHE_RELEASE or STARTED,
        bucket=bucket,
    )
    return tag, last_modified


def view_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None


class HttpCacheMiddleware:
    """Sets the caching headers of the policy; answers conditional GETs before the view.

    Placed above the session and CSRF middleware, so that it sees the cookies and the
    ``Vary: Cookie`` they add to the response.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        return self.apply(request, response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        cache_class = httpcache.class_for(view_name(request))
        if (
            cache_class == httpcache.PRIVATE
            or request.method not in httpcache.CACHEABLE_METHODS
            or not is_anonymous(request)
        ):
            return None
        tag, last_modified = validators(request, cache_class)
        request.http_cache_validators = (tag, last_modified)
        return get_conditional_response(request, etag=tag, last_modified=int(last_modified))

    def apply(self, request, response):
        name = view_name(request)
        if name is None and response.status_code in (301, 404):
            cache_class = httpcache.PUBLIC_PAGE  # a path outside the patterns: 404 or old address
        else:
            cache_class = httpcache.class_for(name)
        final = httpcache.response_class(
            cache_class,
            method=request.method,
            anonymous=is_anonymous(request),
            status=response.status_code,
            sets_cookie=bool(response.cookies),
            vary=response.get("Vary", ""),
        )
        response.headers.pop("Expires", None)
        response["Cache-Control"] = httpcache.cache_control(
            final, status=response.status_code, lifetimes=lifetimes()
        )
        if final == httpcache.PRIVATE:
            response.headers.pop(httpcache.VARY_COOKIES_HEADER, None)
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        if httpcache.is_html(final):
            response[httpcache.VARY_COOKIES_HEADER] = ",".join(httpcache.DISPLAY_COOKIES)
        found = getattr(request, "http_cache_validators", None)
        if found is not None and response.status_code in (200, 304):
            tag, last_modified = found
            response["ETag"] = tag
            response["Last-Modified"] = http_date(last_modified)
        return response
