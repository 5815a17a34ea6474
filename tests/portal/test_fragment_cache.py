"""The per-process memos behind the public pages: what they keep, and every way they are renewed.

Site-wide rows (catalog.sitecache) and public item data (disclosures.pagination) are read once
and kept; each test here changes the data the way staff would and checks the next page shows it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from catalog import sitecache
from catalog.models import Category, Organisation, SiteSettings
from disclosures import pagination, services
from kernel import memo
from tests.disclosures.builders import publish_item, staff_pair
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_memos():
    sitecache.reset()
    pagination.lists.reset()
    pagination.items.reset()


def page(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


# --------------------------------------------------------------------------- site settings


def test_site_settings_saved_in_a_service_show_on_the_next_page(client):
    SiteSettings(site_name="甲县政务公开", sponsor="甲县人民政府办公室").save()
    html = page(client, "/")
    assert "甲县政务公开" in html
    assert "主办单位：甲县人民政府办公室" in html

    settings_row = SiteSettings.load()
    settings_row.site_name = "乙县政务公开"
    settings_row.sponsor = "乙县人民政府办公室"
    settings_row.save()

    html = page(client, "/")
    assert "乙县政务公开" in html
    assert "主办单位：乙县人民政府办公室" in html
    assert "甲县" not in html
    # the header and footer of every other page too
    assert "主办单位：乙县人民政府办公室" in page(client, "/xxgk/lm/gzdt/")


def test_site_settings_changed_in_the_admin_show_on_the_next_page(client, superuser):
    SiteSettings(site_name="甲县政务公开", site_code="3310990001").save()
    assert "网站标识码：3310990001" in page(client, "/")

    client.force_login(superuser)
    response = client.post(
        reverse("admin:catalog_sitesettings_change", args=[SiteSettings.SINGLETON_ID]),
        {
            "site_name": "甲县政务公开",
            "sponsor": "",
            "organizer": "",
            "site_code": "3310990002",
            "icp_number": "浙ICP备12345678号",
            "police_record_number": "",
            "party_gov_badge_url": "",
            "contact_phone": "",
            "contact_email": "",
            "contact_address": "",
        },
    )
    assert response.status_code == 302
    client.logout()

    html = page(client, "/")
    assert "网站标识码：3310990002" in html
    assert "浙ICP备12345678号" in html


def test_a_change_committed_elsewhere_reaches_this_process_through_the_shared_token(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    SiteSettings(site_name="甲县政务公开").save()
    assert "甲县政务公开" in page(client, "/")
    token = cache.get(sitecache._memo.version_key)

    # Another process saves: the row changes and the shared token is renewed after the commit;
    # this process's memo is untouched (the signal ran over there).
    SiteSettings.objects.filter(pk=SiteSettings.SINGLETON_ID).update(site_name="乙县政务公开")
    cache.set(sitecache._memo.version_key, "renewed-by-another-process")
    assert "甲县政务公开" in page(client, "/")  # checked again only every CHECK_SECONDS

    # (tests run inside a transaction, where the token is not read: pretend we are outside)
    monkeypatch.setattr(memo, "shared_token_readable", lambda: True)
    monkeypatch.setattr(sitecache._memo, "checked", float("-inf"))
    assert "乙县政务公开" in page(client, "/")

    # and a save here publishes a new token for the other processes
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.load().save()
    assert cache.get(sitecache._memo.version_key) not in (token, "renewed-by-another-process")


def test_writes_that_bypass_signals_are_picked_up_after_max_age(client, monkeypatch):
    SiteSettings(site_name="甲县政务公开").save()
    assert "甲县政务公开" in page(client, "/")
    SiteSettings.objects.filter(pk=SiteSettings.SINGLETON_ID).update(site_name="乙县政务公开")
    assert "甲县政务公开" in page(client, "/")

    monkeypatch.setattr(memo, "shared_token_readable", lambda: True)
    monkeypatch.setattr(sitecache._memo, "started", sitecache._memo.started - memo.MAX_AGE)
    assert "乙县政务公开" in page(client, "/")


def test_pages_work_without_the_shared_cache(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "add", broken)
    monkeypatch.setattr(memo, "shared_token_readable", lambda: True)
    monkeypatch.setattr(sitecache._memo, "checked", float("-inf"))
    SiteSettings(site_name="甲县政务公开").save()
    assert "甲县政务公开" in page(client, "/")
    assert page(client, "/xxgk/lm/gzdt/")


# --------------------------------------------------------------------------- organisations, columns


def test_organisation_changes_show_on_home_filters_and_organisation_page(client):
    org = OrganisationFactory(name="测试县民政局", slug="mzj")
    assert 'href="/xxgk/jg/mzj/">测试县民政局</a>' in page(client, "/")
    assert '<option value="mzj">测试县民政局</option>' in page(client, "/xxgk/ml/")

    org.name = "测试县民政和社会保障局"
    org.save()
    assert 'href="/xxgk/jg/mzj/">测试县民政和社会保障局</a>' in page(client, "/")
    assert '<option value="mzj">测试县民政和社会保障局</option>' in page(client, "/xxgk/ml/")

    OrganisationFactory(name="测试县财政局", slug="czj")
    assert "测试县财政局" in page(client, "/")
    assert page(client, "/xxgk/jg/czj/")

    org.is_active = False
    org.save()
    assert "测试县民政和社会保障局" not in page(client, "/")
    assert client.get("/xxgk/jg/mzj/").status_code == 404
    # an unknown organisation in the filter is ignored and reported, not a 500
    assert "以下筛选条件的值无效" in page(client, "/xxgk/ml/?organisation=mzj")


def test_enabled_columns_of_an_organisation_follow_the_admin(client):
    org = OrganisationFactory(name="测试县民政局", slug="mzj")
    gzdt, tzgg = Category.objects.get(slug="gzdt"), Category.objects.get(slug="tzgg")
    html = page(client, "/xxgk/jg/mzj/")
    assert 'id="col-gzdt"' in html
    assert 'id="col-tzgg"' in html

    org.columns.set([gzdt])
    html = page(client, "/xxgk/jg/mzj/")
    assert 'id="col-gzdt"' in html
    assert 'id="col-tzgg"' not in html

    org.columns.add(tzgg)
    assert 'id="col-tzgg"' in page(client, "/xxgk/jg/mzj/")


def test_column_changes_show_in_the_column_page_and_the_filter(client):
    assert "<h1>工作动态</h1>" in page(client, "/xxgk/lm/gzdt/")
    column = Category.objects.get(slug="gzdt")
    column.name = "政务动态"
    column.description = "本机关的工作动态。"
    column.save()

    html = page(client, "/xxgk/lm/gzdt/")
    assert "<h1>政务动态</h1>" in html
    assert "本机关的工作动态。" in html
    assert "法定主动公开内容 › 政务动态</option>" in page(client, "/xxgk/ml/")


# --------------------------------------------------------------------------- per request


def test_per_request_parts_are_never_shared(client):
    html = page(client, "/xxgk/lm/gzdt/?year=2025")
    assert 'href="/zh/large/?next=/xxgk/lm/gzdt/%3Fyear%3D2025"' in html
    assert '<a href="/xxgk/" aria-current="page">政府信息公开</a>' in html

    html = page(client, "/", HTTP_COOKIE="fs=large")
    assert 'href="/zh/large/?next=/" data-font-size="large" aria-current="true"' in html
    assert 'data-font-size="medium" aria-current' not in html
    assert '<html lang="zh-CN" class="fs-large">' in html
    assert '<a href="/" aria-current="page">首页</a>' in html
    assert '<a href="/xxgk/" aria-current="page">' not in html

    html = page(client, "/xxgk/zcjd/")
    assert '<a href="/xxgk/zcjd/" aria-current="page">政策解读</a>' in html
    assert '<a href="/xxgk/" aria-current="page">' not in html

    # the header's search box shows the query on the search page only
    assert 'value="低保"' not in page(client, "/?q=低保")


def test_fragments_rendered_without_the_site_context_are_not_kept(client):
    from django.template.loader import render_to_string

    SiteSettings(site_name="甲县政务公开", sponsor="甲县人民政府办公室").save()
    render_to_string("404.html", {})  # no request, no context processors
    assert "主办单位：甲县人民政府办公室" in page(client, "/")


# --------------------------------------------------------------------------- public items


@pytest.fixture
def staff():
    org = OrganisationFactory(name="测试县民政局", slug="mzj")
    author, reviewer = staff_pair(org)
    return org, author, reviewer


def test_publishing_and_withdrawing_show_at_once_in_every_list(client, staff):
    org, author, reviewer = staff
    first = publish_item(org, author=author, reviewer=reviewer, title="第一条工作动态")
    for url in ("/", "/xxgk/lm/gzdt/", "/xxgk/fdzdgk/", "/xxgk/jg/mzj/", "/xxgk/ml/"):
        assert "第一条工作动态" in page(client, url), url
    assert "第一条工作动态" in page(client, first.get_absolute_url())

    publish_item(org, author=author, reviewer=reviewer, title="第二条工作动态")
    for url in ("/", "/xxgk/lm/gzdt/", "/xxgk/fdzdgk/", "/xxgk/jg/mzj/", "/xxgk/ml/"):
        assert "第二条工作动态" in page(client, url), url
    assert "共2条" in page(client, "/xxgk/lm/gzdt/")

    services.withdraw_disclosure(actor=reviewer, disclosure=first, reason="内容有误")
    for url in ("/", "/xxgk/lm/gzdt/", "/xxgk/fdzdgk/", "/xxgk/jg/mzj/", "/xxgk/ml/"):
        assert "第一条工作动态" not in page(client, url), url
    assert "共1条" in page(client, "/xxgk/lm/gzdt/")
    assert client.get(first.get_absolute_url()).status_code == 410


def test_a_scheduled_item_appears_when_its_time_comes(client, staff, monkeypatch):
    org, author, reviewer = staff
    when = timezone.now() + dt.timedelta(hours=2)
    item = publish_item(
        org, author=author, reviewer=reviewer, title="定时发布的通知", publish_at=when
    )
    assert "定时发布的通知" not in page(client, "/xxgk/lm/gzdt/")
    assert client.get(item.get_absolute_url()).status_code == 404

    later = when + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "定时发布的通知" in page(client, "/xxgk/lm/gzdt/")
    assert "定时发布的通知" in page(client, "/")
    assert client.get(item.get_absolute_url()).status_code == 200


def test_an_organisation_rename_reaches_the_cached_rows(client, staff):
    org, author, reviewer = staff
    publish_item(org, author=author, reviewer=reviewer, title="第一条工作动态")
    assert "测试县民政局" in page(client, "/xxgk/lm/gzdt/")
    Organisation.objects.get(pk=org.pk).save()  # a save without a change renews too
    org.name = "测试县民政和社会保障局"
    org.save()
    html = page(client, "/xxgk/lm/gzdt/")
    assert '<span class="muted small"> 测试县民政和社会保障局</span>' in html


def test_deep_pages_use_the_page_anchors_and_match_offset_paging(client, staff, monkeypatch):
    org, author, reviewer = staff
    from tests.disclosures.builders import publish_items

    publish_items(org, 25, author=author, reviewer=reviewer, years=(2025,))
    pages = [page(client, f"/xxgk/lm/gzdt/?page={n}") for n in (1, 2)]
    # the same pages read with plain OFFSET paging (no anchors)
    monkeypatch.setattr(pagination.CappedPaginator, "_index", property(lambda self: (25, None)))
    pagination.lists.reset()
    assert [page(client, f"/xxgk/lm/gzdt/?page={n}") for n in (1, 2)] == pages
    assert pages[1].count('href="/xxgk/xx/') == 5


def test_feeds_follow_publishing_and_the_site_name(client, staff):
    org, author, reviewer = staff
    SiteSettings(site_name="甲县政务公开").save()
    publish_item(org, author=author, reviewer=reviewer, title="第一条工作动态")
    feed = page(client, "/feeds/atom/")
    assert "第一条工作动态" in feed
    assert "甲县政务公开" in feed
    assert "第一条工作动态" in page(client, "/feeds/atom/lm/gzdt/")
    assert "第一条工作动态" in page(client, "/feeds/atom/jg/mzj/")

    publish_item(org, author=author, reviewer=reviewer, title="第二条工作动态")
    settings_row = SiteSettings.load()
    settings_row.site_name = "乙县政务公开"
    settings_row.save()
    feed = page(client, "/feeds/atom/")
    assert "第二条工作动态" in feed
    assert "乙县政务公开" in feed
    assert "第二条工作动态" in page(client, "/feeds/atom/lm/gzdt/")
    # the links are absolute: each host gets its own copy
    assert "http://localhost/xxgk/xx/" in page(client, "/feeds/atom/", HTTP_HOST="localhost")
    assert "http://testserver/xxgk/xx/" in page(client, "/feeds/atom/")


def test_each_filter_combination_keeps_its_own_form_and_notices(client, staff):
    org, author, reviewer = staff
    publish_item(org, author=author, reviewer=reviewer, title="第一条工作动态")
    assert "以下筛选条件的值无效" not in page(client, "/xxgk/ml/?year=2025")
    html = page(client, "/xxgk/ml/?year=abc")
    assert "以下筛选条件的值无效，已忽略：年份。" in html
    assert 'name="year" value="abc"' in html
    assert '<option value="mzj" selected>测试县民政局</option>' in page(
        client, "/xxgk/ml/?organisation=mzj"
    )
    assert '<option value="mzj">测试县民政局</option>' in page(client, "/xxgk/ml/")


def test_a_warm_list_page_reads_only_the_site_settings_at_any_page_depth(
    client, staff, django_assert_num_queries
):
    org, author, reviewer = staff
    from tests.disclosures.builders import publish_items

    publish_items(org, 25, author=author, reviewer=reviewer, years=(2025,))
    for url in ("/xxgk/lm/gzdt/", "/xxgk/lm/gzdt/?page=2", "/xxgk/ml/?organisation=mzj&year=2025"):
        client.get(url)
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200


def test_concurrent_requests_for_a_cold_value_build_it_once():
    """Five requests arrive while the first is still building (the builder waits until they
    have, no sleeping): they wait for its value instead of building it again."""
    import threading

    requests = 6
    single = memo.Memo("tests:single-flight")
    arrived = threading.Semaphore(0)

    class Arrivals(dict):
        """Memo.get registers here after missing the value, just before it waits for (or
        becomes) the builder: each release is one request that found the value cold."""

        def setdefault(self, key, default=None):
            lock = super().setdefault(key, default)
            arrived.release()
            return lock

    single.building = Arrivals()
    calls = []

    def build():
        calls.append(1)
        # Return only once every request has found the value cold: the other five provably
        # arrived while this one was building. (Without single flight each of them would
        # build too, and the six builders could not all collect six arrivals.)
        everyone = all(arrived.acquire(timeout=10) for _ in range(requests))
        return "value" if everyone else "a request never arrived"

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(single.get("key", build)))
        for _ in range(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["value"] * requests
    assert len(calls) == 1
