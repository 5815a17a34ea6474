"""The repeatable parts of the web benchmark (issue 21): bench/blocks.py, bench/sidebyside.py,
bench/static.py and the document writer of bench/web.py. No server and no wrk is started."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from bench import blocks, comparison, sidebyside, static, web  # noqa: E402


def stat_line(pid: int, ppid: int, utime: int, stime: int, cutime=0, cstime=0, comm="gunicorn"):
    # man 5 proc: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt
    # cmajflt utime stime cutime cstime priority nice …
    return (
        f"{pid} ({comm}) S {ppid} {pid} {pid} 0 -1 4194560 100 0 0 0 "
        f"{utime} {stime} {cutime} {cstime} 20 0 5 0 123 456789 789 18446744073709551615"
    )


# --------------------------------------------------------------------------- /proc stat


def test_proc_stat_line_gives_the_user_and_system_ticks_and_the_parent():
    times = blocks.parse_proc_stat(stat_line(4242, 1, 250, 40, 7, 3))
    assert times == blocks.ProcTimes(pid=4242, ppid=1, utime=250, stime=40, cutime=7, cstime=3)


def test_proc_stat_line_with_spaces_and_parentheses_in_the_command():
    times = blocks.parse_proc_stat(stat_line(7, 2, 11, 12, comm="gunicorn: worker [a) b]"))
    assert (times.pid, times.ppid, times.utime, times.stime) == (7, 2, 11, 12)


def test_a_truncated_stat_line_is_refused():
    with pytest.raises(ValueError, match="too few fields"):
        blocks.parse_proc_stat("12 (x) S 1 2 3")
    with pytest.raises(ValueError, match="not a /proc"):
        blocks.parse_proc_stat("garbage")


def test_tree_ticks_add_the_master_its_workers_and_what_reaped_workers_used():
    table = [
        blocks.parse_proc_stat(stat_line(100, 1, 10, 5, cutime=30, cstime=6)),  # master
        blocks.parse_proc_stat(stat_line(101, 100, 200, 50)),  # worker
        blocks.parse_proc_stat(stat_line(102, 100, 300, 60)),  # worker
        blocks.parse_proc_stat(stat_line(103, 102, 1, 1)),  # a worker's child
        blocks.parse_proc_stat(stat_line(200, 1, 9999, 9999)),  # another program
    ]
    assert blocks.tree_ticks(100, table) == 10 + 5 + 200 + 50 + 300 + 60 + 1 + 1 + 30 + 6
    assert blocks.tree_ticks(999, table) == 0  # gone
    assert sorted(blocks.descendants(100, table)) == [101, 102, 103]


def test_cpu_of_a_worker_killed_during_a_block_still_counts_once_reaped():
    before = [
        blocks.parse_proc_stat(stat_line(100, 1, 10, 0)),
        blocks.parse_proc_stat(stat_line(101, 100, 100, 0)),
    ]
    after = [  # worker 101 died after 20 more ticks; the master reaped it; 102 replaced it
        blocks.parse_proc_stat(stat_line(100, 1, 12, 0, cutime=120)),
        blocks.parse_proc_stat(stat_line(102, 100, 5, 0)),
    ]
    assert blocks.tree_ticks(100, after) - blocks.tree_ticks(100, before) == 2 + 20 + 5


def test_cpu_seconds_of_this_process_grow_with_work():
    import os

    first = blocks.cpu_seconds([os.getpid()])
    sum(i * i for i in range(3_000_000))
    assert blocks.cpu_seconds([os.getpid()]) > first
    assert blocks.cpu_seconds([]) is None


def test_ms_per_request():
    assert blocks.ms_per_request(1.0, 1.5, 1000) == pytest.approx(0.5)
    assert math.isnan(blocks.ms_per_request(None, 1.5, 1000))
    assert math.isnan(blocks.ms_per_request(1.0, 1.5, 0))


# --------------------------------------------------------------------------- pinning


def test_wrk_gets_the_last_core_and_the_servers_the_others():
    assert blocks.pin_plan({0, 1}) == blocks.Pinning(frozenset({0}), frozenset({1}))
    plan = blocks.pin_plan([3, 0, 1, 2])
    assert plan.server == {0, 1, 2}
    assert plan.load == {3}
    assert plan.describe() == "servers on CPU 0,1,2, wrk on CPU 3"
    assert blocks.pin_plan({0}) is None  # one core: nothing to separate


def test_pinning_can_be_switched_off():
    assert blocks.host_pinning(False) == (None, "not pinned (--no-pin)")
    assert blocks.preexec(None) is None


# --------------------------------------------------------------------------- spreads


def test_spread_gives_median_range_and_quartiles():
    s = blocks.spread([10, 12, 11, 30, 9])
    assert (s.median, s.lo, s.hi, s.n) == (11, 9, 30, 5)
    assert (s.q1, s.q3) == (10, 12)
    assert s.range_pct == pytest.approx(21 / 11)
    assert s.text() == "11 (9–30)"
    assert blocks.spread([2.5]).text(".1f") == "2.5"


def test_spread_leaves_out_blocks_without_the_figure_and_refuses_none():
    assert blocks.spread([1.0, float("nan"), 3.0]).median == 2.0
    with pytest.raises(ValueError, match="no values"):
        blocks.spread([float("nan")])


def test_two_runs_agree_within_ten_percent_of_the_first():
    assert blocks.between_runs(100, 110) == pytest.approx(0.10)
    assert blocks.within(100, 110)
    assert blocks.within(100, 90)
    assert not blocks.within(100, 111)
    assert not blocks.within(100, 89)
    assert not blocks.within(0, 5)
    assert not blocks.within(float("nan"), 5)


# --------------------------------------------------------------------------- wrk's summary

WRK_TEXT = """Running 10s test @ http://127.0.0.1:8080/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.23ms  456.00us  12.00ms   90.00%
    Req/Sec     6.50k   300.00     7.00k    80.00%
  64712 requests in 10.00s, 1.23GB read
  Socket errors: connect 1, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 17
Requests/sec:   6471.20
Transfer/sec:    125.00MB
"""


def test_wrk_failures_count_socket_errors_and_bad_statuses():
    failures = blocks.parse_wrk_failures(WRK_TEXT)
    assert failures == blocks.WrkFailures(requests=64712, socket_errors=6, bad_status=17)
    assert failures.failed == 23


def test_wrk_prints_no_error_lines_when_nothing_failed():
    clean = "\n".join(line for line in WRK_TEXT.splitlines() if "errors" not in line
                      and "Non-2xx" not in line)  # fmt: skip
    assert blocks.parse_wrk_failures(clean).failed == 0
    with pytest.raises(ValueError, match="no request count"):
        blocks.parse_wrk_failures("unable to connect to 127.0.0.1:8080 Connection refused")


# --------------------------------------------------------------------------- blocks


def fake_wrk(rps_of, calls):
    def wrk(url, seconds, connections):
        calls.append(url)
        rps = rps_of(url, len(calls))
        return web.Measurement(requests=int(rps * seconds), duration_s=seconds, p50=1.0,
                               p95=2.0, p99=3.0, errors={"status": 0})  # fmt: skip

    return wrk


def targets():
    return [
        sidebyside.Target("bare", "bare", "bare", "", "http://a/bare"),
        sidebyside.Target("static-home", "static home", "static", "home", "http://n/"),
        sidebyside.Target("portal-home", "portal home", "portal", "home", "http://a/"),
        sidebyside.Target("cached-home", "cached home", "cached", "home", "http://p/"),
    ]


def test_each_round_starts_and_ends_with_the_bare_view_and_turns_the_others():
    calls = []
    sidebyside.run_blocks(targets(), rounds=3, seconds=1, connections=4,
                          wrk=fake_wrk(lambda u, i: 100, calls), say=lambda s: None)  # fmt: skip
    rounds = [calls[i : i + 5] for i in range(0, 15, 5)]
    assert all(r[0] == r[-1] == "http://a/bare" for r in rounds)
    assert [r[1:4] for r in rounds] == [
        ["http://n/", "http://a/", "http://p/"],
        ["http://a/", "http://p/", "http://n/"],
        ["http://p/", "http://n/", "http://a/"],
    ]
    assert sidebyside.round_order([], 3) == []


def test_ratios_are_taken_to_the_bare_view_of_the_same_round(monkeypatch):
    monkeypatch.setattr("builtins.print", lambda *a, **k: None)
    # The host runs twice as fast in round 2: the ratios do not move.
    speed = {"http://a/bare": 1000, "http://n/": 8000, "http://a/": 100, "http://p/": 5000}
    calls = []

    def rps(url, i):
        return speed[url] * (2 if 6 <= i <= 10 else 1)

    results = sidebyside.run_blocks(targets(), rounds=2, seconds=1, connections=4,
                                    wrk=fake_wrk(rps, calls), say=lambda s: None)  # fmt: skip
    assert [b.ratio for b in results["portal-home"]] == [pytest.approx(0.1)] * 2
    assert [b.rps for b in results["portal-home"]] == [100, 200]
    assert sidebyside.pair_ratios(results, "cached-home", "static-home") == [0.625, 0.625]
    figures = sidebyside.figures(targets(), results)
    assert figures["portal home"]["ratio"] == pytest.approx(0.1)
    assert figures["cached home"]["rps"] == 7500
    lines = sidebyside.render_ratios(targets(), results)
    assert lines[2] == "| home | 0.100 (0.100–0.100) | 8.000 (8.000–8.000) | 0.62 (0.62–0.62) ✓ |"
    table = sidebyside.render(targets(), results)
    assert table[2] == "| bare | 1,500 (1,000–2,000) | 1 | — | 1 | 3.0 (3.0–3.0) | 0 |"


def test_cpu_per_request_and_the_cost_ratio_to_the_bare_view(monkeypatch):
    """Each block reads the server's CPU before and after; the page costs 10 × the bare view."""
    spent = {1: 0.0, 2: 0.0}
    cost = {1: 0.05, 2: 0.5}  # CPU seconds per block: bare (pid 1), portal (pid 2)
    calls = {1: 0, 2: 0}

    def cpu_seconds(roots):
        (pid,) = roots
        calls[pid] += 1
        if calls[pid] % 2 == 0:  # the reading after a block
            spent[pid] += cost[pid]
        return spent[pid]

    monkeypatch.setattr(sidebyside.blocks, "cpu_seconds", cpu_seconds)
    monkeypatch.setattr("builtins.print", lambda *a, **k: None)
    pair = [
        sidebyside.Target("bare", "bare", "bare", "", "http://a/bare", lambda: [1]),
        sidebyside.Target("portal-home", "portal home", "portal", "home", "http://a/", lambda: [2]),
    ]
    results = sidebyside.run_blocks(pair, rounds=2, seconds=1, connections=4,
                                    wrk=fake_wrk(lambda u, i: 100, []), say=lambda s: None)  # fmt: skip
    assert [b.cpu_ms for b in results["bare"]] == [pytest.approx(0.5)] * 4
    assert [b.cpu_ms for b in results["portal-home"]] == [pytest.approx(5.0)] * 2
    assert [b.cpu_ratio for b in results["portal-home"]] == [pytest.approx(0.1)] * 2
    row = sidebyside.render(pair, results)[3]
    assert (
        row
        == "| portal home | 100 (100–100) | 1.000 (1.000–1.000) | 5.000 (5.000–5.000) | 0.100 (0.100–0.100) | 3.0 (3.0–3.0) | 0 |"
    )


def test_without_a_proxy_the_cached_column_says_so():
    results = {t.name: [sidebyside.Block(100, 1, 0.5, 0.1, 0, 100)] for t in targets()[:3]}
    lines = sidebyside.render_ratios(targets()[:3], results)
    assert lines[2].endswith("| — (no --proxy-url) |")
    assert lines[3].startswith("| list | — | — |")


def test_comparison_of_two_runs_marks_figures_outside_ten_percent():
    first = {"portal home": {"rps": 500, "ratio": 0.2, "cpu_ms": 3.0},
             "bare": {"rps": 2000, "ratio": 1.0, "cpu_ms": 0.4}}  # fmt: skip
    second = {"portal home": {"rps": 560, "ratio": 0.21, "cpu_ms": 3.1},
              "bare": {"rps": 2100, "ratio": 1.0, "cpu_ms": float("nan")}}  # fmt: skip
    lines = sidebyside.render_comparison(first, second)
    assert lines[2] == "| portal home: req/s | 500 | 560 | +12.0 % | ✗ |"
    assert lines[3] == "| portal home: × bare view | 0.200 | 0.210 | +5.0 % | ✓ |"
    assert lines[4] == "| portal home: CPU ms/req | 3.000 | 3.100 | +3.3 % | ✓ |"
    assert lines[5] == "| bare: req/s | 2,000 | 2,100 | +5.0 % | ✓ |"
    assert len(lines) == 6  # the bare view's ratio to itself and a missing CPU are left out


# --------------------------------------------------------------------------- kill one


def test_kill_one_is_skipped_with_a_reason_without_two_instances(tmp_path):
    (tmp_path / "varnish.pid").write_text("1\n")
    result = sidebyside.kill_one(url="http://p", pid_dir=tmp_path, seconds=1,
                                 run_load=lambda: pytest.fail("no load"), say=lambda s: None)  # fmt: skip
    assert result.startswith("skipped: 0 running app instance(s)")
    assert sidebyside.render_kill(result)[0].startswith("Skipped: 0 running")
    assert sidebyside.render_kill(None) == ["Not run (no `--kill-one`)."]


def test_kill_result_table_marks_zero_failed_requests():
    result = sidebyside.KillResult("var/cluster/app-2.pid", 77, 4.0, 9000, 0, 0, 0, 3, 900.0)
    assert sidebyside.render_kill(result)[2] == (
        "| 3 | pid 77 (app-2.pid) after 4.0 s | 9,000 | 900 | 0 | 0 | 0 ✓ | not sampled |"
    )
    sampled = sidebyside.KillResult("a.pid", 7, 4.0, 10, 1, 1, 0, 2, 9.0, db_peak=18, db_limit=100)
    assert sidebyside.render_kill(sampled)[2].endswith("| 1 ✗ | 18 of 100 ✓ |")
    over = sidebyside.KillResult("a.pid", 7, 4.0, 10, 0, 0, 0, 2, 9.0, db_peak=100, db_limit=100)
    assert sidebyside.render_kill(over)[2].endswith("| 0 ✓ | 100 of 100 ✗ |")


# --------------------------------------------------------------------------- static files


def test_pages_are_saved_where_nginx_finds_them(tmp_path):
    assert static.static_file(tmp_path, "/") == tmp_path / "index.html"
    assert static.static_file(tmp_path, "/xxgk/xx/12/?a=1") == tmp_path / "xxgk/xx/12/index.html"
    static.save_page(tmp_path, "/xxgk/lm/tkgy/", "<p>列表</p>".encode())
    assert (tmp_path / "xxgk/lm/tkgy/index.html").read_text() == "<p>列表</p>"
    with pytest.raises(ValueError, match="not a page path"):
        static.static_file(tmp_path, "/../etc/")


def test_nginx_configuration_is_self_contained(tmp_path):
    conf = static.nginx_conf(prefix=tmp_path, root=tmp_path / "s", port=8123, workers=1,
                             user=None)  # fmt: skip
    assert "listen 127.0.0.1:8123;" in conf
    assert f"pid {tmp_path}/nginx.pid;" in conf
    assert "access_log off;" in conf
    assert "/etc/nginx" not in conf
    assert "user " not in conf
    assert "user root;" in static.nginx_conf(prefix=tmp_path, root=tmp_path, port=1, workers=1,
                                             user="root")  # fmt: skip


# --------------------------------------------------------------------------- the document


def test_the_document_replaces_only_its_own_part(tmp_path):
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Old table\n\n## Catalogue import\n\nkept\n")
    comparison.write_document(doc, "# Web benchmark\n\nrun 1")
    text = doc.read_text()
    assert "Catalogue import" not in text  # no markers yet: written whole
    doc.write_text(text + "\n## Catalogue import\n\nkept\n")
    comparison.write_document(doc, "# Web benchmark\n\nrun 2")
    text = doc.read_text()
    assert "run 2" in text
    assert "run 1" not in text
    assert text.endswith("## Catalogue import\n\nkept\n")


def test_quick_runs_never_overwrite_docs_benchmarks_md():
    args = SimpleNamespace(quick=True, only=None, sizes="10k,1m")
    assert web.default_output(args) != web.DEFAULT_OUTPUT


def test_quick_sets_its_defaults_unless_given(monkeypatch):
    seen = {}
    monkeypatch.setattr(web, "run", lambda args: seen.setdefault("args", args) and 0)
    web.main(["--quick", "--rounds", "3"])
    args = seen["args"]
    assert (args.sizes, args.only, args.rounds, args.duration) == ("10k", web.QUICK_PAGES, 3, 2)
    assert args.side_rounds == 3


def test_kill_one_kills_one_instance_during_the_load_and_reads_wrks_failures(tmp_path):
    import subprocess

    sleeper = [sys.executable, "-c", "import time; time.sleep(60)", "gunicorn"]
    procs = [subprocess.Popen(sleeper) for _ in range(2)]
    try:
        for proc in procs:  # a process's command line is empty for a moment after exec
            for _ in range(100):
                if b"gunicorn" in Path(f"/proc/{proc.pid}/cmdline").read_bytes():
                    break
                time.sleep(0.05)
        for i, proc in enumerate(procs):
            (tmp_path / f"app-{i}.pid").write_text(f"{proc.pid}\n")
        (tmp_path / "varnish.pid").write_text(f"{procs[0].pid}\n")  # not counted twice
        assert [pid for _, pid in sidebyside.app_instances(tmp_path)] == [p.pid for p in procs]

        def load():
            assert procs[0].poll() is None  # alive when the load starts
            time.sleep(0.5)
            return SimpleNamespace(raw=WRK_TEXT, rps=6471.2)

        samples = iter([5, 9, 7] + [6] * 1000)  # the peak comes before the kill
        result = sidebyside.kill_one(url="http://p", pid_dir=tmp_path, seconds=0.5,
                                     run_load=load, say=lambda s: None,
                                     connections=lambda: next(samples), connection_limit=100)  # fmt: skip
        assert (result.db_peak, result.db_limit) == (9, 100)
        assert procs[0].wait(timeout=5) != 0  # killed
        assert procs[1].poll() is None  # the other instance lives on
        assert (result.pid, result.instances_before) == (procs[0].pid, 2)
        assert (result.requests, result.failed) == (64712, 23)
        assert 0.1 < result.killed_after_s < 0.5
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def test_a_running_server_and_all_its_threads_are_pinned(tmp_path):
    import os
    import subprocess

    if not hasattr(os, "sched_setaffinity") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs sched_setaffinity and two CPUs")
    code = "import threading, time; [threading.Thread(target=time.sleep, args=(30,)).start() for _ in range(3)]; time.sleep(30)"
    proc = subprocess.Popen([sys.executable, "-c", code])
    try:
        task = Path(f"/proc/{proc.pid}/task")
        for _ in range(100):  # the threads start
            if len(list(task.iterdir())) >= 4:
                break
            time.sleep(0.05)
        one = frozenset({min(os.sched_getaffinity(0))})
        assert blocks.pin_running(proc.pid, one) >= 4
        assert {frozenset(os.sched_getaffinity(int(t.name))) for t in task.iterdir()} == {one}
    finally:
        proc.kill()
        proc.wait()


def test_run_as_a_script_the_comparison_shares_the_web_modules_pinning():
    """bench/comparison.py imports `bench.web`: it must be the running script, or the
    pinning and headers set in main() are not seen there."""
    import subprocess

    code = (
        "import runpy, sys\n"
        "sys.argv = ['bench/web.py', '--help']\n"
        "try:\n"
        "    runpy.run_path('bench/web.py', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "from bench import comparison\n"
        "print(comparison.web.__name__)\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "__main__"
