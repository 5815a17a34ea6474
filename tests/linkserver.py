"""A local HTTP server for the link checker's tests (no internet): 200, 404, 500, a redirect,
a page that answers too late and one that refuses HEAD."""

from __future__ import annotations

import contextlib
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []  # (method, path, user agent)

    def log_message(self, *args):  # keep the test output clean
        pass

    def _answer(self, body: bool) -> None:
        type(self).seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        path = self.path
        if path == "/slow":
            time.sleep(1.5)
            status = 200
        elif path == "/missing":
            status = 404
        elif path == "/error":
            status = 500
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        elif path == "/gone-redirect":
            self.send_response(301)
            self.send_header("Location", "/missing")
            self.end_headers()
            return
        elif path == "/nohead" and self.command == "HEAD":
            status = 405
        else:
            status = 200
        payload = b"<html><body>ok</body></html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            # the checker may have given up waiting (the timeout test)
            with contextlib.suppress(BrokenPipeError):
                self.wfile.write(payload)

    def do_GET(self):
        self._answer(True)

    def do_HEAD(self):
        self._answer(False)


@contextmanager
def link_server():
    """Serve on 127.0.0.1 at a free port; yields the base address."""
    Handler.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
