"""A scheduled command runs once across instances: while one database session holds its
advisory lock, a second run (another instance, here another thread with its own connection)
exits at once with a message and does none of the work."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from kernel.runonce import lock_key, run_once

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def held_elsewhere(name: str) -> Iterator[None]:
    """Hold ``name``'s lock from another thread, i.e. another database connection."""
    taken, release, result = threading.Event(), threading.Event(), {}

    def hold():
        try:
            with run_once(name) as acquired:
                result["acquired"] = acquired
                taken.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(10)
    assert result["acquired"] is True
    try:
        yield
    finally:
        release.set()
        thread.join(10)


def test_the_lock_key_is_stable_and_fits_a_bigint():
    assert lock_key("sync_obligations") == lock_key("sync_obligations")
    assert lock_key("sync_obligations") != lock_key("check_links")
    assert -(2**63) <= lock_key("check_links") < 2**63


def test_a_second_session_does_not_get_the_lock_until_the_first_releases_it():
    with held_elsewhere("nightly-job"), run_once("nightly-job") as acquired:
        assert acquired is False
    with run_once("nightly-job") as acquired:
        assert acquired is True
    with run_once("nightly-job") as again:  # released at the end of the block
        assert again is True


def test_a_scheduled_command_running_elsewhere_makes_the_second_run_exit_at_once():
    out, err = StringIO(), StringIO()
    with held_elsewhere("sync_obligations"):
        call_command("sync_obligations", stdout=out, stderr=err)
    assert out.getvalue() == ""  # none of the work was done
    assert "sync_obligations 已在另一实例上运行，本次不再执行。" in err.getvalue()

    call_command("sync_obligations", stdout=out, stderr=err)
    assert out.getvalue()  # the next run, alone, does its work
