"""Links to public item pages, built without one ``reverse()`` per row.

Below the views and the search planner, which both write item URLs.
"""

from __future__ import annotations

from django.urls import get_urlconf, reverse

from catalog import sitecache


def detail_prefix() -> str:
    """``/xxgk/xx/``: item URLs are built from it instead of one ``reverse()`` per row."""
    url = sitecache.memo(
        ("detail-url", get_urlconf()), lambda: reverse("disclosures:detail", args=[1])
    )
    return url[: -len("1/")]
