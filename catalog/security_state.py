"""Security state that must not be lost: fixed-window counters and one-time tokens (ADR 0010).

Both live in PostgreSQL (catalog.security_models), never in the cache. Each check is one
statement against a unique constraint, so parallel requests cannot both see "one left":

- ``count_hit`` inserts the window's counter or adds one to it and returns the new count
  (``INSERT … ON CONFLICT DO UPDATE … RETURNING``); a caller refuses when the count it got back
  is above its limit. The refused hit stays counted.
- ``claim_token`` inserts the token's row or, when it exists, reports that it is taken
  (``INSERT … ON CONFLICT DO NOTHING RETURNING``).

Call them outside a transaction (the public views run in autocommit): a counted hit is then
visible to every other request at once and is not undone when the caller's later work fails.
Subjects are stored as keyed hashes (``subject_hash``): no address or case number in clear.

Rows past ``expires_at`` are dead; ``purge_expired`` deletes them in small batches. It runs
opportunistically whenever a new window's counter is created, and as the management command
``purge_security_state`` (docs/deployment.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from catalog.security_models import RateCounter, UsedToken

PURGE_BATCH = 500
HASH_SALT = "catalog.security_state"


@dataclass(frozen=True)
class Window:
    """The fixed window holding ``now``: windows of a day start at local midnight."""

    start: dt.datetime
    end: dt.datetime

    @property
    def seconds_left(self) -> int:
        return max(int((self.end - timezone.now()).total_seconds()) + 1, 1)


def window_of(seconds: int, *, now: dt.datetime | None = None) -> Window:
    """The window of ``seconds`` length that holds ``now``, aligned to local time."""
    now = now or timezone.now()
    seconds = max(int(seconds), 1)
    offset = timezone.localtime(now).utcoffset() or dt.timedelta(0)
    local_epoch = now.timestamp() + offset.total_seconds()
    start_ts = (local_epoch // seconds) * seconds - offset.total_seconds()
    start = dt.datetime.fromtimestamp(start_ts, tz=dt.UTC)
    return Window(start=start, end=start + dt.timedelta(seconds=seconds))


def subject_hash(*parts: str) -> str:
    """A keyed hash of what is counted (an address, a case number): never stored in clear."""
    return salted_hmac(HASH_SALT, "\x1f".join(parts)).hexdigest()[:64]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def count_hit(*, scope: str, subject: str, window_seconds: int) -> int:
    """Count one action of ``subject`` in the current window and return the window's count."""
    window = window_of(window_seconds)
    table = _table(RateCounter)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, subject, window_start, count, expires_at) "  # noqa: S608
            "VALUES (%s, %s, %s, 1, %s) "
            "ON CONFLICT (scope, subject, window_start) "
            f"DO UPDATE SET count = {table}.count + 1 "
            "RETURNING count",
            [scope, subject, window.start, window.end],
        )
        count = int(cursor.fetchone()[0])
    if count == 1:  # a new window began for this subject: a cheap moment to tidy up
        purge_expired()
    return count


def give_back(*, scope: str, subject: str, window_seconds: int) -> None:
    """Uncount one action of the current window (an attempt that turned out not to count)."""
    window = window_of(window_seconds)
    RateCounter.objects.filter(
        scope=scope, subject=subject, window_start=window.start, count__gt=0
    ).update(count=F("count") - 1)


def current_count(*, scope: str, subject: str, window_seconds: int) -> int:
    """The count of the current window, counting nothing."""
    window = window_of(window_seconds)
    row = (
        RateCounter.objects.filter(scope=scope, subject=subject, window_start=window.start)
        .values_list("count", flat=True)
        .first()
    )
    return int(row or 0)


# --------------------------------------------------------------------------- one-time tokens


def claim_token(*, scope: str, nonce: str, max_age_seconds: int) -> bool:
    """Take the token for its one use; False when it has been taken before (also in parallel)."""
    now = timezone.now()
    table = _table(UsedToken)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, nonce, object_id, claimed_at, expires_at) "  # noqa: S608
            "VALUES (%s, %s, NULL, %s, %s) ON CONFLICT (scope, nonce) DO NOTHING RETURNING id",
            [scope, nonce, now, now + dt.timedelta(seconds=max_age_seconds)],
        )
        return cursor.fetchone() is not None


def token_state(*, scope: str, nonce: str) -> tuple[bool, int | None]:
    """(taken, id of what its use created): (False, None) for a fresh token, (True, None)
    while its action is still running."""
    rows = list(
        UsedToken.objects.filter(
            scope=scope, nonce=nonce, expires_at__gt=timezone.now()
        ).values_list("object_id", flat=True)[:1]
    )
    return (True, rows[0]) if rows else (False, None)


def release_token(*, scope: str, nonce: str, object_id: int | None = None) -> None:
    """Free the token after a failed action, or record what its use created."""
    tokens = UsedToken.objects.filter(scope=scope, nonce=nonce)
    if object_id is None:
        tokens.delete()
    else:
        tokens.update(object_id=object_id)


# --------------------------------------------------------------------------- housekeeping


def purge_expired(*, batch: int = PURGE_BATCH, now: dt.datetime | None = None) -> int:
    """Delete up to ``batch`` dead rows of each table; returns how many went."""
    now = now or timezone.now()
    deleted = 0
    for model in (RateCounter, UsedToken):
        ids = model.objects.filter(expires_at__lte=now).values("pk")[:batch]
        deleted += model.objects.filter(pk__in=ids).delete()[0]
    return deleted
