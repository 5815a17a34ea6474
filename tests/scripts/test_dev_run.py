"""`make run` (scripts/dev.py run) stops everything it started on Ctrl-C, even with a client
still connected, and the port is free for the next start."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import dev  # noqa: E402

# The server needs the migrated test database only, no test transaction.
pytestmark = pytest.mark.usefixtures("django_db_setup")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    cfg = connection.settings_dict
    return f"postgresql://{cfg['USER']}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{cfg['NAME']}"


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    children: dict[int, set[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), set()).add(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    live = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":
            live.add(pid)
    return live


def start(port: int, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "WEB_CONCURRENCY": "2",
        "SECRET_KEY": "test-only-secret-key-" + "x" * 40,
        "DEBUG": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    # Its own group, like a shell's foreground job: Ctrl-C goes to the whole group.
    return subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/dev.py"), "run", "--no-setup", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_until_serving(port: int, seconds: float = 40) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as resp:
                return resp.status
        except OSError:
            time.sleep(0.3)
    raise AssertionError("the server did not answer")


def ctrl_c(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=30)


def test_ctrl_c_stops_every_process_and_a_second_run_starts(tmp_path):
    port = free_port()
    first = start(port, tmp_path)
    try:
        assert wait_until_serving(port) == 200
        started = descendants(first.pid)
        assert len(started) >= 3  # gunicorn's master and its two workers
        # A client in the middle of a request, as when Ctrl-C was pressed during requests.
        hanging = socket.create_connection(("127.0.0.1", port))
        hanging.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        ctrl_c(first)
        hanging.close()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    assert alive(started) == set()
    assert dev.port_is_free("127.0.0.1", port)

    second = start(port, tmp_path)
    try:
        assert wait_until_serving(port) == 200
        started = descendants(second.pid)
        ctrl_c(second)
    finally:
        if second.poll() is None:
            os.killpg(second.pid, signal.SIGKILL)
    assert alive(started) == set()
    assert dev.port_is_free("127.0.0.1", port)


def test_a_busy_port_is_a_clear_error_not_a_hang(tmp_path):
    port = free_port()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        proc = start(port, tmp_path)
        assert proc.wait(timeout=30) == 2
