"""The second part of `make bench-web` (issue 21), and the comparison of two runs.

After the pages at each size (bench/web.py ``measure``), one run measures in the same
interleaved blocks (bench/sidebyside.py): the bare Django view, the home, a column list and an
item page saved and served as static files by Debian's nginx (bench/static.py), the same pages
from the portal's gunicorn and, with ``--proxy-url``, through the proxy in front of the cluster.
``--kill-one`` then runs a load through the proxy while one app instance dies.

The cluster (``make cluster``) is expected to write one pid file per app instance into the
directory given by ``--cluster-pids`` (default var/cluster/): ``<name>.pid`` holding the pid of
a gunicorn master; other pid files there (the proxy's) are ignored, since only gunicorn
processes are counted. Without a proxy or without pid files these parts are skipped with a
message; the rest of the run is unaffected.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

from bench import blocks, sidebyside, static, web


def nginx_path() -> str | None:
    from tools import tool_path

    return tool_path("nginx")


def proxy_paths(proxy: str, paths: dict[str, str]) -> dict[str, str]:
    """The pages of the comparison that the proxy answers with a 200 (the cluster may serve
    other data than this bench's database); the others are left out with a message."""
    found = {}
    for page, path in paths.items():
        try:
            status, body = web.fetch(proxy + path, timeout=30)
        except OSError as exc:
            raise web.dev.SetupError(f"--proxy-url {proxy} cannot be reached: {exc}") from exc
        if status == 200 and body:
            found[page] = path
        else:
            web.dev.say(
                f"{proxy}{path} answered {status}: {page} is not compared through the proxy"
            )
    return found


def static_and_proxy(args, server: web.Server, info: dict) -> dict:
    """The second part of a run (issue 21): static files (nginx), the bare view, the portal
    pages and, with ``--proxy-url``, the cached pages, in the same interleaved blocks; then
    ``--kill-one``. Returns what render_side_document() shows."""
    paths = {page: info["paths"][page] for page in sidebyside.PAGES}
    proxy = args.proxy_url.rstrip("/") if args.proxy_url else None
    cached = proxy_paths(proxy, paths) if proxy else {}
    # The same bytes: the proxy's answer when there is a proxy, else the portal's.
    root = web.OUT_DIR / "static"
    nginx = None
    binary = nginx_path()
    targets = [sidebyside.Target("bare", web.PAGES[0].label, "bare", "", server.base
                                 + info["paths"]["bare"], lambda: server.pids)]  # fmt: skip
    note = ""
    if binary and not args.no_static:
        for page, path in paths.items():
            source = (proxy if page in cached else server.base) + path
            status, body = web.fetch(source)
            if status != 200:
                raise web.dev.SetupError(
                    f"{source} answered {status}; cannot save it as a static file"
                )
            static.save_page(root, path, body)
        nginx = static.Nginx(binary, web.OUT_DIR / "nginx", root, web._cpus("server"))
        nginx.start()
        web.dev.say(f"nginx serving the saved pages on {nginx.base}")
        targets += [sidebyside.Target(f"static-{page}", f"static file (nginx): {web.PAGE_BY_NAME[page].label}",
                                      "static", page, nginx.base + path, lambda: nginx.pids)
                    for page, path in paths.items()]  # fmt: skip
    else:
        note = "nginx is not installed (`make wrk` installs it)" if not binary else "--no-static"
        web.dev.say(f"No static files compared: {note}")
    targets += [sidebyside.Target(f"portal-{page}", f"portal (gunicorn): {web.PAGE_BY_NAME[page].label}",
                                  "portal", page, server.base + path, lambda: server.pids)
                for page, path in paths.items()]  # fmt: skip
    pid_dir = Path(args.cluster_pids)
    if cached:
        # The proxy's and the app instances' processes (every live pid file of the cluster).
        cluster = lambda: [pid for _, pid, _ in sidebyside.running_pids(pid_dir)]  # noqa: E731
        server_cpus = web._cpus("server")
        if server_cpus:  # the proxy on the core nginx and gunicorn get, as they are
            for _, pid, cmd in sidebyside.running_pids(pid_dir):
                if b"gunicorn" not in cmd:
                    threads = blocks.pin_running(pid, server_cpus)
                    web.dev.say(f"Pinned the proxy (pid {pid}, {threads} threads) to CPU "
                                f"{','.join(map(str, sorted(server_cpus)))}")  # fmt: skip
        targets += [sidebyside.Target(f"cached-{page}", f"cached through the proxy: {web.PAGE_BY_NAME[page].label}",
                                      "cached", page, proxy + path, cluster)
                    for page, path in cached.items()]  # fmt: skip
    try:
        for t in targets:  # warm-up: the proxy fills its cache, the processes their memos
            web.run_wrk(t.url, args.warmup, args.connections)
        results = sidebyside.run_blocks(
            targets,
            rounds=args.side_rounds,
            seconds=args.duration,
            connections=args.connections,
            wrk=lambda url, seconds, connections: web.run_wrk(url, seconds, connections),
            say=web.dev.say,
        )
    finally:
        if nginx:
            nginx.stop()
    kill = None
    if args.kill_one:
        kill = kill_one(args, proxy, paths, info)
    return {"targets": targets, "results": results, "note": note, "kill": kill,
            "proxy": proxy}  # fmt: skip


def kill_one(args, proxy: str | None, paths: dict[str, str], info: dict):
    """``--kill-one``: a load through the proxy during which one app instance dies."""
    if not proxy:
        web.dev.say("--kill-one needs --proxy-url (the cluster); skipped")
        return "skipped: no --proxy-url (start the cluster, e.g. `make cluster`)"
    pid_dir = Path(args.cluster_pids)
    if not pid_dir.is_dir():
        web.dev.say(f"--kill-one: no pid directory {pid_dir}; skipped")
        return f"skipped: no pid directory {pid_dir} (--cluster-pids)"
    # The pages in turn, each followed by a search nobody asked for before: a miss that
    # reaches an app instance even when the pages are in the cache.
    searches = info["spread"]["search-spread"]
    lines = [x for q in searches for x in (*paths.values(), q)]
    file = web.OUT_DIR / "paths-kill-one.txt"
    file.write_text("\n".join(lines) + "\n")
    seconds = args.kill_seconds
    with database_server() as (count, limit):
        return sidebyside.kill_one(
            url=proxy,
            pid_dir=pid_dir,
            seconds=seconds,
            run_load=lambda: web.run_wrk(proxy + "/", seconds, args.connections, file, 0),
            say=web.dev.say,
            connections=count,
            connection_limit=limit,
        )


@contextlib.contextmanager
def database_server():
    """(a function counting the client connections of the database server in DATABASE_URL
    now, its max_connections); (None, None) when it cannot be reached. The cluster is
    expected on the same server as the benchmark's databases (docs/benchmarks.md)."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    try:
        conn = psycopg.connect(
            dbname=cfg["NAME"], user=cfg["USER"] or None, password=cfg["PASSWORD"] or None,
            host=cfg["HOST"] or None, port=cfg["PORT"] or None, connect_timeout=5,
            autocommit=True,
        )  # fmt: skip
    except psycopg.Error as exc:
        web.dev.say(f"Database connections not sampled: {exc}")
        yield None, None
        return
    with conn:
        limit = int(conn.execute("SHOW max_connections").fetchone()[0])

        def count() -> int:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
            ).fetchone()
            return int(row[0])

        yield count, limit


def render_side_document(side: dict) -> list[str]:
    targets, results = side["targets"], side["results"]
    # The bare view has two blocks a round (first and last); every other target one.
    rounds = min((len(v) for v in results.values()), default=0)
    lines = [
        "## Static files, bare view, portal and proxy side by side (issue 21)",
        "",
        f"{rounds} rounds; in each, every target for one block, the bare view first and last, "
        "the others in an order that turns by one each round. Figures: median (min–max) over "
        "the rounds; *× bare view* against the mean of the two bare-view blocks of the same "
        "round; *server CPU ms/req*: utime + stime of the server's processes (gunicorn master "
        "and workers, nginx master and workers, the cluster's processes named by its pid files) "
        "from /proc before and "
        "after the block ÷ requests; *× bare view by CPU*: the bare view's CPU per request in the "
        "same round ÷ the target's. "
        + (f"No static files: {side['note']}. " if side["note"] else "")
        + ("" if side["proxy"] else "No proxy (`--proxy-url`): no cached pages. "),
        "",
        *sidebyside.render(targets, results),
        "",
        *sidebyside.render_ratios(targets, results),
        "",
        "### One app instance killed during a load through the proxy (`--kill-one`)",
        "",
        *sidebyside.render_kill(side["kill"]),
        "",
    ]
    return lines


def figures_of_run(results: dict[int, dict[str, web.Summary]], side: dict | None) -> dict:
    """The medians two runs are compared on (``compare``): every page at every size, and the
    side-by-side targets."""
    out = {}
    nan = float("nan")
    for size, pages in results.items():
        bare = pages.get("bare")
        bare_cpu = bare.cpu.median if bare and bare.cpu else nan
        for name, summary in pages.items():
            cpu = summary.cpu.median if summary.cpu else nan
            out[f"{web.PAGE_BY_NAME[name].label} {web.size_label(size)}"] = {
                "rps": summary.rps,
                "ratio": summary.ratio if summary.ratio is not None else nan,
                "cpu_ms": cpu,
                "cpu_ratio": 1.0 if name == "bare" else bare_cpu / cpu if cpu > 0 else nan,
            }
    if side:
        out.update(sidebyside.figures(side["targets"], side["results"]))
    return out


def write_document(output: Path, document: str) -> None:
    """Replace this benchmark's part of the file (between the markers), keeping the rest
    (other benchmarks' sections); a file without the markers is written whole."""
    begin, end = "<!-- bench/web.py: begin -->", "<!-- bench/web.py: end -->"
    block = f"{begin}\n{document.rstrip()}\n{end}\n"
    old = output.read_text() if output.exists() else ""
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        text = head + block + ("\n" + tail if tail else "")
    else:
        text = block
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)


def compare(argv: list[str]) -> int:
    """``bench/web.py compare A.json B.json``: two runs' figures and their differences."""
    if len(argv) != 2:
        print("usage: bench/web.py compare FIRST.json SECOND.json", file=sys.stderr)
        return 2
    first, second = (json.loads(Path(p).read_text()) for p in argv)
    lines = sidebyside.render_comparison(first, second)
    print(*lines, sep="\n")
    rows = list(lines[2:])
    ok = sum(line.endswith("✓ |") for line in rows)
    print(f"\n{ok} of {len(rows)} figures within ±10 % between the two runs.")
    return 0
