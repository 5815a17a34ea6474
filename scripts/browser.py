"""Make sure Debian's Chromium is present for the Playwright browser journeys.

Playwright's own browser download cannot work on these machines, so the tests drive
/usr/bin/chromium. As root (or with password-less sudo) this installs the Debian packages;
otherwise it explains what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PACKAGES = ["chromium", "fonts-noto-cjk"]
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # PDF downloads embed it


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or None


def missing_packages() -> list[str]:
    missing = []
    if not chromium_path():
        missing.append("chromium")
    if not os.path.exists(CJK_FONT):
        missing.append("fonts-noto-cjk")
    return missing


def ensure() -> int:
    packages = missing_packages()
    if not packages:
        return 0
    if not shutil.which("apt-get"):
        print(
            "NOTE: chromium not found and this is not a Debian-like system; browser tests "
            "will be skipped (set CHROMIUM_PATH to a Chromium binary to run them)."
        )
        return 0
    prefix: list[str] = []
    if os.geteuid() != 0:
        if (
            shutil.which("sudo")
            and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
        ):
            prefix = ["sudo", "-n"]
        else:
            print(
                "NOTE: chromium is not installed and installing it needs root: "
                f"sudo apt-get install {' '.join(packages)}. Browser tests will be skipped."
            )
            return 0
    print(f"==> Installing Debian's {', '.join(packages)} for the browser tests and PDFs")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *packages]):
        result = subprocess.run([*prefix, *cmd], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            print(f"NOTE: {' '.join(cmd)} failed:\n{result.stderr[-1500:]}")
            return 0 if not os.environ.get("CI") else 1
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["ensure"]:
        sys.exit("usage: scripts/browser.py ensure")
    sys.exit(ensure())
