"""Following a visitor's links through the portal: the crawl the demo and hostile-input tests share."""

import re
from collections import deque
from html import unescape
from urllib.parse import urlsplit

from django.urls import Resolver404, URLResolver, get_resolver, resolve

# Public URL names a visitor cannot reach by following links, and why.
NOT_LINKED = {
    "healthz": "load-balancer health check",
    "requests_app:receipt": "shown once to the applicant right after applying",
    "requests_app:notice": "an applicant's own 告知书, opened with the 查询码",
    "requests_app:notice-pdf": "an applicant's own 告知书, opened with the 查询码",
    "requests_app:released-file": "information released to one applicant, behind the 查询码",
    "interaction:receipt": "shown once to the writer right after writing",
    "interaction:topics-receipt": "shown once to the suggester right after suggesting",
    "interaction:topics-answer": "a suggester's own answer, behind the signed link of the mail",
    "interaction:interview-entries": "JSON polled by the live page's script (data-poll-url)",
    "interaction:interview-video": "the demo has no recording (tests/interaction/interviews)",
    "interaction:consultation-receipt": "shown once to the commenter right after commenting",
    "interaction:survey-thanks": "shown to the respondent right after answering a survey",
}
# A visitor starts at the home page; a search engine at robots.txt, which names the sitemap.
ENTRY_POINTS = ("/", "/robots.txt")
FOLLOWED_STATUS = {200, 302}
LINKING_TYPES = {"text/html", "application/xml", "text/xml", "application/atom+xml"}
PER_LINK_KIND = 8  # pages followed per (linking page's URL name, linked page's URL name)
MAX_REQUESTS = 2500
LINK = re.compile(r"""(?:href|src)="([^"#]+)"|<loc>([^<]+)</loc>|^Sitemap: (\S+)$""", re.M)


def public_url_names(patterns=None, prefix=""):
    """Every named URL pattern of the portal except the admin site's."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= public_url_names(pattern.url_patterns, namespace)
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


def crawl(client, forbidden):
    """Follow links from the entry points (HTML href/src, sitemap <loc>, robots.txt Sitemap:).

    Bounded: from each kind of page, eight links to each kind of page are followed, so the
    item pages linked from the 办事指南 list are visited as well as those on the home page.
    Returns the first URL reached of each URL name, the status of every link followed, and the
    pages on which a ``forbidden`` value appeared.
    """
    queue = deque((url, "") for url in ENTRY_POINTS)
    seen, reached, pages, leaks = set(ENTRY_POINTS), {}, {}, {}
    budget: dict[tuple[str, str], int] = {}
    while queue and len(pages) < MAX_REQUESTS:
        url, _source = queue.popleft()
        name = resolve(urlsplit(url).path).view_name
        response = client.get(url)
        pages[url] = response.status_code
        reached.setdefault(name, url)
        content_type = response.get("Content-Type", "").split(";")[0]
        if response.status_code != 200 or not content_type.startswith(("text/", "application/")):
            continue
        if content_type.startswith("application/") and content_type not in LINKING_TYPES:
            continue  # attachments, PDF, QR codes: binary
        text = b"".join(response) if response.streaming else response.content
        text = text.decode("utf-8-sig", errors="replace")
        if found := [value for value in forbidden if value in text]:
            leaks[url] = found[:3]
        if content_type not in LINKING_TYPES and not url.endswith("robots.txt"):
            continue  # CSV: checked, not followed
        for href, loc, sitemap in LINK.findall(text):
            parts = urlsplit(unescape(href or loc or sitemap))
            if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(("/admin/", "/static/", "/media/")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen:
                continue
            try:
                kind = (name, resolve(parts.path).view_name)
            except Resolver404:
                pages[target] = 404
                continue
            if budget.get(kind, 0) < PER_LINK_KIND:
                budget[kind] = budget.get(kind, 0) + 1
                seen.add(target)
                queue.append((target, name))
    return reached, pages, leaks
