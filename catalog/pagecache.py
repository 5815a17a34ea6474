"""Whole-page caching keyed only by the parameters a page reads.

Django's ``cache_page`` keys an entry by the full URL, so every made-up query string
(``/sitemap.xml?f=1`` … ``?f=600``) adds an entry to the shared cache and pushes real ones out.
``cache_page_for`` caches a response only when the query string holds nothing but the page's
own parameters, each once and in its canonical form (``?p=1``, not ``?p=01``); any other request
is answered fresh and stored nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest
from django.views.decorators.cache import cache_page

from kernel.httpcache.policy import DISPLAY_COOKIES

PAGE_NUMBER = r"[1-9][0-9]{0,5}"


def cacheable_query(request: HttpRequest, params: dict[str, str]) -> bool:
    """True when every parameter is one of ``params`` (name → full-match pattern), sent once."""
    for name, values in request.GET.lists():
        pattern = params.get(name)
        if pattern is None or len(values) != 1 or not re.fullmatch(pattern, values[0]):
            return False
    return True


def cache_page_for(timeout: int, *, params: dict[str, str] | None = None) -> Callable:
    """``cache_page(timeout)`` for requests whose query string passes ``cacheable_query``."""
    params = params or {}

    def decorator(view):
        cached_view = cache_page(timeout)(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # The page is stored once, as it looks without display preferences (字号, 关怀版,
            # 高对比度): a visitor who set one is answered fresh, never from or into the store.
            if cacheable_query(request, params) and not any(
                request.COOKIES.get(name) for name in DISPLAY_COOKIES
            ):
                return cached_view(request, *args, **kwargs)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
