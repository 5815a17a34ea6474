"""A stand-in for the HTTP cache's purge endpoint: records every BAN it receives, so tests see
exactly what the portal sends and when (real HTTP, no mock of the purger)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class BanRecorder:
    def __init__(self, url: str) -> None:
        self.url = url
        self.patterns: list[str] = []

    def paths(self) -> set[str]:
        """The paths named by every BAN received so far (``^(/a/|/b/)(\\?|$)``)."""
        found: set[str] = set()
        for pattern in self.patterns:
            inner = re.fullmatch(r"\^\((.*)\)\(\\\?\|\$\)", pattern)
            assert inner, pattern
            found.update(re.sub(r"\\(.)", r"\1", part) for part in inner.group(1).split("|"))
        return found


@contextmanager
def ban_server(status: int = 200) -> Iterator[BanRecorder]:
    recorder: BanRecorder

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_BAN(self):
            recorder.patterns.append(self.headers.get("X-Ban-Url", ""))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder = BanRecorder(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def bans(settings):
    """A recording purge endpoint, configured as the portal's only HTTP cache."""
    with ban_server() as recorder:
        settings.HTTP_CACHE_PURGE_URL = [recorder.url]
        yield recorder
