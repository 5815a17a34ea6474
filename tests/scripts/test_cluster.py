"""`make cluster` (scripts/cluster.py) and its Varnish configuration (scripts/varnish.py):
the generated site.vcl, the compose one kept the same, and a killed app instance started
again while a crash loop is left alone."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import cluster  # noqa: E402
import varnish  # noqa: E402


def test_the_compose_site_vcl_declares_what_the_generator_does():
    compose = (ROOT / "deploy" / "varnish" / "site.vcl").read_text()
    assert varnish.backends_vcl([("app1", 8000), ("app2", 8000)]) in compose
    assert "acl purgers" in compose


def test_a_retry_goes_round_the_ring_to_the_next_healthy_backend():
    text = varnish.site_vcl([("127.0.0.1", 8101 + n) for n in range(3)], ["127.0.0.1"], 24)
    assert text.count(".max_connections = 24;") == 3
    chain = text[text.index("sub next_backend") :]
    order = [
        (line.split('"')[1], line.split("std.healthy(")[1].split(")")[0])
        for line in chain.splitlines()
        if "X-Failed-Backend ==" in line
    ]
    assert order == [
        ("app1", "app2"), ("app1", "app3"),
        ("app2", "app3"), ("app2", "app1"),
        ("app3", "app1"), ("app3", "app2"),
    ]  # fmt: skip
    assert "set bereq.backend = cluster.backend();" in chain  # nothing failed yet


@pytest.mark.skipif(varnish.varnishd_path() is None, reason="varnishd is not installed")
@pytest.mark.parametrize("instances", [1, 2, 3])
def test_the_vcl_compiles_with_the_generated_site_vcl(tmp_path, instances):
    # Side by side in one folder: `varnishd -C` looks for an include next to the main file.
    (tmp_path / "default.vcl").write_text((varnish.VCL_DIR / "default.vcl").read_text())
    (tmp_path / "site.vcl").write_text(
        varnish.site_vcl([("127.0.0.1", 8101 + n) for n in range(instances)], ["127.0.0.1"])
    )
    result = subprocess.run(
        [varnish.varnishd_path(), "-C", "-j", "none", "-n", str(tmp_path / "state"),
         "-p", f"vcl_path={tmp_path}", "-f", str(tmp_path / "default.vcl")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]


def sleeper(seconds: float = 60) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", f"import time; time.sleep({seconds})"])


def test_a_killed_instance_is_started_again_and_a_crash_loop_is_left_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "PID_DIR", tmp_path)
    monkeypatch.setattr(cluster.dev, "port_is_free", lambda host, port: True)
    monkeypatch.setattr(cluster.dev, "say", lambda text: None)
    started: list[int] = []
    crash = {8102: True}

    def start_instance(port: int) -> subprocess.Popen:
        started.append(port)
        # The instance on 8102 dies at once every time: a crash loop.
        return sleeper(0 if crash.get(port) else 60)

    monkeypatch.setattr(cluster, "start_instance", start_instance)
    cache = sleeper()
    servers = [sleeper(), sleeper(0)]
    processes = [cache, *servers]
    thread = threading.Thread(target=cluster.supervise, args=(cache, [8101, 8102], servers))
    thread.start()
    try:
        time.sleep(1)
        servers[0].kill()  # kill -9 of a healthy instance
        deadline = time.monotonic() + 10
        while started.count(8101) < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(3)  # the crash loop has had time to repeat
        processes += servers
        assert started.count(8101) == 1
        assert servers[0].poll() is None  # running again
        assert started.count(8102) == cluster.RESTART_GIVE_UP - 1  # then left stopped
        pids = sorted(p.read_text().strip() for p in tmp_path.glob("app*.pid"))
        assert str(servers[0].pid) in pids
    finally:
        cache.kill()
        thread.join(timeout=5)
        for proc in processes:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    assert not thread.is_alive()  # supervise returns once Varnish has exited
