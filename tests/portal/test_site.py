"""Site chrome on every page, the link crawl, health, font size and error pages."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.urls import reverse

from portal.demo.organisations import seed

pytestmark = pytest.mark.django_db

CHROME_MARKERS = [
    'lang="zh-CN"',
    'class="skip-link" href="#main"',
    "主办单位：示例县人民政府办公室",
    "承办单位：示例县数据资源管理中心",
    "网站标识码：3310990001",
    "示ICP备20260001号",
    "示公网安备 33109902000001号",
    "网站地图",
    "联系我们",
    "本网站支持IPv6",
    'role="search"',
    "字号：",
]


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in {"link", "script", "img"}:
            ref = attrs.get("href") or attrs.get("src")
            if ref:
                self.links.append(ref)


def internal_links(html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    result = []
    for link in parser.links:
        url, _fragment = urldefrag(link)
        parsed = urlparse(url)
        if parsed.scheme or parsed.netloc or url.startswith("mailto:") or not url:
            continue
        result.append(url)
    return result


@pytest.fixture
def demo(db):
    seed()


SITE_ERROR = "/hdjl/zc/"


def test_crawl_from_home_finds_no_broken_link_and_chrome_everywhere(client, demo):
    seen: set[str] = set()
    queue = [reverse("home")]
    pages = 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        if url.startswith(settings.STATIC_URL):
            # static files are served by WhiteNoise from collectstatic's output in production
            assert finders.find(url.removeprefix(settings.STATIC_URL)), f"missing static {url}"
            continue
        response = client.get(url)
        assert response.status_code in (200, 302), f"{url} answered {response.status_code}"
        if response.status_code == 302:
            queue.append(response.url)
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        for marker in CHROME_MARKERS:
            assert marker in html, f"{url} lacks {marker!r}"
        # Every page links 我为政府网站找错 with its own address: one such page is enough.
        links = (SITE_ERROR if u.startswith(SITE_ERROR) else u for u in internal_links(html))
        queue.extend(link for link in links if link not in seen)
    assert pages >= 15  # home, channel, four columns, org pages, site map, contact …


def test_navigation_has_the_four_channel_columns(client, demo):
    html = client.get(reverse("catalog:channel")).content.decode()
    for label in ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]:
        assert label in html
    for label in ["首页", "依申请公开", "政策解读", "办事指南"]:
        assert f">{label}</a>" in html


def test_current_section_is_marked_in_navigation(client, demo):
    html = client.get(reverse("requests_app:index")).content.decode()
    assert 'aria-current="page">依申请公开</a>' in html


def test_unknown_page_gets_styled_chinese_404(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "您访问的页面不存在" in html
    assert "主办单位：示例县人民政府办公室" in html


def test_unknown_organisation_is_404(client, demo):
    assert client.get(reverse("disclosures:organisation", args=["nope"])).status_code == 404


def test_server_error_page_renders_without_database(rf):
    from portal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "系统暂时无法处理您的请求" in response.content.decode()


def test_healthz_reports_database_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_503_when_database_fails(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_font_size_switch_sets_cookie_and_returns(client, demo):
    response = client.get(reverse("font-size", args=["large"]) + "?next=/xxgk/")
    assert response.status_code == 302
    assert response.url == "/xxgk/"
    assert response.cookies["fs"].value == "large"
    html = client.get("/xxgk/").content.decode()
    assert 'class="fs-large"' in html


def test_font_size_switch_refuses_foreign_redirects_and_bad_sizes(client, demo):
    response = client.get(reverse("font-size", args=["huge"]) + "?next=https://evil.example/")
    assert response.status_code == 302
    assert response.url == "/"
    assert "fs" not in response.cookies


def test_search_entry_keeps_the_query(client, demo):
    html = client.get(reverse("search"), {"q": "低保<script>"}).content.decode()
    assert 'value="低保&lt;script&gt;"' in html
    assert "低保<script>" not in html


def test_security_headers_are_sent(client, demo):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_is_in_chinese_with_portal_name(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert "阳光政务公开平台 · 管理后台" in html
    assert "用户名" in html
