"""`make bench-import`: time ``import_catalogue`` on N items with one attachment each (#19).

Works in its own database ``sunshine_bench_import`` on the server that `make run` uses
(DATABASE_URL, or the embedded PostgreSQL), emptied of items before each run. Generates the
import file and ZIP with portal.demo.catalogue_file (one small PDF per item, spread over the
columns of a county 民政局), runs the check and the import as the command does, and prints
items per second and the time 50,000 items would take at that rate.

Options: --items N (default 2,000), --no-attachments.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import dev  # noqa: E402

from bench.run import configure  # noqa: E402

DB = "sunshine_bench_import"
COLUMNS = {"工作动态": 0.76, "通知公告": 0.19, "人事信息": 0.025, "统计信息": 0.025}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--no-attachments", action="store_true")
    args = parser.parse_args(argv)
    started_db = dev.acquire_database()
    parts = urlsplit(os.environ["DATABASE_URL"])
    url = urlunsplit((parts.scheme, parts.netloc, f"/{DB}", parts.query, parts.fragment))
    dev.check_database(url)
    configure(url)
    try:
        return run(args.items, attachments=not args.no_attachments)
    finally:
        if started_db:
            dev.stop_embedded()


def run(n: int, *, attachments: bool) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)  # first: migrations publish memo versions
    call_command("migrate", "--noinput", verbosity=0)
    from django.contrib.auth.models import Group, User

    from catalog import roles
    from catalog.models import Counter, Membership, Organisation
    from catalog.roles import sync_role_groups
    from disclosures.imports.models import LegacyAddress
    from disclosures.models import Disclosure
    from portal.demo.catalogue_file import write_catalogue_file
    from portal.demo.organisations import demo_credit_code

    sync_role_groups()
    org, _ = Organisation.objects.get_or_create(
        slug="bench-mzj",
        defaults={"name": "基准测试县民政局", "credit_code": demo_credit_code("900000001")},
    )
    user, _ = User.objects.get_or_create(username="bench-chief", defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name=roles.SUPERVISOR))
    Membership.objects.get_or_create(user=user, organisation=org)
    LegacyAddress.objects.all().delete()
    Disclosure.objects.filter(organisation=org).delete()
    Counter.objects.filter(organisation=org).delete()

    counts = {c: int(n * share) for c, share in COLUMNS.items()}
    counts["工作动态"] += n - sum(counts.values())
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, zip_path = Path(tmp) / "items.csv", Path(tmp) / "files.zip"
        write_catalogue_file(
            csv_path,
            organisation=org.slug,
            year=2019,
            counts=counts,
            attachments=zip_path if attachments else None,
        )
        mapping = Path(tmp) / "map.csv"
        mapping.write_text("原栏目,栏目\n", encoding="utf-8")
        options = ["--user", user.username]
        if attachments:
            options += ["--attachments", str(zip_path)]
        start = time.perf_counter()
        call_command("import_catalogue", str(csv_path), *options, verbosity=0)
        elapsed = time.perf_counter() - start
    imported = Disclosure.objects.filter(organisation=org, status="published").count()
    rate = imported / elapsed
    estimate = (
        "measured"
        if imported >= 50000
        else f"{50000 / rate / 60:.1f} min at this rate (extrapolated)"
    )
    print(
        f"import_catalogue: {imported} items{' with one PDF each' if attachments else ''} "
        f"in {elapsed:.1f} s = {rate:.0f} items/s; 50,000 items: {estimate}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
