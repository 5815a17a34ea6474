"""Link extraction and a polite HTTP link checker (generic: no app, no settings, no ORM).

``extract_links`` reads the links of an HTML page (``a href``, ``img``/``iframe``/``script``
``src``, ``link href``) and ``urls_in_text`` the web addresses written in plain text (the text
extracted from attachments). ``check_urls`` checks addresses over HTTP with the standard
library: a HEAD request first, a GET when the server refuses or fails HEAD (many do); redirects
are followed; at most ``workers`` (≤ 4) requests at a time, one host at a time per worker with
``delay`` seconds between two requests to the same host, a timeout per request, and a
``User-Agent`` that names the checker. robots.txt is not consulted (a link checker reads each
page a visitor would open, once), but the pace is a visitor's, never a crawler's.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

USER_AGENT = (
    "SunshineLinkChecker/1.0 (+government information portal link check; one request per link)"
)
MAX_WORKERS = 4
_SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "sms:")
_LINK_ATTRS = {"a": "href", "area": "href", "img": "src", "iframe": "src", "link": "href"}
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'，。；、）)】]+", re.IGNORECASE)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = _LINK_ATTRS.get(tag)
        if wanted is None:
            return
        if tag == "link" and dict(attrs).get("rel", "") in ("preconnect", "dns-prefetch"):
            return
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value.strip())


def normalise(url: str, base: str) -> str | None:
    """``url`` made absolute against ``base`` without its #fragment; None for links that are
    not web addresses (mailto:, tel:, javascript:, a bare #anchor)."""
    url = url.strip()
    if not url or url.startswith("#") or url.lower().startswith(_SKIPPED_SCHEMES):
        return None
    absolute, _ = urldefrag(urljoin(base, url))
    if urlsplit(absolute).scheme not in ("http", "https"):
        return None
    return absolute


def extract_links(html: str, base: str) -> list[str]:
    """The distinct web addresses an HTML page links to, in order of appearance."""
    parser = _LinkParser()
    parser.feed(html)
    parser.close()
    seen: dict[str, None] = {}
    for raw in parser.found:
        url = normalise(raw, base)
        if url is not None:
            seen.setdefault(url, None)
    return list(seen)


def urls_in_text(text: str) -> list[str]:
    """Web addresses written in plain text (e.g. the text extracted from a PDF)."""
    seen: dict[str, None] = {}
    for match in _URL_IN_TEXT.finditer(text or ""):
        seen.setdefault(match.group(0).rstrip(".,;:"), None)
    return list(seen)


def is_internal(url: str, hosts: Iterable[str]) -> bool:
    """Relative addresses and those on one of ``hosts`` (host names, no port) are internal."""
    host = urlsplit(url).hostname
    return host is None or host.lower() in {h.lower() for h in hosts}


@dataclass(frozen=True)
class Outcome:
    url: str
    status: int | None  # the final HTTP status after redirects; None when no answer came
    error: str = ""

    @property
    def broken(self) -> bool:
        return self.status is None or self.status >= 400


class _NoBody(urllib.request.Request):
    def get_method(self) -> str:
        return "HEAD"


def _web_address(url: str) -> str:
    """``url`` if it is an http(s) address; urllib would also open file: and ftp: ones."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"not a web address: {url!r}")
    return url


def _request(url: str, *, method: str, timeout: float, user_agent: str) -> int:
    headers = {"User-Agent": user_agent, "Accept": "*/*"}
    url = _web_address(url)
    request = (
        _NoBody(url, headers=headers)
        if method == "HEAD"
        else urllib.request.Request(url, headers=headers)  # noqa: S310 - http(s) only
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            if method == "GET":
                response.read(1024)  # enough to know the body comes; never the whole file
            return response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


def fetch_status(url: str, *, timeout: float = 10, user_agent: str = USER_AGENT) -> Outcome:
    """HEAD ``url``; GET it when HEAD is refused (405/403/501) or fails. Redirects are followed."""
    error = ""
    for method in ("HEAD", "GET"):
        try:
            status = _request(url, method=method, timeout=timeout, user_agent=user_agent)
        except TimeoutError:
            error = "连接超时"
            continue
        except urllib.error.URLError as exc:
            reason = exc.reason
            error = "连接超时" if isinstance(reason, TimeoutError) else "无法连接"
            continue
        except (OSError, ValueError) as exc:
            error = f"请求失败（{type(exc).__name__}）"
            continue
        if method == "HEAD" and status in (403, 405, 501):
            continue
        return Outcome(url, status)
    return Outcome(url, None, error)


def fetch_page(url: str, *, timeout: float = 10, user_agent: str = USER_AGENT) -> tuple[int, str]:
    """GET a page for crawling: its status and its text (HTML pages only, at most 2 MB)."""
    try:
        request = urllib.request.Request(  # noqa: S310 - http(s) only
            _web_address(url), headers={"User-Agent": user_agent}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            kind = response.headers.get_content_type()
            charset = response.headers.get_content_charset() or "utf-8"
            body = (
                response.read(2_000_000)
                if kind in ("text/html", "application/xml", "text/xml")
                else b""
            )
            return response.status, body.decode(charset, errors="replace")
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code, ""
    except (OSError, ValueError):
        return 0, ""


def check_urls(
    urls: Iterable[str],
    *,
    timeout: float = 10,
    delay: float = 1.0,
    workers: int = MAX_WORKERS,
    user_agent: str = USER_AGENT,
    progress: Callable[[int, int], None] | None = None,
    fetch: Callable[..., Outcome] = fetch_status,
) -> dict[str, Outcome]:
    """Check each distinct address once; the same host is asked by one worker at a time,
    ``delay`` seconds apart; at most ``workers`` (capped at 4) hosts at once."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    total = sum(len(v) for v in by_host.values())
    results: dict[str, Outcome] = {}
    lock = threading.Lock()

    def run_host(queue: list[str]) -> None:
        for index, url in enumerate(queue):
            if index:
                time.sleep(delay)
            outcome = fetch(url, timeout=timeout, user_agent=user_agent)
            with lock:
                results[url] = outcome
                if progress is not None:
                    progress(len(results), total)

    with ThreadPoolExecutor(max_workers=max(1, min(workers, MAX_WORKERS))) as pool:
        for future in [pool.submit(run_host, queue) for queue in by_host.values()]:
            future.result()
    return results
