"""Per-address rate limits for the public 依申请公开 forms, counted in the shared cache.

A limit is a fixed window: at most ``max_hits`` counted actions per client address per
``window_seconds``. The counter lives in Django's default cache, which every web process shares
(Redis, or the database table), so the limit holds across gunicorn workers and hosts.

The address is ``REMOTE_ADDR``; behind ``RATE_LIMIT_PROXY_COUNT`` trusted reverse proxies it is
the address that many hops from the right of ``X-Forwarded-For`` (the left part of that header is
chosen by the client and is never trusted). IPv6 clients are grouped by their /64, which one
subscriber usually holds whole. Only a keyed hash of the address reaches the cache, never the
address itself.

If the cache is unreachable the limit fails open: a statutory channel must not close because a
cache is down.
"""

from __future__ import annotations

import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

KEY_PREFIX = "requests_app:ratelimit"


@dataclass(frozen=True)
class Limit:
    """At most ``max_hits`` counted actions of ``scope`` per address per window."""

    scope: str
    max_hits: int
    window_seconds: int


def submit_limit() -> Limit:
    """Online applications (default 5 per address per hour; setting APPLICATION_SUBMIT_RATE)."""
    hits, window = getattr(settings, "APPLICATION_SUBMIT_RATE", (5, 3600))
    return Limit("submit", int(hits), int(window))


def query_limit() -> Limit:
    """Progress queries (default 20 per address per hour; setting APPLICATION_QUERY_RATE)."""
    hits, window = getattr(settings, "APPLICATION_QUERY_RATE", (20, 3600))
    return Limit("query", int(hits), int(window))


def client_address(request: HttpRequest) -> str:
    """The client's address as the nearest trusted hop saw it."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "RATE_LIMIT_PROXY_COUNT", 0))
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            address = hops[-proxies]
    return address


def _client_group(request: HttpRequest) -> str:
    raw = client_address(request)
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        return raw or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is an IPv4 client
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _key(request: HttpRequest, limit: Limit, now: float) -> tuple[str, int]:
    """The counter key of the current window, and the seconds left in that window."""
    window = max(limit.window_seconds, 1)
    number = int(now // window)
    client = salted_hmac(KEY_PREFIX, _client_group(request)).hexdigest()[:32]
    remaining = max(int((number + 1) * window - now), 1)
    return f"{KEY_PREFIX}:{limit.scope}:{client}:{number}", remaining


def retry_after(limit: Limit, now: float | None = None) -> int:
    """Seconds until the current window ends."""
    now = time.time() if now is None else now
    window = max(limit.window_seconds, 1)
    return max(int((int(now // window) + 1) * window - now), 1)


def exceeded(request: HttpRequest, limit: Limit) -> bool:
    """True when the address has used up this window's actions (nothing is counted)."""
    key, _ = _key(request, limit, time.time())
    try:
        return int(cache.get(key, 0)) >= limit.max_hits
    except Exception:  # fail open, see the module docstring
        logger.warning("rate limit cache unavailable; %s not checked", limit.scope)
        return False


def hit(request: HttpRequest, limit: Limit) -> int:
    """Count one action of the address and return the count in this window."""
    key, remaining = _key(request, limit, time.time())
    try:
        cache.add(key, 0, timeout=remaining)
        try:
            count = cache.incr(key)
        except ValueError:  # the key expired between add() and incr()
            cache.set(key, 1, timeout=remaining)
            count = 1
        # incr() of the database and local-memory backends rewrites the entry with the default
        # timeout; give the counter back the rest of its window.
        cache.touch(key, timeout=remaining)
        return int(count)
    except Exception:  # fail open, see the module docstring
        logger.warning("rate limit cache unavailable; %s not counted", limit.scope)
        return 0
