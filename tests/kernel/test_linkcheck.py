"""kernel.linkcheck against a local server: statuses, HEAD then GET, redirects, timeouts."""

import pytest

from kernel import linkcheck
from tests.linkserver import Handler, link_server


def test_extract_links_resolves_and_skips_what_is_not_a_web_address():
    html = """<a href="/xxgk/xx/1/#top">一</a><a href="mailto:a@b.cn">信</a>
    <a href="javascript:void(0)">x</a><a href="#main">跳</a><img src="pic.png" alt="">
    <a href="https://www.gov.cn/">中国政府网</a><a href="/xxgk/xx/1/">一（重复）</a>
    <a href="tel:12345">电话</a>"""
    assert linkcheck.extract_links(html, "https://gk.example.gov.cn/xxgk/lm/gzdt/") == [
        "https://gk.example.gov.cn/xxgk/xx/1/",
        "https://gk.example.gov.cn/xxgk/lm/gzdt/pic.png",
        "https://www.gov.cn/",
    ]


def test_urls_in_text():
    text = "详见 https://www.gov.cn/zhengce/2019.htm，或访问http://mzj.example.gov.cn/a?b=1。"
    assert linkcheck.urls_in_text(text) == [
        "https://www.gov.cn/zhengce/2019.htm",
        "http://mzj.example.gov.cn/a?b=1",
    ]


@pytest.mark.parametrize(
    ("url", "internal"),
    [("/a/", True), ("https://GK.example.gov.cn/a", True), ("https://www.gov.cn/", False)],
)
def test_is_internal(url, internal):
    assert linkcheck.is_internal(url, {"gk.example.gov.cn"}) is internal


@pytest.mark.parametrize(
    ("path", "status", "broken"),
    [
        ("/ok", 200, False),
        ("/missing", 404, True),
        ("/error", 500, True),
        ("/redirect", 200, False),
        ("/gone-redirect", 404, True),
        ("/nohead", 200, False),
    ],
)
def test_fetch_status(path, status, broken):
    with link_server() as base:
        outcome = linkcheck.fetch_status(base + path, timeout=5)
    assert (outcome.status, outcome.broken) == (status, broken)


def test_head_first_then_get_when_head_is_refused():
    with link_server() as base:
        linkcheck.fetch_status(base + "/ok", timeout=5)
        linkcheck.fetch_status(base + "/nohead", timeout=5)
    methods = [(m, p) for m, p, _ in Handler.seen]
    assert methods == [("HEAD", "/ok"), ("HEAD", "/nohead"), ("GET", "/nohead")]
    assert all(agent == linkcheck.USER_AGENT for _, _, agent in Handler.seen)


def test_a_slow_server_times_out():
    with link_server() as base:
        outcome = linkcheck.fetch_status(base + "/slow", timeout=0.3)
    assert outcome.status is None
    assert outcome.broken
    assert outcome.error == "连接超时"


def test_an_unreachable_host_is_broken():
    outcome = linkcheck.fetch_status("http://127.0.0.1:9/", timeout=1)
    assert outcome.broken
    assert outcome.error == "无法连接"


def test_only_web_addresses_are_fetched():
    outcome = linkcheck.fetch_status("file:///etc/passwd", timeout=1)
    assert outcome.broken
    assert outcome.status is None


def test_check_urls_checks_each_once_with_progress():
    progress = []
    with link_server() as base:
        urls = [base + "/ok", base + "/missing", base + "/ok", base + "/error"]
        results = linkcheck.check_urls(
            urls, delay=0, timeout=5, progress=lambda d, t: progress.append((d, t))
        )
    assert {u: r.status for u, r in results.items()} == {
        base + "/ok": 200,
        base + "/missing": 404,
        base + "/error": 500,
    }
    assert progress[-1] == (3, 3)
    assert len(Handler.seen) == 3


def test_check_urls_waits_between_requests_to_one_host():
    import time

    with link_server() as base:
        started = time.monotonic()
        linkcheck.check_urls([base + "/ok", base + "/redirect", base + "/nohead"], delay=0.3)
        elapsed = time.monotonic() - started
    assert elapsed >= 0.6  # two pauses between three requests to the same host
