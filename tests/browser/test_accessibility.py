"""axe-core (WCAG 2.1 A and AA) over every public page type, in four modes.

The pages are found, not listed by hand: a crawl through Django's test client from the home
page and the 网站地图 keeps one address per URL pattern that answers HTML, so a new public page
type is checked as soon as something links to it; a few addresses with a query (search
results, catalogue filters) and the 404 page are added. A fixed set of page types must be among
them, so a broken crawl cannot pass by checking less.

Modes: desktop (1280 px), phone (390 px), 关怀版 (cookie ``care=on``) at both widths and high
contrast (cookie ``hc=on``). One seeding, one browser context per mode, the pages visited in
a loop.
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import Resolver404, resolve

from disclosures.service_guides.models import ServiceGuide
from portal.demo import annual_reports as reports_demo
from portal.demo import consultations as consultations_demo
from portal.demo import directory as directory_demo
from portal.demo import interviews as interviews_demo
from portal.demo import items as items_demo
from portal.demo import letters as letters_demo
from portal.demo import organisations as catalog_demo
from portal.demo import rosters as rosters_demo
from portal.demo import service_guides as guides_demo
from portal.demo import statistics_series as statistics_demo
from portal.demo import surveys as surveys_demo
from portal.demo import topics as topics_demo
from portal.demo import website_report as website_report_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

MODES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}, "cookies": {}},
    "phone": {"viewport": {"width": 390, "height": 844}, "cookies": {}},
    "care": {"viewport": {"width": 1280, "height": 900}, "cookies": {"care": "on"}},
    "care-phone": {"viewport": {"width": 390, "height": 844}, "cookies": {"care": "on"}},
    "hc": {"viewport": {"width": 1280, "height": 900}, "cookies": {"hc": "on"}},
}

# Page types the crawl must reach (URL names); the check fails if one is missing.
REQUIRED = {
    "home",
    "site-map",
    "search",
    "catalog:channel",
    "catalog:guide-index",
    "catalog:guide",
    "catalog:organisation-list",
    "disclosures:catalogue",
    "disclosures:column",
    "disclosures:detail",
    "disclosures:organisation",
    "disclosures:statutory",
    "disclosures:service-guides",
    "disclosures_guide",
    "disclosures_roster",
    "directory:index",
    "directory:organisation",
    "reports:annual-list",
    "reports:detail",
    "website-report:list",
    "website-report:detail",
    "requests_app:index",
    "requests_app:apply",
    "interaction:index",
    "interaction:write",
    "interaction:published",
    "interaction:published-detail",
    "interaction:site-error",
    "interaction:consultation-list",
    "interaction:consultation-detail",
    "interaction:survey-list",
    "interaction:survey-detail",
    "interaction:interview-list",
    "interaction:interview-detail",
    "interaction:knowledge-list",
    "interaction:knowledge-detail",
}

# Never visited: the admin, redirects that set a preference, machine-readable answers.
SKIPPED_PREFIXES = ("/admin/", "/zh/", "/feeds/", "/static/", "/media/")
SKIPPED_SUFFIXES = (".csv", ".json", ".pdf", ".docx", ".xlsx", ".xml", ".svg", ".txt", "/csv/")
MAX_FETCHES = 400


def seed_portal() -> None:
    """The demo county with a few items per organisation (the full catalogue takes minutes)."""
    catalog_demo.seed()
    items_demo.seed(per_organisation=12)
    guides_demo.seed()
    directory_demo.seed()
    rosters_demo.seed()
    reports_demo.seed()
    statistics_demo.seed()
    letters_demo.seed()
    topics_demo.seed()
    interviews_demo.seed()
    consultations_demo.seed()
    surveys_demo.seed()
    website_report_demo.seed()


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                href = dict(attrs).get("href") or ""
                found.append(href)

    Parser().feed(html)
    return found


def public_pages() -> dict[str, str]:
    """One address per public URL pattern answering HTML, keyed by a readable page name."""
    client = Client()
    pages: dict[str, str] = {}
    # Printable 办事指南 are linked from their items only; start from a few of them too.
    guides = [guide.get_absolute_url() for guide in ServiceGuide.objects.order_by("pk")[:3]]
    queue = deque(["/", "/wzdt/", *guides])
    seen = set(queue)
    fetches = 0
    while queue and fetches < MAX_FETCHES:
        path = queue.popleft()
        name = _url_name(urlsplit(path).path)
        if name is None or (name in pages and "?" not in path):
            continue
        fetches += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.setdefault(name, path)
        for href in _links(response.content.decode()):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            target = parts.path  # one address per pattern: queries are added by hand below
            if target in seen or target.startswith(SKIPPED_PREFIXES):
                continue
            if target.endswith(SKIPPED_SUFFIXES):
                continue
            seen.add(target)
            if _url_name(target) not in pages:
                queue.append(target)
    pages["search (results)"] = "/search/?q=%E4%BD%8E%E4%BF%9D"  # 低保
    pages["disclosures:catalogue (filtered)"] = (
        pages["disclosures:catalogue"] + "?q=%E9%80%9A%E7%9F%A5&year=2025"
    )
    pages["404"] = "/no-such-page/"
    return pages


def _violations(axe: Axe, page) -> list[str]:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    lines = []
    for violation in results.response["violations"]:
        targets = [
            ", ".join(" ".join(t) if isinstance(t, list) else t for t in node["target"])
            for node in violation["nodes"]
        ]
        lines.append(
            f"{violation['id']} ({violation['impact']}): {'; '.join(targets[:8])}"
            + (f" … and {len(targets) - 8} more" if len(targets) > 8 else "")
        )
    return lines


def _check_mode(browser, base_url: str, mode: str, pages: dict[str, str]) -> list[str]:
    settings = MODES[mode]
    context = browser.new_context(locale="zh-CN", viewport=settings["viewport"], base_url=base_url)
    if settings["cookies"]:
        context.add_cookies(
            [
                {"name": name, "value": value, "url": base_url}
                for name, value in settings["cookies"].items()
            ]
        )
    axe = Axe()
    failures = []
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        for name, path in sorted(pages.items()):
            page.goto(path)
            for line in _violations(axe, page):
                failures.append(f"[{mode}] {name} {path}: {line}")
    finally:
        context.close()
    return failures


def test_every_public_page_type_passes_axe_in_every_mode(browser, live_server):
    # One seeding for all modes (the live server's database is emptied after each test).
    seed_portal()
    pages = public_pages()
    missing = REQUIRED - set(pages)
    assert not missing, f"the crawl did not reach these page types: {sorted(missing)}"
    failures = [
        line for mode in MODES for line in _check_mode(browser, live_server.url, mode, pages)
    ]
    assert not failures, f"{len(failures)} axe violation(s):\n" + "\n".join(failures)
