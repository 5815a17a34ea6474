"""Values every page template needs: site identity, navigation and the reader's display modes.

Site settings and the navigation URLs come from the per-process memo (catalog.sitecache); only
what depends on the request (current section, font size, 关怀版, high contrast, the path for the
switch links) is worked out per request.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest
from django.urls import get_urlconf, reverse

from catalog import sitecache

FONT_SIZES = {"small": "小", "medium": "中", "large": "大"}
FONT_SIZE_COOKIE = "fs"
# 关怀版 (elder mode, 工信部《互联网网站适老化通用设计规范》) and high contrast: the cookie holds
# MODE_ON while the mode is on and is absent otherwise. Page caches key on these names.
CARE_COOKIE = "care"
CONTRAST_COOKIE = "hc"
MODE_ON = "on"
MODE_STATES = ("on", "off")

# (label, url name, path prefix that marks the section as current)
MAIN_NAV = (
    ("首页", "home", None),
    ("政府信息公开", "catalog:channel", "/xxgk/"),
    ("依申请公开", "requests_app:index", "/ysqgk/"),
    ("政策解读", "disclosures:interpretations", "/xxgk/zcjd/"),
    ("办事指南", "disclosures:service-guides", "/xxgk/bszn/"),
    ("互动交流", "interaction:index", "/hdjl/"),
)

# The four first-level columns of the 政府信息公开 channel (国办公开办函〔2019〕61号).
CHANNEL_COLUMNS = (
    ("政府信息公开指南", "catalog:guide-index"),
    ("政府信息公开制度", "disclosures:rules"),
    ("法定主动公开内容", "disclosures:statutory"),
    ("政府信息公开年报", "reports:annual-list"),
)


def _current_nav(path: str) -> str | None:
    best = None
    for _label, name, prefix in MAIN_NAV:
        if prefix and path.startswith(prefix) and (best is None or len(prefix) > len(best[1])):
            best = (name, prefix)
    if best is None and path == "/":
        return "home"
    return best[0] if best else None


def _urls() -> dict:
    """Reversed once per process (and URLconf): the URLs never change between requests."""

    def build():
        return {
            "main": [(label, reverse(name), name) for label, name, _prefix in MAIN_NAV],
            "channel": [(label, reverse(name)) for label, name in CHANNEL_COLUMNS],
            "font": [
                (key, label, reverse("font-size", args=[key])) for key, label in FONT_SIZES.items()
            ],
            "site_error": reverse("interaction:site-error"),
            "care": {state: reverse("care-mode", args=[state]) for state in MODE_STATES},
            "contrast": {state: reverse("contrast-mode", args=[state]) for state in MODE_STATES},
        }

    return sitecache.memo(("nav_urls", get_urlconf()), build)


def _site_error_url(base: str, request: HttpRequest) -> str:
    """我为政府网站找错 from every page, with the page it was found on (not from itself)."""
    if request.path.startswith(base):
        return base
    return f"{base}?url={quote(request.get_full_path(), safe='')}"


def mode_is_on(request: HttpRequest, cookie: str) -> bool:
    """A display mode is on only when its cookie holds exactly ``MODE_ON``."""
    return request.COOKIES.get(cookie) == MODE_ON


def _switch_link(urls: dict, is_on: bool, back: str) -> str:
    """The link that turns the mode the other way and comes back to this page."""
    return f"{urls['off' if is_on else 'on']}?next={back}"


def site(request: HttpRequest) -> dict:
    path = request.path
    current = _current_nav(path)
    font_size = request.COOKIES.get(FONT_SIZE_COOKIE, "medium")
    if font_size not in FONT_SIZES:
        font_size = "medium"
    urls = _urls()
    back = quote(request.get_full_path(), safe="/")
    care_mode = mode_is_on(request, CARE_COOKIE)
    high_contrast = mode_is_on(request, CONTRAST_COOKIE)
    channel_current = next((url for _label, url in urls["channel"] if path.startswith(url)), "")
    return {
        "site": sitecache.site_settings(),
        "main_nav": [
            {"label": label, "url": url, "current": name == current}
            for label, url, name in urls["main"]
        ],
        "nav_current": current or "",
        "channel_columns": [
            {"label": label, "url": url, "current": url == channel_current}
            for label, url in urls["channel"]
        ],
        "channel_current": channel_current,
        "site_error_url": _site_error_url(urls["site_error"], request),
        "font_size": font_size,
        "font_sizes": FONT_SIZES,
        "font_links": [
            {"key": key, "label": label, "url": f"{url}?next={back}", "current": key == font_size}
            for key, label, url in urls["font"]
        ],
        "care_mode": care_mode,
        "care_link": _switch_link(urls["care"], care_mode, back),
        "high_contrast": high_contrast,
        "contrast_link": _switch_link(urls["contrast"], high_contrast, back),
    }
