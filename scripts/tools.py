"""Make sure the Debian tools the developer commands need are installed.

``scripts/tools.py ensure-wrk`` installs Debian's ``wrk`` (the load generator of ``make
bench-web``, bench/web.py); ``ensure-nginx`` installs Debian's ``nginx-light``, which the web
benchmark starts on its own port to serve the same bytes as static files. Like scripts/browser.py does for Chromium, it uses apt-get when run
as root or with password-less sudo and otherwise says what to install. Unlike the browser
(whose tests are skipped without it), the web benchmark cannot run without wrk, so a missing
wrk that cannot be installed is an error (exit status 1).

Only the standard library is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# command name -> (Debian package, what it is for)
TOOLS = {
    "wrk": ("wrk", "the load generator of `make bench-web` (bench/web.py)"),
    # nginx-light: the static server only; the bench starts its own instance (bench/static.py)
    "nginx": ("nginx-light", "serving the pages' saved bytes as static files in `make bench-web`"),
}


def tool_path(command: str) -> str | None:
    return os.environ.get(f"{command.upper()}_PATH") or shutil.which(command) or None


def _root_prefix() -> list[str] | None:
    """[] as root, ["sudo", "-n"] with password-less sudo, None when neither is available."""
    if os.name == "posix" and os.geteuid() == 0:
        return []
    if shutil.which("sudo") and (
        subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0
    ):
        return ["sudo", "-n"]
    return None


def apt_install(packages: list[str], purpose: str) -> str | None:
    """Install Debian packages; return None on success, else a message saying what to do."""
    wanted = " ".join(packages)
    if not shutil.which("apt-get"):
        return f"{wanted} is needed for {purpose}; this is not a Debian-like system: install it."
    prefix = _root_prefix()
    if prefix is None:
        return (
            f"{wanted} is needed for {purpose} and installing it needs root: "
            f"sudo apt-get install {wanted}"
        )
    print(f"==> Installing Debian's {wanted} for {purpose}", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        result = subprocess.run([*prefix, *cmd], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            return f"{' '.join(cmd)} failed:\n{result.stderr[-1500:]}"
    return None


def ensure(command: str) -> int:
    if tool_path(command):
        return 0
    package, purpose = TOOLS[command]
    problem = apt_install([package], purpose)
    if problem is None and tool_path(command):
        return 0
    print(f"ERROR: {problem or f'{command} is still not on PATH after installing {package}'}")
    return 1


def main(argv: list[str]) -> int:
    names = [f"ensure-{name}" for name in TOOLS]
    if len(argv) != 1 or argv[0] not in names:
        print(f"usage: scripts/tools.py {{{','.join(names)}}}", file=sys.stderr)
        return 2
    return ensure(argv[0].removeprefix("ensure-"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
