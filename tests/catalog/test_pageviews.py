"""catalog.pageviews: the privacy-preserving page-view counter (ADR 0017)."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import pageview_store
from catalog.pageview_models import PageView
from catalog.pageviews import PageViewMiddleware, counts_as_view, is_bot

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile"


@pytest.fixture(autouse=True)
def _counter_on(settings):
    settings.PAGE_VIEWS_ENABLED = True
    settings.PAGE_VIEWS_FLUSH_SECONDS = 10**6  # flushed by the tests, never by a thread
    settings.PAGE_VIEWS_FLUSH_REQUESTS = 10**6
    settings.ROOT_URLCONF = "tests.catalog.pageview_urls"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    pageview_store.reset_counter(pageview_store.MemoryCounter())
    yield
    pageview_store.reset_counter(None)


def views_of(path: str) -> int:
    return PageView.objects.filter(path=path).total()


def test_a_public_page_is_counted_once_per_view_after_a_flush(client):
    for _ in range(3):
        assert client.get("/xxgk/nb/", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert views_of("/xxgk/nb/") == 0  # nothing written by the requests themselves
    assert pageview_store.flush() == 3
    row = PageView.objects.get(path="/xxgk/nb/")
    assert (row.day, row.count) == (timezone.localdate(), 3)
    client.get("/xxgk/nb/", HTTP_USER_AGENT=BROWSER)
    pageview_store.flush()
    assert views_of("/xxgk/nb/") == 4  # added to the day's row, not a second row
    assert PageView.objects.filter(path="/xxgk/nb/").count() == 1


def test_the_query_string_is_not_part_of_the_page(client):
    client.get("/xxgk/nb/?page=1", HTTP_USER_AGENT=BROWSER)
    client.get("/xxgk/nb/?organisation=zz&x=1", HTTP_USER_AGENT=BROWSER)
    pageview_store.flush()
    assert list(PageView.objects.values_list("path", "count")) == [("/xxgk/nb/", 2)]


def test_the_counter_adds_no_query_to_an_uncached_page(client, settings):
    client.get("/xxgk/nb/", HTTP_USER_AGENT=BROWSER)  # warm the per-process memos
    settings.PAGE_VIEWS_ENABLED = False
    with CaptureQueriesContext(connection) as without:
        client.get("/xxgk/nb/", HTTP_USER_AGENT=BROWSER)
    settings.PAGE_VIEWS_ENABLED = True
    with CaptureQueriesContext(connection) as counted:
        client.get("/xxgk/nb/", HTTP_USER_AGENT=BROWSER)
    assert len(without) > 0
    assert len(counted) == len(without)
    pageview_store.flush()
    assert views_of("/xxgk/nb/") == 2


def test_a_cached_page_is_counted_with_no_query_at_all(client):
    client.get("/cached-page/", HTTP_USER_AGENT=BROWSER)  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            assert client.get("/cached-page/", HTTP_USER_AGENT=BROWSER).status_code == 200
    assert len(queries) == 0
    pageview_store.flush()
    assert views_of("/cached-page/") == 6  # the cache hits count too


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0)",
        "Sogou web spider/4.0",
        "Mozilla/5.0 (compatible; 360Spider)",
        "YisouSpider",
        "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0.0.0 Safari/537.36",
        "",
    ],
)
def test_known_robots_are_not_counted(client, agent):
    assert is_bot(agent)
    client.get("/xxgk/nb/", HTTP_USER_AGENT=agent)
    assert pageview_store.flush() == 0


def test_a_browser_is_not_a_robot():
    assert not is_bot(BROWSER)
    assert not is_bot("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36")


def test_no_cookie_is_set_and_nothing_of_the_visitor_is_stored(client):
    response = client.get("/xxgk/nb/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="203.0.113.9")
    assert not response.cookies
    pageview_store.flush()
    stored = list(PageView.objects.values())
    assert {key for row in stored for key in row} == {"id", "day", "path", "count"}
    assert "203.0.113.9" not in repr(stored)
    assert "iPhone" not in repr(stored)


def test_admin_staff_static_and_failed_requests_are_not_counted(client, superuser):
    client.get("/admin/login/", HTTP_USER_AGENT=BROWSER)
    client.get("/static/css/site.css", HTTP_USER_AGENT=BROWSER)
    client.get("/healthz", HTTP_USER_AGENT=BROWSER)
    client.get("/no-such-page/", HTTP_USER_AGENT=BROWSER)  # 404
    client.post("/xxgk/nb/", HTTP_USER_AGENT=BROWSER)  # 405
    client.force_login(superuser)  # staff carry a session cookie
    client.get("/xxgk/nb/", HTTP_USER_AGENT=BROWSER)
    assert pageview_store.flush() == 0


def test_downloads_count_and_machine_data_does_not():
    factory = RequestFactory(HTTP_USER_AGENT=BROWSER)
    from django.http import HttpResponse

    download = HttpResponse(b"a,b", content_type="text/csv")
    download["Content-Disposition"] = 'attachment; filename="x.csv"'
    assert counts_as_view(factory.get("/xxgk/nb/1.csv"), download)
    data = HttpResponse(b"{}", content_type="application/json")
    assert not counts_as_view(factory.get("/xxgk/nb/1.json"), data)


def test_concurrent_requests_are_counted_exactly():
    from django.http import HttpResponse

    middleware = PageViewMiddleware(lambda request: HttpResponse("<p>页</p>"))
    factory = RequestFactory(HTTP_USER_AGENT=BROWSER)
    threads, per_thread = 8, 250
    start = threading.Barrier(threads)

    def visit(n: int) -> None:
        start.wait()
        for i in range(per_thread):
            middleware(factory.get(f"/xxgk/page-{(n + i) % 3}/"))

    workers = [threading.Thread(target=visit, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert pageview_store.flush() == threads * per_thread
    assert PageView.objects.total() == threads * per_thread
    assert PageView.objects.count() == 3


def test_one_statement_writes_a_flush():
    counter = pageview_store.counter()
    today = timezone.localdate()
    for path in ("/a/", "/b/", "/c/", "/a/"):
        counter.add(today, path)
    counter.add(today - dt.timedelta(days=1), "/a/")
    with CaptureQueriesContext(connection) as queries:
        assert pageview_store.flush() == 5
    assert len(queries) == 1
    assert "ON CONFLICT" in queries[0]["sql"]
    assert views_of("/a/") == 3


def test_distinct_paths_are_capped_per_flush():
    pageview_store.reset_counter(pageview_store.MemoryCounter(max_paths=2))
    today = timezone.localdate()
    for path in ("/a/", "/b/", "/c/", "/d/", "/a/"):
        pageview_store.counter().add(today, path)
    pageview_store.flush()
    assert dict(PageView.objects.values_list("path", "count")) == {
        "/a/": 2,
        "/b/": 1,
        pageview_store.OVERFLOW_PATH: 2,
    }


def test_a_failed_flush_keeps_the_counts(monkeypatch):
    counter = pageview_store.counter()
    counter.add(timezone.localdate(), "/a/")

    def broken(counts):
        raise RuntimeError("database away")

    monkeypatch.setattr(pageview_store, "write", broken)
    assert pageview_store.flush() == 0
    monkeypatch.undo()
    assert pageview_store.flush() == 1


def test_the_management_command_flushes(client):
    client.get("/xxgk/nb/", HTTP_USER_AGENT=BROWSER)
    out = io.StringIO()
    call_command("flush_page_views", stdout=out)
    assert "1" in out.getvalue()
    assert views_of("/xxgk/nb/") == 1


@pytest.fixture
def redis_url(tmp_path):
    import shutil
    import subprocess
    import time

    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    socket = tmp_path / "redis.sock"
    server = subprocess.Popen(
        [binary, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if socket.exists():
                break
            time.sleep(0.05)
        yield f"unix://{socket}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_with_redis_the_workers_share_one_count(redis_url):
    # Two counters stand for two worker processes of one site.
    first, second = (pageview_store.RedisCounter(redis_url) for _ in range(2))
    today = timezone.localdate()
    for _ in range(3):
        first.add(today, "/a/")
    second.add(today, "/a/")
    second.add(today, "/b/")
    pageview_store.reset_counter(first)
    assert pageview_store.flush() == 5
    assert dict(PageView.objects.values_list("path", "count")) == {"/a/": 4, "/b/": 1}
    assert pageview_store.flush() == 0  # drained from Redis


def test_supervisors_read_and_download_the_counts(client, settings):
    from catalog import roles
    from tests.factories import GovernmentFactory, make_staff

    settings.PAGE_VIEWS_ENABLED = False
    today = timezone.localdate()
    PageView.objects.create(day=today, path="/xxgk/", count=7)
    PageView.objects.create(day=today - dt.timedelta(days=400), path="/old/", count=1)
    chief = make_staff(role=roles.SUPERVISOR, organisations=[GovernmentFactory()])
    client.force_login(chief)
    page = client.get("/admin/catalog/pageview/")
    assert page.status_code == 200
    assert "/admin/catalog/pageview/list.xlsx" in page.content.decode()
    response = client.get(f"/admin/catalog/pageview/list.csv?day__year={today.year}")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["日期,页面路径,访问次数", f"{today.isoformat()},/xxgk/,7"]
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[GovernmentFactory()])
    client.force_login(officer)
    assert client.get("/admin/catalog/pageview/list.csv").status_code == 403
