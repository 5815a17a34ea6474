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


def site_vcl(backends: list[tuple[str, int]], purgers: list[str]) -> str:
    """The backends (host, port) in the round-robin director and the addresses that may purge."""
    lines = []
    for number, (host, port) in enumerate(backends, start=1):
        lines.append(
            f'backend app{number} {{\n    .host = "{host}";\n    .port = "{port}";\n'
            "    .probe = healthz;\n    .connect_timeout = 1s;\n"
            "    .first_byte_timeout = 60s;\n}\n"
        )
    adds = "".join(f"    cluster.add_backend(app{n});\n" for n in range(1, len(backends) + 1))
    lines.append(f"sub vcl_init {{\n{adds}}}\n")
    acl = "".join(f'    "{address}";\n' for address in purgers)
    lines.append(f"acl purgers {{\n{acl}}}\n")
    return "\n".join(lines)


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
) -> subprocess.Popen:
    """Start varnishd in the foreground (its own process group) and wait until it answers."""
    binary = varnishd_path()
    if binary is None:
        raise RuntimeError("varnishd is not installed (apt-get install varnish).")
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "site.vcl").write_text(site_vcl(backends, purgers or ["127.0.0.1", "::1"]))
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
