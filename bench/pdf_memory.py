"""Peak memory (RSS) of one process serving annual-report PDFs: rendered per request (as before
reports/downloads) or served from storage. docs/annual-report.md reports the figures.

    DATABASE_URL=... python bench/pdf_memory.py render   # render every published report's PDF
    DATABASE_URL=... python bench/pdf_memory.py stored   # serve them from storage

Run each mode in a fresh process (the numbers are this process's own peak, VmHWM). ``stored``
renders and stores a file only when it is not stored yet; run it twice to see serving alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def memory() -> tuple[int, int]:
    """(current RSS, peak RSS) in MB, from /proc/self/status."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            fields[key] = int(value.split()[0]) // 1024
    return fields["VmRSS"], fields["VmHWM"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["render", "stored"])
    parser.add_argument("--rounds", type=int, default=2, help="requests per report")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from reports.annual.downloads import services as downloads
    from reports.models import AnnualReport

    reports = list(AnnualReport.objects.published().select_related("organisation"))
    rss, peak = memory()
    print(f"{args.mode}: {len(reports)} published reports; start RSS {rss} MB")
    started = time.monotonic()
    for round_no in range(1, args.rounds + 1):
        for report in reports:
            if args.mode == "render":
                body = downloads.render(report, "pdf")
            else:
                body = downloads.stored_file(report=report, fmt="pdf")
            rss, peak = memory()
            print(
                f"  round {round_no} report {report.pk}: {len(body) // 1024} KB, RSS {rss} MB, peak {peak} MB"
            )
    print(
        f"{args.mode}: peak RSS {peak} MB after {args.rounds * len(reports)} requests in {time.monotonic() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
