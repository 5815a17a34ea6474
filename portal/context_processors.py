"""Values every page template needs: site identity, navigation and the chosen font size."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from catalog.models import SiteSettings

FONT_SIZES = {"small": "小", "medium": "中", "large": "大"}
FONT_SIZE_COOKIE = "fs"

# (label, url name, path prefix that marks the section as current)
MAIN_NAV = (
    ("首页", "home", None),
    ("政府信息公开", "catalog:channel", "/xxgk/"),
    ("依申请公开", "requests_app:index", "/ysqgk/"),
    ("政策解读", "disclosures:interpretations", "/xxgk/zcjd/"),
    ("办事指南", "disclosures:service-guides", "/xxgk/bszn/"),
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


def site(request: HttpRequest) -> dict:
    current = _current_nav(request.path)
    font_size = request.COOKIES.get(FONT_SIZE_COOKIE, "medium")
    if font_size not in FONT_SIZES:
        font_size = "medium"
    return {
        "site": SiteSettings.load(),
        "main_nav": [
            {"label": label, "url": reverse(name), "current": name == current}
            for label, name, _prefix in MAIN_NAV
        ],
        "channel_columns": [
            {
                "label": label,
                "url": reverse(name),
                "current": request.path.startswith(reverse(name)),
            }
            for label, name in CHANNEL_COLUMNS
        ],
        "font_size": font_size,
        "font_sizes": FONT_SIZES,
    }
