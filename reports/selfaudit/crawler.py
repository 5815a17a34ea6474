"""The link checker's walk over the public pages (used by ``manage.py check_links``).

Internal pages are rendered in-process through Django's test ``Client`` by default: the check
needs no running web server, no DNS name and no network (it works where the server has no
internet), sees exactly what the templates render, and sends no traffic through the proxy's
access log. With ``base_url`` the same walk goes over HTTP to a running site instead, which
also checks the web server and proxy in front of the application (docs/self-audit.md).

The walk starts from the home page, every organisation's page, every column list, the newest
published items and the URLs of the sitemap, and follows internal links breadth-first up to
``max_pages`` pages. Every link found is checked once: internal ones by URL resolution and the
page's status, external ones with kernel.linkcheck (HEAD, then GET) unless switched off.
Links written in attachments' extracted text are checked as well.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from catalog.models import Category, Organisation
from disclosures.models import Attachment, Disclosure
from kernel import linkcheck

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/zh/")
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


@dataclass(frozen=True)
class Options:
    external: bool = True
    max_pages: int = 500
    max_links: int = 5000
    delay: float = 1.0
    timeout: float = 10.0
    base_url: str = ""


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    # url → (status, error, internal)
    broken: dict[str, tuple[int | None, str, bool]] = field(default_factory=dict)
    found_on: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    organisations: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    capped: bool = False


class Crawler:
    def __init__(
        self, options: Options, *, progress: Callable[[str, int, int], None] | None = None
    ):
        self.options = options
        self.progress = progress or (lambda stage, done, total: None)
        base = options.base_url.rstrip("/")
        portal = getattr(settings, "PORTAL_URL", "") or ""
        self.origin = base or portal or "http://testserver"
        host = urlsplit(self.origin).hostname or "testserver"
        self.hosts = {
            host,
            "testserver",
            *(h for h in settings.ALLOWED_HOSTS if h and "*" not in h),
        }
        self.hosts = {h.lstrip(".") for h in self.hosts}
        self.client = Client(HTTP_HOST=self._request_host(host))
        self.secure = urlsplit(self.origin).scheme == "https"
        self.page_orgs: dict[str, int] = {}

    @staticmethod
    def _request_host(host: str) -> str:
        """The Host header of in-process requests: the portal's own name when the site accepts
        it, else the first plain name in ALLOWED_HOSTS (a wrong one would answer 400)."""
        allowed = list(settings.ALLOWED_HOSTS)
        if validate_host(host, allowed):
            return host
        plain = [h for h in allowed if h and "*" not in h and not h.startswith(".")]
        return plain[0] if plain else "testserver"

    # fetching -----------------------------------------------------------------------------
    def fetch(self, path: str) -> tuple[int, str]:
        """Status and HTML text of an internal path."""
        if self.options.base_url:
            return linkcheck.fetch_page(
                self.origin + path, timeout=self.options.timeout, user_agent=linkcheck.USER_AGENT
            )
        response = self.client.get(path, secure=self.secure, follow=True)
        if response.streaming:
            # an attachment: the status is enough. Its file is closed directly; response.close()
            # would send request_finished, which closes the database connection
            stream = getattr(response, "file_to_stream", None)
            if stream is not None:
                stream.close()
            return response.status_code, ""
        kind = response.get("Content-Type", "")
        text = response.content.decode(response.charset or "utf-8", errors="replace")
        return response.status_code, text if ("html" in kind or "xml" in kind) else ""

    def path_of(self, url: str) -> str | None:
        """The internal path of ``url`` (with query), or None for an external address."""
        if not linkcheck.is_internal(url, self.hosts):
            return None
        parts = urlsplit(url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    # seeds --------------------------------------------------------------------------------
    def seeds(self) -> list[str]:
        """Home, the newest items (their bodies carry most links), organisations' pages,
        column lists, the site map and the sitemap's URLs, in that order."""
        paths = [reverse("home")]
        items = Disclosure.objects.listed().order_by("-published_at", "-id")
        for pk, org_id in items.values_list("pk", "organisation_id")[: self.options.max_pages]:
            path = reverse("disclosures:detail", args=[pk])
            self.page_orgs[path] = org_id
            paths.append(path)
        for org in Organisation.objects.active():
            path = org.get_absolute_url()
            self.page_orgs[path] = org.pk
            paths.append(path)
        paths += [c.get_absolute_url() for c in Category.objects.all()]
        paths.append(reverse("site-map"))
        paths += self.sitemap_paths()
        return list(dict.fromkeys(paths))

    def sitemap_paths(self) -> list[str]:
        status, text = self.fetch(reverse("sitemap-index"))
        paths: list[str] = []
        for section in _LOC.findall(text if status == 200 else ""):
            section_path = self.path_of(section)
            if section_path is None:
                continue
            sub_status, sub_text = self.fetch(section_path)
            for loc in _LOC.findall(sub_text if sub_status == 200 else ""):
                if (path := self.path_of(loc)) is not None:
                    paths.append(path)
        return paths

    # the walk -----------------------------------------------------------------------------
    def note(self, report: Report, url: str, page: str) -> bool:
        """Record that the page at path ``page`` links to ``url``; False once the link cap is
        reached."""
        if url not in report.found_on and len(report.found_on) >= self.options.max_links:
            report.capped = True
            return False
        report.found_on[url].add(self.origin + page)
        if page in self.page_orgs:
            report.organisations[url].add(self.page_orgs[page])
        return True

    def run(self) -> Report:
        report = Report()
        queue = deque(self.seeds())
        queued = set(queue)
        checked: set[str] = set()
        external: set[str] = set()
        while queue and report.pages < self.options.max_pages:
            path = queue.popleft()
            status, text = self.fetch(path)
            report.pages += 1
            checked.add(path)
            self.progress("pages", report.pages, min(self.options.max_pages, len(queued)))
            if status >= 400 or status == 0:
                report.broken.setdefault(self.origin + path, (status or None, "", True))
            if not text or "<html" not in text[:2000].lower():
                continue
            for url in linkcheck.extract_links(text, self.origin + path):
                if not self.note(report, self._key(url), path):
                    continue
                internal = self.path_of(url)
                if internal is None:
                    external.add(url)
                elif not internal.startswith(SKIPPED_PREFIXES) and internal not in queued:
                    queued.add(internal)
                    queue.append(internal)
        self._attachments(report, external)
        # internal links the page cap left unvisited: resolved, then opened for the status
        # only (their own links are not followed); at most max_links of them
        left = sorted(p for p in queued - checked if not p.startswith(SKIPPED_PREFIXES))
        for done, path in enumerate(left, start=1):
            self.progress("internal", done, len(left))
            try:
                resolve(urlsplit(path).path)
            except Resolver404:
                report.broken.setdefault(self.origin + path, (404, "地址无法解析", True))
                continue
            status, _ = self.fetch(path)
            if status >= 400 or status == 0:
                report.broken.setdefault(self.origin + path, (status or None, "", True))
        report.links = len(report.found_on)
        if self.options.external and external:
            outcomes = linkcheck.check_urls(
                sorted(external),
                timeout=self.options.timeout,
                delay=self.options.delay,
                progress=lambda done, total: self.progress("external", done, total),
            )
            for url, outcome in outcomes.items():
                if outcome.broken:
                    report.broken[url] = (outcome.status, outcome.error, False)
        return report

    def _key(self, url: str) -> str:
        path = self.path_of(url)
        return self.origin + path if path is not None else url

    def _attachments(self, report: Report, external: set[str]) -> None:
        """Addresses written in the text of published items' attachments."""
        attachments = Attachment.objects.filter(disclosure__in=Disclosure.objects.listed()).exclude(
            text=""
        )
        for attachment in (
            attachments.only("pk", "text", "disclosure__organisation_id")
            .select_related("disclosure")
            .iterator()
        ):
            page = attachment.get_absolute_url()
            self.page_orgs[page] = attachment.disclosure.organisation_id
            for url in linkcheck.urls_in_text(attachment.text):
                if not self.note(report, self._key(url), page):
                    return
                if self.path_of(url) is None:
                    external.add(url)
