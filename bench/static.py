"""The same bytes as static files: Debian's nginx on its own port, for bench/web.py (issue 21).

bench/web.py saves the home, a column list and an item page (the bytes the portal or, with
``--proxy-url``, the proxy answered) under var/bench/static/<path>/index.html and starts
nginx on 127.0.0.1 with a configuration written under var/bench/nginx/ (never the system's):
one worker per server core, pinned like gunicorn, access log off, sendfile, keep-alive. What
that figure is worth: the ceiling of a page that costs the application nothing, on the same
host and cores, measured next to the portal in the same blocks.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from bench import blocks


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def static_file(root: Path, path: str) -> Path:
    """Where the bytes of a URL path are saved: <root>/<path>/index.html (query dropped)."""
    clean = urlsplit(path).path.strip("/")
    if ".." in clean.split("/"):
        raise ValueError(f"not a page path: {path!r}")
    return root / clean / "index.html" if clean else root / "index.html"


def save_page(root: Path, path: str, body: bytes) -> Path:
    target = static_file(root, path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    return target


def nginx_conf(*, prefix: Path, root: Path, port: int, workers: int, user: str | None) -> str:
    """A self-contained nginx.conf: every path under ``prefix``, nothing of /etc/nginx."""
    temp = "\n".join(
        f"    {name}_temp_path {prefix / ('tmp-' + name)};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Written by bench/static.py for one benchmark run; not a deployment configuration.
{f"user {user};" if user else ""}
worker_processes {workers};
daemon off;
master_process on;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{
    worker_connections 1024;
}}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    default_type "text/html; charset=utf-8";
{temp}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{
            try_files $uri $uri/index.html =404;
        }}
    }}
}}
"""


class Nginx:
    """nginx serving ``root`` on a free port of 127.0.0.1, pinned to ``cpus``."""

    def __init__(self, binary: str, prefix: Path, root: Path, cpus: frozenset[int] | None):
        self.binary, self.prefix, self.root, self.cpus = binary, prefix, root, cpus
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> None:
        self.prefix.mkdir(parents=True, exist_ok=True)
        conf = self.prefix / "nginx.conf"
        root_user = os.name == "posix" and os.geteuid() == 0
        conf.write_text(
            nginx_conf(
                prefix=self.prefix,
                root=self.root,
                port=self.port,
                workers=max(1, len(self.cpus or ()) or 1),
                # As root, nginx would switch its workers to "nobody", who may not read var/.
                user="root" if root_user else None,
            )
        )
        cmd = [
            self.binary,
            "-p",
            str(self.prefix),
            "-c",
            str(conf),
            "-e",
            str(self.prefix / "error.log"),
        ]
        self.proc = subprocess.Popen(  # noqa: S603 - our own fixed command
            cmd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=blocks.preexec(self.cpus),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
                raise RuntimeError(f"nginx exited with {self.proc.returncode}: {err[-1500:]}")
            try:
                with urllib.request.urlopen(self.base + "/", timeout=2):  # noqa: S310 - 127.0.0.1
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"nginx did not answer on {self.base} in {timeout} s")

    @property
    def pids(self) -> list[int]:
        """The master (daemon off: our child); its workers are counted as its descendants."""
        return [self.proc.pid] if self.proc and self.proc.poll() is None else []

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
