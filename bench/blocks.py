"""Repeatable figures for bench/web.py (issue 21): pinning, CPU time per request, spreads.

The host's speed changes within seconds and other work shares its two cores, so the web
benchmark (1) pins the servers and the load generator to separate cores where it can, (2)
measures in short blocks interleaved with the reference (the bare Django view), (3) reports the
CPU time the server processes spent per request, read from /proc/<pid>/stat before and after
each block — a cost, far less sensitive to the host's phases than a rate — and (4) prints each
figure's spread over the blocks. Only the standard library; the pure parts are tested in
tests/bench/test_blocks.py.
"""

from __future__ import annotations

import os
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")

# --------------------------------------------------------------------------- CPU time


@dataclass(frozen=True)
class ProcTimes:
    """Clock ticks of one process (man 5 proc: fields 14–17) and its parent's pid."""

    pid: int
    ppid: int
    utime: int
    stime: int
    cutime: int  # children that were waited for (a gunicorn worker reaped by its master)
    cstime: int


def parse_proc_stat(line: str) -> ProcTimes:
    """One /proc/<pid>/stat line. The command (field 2) may hold spaces and parentheses, so
    the fields are counted from the last ')'."""
    head, sep, tail = line.rpartition(")")
    if not sep:
        raise ValueError(f"not a /proc/<pid>/stat line: {line[:80]!r}")
    pid = int(head.split("(", 1)[0])
    fields = tail.split()
    # tail starts at field 3 (state): ppid is field 4, utime…cstime are fields 14…17.
    if len(fields) < 15:
        raise ValueError(f"a /proc/<pid>/stat line with too few fields: {line[:80]!r}")
    return ProcTimes(
        pid=pid,
        ppid=int(fields[1]),
        utime=int(fields[11]),
        stime=int(fields[12]),
        cutime=int(fields[13]),
        cstime=int(fields[14]),
    )


def tree_ticks(root: int, table: Iterable[ProcTimes]) -> int:
    """CPU ticks of a process and all its descendants (user + system), plus what its reaped
    children had used (the root's cutime + cstime), so that a worker that dies during a block
    still counts once its master has reaped it."""
    procs = {p.pid: p for p in table}
    if root not in procs:
        return 0
    children: dict[int, list[int]] = {}
    for p in procs.values():
        children.setdefault(p.ppid, []).append(p.pid)
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        p = procs[pid]
        total += p.utime + p.stime
        todo.extend(children.get(pid, []))
    return total + procs[root].cutime + procs[root].cstime


def descendants(root: int, table: Iterable[ProcTimes]) -> list[int]:
    """The pids of a process's children, grandchildren, …"""
    children: dict[int, list[int]] = {}
    for p in table:
        children.setdefault(p.ppid, []).append(p.pid)
    found, todo = [], list(children.get(root, []))
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.append(pid)
            todo.extend(children.get(pid, []))
    return found


def read_proc_table(proc: Path = PROC) -> list[ProcTimes]:
    """Every process's times (the ones that vanish while being read are skipped)."""
    table = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            table.append(parse_proc_stat((entry / "stat").read_text()))
        except (OSError, ValueError):
            continue
    return table


def clock_ticks() -> int:
    try:
        return os.sysconf("SC_CLK_TCK")
    except (AttributeError, ValueError, OSError):
        return 100


def cpu_seconds(roots: Iterable[int]) -> float | None:
    """CPU seconds used so far by these processes and their descendants; None off Linux."""
    roots = list(roots)
    if not roots or not PROC.is_dir():
        return None
    table = read_proc_table()
    return sum(tree_ticks(r, table) for r in roots) / clock_ticks()


def ms_per_request(cpu_before: float | None, cpu_after: float | None, requests: int) -> float:
    """Milliseconds of server CPU per request over one block (NaN when not measured)."""
    if cpu_before is None or cpu_after is None or requests <= 0:
        return float("nan")
    return (cpu_after - cpu_before) * 1000 / requests


# --------------------------------------------------------------------------- pinning


@dataclass(frozen=True)
class Pinning:
    server: frozenset[int]  # gunicorn, nginx
    load: frozenset[int]  # wrk

    def describe(self) -> str:
        return f"servers on CPU {_cpus(self.server)}, wrk on CPU {_cpus(self.load)}"


def _cpus(cpus: Iterable[int]) -> str:
    return ",".join(str(c) for c in sorted(cpus))


def pin_plan(available: Iterable[int]) -> Pinning | None:
    """wrk (one thread) on the last available CPU, the servers on the others; None with fewer
    than two CPUs, where pinning would put both on one core."""
    cpus = sorted(set(available))
    if len(cpus) < 2:
        return None
    return Pinning(server=frozenset(cpus[:-1]), load=frozenset(cpus[-1:]))


def host_pinning(enabled: bool = True) -> tuple[Pinning | None, str]:
    """The plan for this host and a sentence saying what was done (or why not)."""
    if not enabled:
        return None, "not pinned (--no-pin)"
    if not hasattr(os, "sched_setaffinity"):
        return None, "not pinned (no sched_setaffinity on this system)"
    plan = pin_plan(os.sched_getaffinity(0))
    if plan is None:
        return None, "not pinned (fewer than two CPUs available)"
    return plan, plan.describe()


def preexec(cpus: frozenset[int] | None) -> Callable[[], None] | None:
    """A Popen ``preexec_fn`` that pins the child (and what it forks) to ``cpus``."""
    if not cpus or not hasattr(os, "sched_setaffinity"):
        return None

    def pin() -> None:
        os.sched_setaffinity(0, cpus)

    return pin


def pin_running(root: int, cpus: frozenset[int], proc: Path = PROC) -> int:
    """Pin a running process, its descendants and every thread of each to ``cpus`` (a
    server started elsewhere, e.g. the cluster's Varnish). Threads started later inherit it.
    Returns how many threads were pinned."""
    pinned = 0
    for pid in [root, *descendants(root, read_proc_table(proc))]:
        try:
            tids = [int(t.name) for t in (proc / str(pid) / "task").iterdir()]
        except OSError:
            continue  # gone meanwhile
        for tid in tids:
            try:
                os.sched_setaffinity(tid, cpus)
                pinned += 1
            except (ProcessLookupError, PermissionError):
                continue
    return pinned


# --------------------------------------------------------------------------- spreads


@dataclass(frozen=True)
class Spread:
    """A figure over the blocks: median, min–max and the interquartile range."""

    median: float
    lo: float
    hi: float
    q1: float
    q3: float
    n: int

    @property
    def range_pct(self) -> float:
        """(max − min) ÷ median: how far apart the blocks were."""
        return (self.hi - self.lo) / self.median if self.median else float("nan")

    def text(self, fmt: str = ",.0f") -> str:
        if self.n == 1:
            return format(self.median, fmt)
        return f"{self.median:{fmt}} ({self.lo:{fmt}}–{self.hi:{fmt}})"


def spread(values: Iterable[float]) -> Spread:
    """Median, min, max and quartiles (inclusive method) of the blocks' values; NaNs (a
    figure not measured in a block) are left out."""
    data = sorted(v for v in values if v == v)
    if not data:
        raise ValueError("no values")
    if len(data) == 1:
        q1 = q3 = data[0]
    else:
        q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return Spread(statistics.median(data), data[0], data[-1], q1, q3, len(data))


def between_runs(first: float, second: float) -> float:
    """Relative difference of a figure between two runs (+0.05: the second 5 % higher)."""
    if not first or first != first or second != second:
        return float("nan")
    return second / first - 1


def within(first: float, second: float, tolerance: float = 0.10) -> bool:
    """Whether two runs' figures agree within ±tolerance (of the first)."""
    diff = between_runs(first, second)
    return diff == diff and abs(diff) <= tolerance + 1e-9


# --------------------------------------------------------------------------- wrk's own text


_SOCKET = re.compile(
    r"Socket errors:\s*connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.IGNORECASE
)
_NON_2XX_3XX = re.compile(r"Non-2xx or 3xx responses:\s*(\d+)")
_REQUESTS = re.compile(r"^\s*(\d+) requests in ", re.MULTILINE)


@dataclass(frozen=True)
class WrkFailures:
    requests: int
    socket_errors: int
    bad_status: int  # wrk's "Non-2xx or 3xx responses" (its count of statuses ≥ 400)

    @property
    def failed(self) -> int:
        return self.socket_errors + self.bad_status


def parse_wrk_failures(stdout: str) -> WrkFailures:
    """Failed requests from wrk's own summary: socket errors (connect, read, write, timeout)
    and responses with a status ≥ 400 ("Non-2xx or 3xx responses"; the lines are absent when
    the count is zero)."""
    requests = _REQUESTS.search(stdout)
    if not requests:
        raise ValueError(f"no request count in wrk's output:\n{stdout[-1000:]}")
    sock = _SOCKET.search(stdout)
    bad = _NON_2XX_3XX.search(stdout)
    return WrkFailures(
        requests=int(requests.group(1)),
        socket_errors=sum(int(g) for g in sock.groups()) if sock else 0,
        bad_status=int(bad.group(1)) if bad else 0,
    )
