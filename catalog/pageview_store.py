"""Where page views wait between requests and the database (ADR 0017).

A request only adds one to a counter held in this process (a dict under a lock) or, when
REDIS_URL is set, in Redis (one HINCRBY, shared by every worker). Neither touches the
database. ``flush()`` moves what has been counted into ``catalog_pageview`` with one
``INSERT … ON CONFLICT DO UPDATE`` statement; it runs on a background thread every
PAGE_VIEWS_FLUSH_SECONDS (or PAGE_VIEWS_FLUSH_REQUESTS counted views), at process exit and
from ``manage.py flush_page_views``.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, connections

logger = logging.getLogger("catalog.pageviews")

# Distinct paths kept per flush period: past it, further new paths are counted under one
# overflow row, so a crawler inventing addresses cannot grow memory or the table without end.
MAX_PATHS_PER_FLUSH = 5000
OVERFLOW_PATH = "(其他页面)"
REDIS_KEY = "sunshine:pageviews:{day}"
DRAINING = ":draining"

Key = tuple[dt.date, str]


class MemoryCounter:
    """Counts of this process, thread-safe; drained by ``flush``."""

    def __init__(self, max_paths: int = MAX_PATHS_PER_FLUSH):
        self._lock = threading.Lock()
        self._counts: Counter[Key] = Counter()
        self.max_paths = max_paths
        self.pending = 0  # views added since the last drain

    def add(self, day: dt.date, path: str) -> int:
        """Count one view; returns the views waiting since the last drain."""
        with self._lock:
            key = (day, path)
            if key not in self._counts and len(self._counts) >= self.max_paths:
                key = (day, OVERFLOW_PATH)
            self._counts[key] += 1
            self.pending += 1
            return self.pending

    def drain(self) -> dict[Key, int]:
        with self._lock:
            counts, self._counts = dict(self._counts), Counter()
            self.pending = 0
            return counts

    def restore(self, counts: dict[Key, int]) -> None:
        """Put back counts a failed flush could not write (kept for the next flush)."""
        with self._lock:
            self._counts.update(counts)


class RedisCounter:
    """Counts shared by every worker in one Redis hash per day (REDIS_URL)."""

    def __init__(self, url: str, max_paths: int = MAX_PATHS_PER_FLUSH):
        import redis  # only needed when REDIS_URL is set

        self.client = redis.Redis.from_url(url)
        self.max_paths = max_paths
        self.pending = 0

    def add(self, day: dt.date, path: str) -> int:
        self.client.hincrby(REDIS_KEY.format(day=day.isoformat()), path, 1)
        self.pending += 1
        return self.pending

    def drain(self) -> dict[Key, int]:
        """Take every day's hash: RENAMENX it aside, then read and delete each set-aside copy
        in one MULTI (two flushes at once each get a share, never the same views twice). A
        copy left by a flush that failed half-way is taken by the next one."""
        self.pending = 0
        for raw in self.client.scan_iter(match=REDIS_KEY.format(day="*")):
            key = raw.decode()
            if not key.endswith(DRAINING):
                self.client.renamenx(key, key + DRAINING)
        counts: Counter[Key] = Counter()
        for raw in self.client.scan_iter(match=REDIS_KEY.format(day="*") + DRAINING):
            key = raw.decode()
            day = dt.date.fromisoformat(key.removesuffix(DRAINING).rsplit(":", 1)[1])
            pipe = self.client.pipeline(transaction=True)
            pipe.hgetall(key)
            pipe.delete(key)
            values, _ = pipe.execute()
            for path, n in values.items():
                counts[(day, path.decode())] += int(n)
        return _cap(counts, self.max_paths)

    def restore(self, counts: dict[Key, int]) -> None:
        pipe = self.client.pipeline()
        for (day, path), n in counts.items():
            pipe.hincrby(REDIS_KEY.format(day=day.isoformat()), path, n)
        pipe.execute()


def _cap(counts: Counter[Key], max_paths: int) -> dict[Key, int]:
    """The ``max_paths`` most viewed paths of each day; the rest summed under the overflow row."""
    result: Counter[Key] = Counter()
    by_day: dict[dt.date, list[tuple[str, int]]] = {}
    for (day, path), n in counts.items():
        by_day.setdefault(day, []).append((path, n))
    for day, rows in by_day.items():
        rows.sort(key=lambda row: -row[1])
        for index, (path, n) in enumerate(rows):
            result[(day, path if index < max_paths else OVERFLOW_PATH)] += n
    return dict(result)


UPSERT = """
INSERT INTO catalog_pageview (day, path, count)
SELECT * FROM unnest(%s::date[], %s::varchar[], %s::integer[])
ON CONFLICT (day, path) DO UPDATE SET count = catalog_pageview.count + EXCLUDED.count
"""


def write(counts: Iterable[tuple[Key, int]]) -> int:
    """Add the counts to the table in one statement; returns the views written."""
    rows = [(day, path[:200], n) for (day, path), n in counts if n > 0]
    if not rows:
        return 0
    days, paths, numbers = (list(column) for column in zip(*rows, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [days, paths, numbers])
    return sum(numbers)


_counter: MemoryCounter | RedisCounter | None = None
_counter_lock = threading.Lock()
_flush_lock = threading.Lock()
_start_lock = threading.Lock()
_last_flush = time.monotonic()


def counter() -> MemoryCounter | RedisCounter:
    """The process's counter, made on first use (Redis when REDIS_URL is set)."""
    global _counter
    if _counter is None:
        with _counter_lock:
            if _counter is None:
                url = getattr(settings, "REDIS_URL", "")
                _counter = RedisCounter(url) if url else MemoryCounter()
                atexit.register(flush)
    return _counter


def reset_counter(new: MemoryCounter | RedisCounter | None = None) -> None:
    """Replace the process's counter (tests; a new worker after fork starts empty anyway)."""
    global _counter
    with _counter_lock:
        _counter = new


def flush() -> int:
    """Write everything counted so far; returns the views written. On a database error the
    counts are kept for the next flush (a page view is worth a retry, not a crash)."""
    global _last_flush
    with _flush_lock:
        _last_flush = time.monotonic()
        current = counter()
        counts = current.drain()
        if not counts:
            return 0
        try:
            return write(counts.items())
        except Exception:
            logger.warning("page views not written; kept for the next flush", exc_info=True)
            current.restore(counts)
            return 0


def _flush_in_background() -> None:
    try:
        flush()
    finally:
        connections.close_all()  # this thread's own connection


def maybe_flush(pending: int) -> None:
    """Start a background flush when the period has passed or enough views wait. The request
    that triggers it does not wait and runs no query itself."""
    seconds = getattr(settings, "PAGE_VIEWS_FLUSH_SECONDS", 60)
    enough = getattr(settings, "PAGE_VIEWS_FLUSH_REQUESTS", 1000)
    global _last_flush
    due = time.monotonic() - _last_flush >= seconds or pending >= enough
    if not due or _flush_lock.locked() or not _start_lock.acquire(blocking=False):
        return
    try:
        _last_flush = time.monotonic()  # one starter per period, however many threads see it
        threading.Thread(target=_flush_in_background, name="page-views-flush", daemon=True).start()
    finally:
        _start_lock.release()
