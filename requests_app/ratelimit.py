"""Rate limits of the public 依申请公开 forms: per client address, and per case number for the
progress query's password (ADR 0010).

A limit is a fixed window: at most ``max_hits`` counted actions per subject per
``window_seconds`` (windows of a day start at local midnight). The counters are rows in
PostgreSQL (catalog.security_state), never in the cache, which may evict them: a blocked address
stays blocked until its window ends. ``take`` counts and checks in one statement, so parallel
requests cannot all slip under the limit.

The address is ``REMOTE_ADDR``; behind ``RATE_LIMIT_PROXY_COUNT`` trusted reverse proxies it is
the address that many hops from the right of ``X-Forwarded-For`` (the left part of that header is
chosen by the client and is never trusted). IPv6 clients are grouped by their /64, which one
subscriber usually holds whole. Only a keyed hash of the address or case number is stored.
"""

from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from catalog import security_state

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


def case_query_limit() -> Limit:
    """Wrong query passwords per 申请编号 (default 10 a day; setting APPLICATION_CASE_QUERY_RATE).

    Counted whoever asks: a guesser spread over many addresses meets the same wall."""
    hits, window = getattr(settings, "APPLICATION_CASE_QUERY_RATE", (10, 86400))
    return Limit("case-query", int(hits), int(window))


def address_subject(request: HttpRequest) -> str:
    return security_state.subject_hash("address", _client_group(request))


def case_subject(number: str) -> str:
    return security_state.subject_hash("case", number.strip().upper())


def retry_after(limit: Limit) -> int:
    """Seconds until the current window ends."""
    return security_state.window_of(limit.window_seconds).seconds_left


def take(subject: str, limit: Limit) -> bool:
    """Count one action of ``subject``; False when that goes beyond the limit (refuse it)."""
    count = security_state.count_hit(
        scope=limit.scope, subject=subject, window_seconds=limit.window_seconds
    )
    return count <= limit.max_hits


def give_back(subject: str, limit: Limit) -> None:
    """An action counted by ``take`` did not happen after all (the form was sent back)."""
    security_state.give_back(
        scope=limit.scope, subject=subject, window_seconds=limit.window_seconds
    )


def exceeded(subject: str, limit: Limit) -> bool:
    """True when the subject has used up this window's actions (nothing is counted)."""
    count = security_state.current_count(
        scope=limit.scope, subject=subject, window_seconds=limit.window_seconds
    )
    return count >= limit.max_hits
