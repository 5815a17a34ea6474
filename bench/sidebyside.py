"""Static files, the bare view, the portal and the proxy in the same blocks (issue 21).

One round measures every target for a few seconds: the bare Django view first, the others in
an order that turns by one target from round to round, the bare view again. A target's ratio
is taken to the mean of the two bare runs of its round; the cached ÷ static ratio of a page
from the two runs of that page in the same round. Each target also reports the CPU time its
server processes spent per request (bench/blocks.py). ``kill_one`` is the cluster's failure
test: a load through the proxy during which one app instance is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import blocks

PAGES = ("home", "list", "item")  # the pages of the targets
CACHED_SHARE = 0.50  # cached pages through the proxy: at least half of the static figure


@dataclass(frozen=True)
class Target:
    name: str  # e.g. "static-home"
    label: str
    group: str  # bare, static, portal, cached
    page: str  # home, list, item ('' for the bare view)
    url: str
    roots: Callable[[], list[int]] = field(default=lambda: [], compare=False)


@dataclass
class Block:
    rps: float
    p99: float
    cpu_ms: float  # server CPU per request (NaN: processes unknown)
    ratio: float  # to the bare view of the same round
    failed: int
    requests: int
    # The bare view's CPU per request in the same round ÷ this target's: the share of the bare
    # view's throughput the target reaches when the server's CPU is the limit. A cost ratio,
    # steadier than the rates when other work takes the cores.
    cpu_ratio: float = float("nan")


def round_order(others: list, r: int) -> list:
    """The targets of round ``r`` (0-based): turned by r, so that no target always follows
    the bare view or always comes last."""
    if not others:
        return []
    k = r % len(others)
    return others[k:] + others[:k]


def run_blocks(
    targets: list[Target],
    *,
    rounds: int,
    seconds: float,
    connections: int,
    wrk: Callable[[str, float, int], object],
    say: Callable[[str], None] = print,
) -> dict[str, list[Block]]:
    """``targets[0]`` is the reference; returns each target's blocks, one per round."""
    bare, others = targets[0], targets[1:]
    out: dict[str, list[Block]] = {t.name: [] for t in targets}

    def one(target: Target):
        before = blocks.cpu_seconds(target.roots())
        m = wrk(target.url, seconds, connections)
        cpu = blocks.ms_per_request(before, blocks.cpu_seconds(target.roots()), m.requests)
        return m, cpu

    for r in range(rounds):
        say(f"Side by side, round {r + 1}/{rounds}")
        first = one(bare)
        measured = [(t, *one(t)) for t in round_order(others, r)]
        last = one(bare)
        ref = (first[0].rps + last[0].rps) / 2
        ref_cpu = (first[1] + last[1]) / 2  # NaN when not measured
        for m, cpu in (first, last):
            out[bare.name].append(_block(m, cpu, m.rps / ref if ref else 0.0, ref_cpu))
        for t, m, cpu in measured:
            out[t.name].append(_block(m, cpu, m.rps / ref if ref else 0.0, ref_cpu))
            print(
                f"    {t.name:<16} {m.rps:10,.1f} req/s  ×bare {m.rps / ref if ref else 0:6.3f}"
                f"  CPU {cpu:6.3f} ms/req  p99 {m.p99:6.1f} ms",
                flush=True,
            )
    return out


def _block(m, cpu: float, ratio: float, ref_cpu: float) -> Block:
    failed = m.socket_errors + m.errors.get("status", 0)
    cpu_ratio = ref_cpu / cpu if cpu > 0 else float("nan")  # NaN stays NaN
    return Block(m.rps, m.p99, cpu, ratio, failed, m.requests, cpu_ratio)


def pair_ratios(results: dict[str, list[Block]], top: str, bottom: str) -> list[float]:
    """Round by round, ``top``'s req/s ÷ ``bottom``'s (both measured in the same round)."""
    return [a.rps / b.rps for a, b in zip(results[top], results[bottom], strict=False) if b.rps]


def figures(targets: list[Target], results: dict[str, list[Block]]) -> dict[str, dict]:
    """Medians per target, for the comparison of two runs (``render_comparison``)."""
    out = {}
    for t in targets:
        rows = results.get(t.name) or []
        if not rows:
            continue
        out[t.label] = {
            "rps": blocks.spread(b.rps for b in rows).median,
            "ratio": blocks.spread(b.ratio for b in rows).median,
            "cpu_ms": _median_or_nan([b.cpu_ms for b in rows]),
            "cpu_ratio": _median_or_nan([b.cpu_ratio for b in rows]),
        }
    return out


def _median_or_nan(values: list[float]) -> float:
    try:
        return blocks.spread(values).median
    except ValueError:
        return float("nan")


def render(targets: list[Target], results: dict[str, list[Block]]) -> list[str]:
    """Per target: req/s, × bare view, server CPU per request, p99 — median (min–max)."""
    lines = [
        "| target | req/s | × bare view | server CPU ms/req | × bare view by CPU | p99 ms | failed |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for t in targets:
        rows = results.get(t.name) or []
        if not rows:
            continue
        cpu = [b.cpu_ms for b in rows if b.cpu_ms == b.cpu_ms]
        by_cpu = [b.cpu_ratio for b in rows if b.cpu_ratio == b.cpu_ratio]
        lines.append(
            f"| {t.label} | {blocks.spread(b.rps for b in rows).text()} | "
            + ("1" if t.group == "bare" else blocks.spread(b.ratio for b in rows).text(".3f"))
            + f" | {blocks.spread(cpu).text('.3f') if cpu else '—'} | "
            + ("1" if t.group == "bare" else blocks.spread(by_cpu).text(".3f") if by_cpu else "—")
            + " | "
            f"{blocks.spread(b.p99 for b in rows).text('.1f')} | {sum(b.failed for b in rows)} |"
        )
    return lines


def render_ratios(targets: list[Target], results: dict[str, list[Block]]) -> list[str]:
    """Per page: portal ÷ bare view, static ÷ bare view and, with a proxy, cached ÷ static."""
    names = {t.name for t in targets}
    lines = [
        f"| page | portal ÷ bare view | static ÷ bare view | cached ÷ static (≥ {CACHED_SHARE:.2f}) |",
        "|---|---:|---:|---:|",
    ]
    for page in PAGES:
        cells = []
        for group in ("portal", "static"):
            name = f"{group}-{page}"
            cells.append(
                blocks.spread(b.ratio for b in results[name]).text(".3f")
                if name in names and results.get(name)
                else "—"
            )
        if f"cached-{page}" in names and f"static-{page}" in names:
            share = blocks.spread(pair_ratios(results, f"cached-{page}", f"static-{page}"))
            met = "✓" if share.median >= CACHED_SHARE else "✗"
            cells.append(f"{share.text('.2f')} {met}")
        else:
            cells.append("— (no --proxy-url)")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


# --------------------------------------------------------------------------- the comparison


def render_comparison(
    first: dict[str, dict], second: dict[str, dict], tolerance: float = 0.10
) -> list[str]:
    """Two runs' medians side by side: each figure's difference and whether it is within
    ±tolerance."""
    lines = [
        "| figure | run 1 | run 2 | difference | within ±10 % |",
        "|---|---:|---:|---:|:-:|",
    ]
    kinds = (
        ("rps", "req/s", ",.0f"),
        ("ratio", "× bare view", ".3f"),
        ("cpu_ms", "CPU ms/req", ".3f"),
        ("cpu_ratio", "× bare view by CPU", ".3f"),
    )
    for label in first:
        if label not in second:
            continue
        for key, name, fmt in kinds:
            a, b = first[label].get(key), second[label].get(key)
            if a is None or b is None or a != a or b != b:
                continue
            if key in ("ratio", "cpu_ratio") and a == 1 and b == 1:
                continue  # the reference against itself
            diff = blocks.between_runs(a, b)
            ok = "✓" if blocks.within(a, b, tolerance) else "✗"
            lines.append(
                f"| {label}: {name} | {a:{fmt}} | {b:{fmt}} | {diff * 100:+.1f} % | {ok} |"
            )
    return lines


# --------------------------------------------------------------------------- kill one


def running_pids(pid_dir: Path) -> list[tuple[Path, int, bytes]]:
    """Each ``*.pid`` file of ``pid_dir`` whose process is alive, with its command line
    (a process named by two files once, under the first)."""
    found, seen = [], set()
    for path in sorted(pid_dir.glob("*.pid")):
        try:
            pid = int(path.read_text().split()[0])
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if pid not in seen:
            seen.add(pid)
            found.append((path, pid, cmdline))
    return found


def app_instances(pid_dir: Path) -> list[tuple[Path, int]]:
    """The running app instances listed in ``pid_dir``: each ``*.pid`` file whose process is
    alive and is a gunicorn (the proxy's and other pid files are left out)."""
    return [(path, pid) for path, pid, cmd in running_pids(pid_dir) if b"gunicorn" in cmd]


@dataclass
class KillResult:
    pid_file: str
    pid: int
    killed_after_s: float
    requests: int
    failed: int  # socket errors + responses with status ≥ 400 (wrk's own report)
    socket_errors: int
    bad_status: int
    instances_before: int
    rps: float
    # Client connections to the database server, sampled during the load (None: not sampled)
    db_peak: int | None = None
    db_limit: int | None = None


def kill_one(
    *,
    url: str,
    pid_dir: Path,
    seconds: float,
    run_load: Callable[[], object],
    signum: int = signal.SIGKILL,
    say: Callable[[str], None] = print,
    connections: Callable[[], int] | None = None,
    connection_limit: int | None = None,
) -> KillResult | str:
    """Run ``run_load`` (wrk through the proxy, ``seconds`` long); kill one app instance
    (its gunicorn master, with ``signum``) at 40 % of the run. ``connections`` (the database
    server's client connections now) is sampled every 0.2 s until the load ends; its peak is
    reported against ``connection_limit``. Returns the result, or a sentence saying why the
    scenario was skipped."""
    instances = app_instances(pid_dir)
    if len(instances) < 2:
        return (
            f"skipped: {len(instances)} running app instance(s) in {pid_dir} "
            "(needs at least two gunicorn pid files, e.g. `make cluster`)"
        )
    pid_file, pid = instances[0]
    holder: dict[str, object] = {}

    def load() -> None:
        try:
            holder["m"] = run_load()
        except Exception as exc:  # reported below
            holder["error"] = exc

    thread = threading.Thread(target=load)
    started = time.monotonic()
    thread.start()
    samples: list[int] = []  # the database server's client connections, every 0.2 s
    while time.monotonic() - started < seconds * 0.4:
        if connections is not None:
            samples.append(connections())
        time.sleep(min(0.2, max(0.0, seconds * 0.4 - (time.monotonic() - started))))
    say(
        f"Killing app instance {pid_file.name} (pid {pid}) with signal {signum} during the load on {url}"
    )
    table = blocks.read_proc_table()
    for victim in [pid, *blocks.descendants(pid, table)]:  # the master and its workers
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signum)
    killed = time.monotonic() - started
    while thread.is_alive():
        if connections is not None:
            samples.append(connections())
        thread.join(0.2)
    if "error" in holder:
        raise holder["error"]  # type: ignore[misc]
    m = holder["m"]
    wrk = blocks.parse_wrk_failures(m.raw)
    return KillResult(
        pid_file=str(pid_file),
        pid=pid,
        killed_after_s=killed,
        requests=wrk.requests,
        failed=wrk.failed,
        socket_errors=wrk.socket_errors,
        bad_status=wrk.bad_status,
        instances_before=len(instances),
        rps=m.rps,
        db_peak=max(samples, default=None),
        db_limit=connection_limit,
    )


def render_kill(result: KillResult | str | None) -> list[str]:
    if result is None:
        return ["Not run (no `--kill-one`)."]
    if isinstance(result, str):
        return [result[0].upper() + result[1:] + "."]
    met = "✓" if result.failed == 0 else "✗"
    if result.db_peak is None:
        db = "not sampled"
    else:
        under = (
            "" if result.db_limit is None else (" ✓" if result.db_peak < result.db_limit else " ✗")
        )
        limit = "?" if result.db_limit is None else f"{result.db_limit}"
        db = f"{result.db_peak} of {limit}{under}"
    return [
        "| instances | killed | requests | req/s | socket errors | status ≥ 400 | failed (target 0) "
        "| database connections, peak of max_connections |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
        f"| {result.instances_before} | pid {result.pid} ({Path(result.pid_file).name}) after "
        f"{result.killed_after_s:.1f} s | {result.requests:,} | {result.rps:,.0f} | "
        f"{result.socket_errors} | {result.bad_status} | {result.failed} {met} | {db} |",
    ]
