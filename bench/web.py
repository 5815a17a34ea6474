"""`make bench-web`: the portal under load, served by gunicorn as in production (issue 7).

For each catalogue size (default 10,000 and 1,000,000 items) it uses a database
``sunshine_web_<size>`` on the server `make run` uses (scripts/dev.py: DATABASE_URL when set,
otherwise the embedded PostgreSQL under var/). A database is built once (migrate, seed_demo,
generate_catalogue N --organisations 100, the search index) and reused while it is complete;
``--rebuild`` drops only these bench databases. Then, with all servers up at once (gunicorn
``portal.wsgi`` with bench/settings.py, gunicorn.conf.py's workers and threads, DEBUG off), it
drives every page with Debian's ``wrk`` on 127.0.0.1, round by round. The host's speed flips
between phases within seconds (/work/shared/research/django-page-ceilings.md and
docs/benchmarks.md), so every ratio is taken between runs that shared a phase: a page's
throughput alone ÷ the bare Django view measured next to it, and the change between sizes from
the sizes served at the same time (see ``measure``).

It prints one table and writes it with the machine's details to docs/benchmarks.md (see
docs/benchmarks.md, "How to run it"). The parent process imports only the standard library;
Django runs in child processes (``_inspect``), one per database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import dev  # noqa: E402  (scripts/dev.py: the database helpers of `make run` / `make test`)

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench import blocks, sidebyside  # noqa: E402  (standard library only)

if __name__ == "__main__":
    # Run as a script, this module is __main__; bench/comparison.py imports `bench.web`, which
    # would otherwise be a second copy with its own PINNING (never set: nginx and wrk of the
    # comparison ran unpinned) and WRK_HEADERS. One module, whichever way it is reached.
    sys.modules.setdefault("bench.web", sys.modules[__name__])

PYTHON = sys.executable
OUT_DIR = ROOT / "var" / "bench"
DEFAULT_OUTPUT = ROOT / "docs" / "benchmarks.md"
LUA_SCRIPT = ROOT / "bench" / "wrk_report.lua"
DB_PREFIX = "sunshine_web_"
GENERATED = "gen-1-"  # external_id prefix of generate_catalogue's items (seed 1)
ORGANISATIONS = 100
EXPORT_ROWS = 10_000
SEARCH_WORD = "低保"
SEARCH_PHRASE = "最低生活保障标准"
SETTINGS_MODULE = "bench.settings"
EXPORT_CONNECTIONS = 2
# "item-spread" and "search-spread" take their paths in turn from a pool, each run starting
# where the last stopped, so that no page or search is asked twice while the pool lasts: they
# measure pages nobody has asked for since the last change (no per-process memo holds them).
SPREAD_ITEMS = 20_000  # item pages across the catalogue
SPREAD_SEARCHES = 20_000  # distinct 文号 and 索引号
PATHS_SCRIPT = ROOT / "bench" / "wrk_paths.lua"
# Headers wrk sends with every request; ``--close`` adds “Connection: close” (main()).
WRK_HEADERS: list[str] = []
# Where the servers and wrk run (bench/blocks.py); set by main(), None: not pinned.
PINNING: list[blocks.Pinning | None] = [None]
PINNING_NOTE: list[str] = ["not pinned"]
QUICK_PAGES = "home,list,item,search-word,feed"

# Targets of issue 7.
MAX_DROP = 0.20  # throughput may fall by at most 20 % from the smallest to the largest size
SEARCH_P95_MS = 100.0
MIN_SHARE = 0.15  # list and item pages: at least 15 % of the bare view's throughput


@dataclass(frozen=True)
class Page:
    name: str  # for --only
    label: str
    kind: str  # bare, home, list, item, search, feed, export
    spread: bool = False  # many URLs taken in turn (bench/wrk_paths.lua), not one


PAGES: tuple[Page, ...] = (
    Page("bare", "bare Django view (reference)", "bare"),
    Page("home", "首页", "home"),
    Page("list", "栏目 list, first page", "list"),
    Page("list-year", "栏目 list, filtered by year", "list"),
    Page("list-deep", "栏目 list, last page allowed", "list"),
    Page("list-pages", "栏目 list, pages across the list in turn", "list", spread=True),
    Page("item", "item page", "item"),
    Page("item-spread", "item pages never asked for before", "item", spread=True),
    Page("search-word", "search, 2-character word", "search"),
    Page("search-phrase", "search, phrase", "search"),
    Page("search-number", "search, 文号", "search"),
    Page(
        "search-spread",
        "search, 文号/索引号 never searched before",
        "search",
        spread=True,
    ),
    Page("feed", "Atom feed", "feed"),
    Page("export", "open-data CSV export", "export"),
)
PAGE_BY_NAME = {p.name: p for p in PAGES}


# --------------------------------------------------------------------------- pure parts


def parse_size(text: str) -> int:
    """'10k' → 10,000; '1m' → 1,000,000; '2500' → 2,500."""
    match = re.fullmatch(r"\s*(\d+)\s*([kKmM]?)\s*", text)
    if not match or int(match.group(1)) <= 0:
        raise ValueError(f"not a catalogue size: {text!r} (e.g. 10k, 1m, 2500)")
    return int(match.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]


def size_label(items: int) -> str:
    if items % 1_000_000 == 0:
        return f"{items // 1_000_000}m"
    if items % 1_000 == 0:
        return f"{items // 1_000}k"
    return str(items)


def database_name(items: int) -> str:
    return f"{DB_PREFIX}{size_label(items)}"


def database_url(server_url: str, name: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@dataclass
class Measurement:
    """One wrk run."""

    requests: int
    duration_s: float
    p50: float
    p95: float
    p99: float
    errors: dict[str, int] = field(default_factory=dict)  # connect/read/write/timeout/status
    non2xx: int = 0
    bytes: int = 0
    cpu_ms: float = float("nan")  # server CPU per request over the run (bench/blocks.py)
    raw: str = field(default="", repr=False)  # wrk's whole output

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s > 0 else 0.0

    @property
    def socket_errors(self) -> int:
        return sum(v for k, v in self.errors.items() if k != "status")


def parse_wrk_output(stdout: str) -> Measurement:
    """The WRK_REPORT line that bench/wrk_report.lua's done() prints."""
    for line in stdout.splitlines():
        if line.startswith("WRK_REPORT "):
            data = json.loads(line.removeprefix("WRK_REPORT "))
            latency = data["latency_ms"]
            errors = {k: int(v) for k, v in data["errors"].items()}
            return Measurement(
                requests=int(data["requests"]),
                duration_s=data["duration_us"] / 1e6,
                p50=float(latency["p50"]),
                p95=float(latency["p95"]),
                p99=float(latency["p99"]),
                errors=errors,
                # wrk's "status" counts >= 400; the script's own count adds 1xx and 3xx.
                non2xx=max(int(data["non2xx"]), errors.get("status", 0)),
                bytes=int(data.get("bytes", 0)),
                raw=stdout,
            )
    raise ValueError(f"no WRK_REPORT line in wrk's output:\n{stdout[-2000:]}")


@dataclass
class Summary:
    """A page at one size: medians over the rounds; errors summed over them."""

    rps: float
    p50: float
    p95: float
    p99: float
    ratio: float | None  # to the bare view of the same round (median over rounds)
    non2xx: int
    socket_errors: int
    requests: int
    rounds: int
    ratio_spread: blocks.Spread | None = None  # × bare over the rounds
    cpu: blocks.Spread | None = None  # server CPU ms per request over the rounds


def summarise(
    runs: list[Measurement], ratios: list[float], side: list[Measurement] = ()
) -> Summary:
    """Medians of the runs alone; errors are counted over them and the side-by-side runs."""
    if not runs:
        raise ValueError("no measurements to summarise")
    return Summary(
        rps=statistics.median(m.rps for m in runs),
        p50=statistics.median(m.p50 for m in runs),
        p95=statistics.median(m.p95 for m in runs),
        p99=statistics.median(m.p99 for m in runs),
        ratio=statistics.median(ratios) if ratios else None,
        non2xx=sum(m.non2xx for m in [*runs, *side]),
        socket_errors=sum(m.socket_errors for m in [*runs, *side]),
        requests=sum(m.requests for m in runs),
        rounds=len(runs),
        ratio_spread=blocks.spread(ratios) if ratios else None,
        cpu=_cpu_spread(runs),
    )


def _cpu_spread(runs: list[Measurement]) -> blocks.Spread | None:
    try:
        return blocks.spread(m.cpu_ms for m in runs)
    except ValueError:  # not measured (no /proc, or a test's fake runs)
        return None


def change(small: float | None, large: float | None) -> float | None:
    """Relative change from the smaller to the larger catalogue (−0.1 = 10 % slower)."""
    if small is None or large is None or small <= 0:
        return None
    return large / small - 1


@dataclass
class Target:
    text: str
    ok: bool | None  # None: not measured in this run
    detail: str


def side_by_side(changes: dict[str, list[float]], name: str) -> float | None:
    """A page's change between sizes: the median over the rounds of its side-by-side runs."""
    values = changes.get(name) or []
    return statistics.median(values) if values else None


def evaluate_targets(
    results: dict[int, dict[str, Summary]], changes: dict[str, list[float]]
) -> list[Target]:
    """Issue 7's targets over {items: {page name: Summary}} and the side-by-side changes."""
    sizes = sorted(results)
    small, large = sizes[0], sizes[-1]
    pages = [p for p in PAGES if p.kind != "bare" and any(p.name in results[s] for s in sizes)]
    targets = []

    if len(sizes) > 1:
        drops = [(side_by_side(changes, page.name), page) for page in pages]
        worst = min((d for d in drops if d[0] is not None), default=None, key=lambda d: d[0])
        ok = None if worst is None else worst[0] >= -MAX_DROP - 1e-9  # float noise
        detail = "—" if worst is None else f"largest fall: {worst[1].label} {pct(worst[0])}"
        text = (
            f"no page's throughput falls by more than {MAX_DROP:.0%} from "
            f"{small:,} to {large:,} items (the sizes side by side)"
        )
        targets.append(Target(text, ok, detail))
    else:
        targets.append(
            Target(f"throughput fall ≤ {MAX_DROP:.0%} between sizes", None, "one size only")
        )

    search = [(p, results[large][p.name]) for p in pages if p.kind == "search"]
    search = [(p, s) for p, s in search if p.name in results[large]]
    if search:
        worst_page, worst = max(search, key=lambda ps: ps[1].p95)
        ok = worst.p95 < SEARCH_P95_MS
        detail = f"slowest: {worst_page.label} p95 {worst.p95:.1f} ms"
    else:
        ok, detail = None, "not measured"
    targets.append(Target(f"search p95 < {SEARCH_P95_MS:.0f} ms at {large:,} items", ok, detail))

    shares = [(p, results[large][p.name]) for p in pages if p.kind in ("list", "item")]
    shares = [(p, s) for p, s in shares if s.ratio is not None]
    if shares:
        low_page, low = min(shares, key=lambda ps: ps[1].ratio)
        ok = low.ratio >= MIN_SHARE
        detail = f"lowest: {low_page.label} {low.ratio:.3f}"
    else:
        ok, detail = None, "not measured"
    targets.append(
        Target(
            f"list and item pages ≥ {MIN_SHARE:.2f} of the bare view at {large:,} items",
            ok,
            detail,
        )
    )

    bad = [(s, p, r) for s in sizes for p, r in results[s].items() if r.non2xx or r.socket_errors]
    detail = (
        "none"
        if not bad
        else "; ".join(
            f"{PAGE_BY_NAME[p].label} at {s:,}: {r.non2xx} non-2xx, {r.socket_errors} "
            "socket errors/timeouts"
            for s, p, r in bad
        )
    )
    targets.append(Target("zero non-2xx responses (and no timeouts) under load", not bad, detail))
    return targets


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.0f} %"


def mark(ok: bool | None) -> str:
    return {True: "✓", False: "✗", None: "–"}[ok]


def render_table(
    results: dict[int, dict[str, Summary]], pages: list[Page], changes: dict[str, list[float]]
) -> list[str]:
    """Markdown table: req/s per size, change, latency and ratio at the largest size."""
    sizes = sorted(results)
    large = sizes[-1]
    many = len(sizes) > 1
    head = ["page", *(f"req/s {size_label(s)}" for s in sizes)]
    if many:
        head += ["change alone", "change side by side"]
    tag = size_label(large)
    head += [f"p50 ms {tag}", f"p95 ms {tag}", f"p99 ms {tag}", f"× bare {tag}"]
    head += [f"× bare min–max {tag}", f"server CPU ms/req {tag}", "non-2xx"]
    lines = ["| " + " | ".join(head) + " |", "|---" + "|---:" * (len(head) - 1) + "|"]
    for page in pages:
        row = [page.label]
        per_size = [results[s].get(page.name) for s in sizes]
        row += [f"{r.rps:,.0f}" if r else "—" for r in per_size]
        first, last = per_size[0], per_size[-1]
        if many:
            row.append(pct(change(first.rps, last.rps)) if first and last else "—")
            row.append("—" if page.kind == "bare" else pct(side_by_side(changes, page.name)))
        if last:
            ratio = "1.000" if page.kind == "bare" else f"{last.ratio:.3f}"
            row += [f"{last.p50:.1f}", f"{last.p95:.1f}", f"{last.p99:.1f}", ratio]
            band = last.ratio_spread
            row.append(
                f"{band.lo:.3f}–{band.hi:.3f}" if band and page.kind != "bare" and band.n > 1
                else "—"
            )  # fmt: skip
            row.append(last.cpu.text(".3f") if last.cpu else "—")
        else:
            row += ["—"] * 6
        bad = sum(r.non2xx + r.socket_errors for r in per_size if r)
        row.append(str(bad))
        lines.append("| " + " | ".join(row) + " |")
    return lines


def render_targets(targets: list[Target]) -> list[str]:
    lines = ["| target | met | |", "|---|:-:|---|"]
    lines += [f"| {t.text} | {mark(t.ok)} | {t.detail} |" for t in targets]
    return lines


# --------------------------------------------------------------------------- databases


def manage(env: dict, *args: str, quiet: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own fixed command
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=quiet,
    )


def django_env(url: str) -> dict:
    """Production-like settings (as bench/run.py's configure()), plain HTTP on 127.0.0.1."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE=SETTINGS_MODULE,
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="0",
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-" + "x" * 20)
    env.setdefault("LOG_LEVEL", "WARNING")
    # No worker recycling (gunicorn.conf.py: 1,000 requests): at bench rates both workers of a
    # server restart within seconds of each other, and a boot on a busy host stalls the server
    # for seconds, inside some blocks and not others. Set it in the environment to measure it.
    env.setdefault("GUNICORN_MAX_REQUESTS", "0")
    return env


def inspect(
    url: str, items: int, *, resolve: bool, vacuum: bool = False, like: dict | None = None
) -> dict:
    """Run ``bench/web.py _inspect`` (Django) against one database and return its JSON.

    ``like``: the resolved pages of another size, whose column and year are used again."""
    args = [PYTHON, str(Path(__file__)), "_inspect", "--items", str(items)]
    args += ["--resolve"] if resolve else []
    args += ["--vacuum"] if vacuum else []
    if like:
        args += ["--column", like["column"]["slug"]]
        args += ["--year", str(like["year"]["year"])] if like.get("year") else []
    result = subprocess.run(  # noqa: S603 - our own fixed command
        args, cwd=ROOT, env=django_env(url), text=True, capture_output=True, check=False
    )
    for line in result.stdout.splitlines():
        if line.startswith("INSPECT "):
            return json.loads(line.removeprefix("INSPECT "))
    raise dev.SetupError(
        f"Inspecting {urlsplit(url).path.lstrip('/')} failed:\n{result.stderr[-3000:]}"
    )


def is_complete(info: dict, items: int) -> bool:
    """All generated items, the demo county (seed_demo: the home page's content), every listed
    item in the search index."""
    return info["generated"] == items and info["demo_items"] > 0 and info["missing_search"] == 0


def drop_database(server_url: str, name: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    assert name.startswith(DB_PREFIX), "only the web benchmark's databases are ever dropped"
    cfg = dj_database_url.parse(server_url)
    params = {
        "user": cfg["USER"] or None,
        "password": cfg["PASSWORD"] or None,
        "host": cfg["HOST"] or None,
        "port": cfg["PORT"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    dev.say(f"Dropped the database {name}")


def prepare_database(server_url: str, items: int, rebuild: bool) -> str:
    """Build (once) or reuse ``sunshine_web_<size>``, VACUUM ANALYZE it; return its URL."""
    name = database_name(items)
    url = database_url(server_url, name)
    if rebuild:
        drop_database(server_url, name)
    dev.check_database(url)  # creates it on that server when missing
    env = django_env(url)
    manage(env, "createcachetable")  # first: migrations publish memo versions
    manage(env, "migrate", "--noinput", "-v", "0")
    info = inspect(url, items, resolve=False)
    if info["generated"] > items:
        raise dev.SetupError(
            f"{name} holds {info['generated']:,} generated items, more than {items:,}; "
            "run with --rebuild."
        )
    if is_complete(info, items):
        dev.say(
            f"Reusing {name}: {items:,} generated items, {info['demo_items']:,} demo items, "
            "search index complete (--rebuild to build it again)"
        )
    else:
        started = time.monotonic()
        dev.say(
            f"Completing {name}: demo data, {items - info['generated']:,} more generated "
            "items, search index (only what is missing; once)"
        )
        manage(env, "seed_demo")
        generate = [str(items), "--organisations", str(ORGANISATIONS)]
        manage(env, "generate_catalogue", *generate, "--no-search")
        info = inspect(url, items, resolve=False)
        if info["missing_search"]:
            # At every size the same way: the index written in publication order, as daily
            # publishing fills it (rebuild_search_index --bulk).
            dev.say(f"Indexing {info['missing_search']:,} items for search")
            manage(env, "rebuild_search_index", "--bulk")
        info = inspect(url, items, resolve=False)
        if not is_complete(info, items):
            raise dev.SetupError(f"{name} is still incomplete after building it: {info}")
        dev.say(f"Built {name} in {time.monotonic() - started:.0f} s")
    dev.say(f"VACUUM ANALYZE {name}")
    inspect(url, items, resolve=False, vacuum=True)
    return url


def spread_evenly(items: list, count: int) -> list:
    """``count`` of ``items``, evenly spaced, the first and the last included."""
    if count >= len(items):
        return list(items)
    if count <= 1:
        return list(items[:count])
    last = len(items) - 1
    return [items[round(i * last / (count - 1))] for i in range(count)]


def resolve_pages(urls: dict[int, str]) -> dict[int, dict]:
    """The concrete URLs per size. The largest size picks the column and the year; the smaller
    sizes use the same ones, so that each page is the same page at every size."""
    sizes = sorted(urls, reverse=True)
    infos = {sizes[0]: inspect(urls[sizes[0]], sizes[0], resolve=True)}
    for size in sizes[1:]:
        infos[size] = inspect(urls[size], size, resolve=True, like=infos[sizes[0]])
    # As many list pages at every size (the smallest size's count), spread over each list:
    # a larger pool would be a larger share of pages not yet in the memo, another workload.
    pool = min(len(infos[size]["spread"]["list-pages"]) for size in sizes)
    for size in sizes:
        pages = spread_evenly(infos[size]["spread"]["list-pages"], pool)
        infos[size]["spread"]["list-pages"] = pages
        infos[size]["paths"]["list-pages"] = pages[-1]
    for size in sorted(urls):
        info = infos[size]
        dev.say(
            f"{database_name(size)}: {info['listed']:,} listed items; column "
            f"{info['column']['slug']} ({info['column']['items']:,}), year "
            f"{(info.get('year') or {}).get('year')}, last page {info['last_page']}, item "
            f"{info['item']}, 文号 {info['document_number']}, export {info['export']['rows']:,} "
            f"rows ({info['export']['scope']}), search hits {info.get('search_hits')}"
        )
    return infos


# --------------------------------------------------------------------------- _inspect (Django)


def inspect_database(
    items: int,
    *,
    resolve: bool = True,
    export_rows: int = EXPORT_ROWS,
    column_slug: str | None = None,
    year: int | None = None,
) -> dict:
    """Counts that decide reuse and, with ``resolve``, the concrete URL of every page.

    Runs inside Django (the ``_inspect`` child process, or a test's database)."""
    from django.db import connection
    from django.db.models import Count, Max, Min
    from django.db.models.functions import ExtractYear
    from django.urls import reverse

    from catalog.models import Category
    from disclosures.models import Disclosure, Genre
    from disclosures.pagination import CappedPaginator
    from disclosures.views import PAGE_SIZE

    listed = Disclosure.objects.listed()
    generated = Disclosure.objects.filter(external_id__startswith=GENERATED)
    info = {
        "generated": generated.count(),
        "listed": listed.count(),
        "missing_search": listed.filter(search_entry__isnull=True).count(),
        "demo_items": listed.exclude(external_id__startswith=GENERATED).count(),
        "target": items,
    }
    if not resolve:
        return info
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        info["postgresql"] = cursor.fetchone()[0]

    if column_slug:
        column = Category.objects.get(slug=column_slug)
    else:
        # The statutory column (not the root) that holds the most listed items.
        through = Disclosure.categories.through
        top = (
            through.objects.filter(
                category__kind="statutory",
                category__parent__isnull=False,
                disclosure__in=listed.values("pk"),
            )
            .values("category_id")
            .annotate(n=Count("disclosure_id"))
            .order_by("-n", "category_id")
            .first()
        )
        if top is None:
            raise RuntimeError("no listed item in any statutory column")
        column = Category.objects.get(pk=top["category_id"])
    ids = [column.pk, *column.children.values_list("pk", flat=True)]
    in_column = listed.in_columns(ids)
    column_path = reverse("disclosures:column", kwargs={"slug": column.slug})
    years = (
        in_column.annotate(y=ExtractYear("published_at"))
        .values("y")
        .annotate(n=Count("id"))
        .order_by("-n", "-y")
    )
    if year is not None:
        years = years.filter(y=year)
    # The year with the most items in the column (or the one asked for).
    year = years.first() or ({"y": year, "n": 0} if year is not None else None)
    last_page = CappedPaginator(in_column.order_by("-published_at", "-id"), PAGE_SIZE).num_pages

    bounds = generated.aggregate(lo=Min("pk"), hi=Max("pk"))
    middle = (bounds["lo"] + bounds["hi"]) // 2 if bounds["lo"] is not None else 0
    item = listed.filter(pk__gte=middle).order_by("pk").values_list("pk", flat=True).first()
    if item is None:
        raise RuntimeError("no listed item to show")

    numbered = (
        generated.filter(genre=Genre.NORMATIVE)
        .exclude(document_number="")
        .order_by("pk")
        .values_list("document_number", flat=True)
        .first()
    ) or listed.exclude(document_number="").values_list("document_number", flat=True).first()

    export_path = reverse("disclosures:catalogue-export", kwargs={"fmt": "csv"})
    export_query, export_note = "", "whole catalogue"
    if info["listed"] > 2 * export_rows:
        per_org = (
            listed.filter(organisation__slug__startswith="gen-")
            .values("organisation__slug")
            .annotate(n=Count("id"))
        )
        best = min(per_org, key=lambda r: (abs(r["n"] - export_rows), r["organisation__slug"]))
        export_query = urlencode({"organisation": best["organisation__slug"]})
        export_note = f"organisation {best['organisation__slug']}"
        export_count = best["n"]
    else:
        export_count = info["listed"]

    search = reverse("search")

    def q(value: str) -> str:
        return f"{search}?{urlencode({'q': value})}"

    info["column"] = {"slug": column.slug, "name": column.name, "items": in_column.count()}
    info["year"] = {"year": year["y"], "items": year["n"]} if year else None
    info["last_page"] = last_page
    info["item"] = item
    info["document_number"] = numbered
    info["export"] = {"rows": export_count, "scope": export_note}
    info["paths"] = {
        "bare": "/__bench__/hello",
        "home": reverse("home"),
        "list": column_path,
        "list-year": f"{column_path}?{urlencode({'year': year['y']})}" if year else column_path,
        "list-deep": f"{column_path}?{urlencode({'page': last_page})}",
        "item": reverse("disclosures:detail", kwargs={"pk": item}),
        "search-word": q(SEARCH_WORD),
        "search-phrase": q(SEARCH_PHRASE),
        "search-number": q(numbered or SEARCH_WORD),
        "feed": reverse("feed-latest"),
        "export": f"{export_path}?{export_query}" if export_query else export_path,
    }
    step = max(1, ((bounds["hi"] or 0) - (bounds["lo"] or 0)) // SPREAD_ITEMS)
    wanted = [bounds["lo"] + i * step for i in range(SPREAD_ITEMS)] if bounds["lo"] else []
    spread_items = list(listed.filter(pk__in=wanted).order_by("pk").values_list("pk", flat=True))
    if not spread_items:
        spread_items = [item]
    info["spread"] = {
        "list-pages": [
            column_path if n == 1 else f"{column_path}?{urlencode({'page': n})}"
            for n in range(1, last_page + 1)
        ],
        "item-spread": [reverse("disclosures:detail", kwargs={"pk": pk}) for pk in spread_items],
        "search-spread": _spread_numbers(listed, q),
    }
    info["paths"]["list-pages"] = info["spread"]["list-pages"][-1]
    info["paths"]["item-spread"] = info["spread"]["item-spread"][len(spread_items) // 2]
    info["paths"]["search-spread"] = info["spread"]["search-spread"][0]
    info["search_hits"] = _search_hits(
        {"search-word": SEARCH_WORD, "search-phrase": SEARCH_PHRASE, "search-number": numbered}
    )
    return info


def _spread_numbers(listed, q) -> list[str]:
    """Search URLs for distinct 文号 and 索引号 (alternately) of listed items, in an order
    unrelated to their age (by md5): the searches of "search-spread"."""
    import hashlib

    def shuffled(values) -> list[str]:
        return sorted(set(values), key=lambda v: hashlib.md5(v.encode()).hexdigest())  # noqa: S324 - an order, not security

    half = SPREAD_SEARCHES // 2
    numbers = shuffled(
        listed.exclude(document_number="")
        .order_by()
        .values_list("document_number", flat=True)
        .distinct()
    )[:half]
    index = shuffled(listed.exclude(index_number="").values_list("index_number", flat=True))
    index = index[: SPREAD_SEARCHES - len(numbers)]
    mixed = [x for pair in zip(numbers, index, strict=False) for x in pair]
    mixed += numbers[len(index) :] + index[len(numbers) :]
    return [q(n) for n in mixed] or [q(SEARCH_WORD)]


def _search_hits(queries: dict[str, str | None]) -> dict[str, str]:
    """The hit count each search query shows (capped), to show the queries find something."""
    hits = {}
    try:
        from disclosures.search import planner
        from disclosures.search import text as text_search
    except ImportError:  # pragma: no cover - the search module is someone else's to change
        return hits
    for name, value in queries.items():
        try:
            result = planner.search(text_search.parse_query(value or ""))
            hits[name] = f"{result.total:,}{'+' if result.total_is_estimate else ''}"
        except Exception as exc:  # reported, never fatal
            hits[name] = f"? ({type(exc).__name__})"
    return hits


def run_inspect(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/web.py _inspect")
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--resolve", action="store_true")
    parser.add_argument("--vacuum", action="store_true")
    parser.add_argument("--column", help="use this column instead of the largest")
    parser.add_argument("--year", type=int, help="use this year for the filtered list")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.vacuum:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    info = inspect_database(
        args.items, resolve=args.resolve, column_slug=args.column, year=args.year
    )
    print("INSPECT " + json.dumps(info, ensure_ascii=False), flush=True)
    return 0


# --------------------------------------------------------------------------- servers and load


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is returned as an HTTPError, not followed


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, timeout: float = 60) -> tuple[int, bytes]:
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read() or b""


def check_page(url: str) -> int:
    """Fetch once; fail loudly unless it is a 200 with a body. Returns the body's size."""
    try:
        status, body = fetch(url)
    except OSError as exc:
        raise dev.SetupError(f"{url} could not be fetched: {exc}") from exc
    if status != 200 or not body:
        raise dev.SetupError(
            f"{url} answered {status} with {len(body)} bytes; every benchmarked page must "
            "answer 200 with content (no redirect)."
        )
    return len(body)


class Server:
    """gunicorn portal.wsgi on a free port of 127.0.0.1, from the repository root so that
    gunicorn.conf.py applies (gthread, WEB_CONCURRENCY workers × GUNICORN_THREADS threads)."""

    def __init__(self, db_url: str, label: str):
        self.db_url, self.label = db_url, label
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        OUT_DIR.mkdir(parents=True, exist_ok=True)
        self.access_log = OUT_DIR / f"gunicorn-{label}.access.log"
        self.error_log = OUT_DIR / f"gunicorn-{label}.log"

    def start(self, timeout: float = 90) -> None:
        cmd = [PYTHON, "-m", "gunicorn", "portal.wsgi:application", "--bind", self.base[7:]]
        with self.access_log.open("w") as out, self.error_log.open("w") as err:
            # Own session: Ctrl-C reaches only this script, which then stops gunicorn itself.
            self.proc = subprocess.Popen(  # noqa: S603 - our own fixed command
                cmd, cwd=ROOT, env=django_env(self.db_url), stdout=out, stderr=err,
                start_new_session=True, preexec_fn=blocks.preexec(_cpus("server")),
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise dev.SetupError(
                    f"gunicorn ({self.label}) exited with {self.proc.returncode}:\n"
                    + self.error_log.read_text(errors="replace")[-3000:]
                )
            try:
                if fetch(self.base + "/healthz", timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise dev.SetupError(f"gunicorn ({self.label}) did not answer /healthz in {timeout} s")

    @property
    def pids(self) -> list[int]:
        """The gunicorn master; its workers count as its descendants (bench/blocks.py)."""
        return [self.proc.pid] if self.proc and self.proc.poll() is None else []

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # graceful: workers finish their requests
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _cpus(role: str) -> frozenset[int] | None:
    plan = PINNING[0]
    return None if plan is None else getattr(plan, role)


def wrk_path() -> str:
    from tools import tool_path

    path = tool_path("wrk")
    if not path:
        raise dev.SetupError(
            "wrk is not installed: run `.venv/bin/python scripts/tools.py ensure-wrk`"
        )
    return path


def _wrk_command(
    url: str, seconds: float, connections: int, paths_file: Path | None, start: int
) -> list[str]:
    script = PATHS_SCRIPT if paths_file else LUA_SCRIPT
    cmd = [wrk_path(), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s"]
    cmd += [arg for header in WRK_HEADERS for arg in ("-H", header)]
    cmd += ["-s", str(script.relative_to(ROOT)), url]
    cmd += ["--", str(paths_file), str(start)] if paths_file else []
    return cmd


def run_wrk(
    url: str, seconds: float, connections: int, paths_file: Path | None = None, start: int = 0
) -> Measurement:
    """wrk on one URL, or (``paths_file``) on the paths listed in that file, taken in turn
    from the ``start``-th."""
    return run_wrk_together([(url, seconds, connections, paths_file, start)])[0]


def run_wrk_together(loads: list[tuple]) -> list[Measurement]:
    """Several wrk runs at the same time (each a ``run_wrk`` argument tuple), one result each."""
    procs = []
    try:
        for url, seconds, connections, paths_file, start in loads:
            cmd = _wrk_command(url, seconds, connections, paths_file, start)
            procs.append((url, seconds, subprocess.Popen(  # noqa: S603 - our own fixed command
                cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                preexec_fn=blocks.preexec(_cpus("load")),
            )))  # fmt: skip
        results = []
        for url, seconds, proc in procs:
            stdout, stderr = proc.communicate(timeout=seconds + 120)
            if proc.returncode != 0:
                raise dev.SetupError(f"wrk failed on {url}:\n{(stderr or stdout)[-2000:]}")
            results.append(parse_wrk_output(stdout))
        return results
    finally:
        for _, _, proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


# --------------------------------------------------------------------------- the run


def machine() -> dict[str, str]:
    def read(path: str) -> str:
        try:
            return Path(path).read_text()
        except OSError:
            return ""

    cpu = re.search(r"^model name\s*:\s*(.+)$", read("/proc/cpuinfo"), re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", read("/proc/meminfo"), re.M)
    versions = {}
    for module in ("django", "gunicorn", "psycopg", "whitenoise"):
        try:
            from importlib.metadata import version

            versions[module] = version(module)
        except Exception:  # a missing distribution is shown as ?
            versions[module] = "?"
    try:
        wrk = subprocess.run([wrk_path(), "-v"], capture_output=True, text=True, check=False)  # noqa: S603 - our own fixed command
        wrk_version = (wrk.stdout + wrk.stderr).split("\n")[0].split(" Copyright")[0].strip()
    except (OSError, dev.SetupError):
        wrk_version = "?"
    return {
        "cpu": cpu.group(1).strip() if cpu else platform.processor() or "?",
        "cores": str(os.cpu_count()),
        "ram": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "?",
        "kernel": platform.release(),
        "python": platform.python_version(),
        **versions,
        "wrk": wrk_version,
        "workers": os.environ.get("WEB_CONCURRENCY", "2"),
        "threads": os.environ.get("GUNICORN_THREADS", "4"),
    }


def measure(args, sizes: list[int], servers: dict[int, Server], infos: dict[int, dict]):
    """Warm-up, then rounds. Returns ``(results, changes)``: {items: {page: Summary}} from the
    pages measured alone, and {page: [change from the smallest to the largest size]} from the
    sizes measured side by side, one per round.

    In each round, each page is one block: the bare view, the page alone at one size, the
    page at every size at the same time, the page alone at the other size, the bare view
    again (the sizes' order alternates from block to block). The host's speed flips between
    phases within seconds (docs/benchmarks.md), so a ratio is only taken between runs that
    shared a phase: a page alone ÷ the bare view next to it, and the sizes run side by side.
    Two closed-loop loads sharing the CPUs each get throughput in inverse proportion to their
    cost per request, so the side-by-side ratio is the ratio of the sizes' throughputs alone,
    measured under one and the same host phase."""
    pages = selected_pages(args.only)
    bare = PAGES[0]
    runs: dict[int, dict[str, list[Measurement]]] = {s: {p.name: [] for p in pages} for s in sizes}
    ratios: dict[int, dict[str, list[float]]] = {s: {p.name: [] for p in pages} for s in sizes}
    changes: dict[str, list[float]] = {p.name: [] for p in pages[1:]}
    side_runs: dict[tuple[int, str], list[Measurement]] = {
        (s, p.name): [] for s in sizes for p in pages
    }
    # The export streams 10,000 rows (seconds each): fewer connections, so that its latency is
    # that of one export and it does not starve the server; its req/s is reported as measured.
    conns = {p.name: min(args.connections, EXPORT_CONNECTIONS) if p.kind == "export"
             else args.connections for p in pages}  # fmt: skip

    files: dict[tuple[int, str], Path] = {}
    taken: dict[tuple[int, str], int] = {(s, p.name): 0 for s in sizes for p in pages}
    for size in sizes:
        for page in pages:
            if page.spread:
                path = OUT_DIR / f"paths-{size_label(size)}-{page.name}.txt"
                path.write_text("\n".join(infos[size]["spread"][page.name]) + "\n")
                files[size, page.name] = path

    def arguments(size: int, page: Page, seconds: float, connections: int) -> tuple:
        if page.spread:
            return (servers[size].base + "/", seconds, connections, files[size, page.name],
                    taken[size, page.name])  # fmt: skip
        return (servers[size].base + infos[size]["paths"][page.name], seconds, connections,
                None, 0)  # fmt: skip

    def together(loads: list[tuple[int, Page, float, int]]) -> list[Measurement]:
        roots = {size: getattr(servers[size], "pids", []) for size, *_ in loads}
        cpu = {size: blocks.cpu_seconds(pids) for size, pids in roots.items()}
        measured = run_wrk_together([arguments(*load) for load in loads])
        for (size, *_), m in zip(loads, measured, strict=True):
            m.cpu_ms = blocks.ms_per_request(cpu[size], blocks.cpu_seconds(roots[size]), m.requests)
        for (size, page, _, connections), m in zip(loads, measured, strict=True):
            if page.spread:  # wrk may have sent one request per connection it did not count
                taken[size, page.name] += m.requests + connections
        return measured

    def load(size: int, page: Page, seconds: float, connections: int) -> Measurement:
        return together([(size, page, seconds, connections)])[0]

    for size in sizes:
        dev.say(f"Warming up {size_label(size)} ({args.warmup:g} s per page)")
        for page in pages:
            load(size, page, args.warmup, conns[page.name])

    def show(label: str, m: Measurement) -> None:
        print(
            f"    {label:<22} {m.rps:9,.1f} req/s  p50 {m.p50:7.1f}  "
            f"p95 {m.p95:7.1f}  p99 {m.p99:7.1f} ms  CPU {m.cpu_ms:6.3f} ms/req  "
            f"non-2xx {m.non2xx}",
            flush=True,
        )

    small, large = sizes[0], sizes[-1]
    for r in range(1, args.rounds + 1):
        dev.say(f"Round {r}/{args.rounds}")
        for i, page in enumerate(pages[1:]):
            order = sizes if (r + i) % 2 else sizes[::-1]
            n = conns[page.name]
            before = load(order[0], bare, args.duration, args.connections)
            alone = {order[0]: load(order[0], page, args.duration, n)}
            if len(sizes) > 1:
                each = max(1, n // len(sizes))
                side = together([(size, page, args.duration, each) for size in sizes])
                by_size = dict(zip(sizes, side, strict=True))
                if by_size[small].rps > 0:
                    changes[page.name].append(by_size[large].rps / by_size[small].rps - 1)
                print(
                    f"    {page.name + ' side by side':<22} "
                    + " · ".join(f"{size_label(s)} {m.rps:,.1f}" for s, m in by_size.items())
                    + " req/s"
                    + "".join(f"  non-2xx {m.non2xx}" for m in side if m.non2xx),
                    flush=True,
                )
                for size, m in by_size.items():  # their errors count as the page's
                    side_runs[size, page.name].append(m)
            for size in order[1:]:
                alone[size] = load(size, page, args.duration, n)
            after = load(order[-1], bare, args.duration, args.connections)
            reference = {order[0]: before.rps, order[-1]: after.rps}
            for size in order:
                m = alone[size]
                show(f"{page.name} {size_label(size)}", m)
                runs[size][page.name].append(m)
                ref = reference.get(size, (before.rps + after.rps) / 2)
                ratios[size][page.name].append(m.rps / ref if ref > 0 else 0.0)
            for size, m in ((order[0], before), (order[-1], after)):
                runs[size]["bare"].append(m)
                ratios[size]["bare"].append(1.0)
            print(
                f"    {'bare':<22} {before.rps:9,.1f} → {after.rps:,.1f} req/s "
                "(before → after the page)",
                flush=True,
            )
    for (size, name), count in taken.items():
        if count:
            infos[size].setdefault("taken", {})[name] = count
    results = {s: {name: summarise(runs[s][name], ratios[s][name], side_runs[s, name])
                   for name in runs[s]} for s in sizes}  # fmt: skip
    return results, changes


def selected_pages(only: str | None) -> list[Page]:
    if not only:
        return list(PAGES)
    names = [n.strip() for n in only.split(",") if n.strip()]
    unknown = [n for n in names if n not in PAGE_BY_NAME]
    if unknown:
        raise dev.SetupError(f"unknown page(s) {unknown}; choose from {', '.join(PAGE_BY_NAME)}")
    return [p for p in PAGES if p.name == "bare" or p.name in names]


def render_document(args, sizes, infos, sizes_kb, results, changes, facts, started, elapsed) -> str:
    pages = selected_pages(args.only)
    large = sizes[-1]
    lines = [
        "# Web benchmark: the portal under load (`make bench-web`)",
        "",
        "<!-- Generated by bench/web.py; do not edit by hand. Method and how to read it: "
        'docs/benchmark.md, "Web benchmark". -->',
        "",
        f"Run {started} ({elapsed / 60:.0f} min) with `bench/web.py {' '.join(args.argv)}`".rstrip()
        + ".",
        "",
        "## Machine and software",
        "",
        f"* CPU: {facts['cpu']}, {facts['cores']} cores; RAM {facts['ram']}; "
        f"Linux {facts['kernel']}",
        f"* PostgreSQL {infos[large].get('postgresql', '?')} (same server for all sizes), "
        f"Python {facts['python']}, Django {facts['django']}, gunicorn {facts['gunicorn']}, "
        f"psycopg {facts['psycopg']}, whitenoise {facts['whitenoise']}, {facts['wrk']}",
        f"* gunicorn `portal.wsgi` with bench/settings.py (the portal's settings plus the bare "
        f"view), gunicorn.conf.py: gthread, {facts['workers']} workers × {facts['threads']} "
        f"threads, max_requests {os.environ.get('GUNICORN_MAX_REQUESTS', '0')}, access log on; DEBUG=0, HTTPS=0, CONN_MAX_AGE "
        f"{os.environ.get('CONN_MAX_AGE', '600')}, cache "
        f"{'Redis' if os.environ.get('REDIS_URL') else 'database table'}",
        f"* load: `wrk -t1 -c{args.connections} -d{args.duration:g}s --timeout 30s "
        + "".join(f"-H '{h}' " for h in WRK_HEADERS)
        + f"-s bench/wrk_report.lua` on 127.0.0.1 ({PINNING_NOTE[0]}; the export with "
        f"-c{min(args.connections, EXPORT_CONNECTIONS)}); "
        f"{args.warmup:g} s warm-up per page; rounds: {args.rounds}; in each round, one block "
        "per page: the bare view, the page alone at one size, the page at every size at the "
        "same time (side by side, the connections shared out), the page alone at the other "
        "size, the bare view again; the sizes' order alternates from block to block",
        "",
        "## Data and URLs",
        "",
    ]
    for size in sizes:
        info = infos[size]
        lines += [
            f"**{size_label(size)}** — database `{database_name(size)}`: {info['listed']:,} "
            f"listed items ({info['generated']:,} generated over {ORGANISATIONS} organisations, "
            f"the rest from seed_demo); column `{info['column']['slug']}` "
            f"({info['column']['name']}, {info['column']['items']:,} items"
            + (f", {info['year']['items']:,} in {info['year']['year']}" if info.get("year") else "")
            + f"); last list page {info['last_page']}; export {info['export']['rows']:,} rows "
            f"({info['export']['scope']}); search hits: "
            + ", ".join(f"{k} {v}" for k, v in info.get("search_hits", {}).items()),
            "",
            "| page | URL (shown unencoded) | response KB |",
            "|---|---|---:|",
        ]
        for page in pages:
            kb = sizes_kb.get(size, {}).get(page.name)
            shown = f"`{unquote(info['paths'][page.name])}`"
            if page.spread:
                many = info["spread"][page.name]
                asked = info.get("taken", {}).get(page.name, 0)
                shown = (
                    f"{len(many):,} paths in turn, `{many[0]}` … `{many[-1]}`; "
                    f"{asked:,} requests"
                    + (
                        " (the pool went round: some were asked again)"
                        if asked > len(many)
                        else ", none asked twice"
                    )
                )
            lines.append(
                f"| {page.label} | {shown} | "
                + ("—" if kb is None else f"{kb / 1024:.1f}" if kb >= 1024 else f"{kb} B")
                + " |"
            )
        lines.append("")
    lines += [
        "## Results",
        "",
        "Medians over the rounds. "
        + (
            f"*change alone* is the change of the medians of req/s from {size_label(sizes[0])} "
            f"to {size_label(large)}, each size measured alone; *change side by side* is the "
            "median over the rounds of the change between the sizes run at the same time, "
            "which a flip of the host's speed affects equally (used for the target; the "
            "rounds' values are listed below the targets). "
            if len(sizes) > 1
            else ""
        )
        + "*× bare* is the page's "
        "req/s ÷ the bare view's, both in the same round. *non-2xx* counts non-2xx responses, "
        "socket errors and timeouts over all sizes and rounds.",
        "",
        *render_table(results, pages, changes),
        "",
        "## Targets (issue 7)",
        "",
        *render_targets(evaluate_targets(results, changes)),
        "",
    ]
    if len(sizes) > 1:
        lines += [
            "## Side by side, round by round",
            "",
            f"Change of req/s from {size_label(sizes[0])} to {size_label(large)}, the sizes "
            "served at the same time, in each round.",
            "",
            *render_rounds(changes, pages),
            "",
        ]
    return "\n".join(lines)


def render_rounds(changes: dict[str, list[float]], pages: list[Page]) -> list[str]:
    rounds = max((len(v) for v in changes.values()), default=0)
    lines = ["| page | " + " | ".join(f"round {r + 1}" for r in range(rounds)) + " | median |"]
    lines.append("|---" + "|---:" * (rounds + 1) + "|")
    for page in pages[1:]:
        values = changes.get(page.name, [])
        cells = [pct(v) for v in values] + ["—"] * (rounds - len(values))
        lines.append(
            f"| {page.label} | "
            + " | ".join(cells)
            + f" | {pct(side_by_side(changes, page.name))} |"
        )
    return lines


def run(args) -> int:
    sizes = sorted({parse_size(s) for s in args.sizes.split(",") if s.strip()})
    wrk_path()  # fail before building anything
    servers: dict[int, Server] = {}
    started_db = False
    try:
        started_db = dev.acquire_database()
        server_url = os.environ["DATABASE_URL"]
        urls = {size: prepare_database(server_url, size, args.rebuild) for size in sizes}
        dev.say("Resolving the pages (column, year, item, 文号, export scope)")
        infos = resolve_pages(urls)
        dev.say("Collecting static files")
        manage(django_env(urls[sizes[0]]), "collectstatic", "--noinput", "-v", "0")
        started = time.strftime("%Y-%m-%d %H:%M %Z")
        t0 = time.monotonic()
        sizes_kb: dict[int, dict[str, int]] = {}
        for size in sizes:
            servers[size] = Server(urls[size], size_label(size))
            servers[size].start()
            dev.say(f"gunicorn for {database_name(size)} on {servers[size].base}")
            sizes_kb[size] = {}
            for page in selected_pages(args.only):
                sizes_kb[size][page.name] = check_page(
                    servers[size].base + infos[size]["paths"][page.name]
                )
                if page.spread:  # a sample of the others; the load counts every non-2xx
                    many = infos[size]["spread"][page.name]
                    for path in many[:: max(1, len(many) // 8)]:
                        check_page(servers[size].base + path)
        from bench import comparison

        results, changes = measure(args, sizes, servers, infos)
        side = None
        if not args.no_side:
            side = comparison.static_and_proxy(args, servers[sizes[0]], infos[sizes[0]])
        facts = machine()
        document = render_document(
            args, sizes, infos, sizes_kb, results, changes, facts, started, time.monotonic() - t0
        )
        if side:
            document += "\n" + "\n".join(comparison.render_side_document(side))
            print()
            print(*sidebyside.render(side["targets"], side["results"]), sep="\n")
            print()
            print(*sidebyside.render_ratios(side["targets"], side["results"]), sep="\n")
            print()
            print(*sidebyside.render_kill(side["kill"]), sep="\n")
        print()
        print(*render_table(results, selected_pages(args.only), changes), sep="\n")
        print()
        print(*render_targets(evaluate_targets(results, changes)), sep="\n")
        output = Path(args.output) if args.output else default_output(args)
        comparison.write_document(output, document)
        print(f"\nWritten to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        data = OUT_DIR / f"figures-{stamp}.json"
        data.write_text(
            json.dumps(comparison.figures_of_run(results, side), ensure_ascii=False, indent=1)
        )
        print(f"Figures for `bench/web.py compare`: {data.relative_to(ROOT)}")
        return 0
    finally:
        for server in servers.values():
            server.stop()
        if started_db:
            dev.stop_embedded()


def default_output(args) -> Path:
    """docs/benchmarks.md for a full run; a partial run (--only, other sizes) goes to var/."""
    full = (
        not getattr(args, "quick", False)
        and not args.only
        and {parse_size(s) for s in args.sizes.split(",")}
        == {
            10_000,
            1_000_000,
        }
    )
    return DEFAULT_OUTPUT if full else OUT_DIR / "benchmarks-partial.md"


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    if argv[:1] == ["_inspect"]:
        return run_inspect(argv[1:])
    if argv[:1] == ["compare"]:
        from bench import comparison

        return comparison.compare(argv[1:])
    parser = argparse.ArgumentParser(
        prog="bench/web.py", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--sizes", default="10k,1m", help="catalogue sizes (default 10k,1m)")
    parser.add_argument("--duration", type=float, default=3, help="seconds of each run of wrk (3)")
    parser.add_argument("--warmup", type=float, default=3, help="warm-up seconds per page (3)")
    parser.add_argument("--rounds", type=int, default=6, help="rounds (default 6)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument(
        "--only", help=f"comma-separated pages (the bare view is always measured): "
        f"{', '.join(p.name for p in PAGES[1:])}"
    )  # fmt: skip
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the databases")
    parser.add_argument(
        "--output", help="file for the table (default docs/benchmarks.md for a full run, "
        "var/bench/benchmarks-partial.md otherwise)"
    )  # fmt: skip
    parser.add_argument(
        "--close", action="store_true", help="one connection per request (Connection: close), "
        "as behind a proxy that does not keep its upstream connections alive"
    )  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true", help=f"minutes, not half an hour: the 10k catalogue "
        f"only, pages {QUICK_PAGES}, 5 rounds of 2 s, 1 s warm-up (other options still apply)"
    )  # fmt: skip
    parser.add_argument("--no-pin", action="store_true", help="do not pin servers and wrk to cores")
    parser.add_argument(
        "--no-side", action="store_true", help="skip the static/bare/portal/proxy comparison"
    )
    parser.add_argument("--no-static", action="store_true", help="no nginx in the comparison")
    parser.add_argument("--side-rounds", type=int, help="rounds of the comparison (--rounds)")
    parser.add_argument(
        "--proxy-url", help="the cache in front of the cluster (e.g. http://127.0.0.1:8080): "
        "its cached pages are compared with the static files"
    )  # fmt: skip
    parser.add_argument(
        "--kill-one", action="store_true", help="with --proxy-url: a load through the proxy "
        "during which one app instance (from --cluster-pids) is killed; counts failed requests"
    )  # fmt: skip
    parser.add_argument(
        "--cluster-pids", default=str(ROOT / "var" / "cluster"), help="directory of the "
        "cluster's pid files: one <name>.pid per gunicorn master (default var/cluster)"
    )  # fmt: skip
    parser.add_argument(
        "--kill-seconds", type=float, default=10, help="length of the --kill-one load (10)"
    )
    defaults = {"sizes": "10k", "only": QUICK_PAGES, "rounds": 5, "duration": 2, "warmup": 1}
    if "--quick" in argv:  # the quick values, unless given on the command line
        given = {a.split("=", 1)[0].removeprefix("--") for a in argv if a.startswith("--")}
        parser.set_defaults(**{k: v for k, v in defaults.items() if k not in given})
    args = parser.parse_args(argv)
    args.argv = argv
    args.side_rounds = args.side_rounds or args.rounds
    WRK_HEADERS[:] = ["Connection: close"] if args.close else []
    PINNING[0], PINNING_NOTE[0] = blocks.host_pinning(not args.no_pin)
    if args.rounds < 1 or args.duration <= 0 or args.connections < 1:
        parser.error("--rounds, --duration and --connections must be positive")
    if any(v != int(v) or v < 1 for v in (args.duration, args.warmup, args.kill_seconds)):
        parser.error("--duration, --warmup and --kill-seconds are whole seconds (wrk's -d)")
    try:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError as exc:
        parser.error(str(exc))
    if not sizes:
        parser.error("--sizes is empty")
    # SIGTERM (a CI runner's timeout, kill PID) stops the run like Ctrl-C: servers stopped.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return run(args)
    except dev.SetupError as exc:
        print(f"\nERROR: {exc}\n", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        cmd = " ".join(map(str, exc.cmd))
        print(f"\nERROR: {cmd} failed (exit {exc.returncode}).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the servers were stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
