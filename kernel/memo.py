"""A per-process memo of derived values, kept in step across processes by a version token.

Each process keeps its own dict; a random version token in the shared cache (Redis or the
database cache table) tells every process when to empty it. ``catalog.sitecache`` (site-wide
rows) and ``disclosures.pagination`` (public item data) are built on it.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection, transaction

logger = logging.getLogger(__name__)

CHECK_SECONDS = 5.0
MAX_AGE = 900.0

T = TypeVar("T")

# Every memo by its version key: the HTTP validators (catalog.httpcache) read all the tokens.
_registry: weakref.WeakValueDictionary[str, Memo] = weakref.WeakValueDictionary()


def new_token() -> str:
    """A version token that carries its publication time: ``<milliseconds hex>.<random>``."""
    return f"{time.time_ns() // 1_000_000:x}.{uuid.uuid4().hex}"


def current_versions() -> dict[str, str]:
    """Every memo's version token as this process knows it (refreshed from the shared cache
    at most every ``check_seconds``, like the memo itself): together they change whenever
    any memo's data changes, here at once after the commit and elsewhere within seconds."""
    versions = {}
    for key, memo in sorted(_registry.items()):
        memo.refresh()
        versions[key] = memo.token or ""
    return versions


class Memo:
    """A per-process dict of derived values, emptied when its shared version token changes.

    ``changed()`` empties it here at once and, after the commit, publishes a new token in the
    shared cache; other processes see the token within ``check_seconds``. ``max_age`` bounds
    the life of everything in it (for writes that bypass the signals), ``max_entries`` its size
    (the oldest half goes when it is full).
    """

    def __init__(
        self,
        version_key: str,
        *,
        check_seconds: float = CHECK_SECONDS,
        max_age: float = MAX_AGE,
        max_entries: int = 512,
    ) -> None:
        self.version_key = version_key
        _registry[version_key] = self
        self.check_seconds = check_seconds
        self.max_age = max_age
        self.max_entries = max_entries
        self.lock = threading.Lock()
        self.data: dict[Any, Any] = {}
        self.building: dict[Any, threading.Lock] = {}
        self.generation = 0
        self.token: str | None = None
        # A new (empty) memo is built from the database as it is now: the first look at the
        # shared token can wait for the normal interval.
        self.checked = time.monotonic()
        self.started = time.monotonic()

    def clear(self) -> None:
        with self.lock:
            self.data = {}
            self.generation += 1
            self.started = time.monotonic()

    def reset(self, **kwargs) -> None:
        """Forget everything, the token included (settings changed, tests)."""
        self.clear()
        self.token = None
        self.checked = time.monotonic()

    def _shared_token(self) -> str | None:
        try:
            token = cache.get(self.version_key)
            if token is None:
                cache.add(self.version_key, new_token(), timeout=None)
                token = cache.get(self.version_key)
        except Exception:  # a missing cache table must not take the site down
            logger.warning("shared cache unavailable; memo relies on max_age", exc_info=True)
            return None
        return token

    def refresh(self) -> None:
        now = time.monotonic()
        if now - self.checked < self.check_seconds and now - self.started < self.max_age:
            return
        if not shared_token_readable():
            return
        self.checked = now
        token = self._shared_token()
        if token != self.token or now - self.started >= self.max_age:
            self.clear()
            self.token = token

    def get(
        self, key: Any, build: Callable[[], T], *, keep: Callable[[T], bool] | None = None
    ) -> T:
        """The value under ``key``, built once per version in this process. Threads asking
        for a key another thread is building wait for it instead of building it again (after
        a change, eight requests for one cold list would otherwise run its query eight times
        at once). A value ``keep`` refuses is handed out and not kept (a key made of request
        parameters that turned out malformed must not take a place in the memo)."""
        self.refresh()
        try:
            return self.data[key]
        except KeyError:
            pass
        with self.lock:
            building = self.building.setdefault(key, threading.Lock())
        with building:
            try:
                return self.data[key]
            except KeyError:
                pass
            try:
                return self._build(key, build, keep)
            finally:
                with self.lock:
                    self.building.pop(key, None)

    def _build(self, key: Any, build: Callable[[], T], keep=None) -> T:
        generation = self.generation
        value = build()
        if keep is not None and not keep(value):
            return value
        with self.lock:
            # A change while building may have made the value stale: hand it out, keep nothing.
            if generation == self.generation:
                if len(self.data) >= self.max_entries:
                    for old in list(self.data)[: self.max_entries // 2]:
                        del self.data[old]
                self.data[key] = value
        return value

    def _publish_new_version(self) -> None:
        token = new_token()
        try:
            cache.set(self.version_key, token, timeout=None)
        except Exception:
            logger.warning("could not publish a new memo version", exc_info=True)
            token = None
        self.clear()
        self.token = token
        self.checked = time.monotonic()

    def changed(self, *, using: str = "default") -> None:
        """Forget the memo here now, and everywhere once the change is committed (once per
        :func:`coalesced_changes` block)."""
        self.clear()
        batch = getattr(_coalescing, "memos", None)
        if batch is not None:
            if self in batch:
                return
            batch.add(self)
        transaction.on_commit(self._publish_new_version, using=using)

    def on_model_change(self, sender, **kwargs) -> None:
        """Signal receiver for the models the memo is built from."""
        self.changed(using=kwargs.get("using") or "default")


_coalescing = threading.local()


@contextmanager
def coalesced_changes():
    """Within the block, each memo queues one publication of a new version, not one per
    changed row: for a transaction that writes thousands of rows (a catalogue import), wrapped
    whole in the block so that the one publication is committed or dropped with all of them."""
    outer = getattr(_coalescing, "memos", None)
    _coalescing.memos = outer if outer is not None else set()
    try:
        yield
    finally:
        _coalescing.memos = outer


def shared_token_readable() -> bool:
    """Outside a transaction only: inside one (ATOMIC_REQUESTS, tests) the database cache
    would be read in the transaction's snapshot, and the local signals already cover it."""
    return not connection.in_atomic_block
