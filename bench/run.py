"""`make bench-report`: time the annual report's figures for an organisation with 100,000 cases.

`make bench` runs it after the web benchmark (bench/web.py). It finds a database the way
`make run` and `make test` do (scripts/dev.py: DATABASE_URL when set, otherwise the embedded
PostgreSQL under var/) and works in a separate database named ``sunshine_bench`` on that
server, created when missing. The bench data is built once (bench/data.py) and kept, marked
as complete; later runs reuse it. Then it times, in process:

* reports.annual.figures.table_b, table_c, table_a_catalogue, proactive_summary, fees and compute
  (median of 5 runs after a warm-up), next to a reference query (COUNT(*) of the same cases),
  and checks the figures against numbers counted in Python while the data was planned;
* a few public pages through Django's test Client, next to a bare HttpResponse view measured in
  the same rounds, as ratios (see docs/benchmark.md for why ratios, not absolute numbers).

Options: --rebuild (drop and rebuild the bench database), --cases N, --items N, --runs N,
--no-pages. Only the standard library is imported before the database is found.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import dev  # noqa: E402  (scripts/dev.py: the database helpers of `make run` / `make test`)

BENCH_DB = "sunshine_bench"
PAGES = (
    ("bare HttpResponse (reference)", "/__bench__/hello"),
    ("首页 /", "/"),
    ("机构主页 /xxgk/jg/bench/", "/xxgk/jg/bench/"),
    ("栏目 /xxgk/lm/gzdt/", "/xxgk/lm/gzdt/"),
    ("年报列表 /xxgk/nb/", "/xxgk/nb/"),
    ("年报 /xxgk/nb/<pk>/", "/xxgk/nb/{report}/"),
)


def bench_url(url: str) -> str:
    """The same server and credentials, database ``sunshine_bench``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{BENCH_DB}", parts.query, parts.fragment))


def drop_bench_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    assert cfg["NAME"] == BENCH_DB, "only the bench database is ever dropped"
    params = {
        "user": cfg["USER"] or None,
        "password": cfg["PASSWORD"] or None,
        "host": cfg["HOST"] or None,
        "port": cfg["PORT"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DB))
        )
    dev.say(f"Dropped the database {BENCH_DB}")


def configure(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # Production-like settings (DEBUG off), plain HTTP, the test client's host allowed.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-" + "x" * 20)
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["HTTPS"] = "0"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def timed(fn, runs: int) -> tuple[float, float, object]:
    """Median and minimum wall time in ms of ``runs`` calls after one warm-up call."""
    result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), result


def prepare(args) -> tuple[object, object, object]:
    from django.core.management import call_command

    from bench import data
    from catalog.models import Organisation

    dev.say(f"Migrating {BENCH_DB}")
    call_command("createcachetable", verbosity=0)  # first: migrations publish memo versions
    call_command("migrate", "--noinput", verbosity=0)
    plan = data.plan(args.cases, args.items)
    org = Organisation.objects.filter(slug=data.SLUG).first()
    if data.is_built(org, cases=args.cases, items=args.items):
        dev.say(
            f"Reusing the bench data in {BENCH_DB} (make bench-report ARGS=--rebuild to rebuild)"
        )
    else:
        if org is not None:
            raise dev.SetupError(
                f"{BENCH_DB} holds bench data of another size or version; "
                "run `make bench-report ARGS=--rebuild`."
            )
        dev.say(
            f"Building the bench data: {len(plan.cases):,} cases, {len(plan.items):,} items "
            "(once; about a minute)"
        )
        start = time.perf_counter()
        org = data.build(plan, cases=args.cases, items=args.items)
        dev.say(f"Built in {time.perf_counter() - start:.0f} s")
    # Fresh statistics and visibility map on every run, so plans do not depend on autovacuum.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    from reports.models import AnnualReport

    report = AnnualReport.objects.get(organisation=org, year=data.YEAR, version=1)
    return plan, org, report


def bench_figures(args, plan, org, report) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench import data
    from reports.annual import figures
    from reports.annual.tables import TableB, TableC, check_table_b, check_table_c
    from requests_app.models import Appeal, Application, ReplyNotice

    year, orgs = data.YEAR, [org]
    cases = Application.objects.filter(organisation=org)
    reference = ("参照：COUNT(*) 本机关全部申请", lambda: cases.count())
    functions = [
        ("table_b（表三）", lambda: figures.table_b(orgs, year)),
        ("table_c（表四）", lambda: figures.table_c(orgs, year)),
        (
            "table_a_catalogue（表二 规章/规范性文件）",
            lambda: figures.table_a_catalogue(orgs, year),
        ),
        ("proactive_summary（主动公开概况）", lambda: figures.proactive_summary(orgs, year)),
        ("fees（信息处理费）", lambda: figures.fees(orgs, year)),
        ("compute(report)（全部统计）", lambda: figures.compute(report)),
    ]
    ref_median, ref_min, _ = timed(reference[1], args.runs)
    results = {}
    lines = [
        "| function | median ms | min ms | × COUNT(*) |",
        "|---|---:|---:|---:|",
    ]
    for label, fn in functions:
        median, fastest, value = timed(fn, args.runs)
        results[label] = value
        lines.append(f"| {label} | {median:.1f} | {fastest:.1f} | {median / ref_median:.1f} |")
    lines.append(f"| {reference[0]} | {ref_median:.1f} | {ref_min:.1f} | 1.0 |")
    with CaptureQueriesContext(connection) as queries:
        tables = figures.compute(report)
    # The figures must be the numbers counted while planning, and the table rules must hold.
    assert tables.b == TableB.from_counts(data.expected_table_b(plan)), "Table B differs"
    assert tables.c == TableC.from_counts(data.expected_table_c(plan)), "Table C differs"
    catalogue = {k: getattr(tables.a, k) for k in data.expected_table_a(plan)}
    assert catalogue == data.expected_table_a(plan), "Table A differs"
    assert (
        tables.fee_notices,
        tables.fee_billed_yuan,
        tables.fee_collected_yuan,
    ) == data.expected_fees(plan), "fees differ"
    assert tables.proactive_total == data.expected_proactive_total(plan), "proactive differs"
    assert check_table_b(tables.b) == [], "Table B breaks a rule"
    assert check_table_c(tables.c) == [], "Table C breaks a rule"
    b = tables.b
    rows = (
        f"rows in {BENCH_DB}: applications {cases.count():,} "
        f"({plan.received_in_year:,} received in {year}), "
        f"fee notices {ReplyNotice.objects.filter(application__organisation=org).count():,}, "
        f"appeals {Appeal.objects.filter(application__organisation=org).count():,}, "
        f"disclosures {org.disclosures.count():,}"
    )
    summary = (
        f"Table B {year}: 一 新收 {b.value('new'):,} + 二 上年结转 {b.value('carried_in'):,} = "
        f"（七）总计 {b.value('closed_total'):,} + 四 结转下年度 {b.value('carried_out'):,}; "
        f"Table C total {sum(g['total'] for g in tables.c.cells.values()):,}; "
        f"compute(report) runs {len(queries)} queries; all figures match the planned counts"
    )
    return [rows, summary, "", *lines]


def bench_pages(args, report) -> list[str]:
    from django.test import Client, override_settings

    client = Client(raise_request_exception=False)
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    pages = [(label, path.format(report=report.pk)) for label, path in PAGES]
    times: dict[str, list[float]] = {label: [] for label, _ in pages}
    status: dict[str, int] = {}
    with override_settings(ROOT_URLCONF="bench.urls", STORAGES=storages):
        for label, path in pages:  # warm-up: caches, templates, connections
            for _ in range(5):
                status[label] = client.get(path).status_code
        for _ in range(args.rounds):  # interleaved rounds, as the research note advises
            for label, path in pages:
                n = 200 if path.startswith("/__bench__") else args.requests
                for _ in range(n):
                    start = time.perf_counter()
                    client.get(path)
                    times[label].append((time.perf_counter() - start) * 1000)
    bare = statistics.median(times[pages[0][0]])
    lines = [
        "| page (test Client, in process) | status | median ms | share of bare view |",
        "|---|---:|---:|---:|",
    ]
    for label, _ in pages:
        median = statistics.median(times[label])
        share = f"{bare / median:.3f}" if status[label] == 200 else "—"
        lines.append(f"| {label} | {status[label]} | {median:.2f} | {share} |")
    return lines


def run(args) -> int:
    import django

    django.setup()
    from django.db import connection

    plan, org, report = prepare(args)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    print(
        f"\n## make bench-report — {time.strftime('%Y-%m-%d %H:%M')}, Python "
        f"{platform.python_version()}, Django {django.get_version()}, PostgreSQL {pg}, "
        f"{os.cpu_count()} CPUs\n"
    )
    for line in bench_figures(args, plan, org, report):
        print(line)
    if not args.no_pages:
        print()
        for line in bench_pages(args, report):
            print(line)
    print(f"\n(timed part: {time.perf_counter() - started:.0f} s)")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the bench data")
    parser.add_argument("--cases", type=int, default=100_000, help="cases received in the year")
    parser.add_argument("--items", type=int, default=20_000, help="catalogue items")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per function")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of pages")
    parser.add_argument("--requests", type=int, default=20, help="requests per page and round")
    parser.add_argument("--no-pages", action="store_true", help="skip the page measurements")
    args = parser.parse_args(argv)
    started = False
    try:
        started = dev.acquire_database()
        url = bench_url(os.environ["DATABASE_URL"])
        if args.rebuild:
            drop_bench_database(url)
        dev.check_database(url)  # creates sunshine_bench on that server when missing
        configure(url)
        return run(args)
    except dev.SetupError as exc:
        print(f"\nERROR: {exc}\n", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if started:
            dev.stop_embedded()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
