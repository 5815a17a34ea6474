"""Varnish from Debian's packages in front of the gunicorn instances (ADR 0022).

Used by `make cluster` (scripts/cluster.py) and the tests through the real proxy. The VCL is
the repository's deploy/varnish/default.vcl; the backends and the purge ACL come from a
site.vcl generated here into a working folder that precedes deploy/varnish on vcl_path.

Only the standard library: a broken environment still gives a readable message.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL_DIR = ROOT / "deploy" / "varnish"
PACKAGES = ["varnish"]


def varnishd_path() -> str | None:
    found = os.environ.get("VARNISHD") or shutil.which("varnishd")
    if found:
        return found
    candidate = Path("/usr/sbin/varnishd")
    return str(candidate) if candidate.exists() else None


def ensure_installed() -> str | None:
    """varnishd's path, installing Debian's package as root or with password-less sudo.

    Returns None, after saying why, when it is missing and cannot be installed here.
    """
    found = varnishd_path()
    if found:
        return found
    if not shutil.which("apt-get"):
        print("NOTE: varnishd not found and this is not a Debian-like system: install Varnish 7.")
        return None
    prefix: list[str] = []
    if os.geteuid() != 0:
        sudo_ok = (
            shutil.which("sudo")
            and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
        )
        if not sudo_ok:
            print(
                "NOTE: Varnish is not installed and installing it needs root: "
                "sudo apt-get install varnish"
            )
            return None
        prefix = ["sudo", "-n"]
    print("==> Installing Debian's varnish for the HTTP cache", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *PACKAGES]):
        result = subprocess.run([*prefix, *cmd], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"NOTE: {' '.join(cmd)} failed:\n{result.stderr[-1500:]}")
            return None
    # Debian starts its own varnish service on :6081 after installing; ours is separate.
    return varnishd_path()


# Connections Varnish opens to one app instance at most, per thread of the instance. Beyond
# them a fetch fails at once and is retried on another instance (a 503 when all are full),
# so a storm of misses cannot queue without bound and push the health probe, which waits in
# the same queue, past its timeout (measured: with no limit, both probes timed out and every
# miss got a 503; with 2 per thread, 98 % of a 64-connection storm of misses got a 503 at
# once; with 8 per thread, the storm is queued and answered, a little later).
CONNECTIONS_PER_THREAD = 8
MAX_CONNECTIONS = CONNECTIONS_PER_THREAD * 2 * 4  # the default instance: 2 workers × 4 threads


def backends_vcl(backends: list[tuple[str, int]], max_connections: int = MAX_CONNECTIONS) -> str:
    """The backends (host, port), their round-robin director, and ``next_backend``: after a
    failed fetch, the next healthy backend in ring order after the one that failed (whose
    name vcl_backend_error left in X-Failed-Backend), never that one again while another is
    healthy. The director alone may hand a retry to the dead backend once more, when other
    requests have moved its turn on before its probe marks it sick (measured: 14 of 2,447
    requests failed with one retry at 8 connections against a dead and a live backend; 0
    with next_backend)."""
    names = [f"app{n}" for n in range(1, len(backends) + 1)]
    lines = []
    for name, (host, port) in zip(names, backends, strict=True):
        lines.append(
            f'backend {name} {{\n    .host = "{host}";\n    .port = "{port}";\n'
            "    .probe = healthz;\n    .connect_timeout = 1s;\n"
            f"    .first_byte_timeout = 60s;\n    .max_connections = {max_connections};\n}}\n"
        )
    adds = "".join(f"    cluster.add_backend({name});\n" for name in names)
    lines.append(f"sub vcl_init {{\n{adds}}}\n")
    branches = []
    for i, failed in enumerate(names):
        for step in range(1, len(names)):
            other = names[(i + step) % len(names)]
            branches.append(
                f'(bereq.http.X-Failed-Backend == "{failed}" && std.healthy({other})) {{\n'
                f"        set bereq.backend = {other};\n    }}"
            )
    chain = "    if " + " elsif ".join(branches) + " else {\n" if branches else "    {\n"
    lines.append(
        "sub next_backend {\n"
        + chain
        + "        set bereq.backend = cluster.backend();\n    }\n}\n"
    )
    return "\n".join(lines)


def site_vcl(
    backends: list[tuple[str, int]], purgers: list[str], max_connections: int = MAX_CONNECTIONS
) -> str:
    """The backends (host, port) in the round-robin director and the addresses that may purge."""
    acl = "".join(f'    "{address}";\n' for address in purgers)
    return backends_vcl(backends, max_connections) + f"\nacl purgers {{\n{acl}}}\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(
    *,
    listen: tuple[str, int],
    backends: list[tuple[str, int]],
    workdir: Path,
    purgers: list[str] | None = None,
    memory: str = "256m",
    max_connections: int = MAX_CONNECTIONS,
) -> subprocess.Popen:
    """Start varnishd in the foreground (its own process group) and wait until it answers."""
    binary = varnishd_path()
    if binary is None:
        raise RuntimeError("varnishd is not installed (apt-get install varnish).")
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "site.vcl").write_text(
        site_vcl(backends, purgers or ["127.0.0.1", "::1"], max_connections)
    )
    host, port = listen
    command = [
        binary,
        "-F",  # foreground: stopped with its process group
        "-j",
        "none",  # no privilege separation: runs as whoever starts it, root or not
        "-n",
        str(workdir / "state"),
        "-a",
        f"{host}:{port}",
        "-T",
        "none",
        "-p",
        f"vcl_path={workdir}:{VCL_DIR}",
        "-f",
        str(VCL_DIR / "default.vcl"),
        "-s",
        f"malloc,{memory}",
    ]
    log = open(workdir / "varnishd.log", "wb")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                "varnishd exited at once:\n" + (workdir / "varnishd.log").read_text()[-2000:]
            )
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.2):
            return proc
        time.sleep(0.1)
    stop(proc)
    raise RuntimeError("varnishd did not start listening within 30 s.")


def stop(proc: subprocess.Popen) -> None:
    """Stop varnishd and its child (the cache process)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            proc.wait(timeout=5)


if __name__ == "__main__":
    if sys.argv[1:] != ["ensure"]:
        sys.exit("usage: scripts/varnish.py ensure")
    sys.exit(0 if ensure_installed() else 1)
