"""bench/web.py: the pure parts of the web benchmark and its page resolution.

gunicorn and wrk are never started here; the Lua script is checked against the parser by text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from bench import web  # noqa: E402

WRK_LINE = (
    'WRK_REPORT {"requests": 4000, "duration_us": 8000000, "bytes": 123456, '
    '"latency_ms": {"p50": 1.5, "p95": 4.25, "p99": 9.0, "mean": 2.0, "max": 30.0}, '
    '"errors": {"connect": 0, "read": 1, "write": 0, "timeout": 2, "status": 3}, "non2xx": 5}'
)


def m(rps: float, p50=1.0, p95=2.0, p99=3.0, non2xx=0, timeout=0) -> web.Measurement:
    errors = {"connect": 0, "read": 0, "write": 0, "timeout": timeout, "status": 0}
    return web.Measurement(
        requests=int(rps * 10), duration_s=10, p50=p50, p95=p95, p99=p99, errors=errors,
        non2xx=non2xx,
    )  # fmt: skip


def s(rps: float, ratio: float | None, p95: float = 10.0, non2xx: int = 0) -> web.Summary:
    return web.Summary(
        rps=rps, p50=1.0, p95=p95, p99=p95 * 2, ratio=ratio, non2xx=non2xx, socket_errors=0,
        requests=100, rounds=2,
    )  # fmt: skip


# --------------------------------------------------------------------------- wrk output


def test_parse_wrk_output_reads_the_report_line_among_wrks_own_output():
    out = f"Running 8s test @ http://127.0.0.1:1/\n  1 threads and 8 connections\n{WRK_LINE}\n"
    result = web.parse_wrk_output(out)
    assert result.requests == 4000
    assert result.duration_s == pytest.approx(8.0)
    assert result.rps == pytest.approx(500.0)
    assert (result.p50, result.p95, result.p99) == (1.5, 4.25, 9.0)
    assert result.errors == {"connect": 0, "read": 1, "write": 0, "timeout": 2, "status": 3}
    assert result.socket_errors == 3  # read + timeout; "status" is a response, not a socket
    assert result.non2xx == 5
    assert result.bytes == 123456


def test_parse_wrk_output_counts_wrks_status_errors_when_the_script_saw_fewer():
    line = WRK_LINE.replace('"non2xx": 5', '"non2xx": 0')
    assert web.parse_wrk_output(line).non2xx == 3


def test_parse_wrk_output_without_a_report_fails_loudly():
    with pytest.raises(ValueError, match="no WRK_REPORT"):
        web.parse_wrk_output("Running 8s test\nunable to connect to 127.0.0.1:1\n")


def test_the_paths_script_reuses_the_report_and_reads_its_file_from_the_arguments():
    lua = web.PATHS_SCRIPT.read_text()
    assert f'dofile("{web.LUA_SCRIPT.relative_to(web.ROOT)}")' in lua
    assert "io.lines(args[1])" in lua
    assert "function request()" in lua
    assert "function request()" not in web.LUA_SCRIPT.read_text()  # one URL stays static
    assert "tonumber(args[2])" in lua  # the line to start from


class FakeWrk:
    """Stands in for wrk: records each group of runs started together and answers with
    ``rps(size, name)`` requests per second (100 by default)."""

    def __init__(self, infos, rps=None):
        self.groups: list[list[tuple[int, str, int, int]]] = []
        self.paths = {
            (size, path): name
            for size, info in infos.items()
            for name, path in info["paths"].items()
        }
        self.rps = rps or (lambda size, name: 100)

    def __call__(self, loads):
        group, measured = [], []
        for url, seconds, connections, paths_file, start in loads:
            size = int(url.split("//h", 1)[1].split("/", 1)[0])
            path = "/" + url.split("//h", 1)[1].split("/", 1)[1]
            name = (
                paths_file.name.split("-", 2)[2].removesuffix(".txt")
                if paths_file
                else (self.paths[size, path])
            )
            group.append((size, name, connections, start))
            measured.append(web.Measurement(
                requests=int(self.rps(size, name) * seconds), duration_s=seconds, p50=1.0,
                p95=2.0, p99=3.0, errors={},
            ))  # fmt: skip
        self.groups.append(group)
        return measured


def run_measure(monkeypatch, tmp_path, only, pages, rounds=2, spread=(), rps=None):
    sizes = [10_000, 1_000_000]
    infos = {
        size: {
            "paths": {"bare": "/bare", **{name: f"/{name}" for name in pages}},
            "spread": {name: [f"/xx/{i}/" for i in range(9)] for name in spread},
        }
        for size in sizes
    }
    fake = FakeWrk(infos, rps)
    monkeypatch.setattr(web, "run_wrk_together", fake)
    monkeypatch.setattr(web, "OUT_DIR", tmp_path)
    monkeypatch.setattr(web.dev, "say", lambda *a: None)
    monkeypatch.setattr("builtins.print", lambda *a, **k: None)
    servers = {size: SimpleNamespace(base=f"http://h{size}") for size in sizes}
    args = SimpleNamespace(only=only, warmup=1, duration=2, rounds=rounds, connections=8)
    results, changes = web.measure(args, sizes, servers, infos)
    return fake, infos, results, changes


def test_spread_pages_go_on_where_the_last_run_stopped_so_no_path_is_asked_twice(
    monkeypatch, tmp_path
):
    """Each run of a spread page (warm-up, alone, side by side) starts after the paths the
    runs before it took at that size, so its pages are ones nobody has asked for yet."""
    fake, infos, _, _ = run_measure(
        monkeypatch, tmp_path, "item-spread", [], spread=["item-spread"]
    )
    for size in infos:
        runs = [(c, start) for g in fake.groups for sz, name, c, start in g
                if sz == size and name == "item-spread"]  # fmt: skip
        # warm-up, then per round one run alone and one side by side (4 connections each)
        assert len(runs) == 5
        expected = 0
        for i, (connections, start) in enumerate(runs):
            assert start == expected
            seconds = 1 if i == 0 else 2  # the warm-up, then the rounds' runs
            expected = start + 100 * seconds + connections  # + one in flight per connection
        assert infos[size]["taken"]["item-spread"] == expected


def test_each_page_is_a_block_with_its_sizes_side_by_side_and_the_bare_view_around_it(
    monkeypatch, tmp_path
):
    fake, _, results, _ = run_measure(monkeypatch, tmp_path, "home,feed", ["home", "feed"])
    small, large = 10_000, 1_000_000
    rounds = fake.groups[6:]  # after the warm-up: three pages at two sizes
    block = [[(size, name) for size, name, _, _ in group] for group in rounds[:5]]
    assert block == [
        [(small, "bare")], [(small, "home")], [(small, "home"), (large, "home")],
        [(large, "home")], [(large, "bare")],
    ]  # fmt: skip
    assert [(s, n) for s, n, _, _ in rounds[5]] == [(large, "bare")]  # next page: other way
    assert [(s, n) for s, n, _, _ in rounds[10]] == [(large, "bare")]  # round 2: other way
    assert [c for _, _, c, _ in rounds[2]] == [4, 4]  # the connections shared out side by side
    assert results[large]["home"].rounds == 2
    assert results[large]["bare"].rounds == 4  # next to each page, at each of its sizes


class SideBySide(FakeWrk):
    """Alone, 1m serves 200 req/s and 10k 100 (the host was faster when 1m ran); side by
    side, 1m serves 90 for every 100 of 10k's: a 10 % fall."""

    def __call__(self, loads):
        measured = super().__call__(loads)
        if len(loads) > 1:
            for (url, *_), run in zip(loads, measured, strict=True):
                run.requests = 200 if "//h10000/" in url else 180
        return measured


def test_the_change_between_sizes_comes_from_the_side_by_side_runs(monkeypatch):
    sizes = [10_000, 1_000_000]
    infos = {size: {"paths": {"bare": "/bare", "home": "/home"}, "spread": {}} for size in sizes}

    def rps(size, name):
        return 300 if name == "bare" else 100 if size == 10_000 else 200

    monkeypatch.setattr(web, "run_wrk_together", SideBySide(infos, rps))
    monkeypatch.setattr(web.dev, "say", lambda *a: None)
    servers = {size: SimpleNamespace(base=f"http://h{size}") for size in sizes}
    args = SimpleNamespace(only="home", warmup=1, duration=2, rounds=3, connections=8)
    results, changes = web.measure(args, sizes, servers, infos)
    assert changes["home"] == [pytest.approx(-0.1)] * 3
    assert results[10_000]["home"].rps == pytest.approx(100)
    assert results[1_000_000]["home"].rps == pytest.approx(200)
    # × bare: the page alone ÷ the bare view run next to it
    assert results[1_000_000]["home"].ratio == pytest.approx(200 / 300)
    assert verdicts(results, changes)[0] is True
    assert web.side_by_side(changes, "home") == pytest.approx(-0.1)


def test_side_by_side_errors_count_against_the_page():
    result = web.summarise([m(100)], [0.1], [m(100, non2xx=2), m(90, timeout=1)])
    assert (result.non2xx, result.socket_errors, result.rounds) == (2, 1, 1)


def test_run_wrk_together_starts_the_runs_at_the_same_time(monkeypatch):
    started = []

    class FakePopen:
        def __init__(self, cmd, **kwargs):
            started.append(cmd)
            self.returncode = 0

        def communicate(self, timeout):
            assert len(started) == 2  # both started before either is read
            return WRK_LINE, ""

        def poll(self):
            return 0

    monkeypatch.setattr(web, "wrk_path", lambda: "/usr/bin/wrk")
    monkeypatch.setattr(web.subprocess, "Popen", FakePopen)
    out = web.run_wrk_together(
        [("http://a/x", 2, 4, None, 0), ("http://b/", 2, 4, web.ROOT / "bench" / "p.txt", 7)]
    )
    assert [r.requests for r in out] == [4000, 4000]
    assert started[0][-1] == "http://a/x"
    assert started[1][-3:] == ["--", str(web.ROOT / "bench" / "p.txt"), "7"]


def test_the_lua_script_prints_every_field_the_parser_reads():
    lua = web.LUA_SCRIPT.read_text()
    assert "WRK_REPORT " in lua
    template = re.search(r"string\.format\(\s*(.*?),\s*summary\.requests", lua, re.S).group(1)
    fmt = "".join(re.findall(r"'([^']*)'", template))
    sample = fmt.replace("%d", "1").replace("%.3f", "1.5").replace("\\n", "")
    parsed = json.loads(sample.removeprefix("WRK_REPORT "))
    assert set(parsed) == {"requests", "duration_us", "bytes", "latency_ms", "errors", "non2xx"}
    assert set(parsed["latency_ms"]) >= {"p50", "p95", "p99"}
    assert set(parsed["errors"]) == {"connect", "read", "write", "timeout", "status"}
    web.parse_wrk_output(sample)


# --------------------------------------------------------------------------- arithmetic


def test_summarise_takes_medians_over_rounds_and_sums_errors():
    runs = [m(100, p95=5, non2xx=1), m(300, p95=7), m(200, p95=6, timeout=2)]
    result = web.summarise(runs, [0.1, 0.3, 0.2])
    assert result.rps == pytest.approx(200)
    assert result.p95 == 6
    assert result.ratio == pytest.approx(0.2)
    assert (result.non2xx, result.socket_errors, result.rounds) == (1, 2, 3)


def test_summarise_of_two_rounds_is_their_mean():
    result = web.summarise([m(100), m(200)], [0.1, 0.2])
    assert result.rps == pytest.approx(150)
    assert result.ratio == pytest.approx(0.15)


def test_change_is_relative_to_the_small_catalogue():
    assert web.change(100, 80) == pytest.approx(-0.2)
    assert web.change(None, 80) is None
    assert web.change(0, 80) is None


def test_sizes_and_database_names():
    assert web.parse_size("10k") == 10_000
    assert web.parse_size("1M") == 1_000_000
    assert web.parse_size("2500") == 2500
    with pytest.raises(ValueError, match="not a catalogue size"):
        web.parse_size("ten")
    assert web.database_name(10_000) == "sunshine_web_10k"
    assert web.database_name(1_000_000) == "sunshine_web_1m"
    assert web.database_name(2500) == "sunshine_web_2500"
    url = "postgresql://postgres@%2Fwork%2Fvar%2Fpgrun/sunshine?sslmode=disable"
    assert web.database_url(url, "sunshine_web_1m") == (
        "postgresql://postgres@%2Fwork%2Fvar%2Fpgrun/sunshine_web_1m?sslmode=disable"
    )


def test_only_a_full_run_overwrites_docs_benchmarks_md():
    full = SimpleNamespace(only=None, sizes="10k,1m")
    assert web.default_output(full) == web.DEFAULT_OUTPUT
    assert web.default_output(SimpleNamespace(only="home", sizes="10k,1m")) != web.DEFAULT_OUTPUT
    assert web.default_output(SimpleNamespace(only=None, sizes="10k")) != web.DEFAULT_OUTPUT


def test_selected_pages_always_include_the_bare_view():
    assert [p.name for p in web.selected_pages("item,feed")] == ["bare", "item", "feed"]
    assert len(web.selected_pages(None)) == len(web.PAGES)
    with pytest.raises(web.dev.SetupError):
        web.selected_pages("nope")


# --------------------------------------------------------------------------- targets


def results(**overrides) -> dict[int, dict[str, web.Summary]]:
    """A passing run at two sizes; overrides replace pages at 1m: name=Summary."""
    small = {p.name: s(5000 if p.kind == "bare" else 1000, 1.0 if p.kind == "bare" else 0.2)
             for p in web.PAGES}  # fmt: skip
    large = dict(small)
    large.update(overrides)
    return {10_000: small, 1_000_000: large}


def side(**overrides) -> dict[str, list[float]]:
    """Side-by-side changes of a passing run (none); overrides: name=[change per round]."""
    return {p.name: overrides.get(p.name.replace("-", "_"), [0.0, -0.05]) for p in web.PAGES[1:]}


def verdicts(res, changes=None) -> list[bool | None]:
    return [t.ok for t in web.evaluate_targets(res, side() if changes is None else changes)]


def test_all_targets_met():
    assert verdicts(results()) == [True, True, True, True]


def test_a_drop_of_exactly_20_percent_side_by_side_passes_and_more_fails():
    assert verdicts(results(), side(feed=[-0.2, -0.1, -0.25]))[0] is True
    verdict = web.evaluate_targets(results(), side(feed=[-0.21, -0.3, 0.0]))[0]
    assert verdict.ok is False
    assert verdict.detail == "largest fall: Atom feed -21 %"


def test_the_drop_is_judged_side_by_side_so_host_drift_between_runs_alone_does_not_count():
    # Alone, req/s fell by half (the host slowed down), but side by side the sizes kept pace.
    assert verdicts(results(feed=s(500, 0.1)), side(feed=[-0.02, 0.01]))[0] is True


def test_without_side_by_side_runs_the_drop_is_unjudged():
    assert verdicts(results(), {})[0] is None


def test_search_p95_must_stay_under_100_ms():
    assert verdicts(results(**{"search-number": s(100, 0.2, p95=99.9)}))[1] is True
    verdict = web.evaluate_targets(results(**{"search-phrase": s(100, 0.2, p95=100.0)}), side())[1]
    assert verdict.ok is False
    assert "search, phrase" in verdict.detail


def test_list_and_item_pages_need_15_percent_of_the_bare_view():
    assert verdicts(results(item=s(750, 0.15)))[2] is True
    assert verdicts(results(**{"list-deep": s(700, 0.149)}))[2] is False
    assert verdicts(results(export=s(1, 0.001)))[2] is True  # the export is not a list page


def test_any_non_2xx_response_fails():
    assert verdicts(results(home=s(1000, 0.2, non2xx=1)))[3] is False


def test_one_size_leaves_the_drop_unjudged():
    one = {10_000: results()[10_000]}
    assert verdicts(one) == [None, True, True, True]


# --------------------------------------------------------------------------- rendering


def test_table_has_one_row_per_page_and_the_columns_of_the_issue():
    res = results(feed=s(700, 0.14, p95=12.5, non2xx=2))
    lines = web.render_table(res, list(web.PAGES), side(feed=[-0.05, -0.1, -0.07]))
    assert lines[0] == (
        "| page | req/s 10k | req/s 1m | change alone | change side by side | p50 ms 1m | "
        "p95 ms 1m | "
        "p99 ms 1m | × bare 1m | × bare min–max 1m | server CPU ms/req 1m | non-2xx |"
    )
    assert len(lines) == 2 + len(web.PAGES)
    feed = next(line for line in lines if line.startswith("| Atom feed |"))
    assert feed == (
        "| Atom feed | 1,000 | 700 | -30 % | -7 % | 1.0 | 12.5 | 25.0 | 0.140 | — | — | 2 |"
    )
    bare = lines[2]
    assert bare.startswith("| bare Django view (reference) | 5,000 | 5,000 | +0 % | — |")
    assert "| 1.000 |" in bare


def test_table_shows_the_ratio_band_and_the_cpu_per_request_over_the_rounds():
    runs = [m(100), m(120), m(90)]
    for run, cpu in zip(runs, (2.0, 2.2, 1.9), strict=True):
        run.cpu_ms = cpu
    summary = web.summarise(runs, [0.2, 0.25, 0.18])
    res = {10_000: {**results()[10_000], "feed": summary}}
    feed = next(line for line in web.render_table(res, list(web.PAGES), {})
                if line.startswith("| Atom feed |"))  # fmt: skip
    assert "| 0.200 | 0.180–0.250 | 2.000 (1.900–2.200) |" in feed


def test_table_of_one_size_has_no_change_columns():
    lines = web.render_table({10_000: results()[10_000]}, list(web.PAGES), {})
    assert "change" not in lines[0]
    assert lines[0].startswith("| page | req/s 10k | p50 ms 10k |")


def test_rounds_table_lists_each_rounds_side_by_side_change_and_the_median():
    pages = web.selected_pages("home,feed")
    lines = web.render_rounds({"home": [-0.1, 0.02, -0.04], "feed": [0.0, 0.1]}, pages)
    assert lines[0] == "| page | round 1 | round 2 | round 3 | median |"
    assert lines[2] == "| 首页 | -10 % | +2 % | -4 % | -4 % |"
    assert lines[3] == "| Atom feed | +0 % | +10 % | — | +5 % |"


def test_targets_render_with_marks():
    lines = web.render_targets(web.evaluate_targets(results(home=s(1000, 0.2, non2xx=1)), side()))
    assert lines[-1].startswith("| zero non-2xx")
    assert "| ✗ |" in lines[-1]
    assert "| ✓ |" in lines[2]


# --------------------------------------------------------------------------- resolution


@pytest.fixture
def catalogue(db):
    out = io.StringIO()
    call_command("generate_catalogue", "60", "--organisations", "3", stdout=out, stderr=out)


def test_inspect_counts_generated_items_and_missing_search_entries(catalogue):
    from disclosures.search.index import SearchEntry

    info = web.inspect_database(60, resolve=False)
    assert info["generated"] == 60
    assert info["missing_search"] == 0
    assert info["demo_items"] == 0
    assert not web.is_complete(info, 60)  # no demo county: the home page would be empty
    assert web.is_complete({**info, "demo_items": 1}, 60)
    assert not web.is_complete({**info, "demo_items": 1}, 100)
    SearchEntry.objects.filter(pk__in=SearchEntry.objects.values("pk")[:5]).delete()
    info = web.inspect_database(60, resolve=False)
    assert info["missing_search"] == 5
    assert not web.is_complete({**info, "demo_items": 1}, 60)


def test_resolved_pages_exist_and_match_the_data(catalogue, settings):
    from catalog.models import Category
    from disclosures.models import Disclosure

    info = web.inspect_database(60, export_rows=10)
    paths = info["paths"]
    assert set(paths) == {p.name for p in web.PAGES}
    # The column is the statutory column with the most items.
    through = Disclosure.categories.through
    counts = {c.slug: through.objects.filter(category=c).count()
              for c in Category.objects.filter(kind="statutory", parent__isnull=False)}  # fmt: skip
    assert counts[info["column"]["slug"]] == max(counts.values())
    assert paths["list"] == f"/xxgk/lm/{info['column']['slug']}/"
    assert paths["list-year"] == f"{paths['list']}?year={info['year']['year']}"
    assert paths["list-deep"] == f"{paths['list']}?page={info['last_page']}"
    item = Disclosure.objects.get(pk=info["item"])
    assert item.external_id.startswith("gen-1-")
    assert info["document_number"] in paths["search-number"] or "%" in paths["search-number"]
    # 60 items > 2 × 10 rows: the export is one organisation's, the one closest to 10 rows.
    assert paths["export"].startswith("/xxgk/ml.csv?organisation=gen-")
    assert (
        info["export"]["rows"]
        == Disclosure.objects.listed()
        .filter(organisation__slug=paths["export"].rsplit("=", 1)[1])
        .count()
    )

    # Spread pages: every page of the column, and items across the whole id range.
    assert info["spread"]["list-pages"][0] == paths["list"]
    last = paths["list-deep"] if info["last_page"] > 1 else paths["list"]
    assert info["spread"]["list-pages"][-1] == last
    assert len(info["spread"]["list-pages"]) == info["last_page"]
    searches = info["spread"]["search-spread"]
    assert len(searches) == len(set(searches))  # each a different search
    numbers = {
        n for n in Disclosure.objects.listed().values_list("document_number", flat=True) if n
    }
    asked = [unquote(p.split("q=", 1)[1]) for p in searches]
    assert numbers <= set(asked)  # every 文号 (fewer than SPREAD_SEARCHES / 2 here)…
    assert any(a not in numbers for a in asked)  # …and 索引号
    spread = [int(p.strip("/").rsplit("/", 1)[1]) for p in info["spread"]["item-spread"]]
    generated = Disclosure.objects.listed().filter(external_id__startswith="gen-1-")
    assert spread == sorted(spread)
    assert len(spread) == generated.count()  # fewer items than SPREAD_ITEMS: all of them
    assert set(spread) == set(generated.values_list("pk", flat=True))

    settings.ROOT_URLCONF = "bench.urls"
    client = Client()
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path)
    export = client.get(paths["export"])
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) - 1 == info["export"]["rows"]


def test_resolution_can_reuse_another_sizes_column_and_year(catalogue):
    info = web.inspect_database(60, column_slug="gzdt", year=2001)
    assert info["column"]["slug"] == "gzdt"
    assert info["year"] == {"year": 2001, "items": 0}
    assert info["paths"]["list-year"].endswith("/xxgk/lm/gzdt/?year=2001")


def test_close_sends_every_request_on_a_new_connection(monkeypatch):
    monkeypatch.setattr(web, "wrk_path", lambda: "/usr/bin/wrk")
    monkeypatch.setattr(web, "WRK_HEADERS", [])
    assert "-H" not in web._wrk_command("http://a/", 2, 4, None, 0)
    monkeypatch.setattr(web, "WRK_HEADERS", ["Connection: close"])
    cmd = web._wrk_command("http://a/", 2, 4, None, 0)
    assert cmd[cmd.index("-H") + 1] == "Connection: close"
    assert cmd.index("-H") < cmd.index("-s")  # before the script and the URL


def test_spread_evenly_keeps_the_first_and_the_last():
    pages = list(range(1, 501))
    picked = web.spread_evenly(pages, 18)
    assert len(picked) == 18
    assert picked[0] == 1
    assert picked[-1] == 500
    assert picked == sorted(set(picked))
    assert web.spread_evenly(pages[:18], 18) == pages[:18]
    assert web.spread_evenly(pages[:5], 18) == pages[:5]
    assert web.spread_evenly(pages, 1) == [1]


def test_every_size_browses_as_many_list_pages_spread_over_its_list(monkeypatch):
    def fake_inspect(url, size, resolve=False, like=None):
        last = {10_000: 18, 1_000_000: 500}[size]
        pages = [f"/lm/?page={n}" for n in range(1, last + 1)]
        return {
            "listed": size, "column": {"slug": "c", "items": 0}, "last_page": last, "item": 1,
            "document_number": "", "export": {"rows": 0, "scope": ""},
            "spread": {"list-pages": pages}, "paths": {"list-pages": pages[-1]},
        }  # fmt: skip

    monkeypatch.setattr(web, "inspect", fake_inspect)
    monkeypatch.setattr(web.dev, "say", lambda *a: None)
    infos = web.resolve_pages({10_000: "u1", 1_000_000: "u2"})
    small, large = (infos[s]["spread"]["list-pages"] for s in (10_000, 1_000_000))
    assert len(small) == len(large) == 18
    assert large[0] == "/lm/?page=1"
    assert large[-1] == "/lm/?page=500"
    assert infos[1_000_000]["paths"]["list-pages"] == "/lm/?page=500"
