"""Forget pages in the HTTP cache in front of the portal once the change that altered them is
committed (ADR 0022, docs/cluster.md).

The domain layers compute exactly which paths a change affects and hand them to
``purge_paths``; this module collects them per transaction (deduplicated), and after the
commit sends one BAN per cache server: ``X-Ban-Url: ^(/a/|/b/)(\\?|$)``, which the repository's
VCL turns into a ban on every cached URL with that path, whatever its query string. A rolled
back transaction sends nothing. A failed purge is logged, never raised: the page then lives
until its ``s-maxage`` runs out, which is the bound the portal promises anyway.

Settings: ``HTTP_CACHE_PURGE_URL`` (comma-separated cache servers; unset: purging is off) and
``HTTP_CACHE_PURGE_TIMEOUT`` (seconds, default 2).
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction

logger = logging.getLogger(__name__)

BAN_HEADER = "X-Ban-Url"
MAX_PATHS_PER_BAN = 200  # keeps the header well under Varnish's 8 KB request-header limit


def ban_pattern(paths: Iterable[str]) -> str:
    """The regular expression that matches each path exactly, with or without a query string."""
    alternatives = "|".join(re.escape(path) for path in sorted(set(paths)))
    return rf"^({alternatives})(\?|$)"


def cache_servers() -> list[str]:
    raw = getattr(settings, "HTTP_CACHE_PURGE_URL", "") or ""
    if isinstance(raw, str):
        raw = raw.split(",")
    return [url.strip().rstrip("/") for url in raw if url.strip()]


def enabled() -> bool:
    """True when an HTTP cache is configured; callers skip computing their paths otherwise."""
    return bool(cache_servers())


def send_ban(paths: Iterable[str]) -> bool:
    """BAN ``paths`` on every configured cache server now; False when any server failed."""
    ordered = sorted(set(paths))
    servers = cache_servers()
    if not ordered or not servers:
        return True
    timeout = float(getattr(settings, "HTTP_CACHE_PURGE_TIMEOUT", 2))
    ok = True
    for start in range(0, len(ordered), MAX_PATHS_PER_BAN):
        chunk = ordered[start : start + MAX_PATHS_PER_BAN]
        for server in servers:
            request = urllib.request.Request(  # noqa: S310 - the URL comes from settings
                server + "/", method="BAN", headers={BAN_HEADER: ban_pattern(chunk)}
            )
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                    response.read()
            except (urllib.error.URLError, OSError, ValueError) as exc:
                ok = False
                logger.warning(
                    "HTTP cache purge at %s failed (%s): %d paths, e.g. %s",
                    server,
                    exc,
                    len(chunk),
                    ", ".join(chunk[:5]),
                )
    return ok


class _Batch:
    """The paths queued in one transaction; sent once by its on_commit callback."""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.sent = False

    def send(self) -> None:
        self.sent = True
        send_ban(self.paths)


def _current_batch() -> _Batch | None:
    """The batch still waiting for this connection's commit, if any.

    A batch whose callback Django dropped (its savepoint or transaction rolled back) or
    already ran is not current: the next path starts a new batch.
    """
    batch = getattr(connection, "_httpcache_batch", None)
    if batch is None or batch.sent:
        return None
    if not any(callback == batch.send for _sids, callback, _robust in connection.run_on_commit):
        return None
    return batch


def purge_paths(paths: Iterable[str]) -> None:
    """Queue ``paths`` to be forgotten by the HTTP cache after the current transaction commits
    (at once outside a transaction). Nothing happens while HTTP_CACHE_PURGE_URL is unset."""
    paths = {path for path in paths if path}
    if not paths or not cache_servers():
        return
    batch = _current_batch()
    if batch is None:
        batch = _Batch()
        batch.paths.update(paths)
        if connection.in_atomic_block:
            connection._httpcache_batch = batch
        transaction.on_commit(batch.send, robust=True)
        return
    batch.paths.update(paths)
