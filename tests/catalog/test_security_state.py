"""catalog.security_state: counters and one-time tokens in the database, and their purge."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog import security_state
from catalog.security_models import RateCounter, UsedToken

pytestmark = pytest.mark.django_db


def test_hits_are_counted_per_scope_subject_and_window_and_can_be_given_back():
    count = security_state.count_hit
    assert count(scope="s", subject="a", window_seconds=3600) == 1
    assert count(scope="s", subject="a", window_seconds=3600) == 2
    assert count(scope="s", subject="b", window_seconds=3600) == 1
    assert count(scope="t", subject="a", window_seconds=3600) == 1
    security_state.give_back(scope="s", subject="a", window_seconds=3600)
    assert security_state.current_count(scope="s", subject="a", window_seconds=3600) == 1


def test_day_windows_start_at_local_midnight():
    noon = dt.datetime(2026, 12, 6, 12, 0, tzinfo=timezone.get_current_timezone())
    window = security_state.window_of(86400, now=noon)
    assert timezone.localtime(window.start) == dt.datetime(
        2026, 12, 6, tzinfo=timezone.get_current_timezone()
    )
    assert timezone.localtime(window.end) == dt.datetime(
        2026, 12, 7, tzinfo=timezone.get_current_timezone()
    )


def test_a_token_is_claimed_once_then_records_what_it_created():
    claim = security_state.claim_token
    assert claim(scope="f", nonce="n1", max_age_seconds=60)
    assert not claim(scope="f", nonce="n1", max_age_seconds=60)
    assert security_state.token_state(scope="f", nonce="n1") == (True, None)
    security_state.release_token(scope="f", nonce="n1", object_id=42)
    assert security_state.token_state(scope="f", nonce="n1") == (True, 42)
    security_state.release_token(scope="f", nonce="n2")  # nothing to free: no error
    assert security_state.token_state(scope="f", nonce="n2") == (False, None)


def test_purge_deletes_expired_rows_only():
    past = timezone.now() - dt.timedelta(days=2)
    RateCounter.objects.create(
        scope="s", subject="old", window_start=past, count=3, expires_at=past + dt.timedelta(1)
    )
    UsedToken.objects.create(scope="f", nonce="old", claimed_at=past, expires_at=past)
    security_state.count_hit(scope="s", subject="new", window_seconds=3600)
    security_state.claim_token(scope="f", nonce="new", max_age_seconds=60)
    out = io.StringIO()
    call_command("purge_security_state", stdout=out)
    assert "已删除过期记录" in out.getvalue()
    assert list(RateCounter.objects.values_list("subject", flat=True)) == ["new"]
    assert list(UsedToken.objects.values_list("nonce", flat=True)) == ["new"]
