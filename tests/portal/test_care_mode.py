"""关怀版 and high-contrast switches, the classes on <html>, the read-aloud control and the
无障碍声明 page (issue 20)."""

import re

import pytest
from django.urls import reverse

from portal.context_processors import CARE_COOKIE, CONTRAST_COOKIE
from portal.demo.organisations import seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    seed()


def html_classes(html: str) -> set[str]:
    match = re.search(r'<html lang="zh-CN" class="([^"]*)">', html)
    assert match, "no <html> element with classes"
    return set(match.group(1).split())


def toolbar_link(html: str, label: str) -> str:
    match = re.search(rf'<a href="([^"]+)" rel="nofollow">{label}</a>', html)
    assert match, f"no {label} link"
    return match.group(1).replace("&amp;", "&")


def test_cookie_names_are_the_agreed_ones():
    # Another helper's page cache keys on these names.
    assert (CARE_COOKIE, CONTRAST_COOKIE) == ("care", "hc")


@pytest.mark.parametrize(
    ("name", "cookie", "prefix"), [("care-mode", "care", "/gh/"), ("contrast-mode", "hc", "/gdb/")]
)
def test_switch_sets_the_cookie_for_a_year_and_returns_to_the_page(
    client, demo, name, cookie, prefix
):
    url = reverse(name, args=["on"])
    assert url == f"{prefix}on/"

    response = client.get(url, {"next": "/xxgk/?page=2"})

    assert response.status_code == 302
    assert response.url == "/xxgk/?page=2"
    morsel = response.cookies[cookie]
    assert morsel.value == "on"
    assert morsel["max-age"] == 365 * 24 * 3600
    assert morsel["samesite"] == "Lax"


@pytest.mark.parametrize(("name", "cookie"), [("care-mode", "care"), ("contrast-mode", "hc")])
def test_switching_off_removes_the_cookie(client, demo, name, cookie):
    client.cookies[cookie] = "on"

    response = client.get(reverse(name, args=["off"]), {"next": "/xxgk/"})

    assert response.status_code == 302
    assert response.url == "/xxgk/"
    assert response.cookies[cookie].value == ""
    assert response.cookies[cookie]["max-age"] == 0
    assert cookie not in html_classes(client.get("/xxgk/").content.decode())


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""]
)
def test_switch_never_redirects_off_site(client, demo, target):
    response = client.get(reverse("care-mode", args=["on"]), {"next": target})

    assert response.status_code == 302
    assert response.url == "/"


@pytest.mark.parametrize(("name", "cookie"), [("care-mode", "care"), ("contrast-mode", "hc")])
def test_an_unknown_state_changes_nothing(client, demo, name, cookie):
    client.cookies[cookie] = "on"

    response = client.get(reverse(name, args=["maybe"]), {"next": "/lxwm/"})

    assert response.status_code == 302
    assert response.url == "/lxwm/"
    assert cookie not in response.cookies
    assert cookie in html_classes(client.get("/lxwm/").content.decode())


def test_a_forged_cookie_value_does_not_turn_a_mode_on(client, demo):
    client.cookies["care"] = "yes"
    client.cookies["hc"] = "<script>"

    html = client.get("/").content.decode()

    assert html_classes(html) == {"fs-medium"}
    assert "退出关怀版" not in html


def test_switch_only_answers_get(client, demo):
    assert client.post(reverse("care-mode", args=["on"])).status_code == 405


def test_modes_add_classes_next_to_the_font_size(client, demo):
    assert html_classes(client.get("/").content.decode()) == {"fs-medium"}

    client.cookies["fs"] = "large"
    client.cookies["care"] = "on"
    assert html_classes(client.get("/").content.decode()) == {"fs-large", "care"}

    client.cookies["hc"] = "on"
    assert html_classes(client.get("/xxgk/").content.decode()) == {"fs-large", "care", "hc"}


def test_context_exposes_the_modes_and_their_switch_links(client, demo):
    response = client.get("/lxwm/")
    assert response.context["care_mode"] is False
    assert response.context["high_contrast"] is False
    assert response.context["care_link"] == "/gh/on/?next=/lxwm/"
    assert response.context["contrast_link"] == "/gdb/on/?next=/lxwm/"

    client.cookies["care"] = "on"
    client.cookies["hc"] = "on"
    response = client.get("/lxwm/")
    assert response.context["care_mode"] is True
    assert response.context["high_contrast"] is True
    assert response.context["care_link"] == "/gh/off/?next=/lxwm/"
    assert response.context["contrast_link"] == "/gdb/off/?next=/lxwm/"


def test_switch_links_work_without_javascript_from_any_page(client, demo):
    """A plain link round trip: the header's link turns 关怀版 on, the page shows 退出关怀版,
    whose link turns it off again, each time coming back to the same page with its query."""
    page = "/search/?q=%E4%BD%8E%E4%BF%9D"
    html = client.get(page).content.decode()
    on = toolbar_link(html, "关怀版")
    assert on == "/gh/on/?next=/search/%3Fq%3D%25E4%25BD%258E%25E4%25BF%259D"

    response = client.get(on)
    assert response.url == page
    html = client.get(page).content.decode()
    assert "care" in html_classes(html)
    off = toolbar_link(html, "退出关怀版")

    response = client.get(off)
    assert response.url == page
    html = client.get(page).content.decode()
    assert "care" not in html_classes(html)
    assert toolbar_link(html, "关怀版")


def test_high_contrast_link_shows_its_exit_when_on(client, demo):
    client.get(toolbar_link(client.get("/xxgk/").content.decode(), "高对比度"))
    html = client.get("/xxgk/").content.decode()
    assert "hc" in html_classes(html)
    assert toolbar_link(html, "退出高对比度").startswith("/gdb/off/?next=/xxgk/")


def test_every_page_loads_the_care_stylesheet_and_read_aloud_script_after_portal_css(client, demo):
    html = client.get("/").content.decode()
    head = html.split("</head>")[0]
    assert head.index("css/portal.css") < head.index("css/care.css")
    assert re.search(r'<script src="[^"]*js/readaloud\.js" defer></script>', head)
    # No inline script: the CSP allows only the site's own files.
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "script-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_read_aloud_control_is_rendered_hidden_for_the_script_to_reveal(client, demo):
    html = client.get("/").content.decode()
    box = re.search(r"<span class=\"read-aloud\" data-read-aloud hidden>(.*?)</span>\n", html, re.S)
    assert box, "the read-aloud control is missing or not hidden"
    assert '<button type="button" data-read-start>朗读本页</button>' in box.group(1)
    assert "data-read-pause" in box.group(1)
    assert "data-read-stop" in box.group(1)
    # Announced politely, without the status role: a page's own status message (a receipt, a
    # search summary) stays the one status region there is.
    assert 'data-read-status aria-live="polite" aria-atomic="true"' in box.group(1)


def test_robots_keep_crawlers_off_the_switches(client, demo):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /gh/" in text
    assert "Disallow: /gdb/" in text


def test_statement_page_names_standards_tests_modes_limits_and_how_to_report(client, demo):
    response = client.get(reverse("accessibility"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>无障碍声明</h1>" in html
    for text in [
        "GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》",
        "WCAG）2.1，达到AA级",
        "工业和信息化部《互联网网站适老化通用设计规范》",
        "axe-core",
        "常规版、关怀版和手机屏幕宽度",
        "只使用键盘",
        "<dt>字号</dt>",
        "<dt>关怀版</dt>",
        "<dt>高对比度</dt>",
        "<dt>朗读本页</dt>",
        "PDF",
        '本声明发布日期：<time datetime="2026-12-07">2026年12月7日</time>',
    ]:
        assert text in html, text
    assert '<a href="/hdjl/zc/?url=%2Fwzaz%2F" rel="nofollow">我为政府网站找错</a>' in html
    assert f'<a href="{reverse("contact")}">联系我们</a>页面' in html


def test_statement_is_linked_from_the_footer_site_map_and_sitemap(client, demo):
    url = reverse("accessibility")
    assert url == "/wzaz/"
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert f'<a href="{url}">无障碍声明</a>' in footer
    assert f'<a href="{url}">无障碍声明</a>' in client.get(reverse("site-map")).content.decode()
    sitemap = client.get("/sitemap-pages.xml").content.decode()
    assert f"{url}</loc>" in sitemap


@pytest.mark.parametrize("cookie", ["care", "hc", "fs"])
def test_a_page_kept_in_the_page_cache_is_not_shown_with_another_display_mode(client, demo, cookie):
    # The 标准目录 index is kept whole in the shared cache (catalog.pagecache); a visitor with a
    # display preference must get the page in that mode, and must not put it in the store.
    plain = client.get("/xxgk/bzml/")
    assert plain.status_code == 200
    value = "large" if cookie == "fs" else "on"
    client.cookies[cookie] = value
    styled = client.get("/xxgk/bzml/").content.decode()
    expected = {"care": "care", "hc": "hc", "fs": "fs-large"}[cookie]
    assert expected in html_classes(styled)
    del client.cookies[cookie]
    again = client.get("/xxgk/bzml/").content.decode()
    assert expected not in html_classes(again)
