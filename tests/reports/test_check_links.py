"""manage.py check_links: the walk over the public pages, against a local server (no internet)."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from reports.models import BrokenLink, LinkCheckRun
from tests.disclosures.builders import publish_item, staff_pair
from tests.factories import OrganisationFactory
from tests.linkserver import Handler, link_server


@pytest.fixture
def org(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]  # 127.0.0.1 is the "other site" here
    settings.PORTAL_URL = ""
    # cached pages in memory: the test database has no cache table, and a failed cache write
    # would poison the test's transaction
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return OrganisationFactory(name="测试县民政局", slug="lc-mzj")


def item_with_links(org, base):
    author, reviewer = staff_pair(org)
    body = "".join(
        f'<p><a href="{href}">{label}</a></p>'
        for href, label in [
            (base + "/ok", "正常"),
            (base + "/missing", "已删除"),
            (base + "/error", "出错"),
            (base + "/redirect", "跳转"),
            (base + "/slow", "超时"),
            ("/xxgk/xx/999999/", "站内失效"),
            ("/xxgk/bszn/", "站内正常"),
        ]
    )
    return publish_item(
        org, author=author, reviewer=reviewer, title="含链接的通知", column="tzgg",
        publish_at=timezone.now() - dt.timedelta(hours=1), body=body,
    )  # fmt: skip


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "check_links", "--max-pages", "12", "--delay", "0", "--timeout", "0.5", *args,
        stdout=out, stderr=err,
    )  # fmt: skip
    return out.getvalue(), err.getvalue()


def test_broken_internal_and_external_links_are_stored(org):
    with link_server() as base:
        item = item_with_links(org, base)
        out, err = run()
    result = LinkCheckRun.objects.get()
    assert result.status == LinkCheckRun.Status.DONE
    assert result.pages_checked == 12
    broken = {link.url: link for link in BrokenLink.objects.filter(run=result)}
    assert {base + "/missing", base + "/error", base + "/slow"} <= set(broken)
    assert base + "/ok" not in broken
    assert base + "/redirect" not in broken
    assert broken[base + "/missing"].status == 404
    assert broken[base + "/slow"].status is None
    assert broken[base + "/slow"].error == "连接超时"
    internal = broken["http://testserver/xxgk/xx/999999/"]
    assert internal.internal
    assert internal.status == 404
    assert "http://testserver/xxgk/bszn/" not in broken
    page = f"http://testserver{item.get_absolute_url()}"
    assert page in internal.found_on
    assert org.pk in internal.organisation_ids
    assert result.broken_count == len(broken)
    assert "[###" in err
    assert "页面" in err
    assert f"失效链接{len(broken)}个" in out
    # each external address once, HEAD first, with the checker's User-Agent
    assert [p for m, p, _ in Handler.seen if m == "HEAD"].count("/missing") == 1


def test_no_external_checks_nothing_outside(org):
    with link_server() as base:
        item_with_links(org, base)
        run("--no-external")
        assert Handler.seen == []
    urls = set(BrokenLink.objects.values_list("url", flat=True))
    assert "http://testserver/xxgk/xx/999999/" in urls
    assert all(url.startswith("http://testserver/") for url in urls)
    assert not LinkCheckRun.objects.get().external


def test_the_setting_switches_external_checks_off(org, settings):
    settings.LINK_CHECK_EXTERNAL = False
    with link_server() as base:
        item_with_links(org, base)
        run()
        assert Handler.seen == []


def test_the_link_cap_is_reported(org):
    with link_server() as base:
        item_with_links(org, base)
        out, _ = run("--max-links", "3", "--no-external")
    assert "已达到链接数上限" in out
    assert LinkCheckRun.objects.get().links_checked == 3


@pytest.mark.parametrize(
    "args", [("--max-pages", "0"), ("--timeout", "0"), ("--base-url", "gk.example.gov.cn")]
)
def test_bad_options_are_refused_in_chinese(db, args):
    with pytest.raises(CommandError, match=r"须|不能"):
        call_command("check_links", *args)


def test_base_url_walks_a_running_site_over_http(live_server, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    org = OrganisationFactory(name="测试县民政局", slug="lc-http")
    item_with_links(org, "http://127.0.0.1:9")  # never asked: --no-external
    out, _ = run("--base-url", live_server.url, "--no-external")
    assert "失效链接" in out
    result = LinkCheckRun.objects.get()
    assert result.base_url == live_server.url
    assert result.pages_checked == 12
    broken = set(BrokenLink.objects.values_list("url", flat=True))
    assert f"{live_server.url}/xxgk/xx/999999/" in broken
    assert f"{live_server.url}/xxgk/bszn/" not in broken
