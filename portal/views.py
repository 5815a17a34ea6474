"""Site-wide views: home, 网站地图, 联系我们, 无障碍声明, search entry, display modes (字号,
关怀版, high contrast), health and error pages."""

from __future__ import annotations

import datetime
from dataclasses import astuple
from urllib.parse import urlencode

from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from catalog import sitecache
from catalog.models import Organisation
from disclosures.filters import DisclosureFilter
from disclosures.imports.redirects import legacy_redirect
from disclosures.models import Disclosure
from disclosures.pagination import cached
from disclosures.rows import latest_rows
from portal.context_processors import (
    CARE_COOKIE,
    CONTRAST_COOKIE,
    FONT_SIZE_COOKIE,
    FONT_SIZES,
    MODE_ON,
    MODE_STATES,
)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The organisation grid is a site fragment (catalog.sitecache); the newest items come from
    # the list memo that every change to an item empties (disclosures.pagination).
    return render(
        request,
        "portal/home.html",
        {"site_organisations": sitecache.active_organisations, "latest": latest_rows()},
    )


@require_GET
def site_map(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active()
    return render(request, "portal/site_map.html", {"organisations": organisations})


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active()
    return render(request, "portal/contact.html", {"organisations": organisations})


SEARCH_FILTERS = ("organisation", "column", "genre", "year")


def _search_form(request: HttpRequest) -> dict:
    """The search page's filter fields (HTML), the valid filters and the labels of the
    malformed ones. They depend only on the parameters and the site's organisations and
    columns, so they are kept in the site memo per parameter set (no form work per request)."""
    from disclosures.search import planner

    raw = tuple((name, tuple(request.GET.getlist(name))) for name in SEARCH_FILTERS)

    def build() -> dict:
        data = request.GET if any(values for _, values in raw) else None
        filterset = DisclosureFilter(data, queryset=Disclosure.objects.none())
        cleaned = {}
        if filterset.is_bound:
            filterset.form.is_valid()  # the valid fields are used, malformed ones reported
            cleaned = filterset.form.cleaned_data
        organisation, column = cleaned.get("organisation"), cleaned.get("column")
        year = cleaned.get("year")
        return {
            "fields": filterset.fields_html(only=SEARCH_FILTERS),
            "ignored": [label for label in filterset.ignored if label != "标题或文号"],
            "filters": planner.Filters(
                organisation_id=organisation.pk if organisation else None,
                column_id=column.pk if column else None,
                genre=cleaned.get("genre") or "",
                year=int(year) if year else None,
            ),
            "valid": [name for name in SEARCH_FILTERS if cleaned.get(name) not in (None, "")],
        }

    # Malformed values (``?year=x1`` … ``?year=x600``) are answered without taking a place.
    return sitecache.memo(("search-form", raw), build, keep=lambda state: not state["ignored"])


def _rendered(result):
    """The result with its hits' HTML, rendered once and kept with it (nothing in a hit
    depends on the request)."""
    result.hits_html = render_to_string("includes/_search_hits.html", {"result": result})
    return result


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over listed items (issue 7): filters, order, bounded count, snippets."""
    from disclosures.search import planner
    from disclosures.search import text as text_search
    from interaction.public import search as interaction_search

    query = text_search.parse_query(request.GET.get("q", ""))
    form = _search_form(request)
    order = "date" if request.GET.get("order") == "date" else "relevance"
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    result = None
    if query.ok:
        # Kept per process like the lists (public data only), until any item or its search
        # entry changes, or a scheduled item goes public (disclosures.pagination.cached).
        filters = form["filters"]
        key = ("search", tuple(query.texts), query.number, astuple(filters), order, page)
        result = cached(key, lambda: _rendered(planner.search(query, filters, order, page)))
    params = {"q": query.raw, "order": order}
    for name in form["valid"]:
        params[name] = request.GET.get(name, "")
    base_query = urlencode(params)
    other_order = urlencode({**params, "order": "relevance" if order == "date" else "date"})
    context = {
        "query": query,
        "result": result,
        "filter_fields": form["fields"],
        "ignored": form["ignored"],
        "base_query": base_query,
        "other_order_query": other_order,
        "order": order,
        "max_results": planner.MAX_PAGES * planner.PAGE_SIZE,
        # 互动交流 (published letters, 政策问答): one query of at most ten rows, first page only.
        "interaction_hits": interaction_search.search(query) if page == 1 else [],
    }
    return render(request, "portal/search.html", context)


# The date the 无障碍声明 was last reviewed: change it with the statement's text.
STATEMENT_DATE = datetime.date(2026, 12, 7)


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html", {"statement_date": STATEMENT_DATE})


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Redirect to ``next`` when it points at this site, else to the home page."""
    target = request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("home")
    return HttpResponseRedirect(target)


def _remember(request: HttpRequest, response: HttpResponse, cookie: str, value: str) -> None:
    response.set_cookie(
        cookie, value, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )


@require_GET
def font_size(request: HttpRequest, size: str) -> HttpResponse:
    """Switch 字号 大/中/小 without JavaScript: remember it in a cookie and go back."""
    response = _back(request)
    if size in FONT_SIZES:
        _remember(request, response, FONT_SIZE_COOKIE, size)
    return response


def _mode_switch(request: HttpRequest, cookie: str, state: str) -> HttpResponse:
    """Turn a display mode on (cookie set) or off (cookie removed) and go back; any other
    state changes nothing."""
    response = _back(request)
    if state == MODE_ON:
        _remember(request, response, cookie, MODE_ON)
    elif state in MODE_STATES:
        response.delete_cookie(cookie, samesite="Lax")
    return response


@require_GET
def care_mode(request: HttpRequest, state: str) -> HttpResponse:
    """关怀版 on/off without JavaScript (工信部《互联网网站适老化通用设计规范》)."""
    return _mode_switch(request, CARE_COOKIE, state)


@require_GET
def contrast_mode(request: HttpRequest, state: str) -> HttpResponse:
    """高对比度 on/off without JavaScript."""
    return _mode_switch(request, CONTRAST_COOKIE, state)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may index the catalogue; staff pages, case lookups and search are off limits."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /ysqgk/cx/",
        "Disallow: /ysqgk/hz/",
        "Disallow: /hdjl/cx/",
        "Disallow: /hdjl/hz/",
        "Disallow: /hdjl/zc/",
        "Disallow: /search/",
        "Disallow: /zh/",
        "Disallow: /gh/",
        "Disallow: /gdb/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers: 200 when PostgreSQL answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    # An address of the old site, imported with its item (#19): 301 to the item.
    moved = legacy_redirect(request)
    if moved is not None:
        return moved
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the context processors' database queries: the database may be down.
    from django.template import loader

    from catalog.outage import server_error_or_outage

    outage = server_error_or_outage(request)
    if outage is not None:
        return outage

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request": None}), status=500)
