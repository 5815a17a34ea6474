"""Scheduled commands run once across app instances: a PostgreSQL advisory lock per command.

Every instance of a cluster may carry the same crontab (or several one-off jobs may overlap);
the first run takes a session-level advisory lock named after the command and the others exit
at once with a message instead of doing the work twice (two reminder mails, two link checks
fighting over one table). The lock belongs to the database session: a run that dies, or whose
connection drops, frees it without anyone's help.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, OutputWrapper
from django.db import connection


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL's advisory locks take a bigint)."""
    digest = hashlib.sha256(f"sunshine:runonce:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def run_once(name: str, using=None) -> Iterator[bool]:
    """Hold the advisory lock of ``name`` for the block; yields False when another session
    holds it (then the caller must not do the work)."""
    conn = using or connection
    key = lock_key(name)
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with conn.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


class RunOnceCommand(BaseCommand):
    """A management command that runs at most once at a time across every app instance."""

    def run_once_name(self) -> str:
        return type(self).__module__.rsplit(".", 1)[-1]

    def execute(self, *args, **options):
        name = self.run_once_name()
        with run_once(name) as acquired:
            if not acquired:
                # self.stderr is set up by BaseCommand.execute, which is not reached here.
                stderr = OutputWrapper(options.get("stderr") or sys.stderr)
                stderr.write(f"{name} 已在另一实例上运行，本次不再执行。")
                return ""
            return super().execute(*args, **options)
