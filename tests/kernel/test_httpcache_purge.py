"""The purger: paths queued in a transaction reach the cache once, after the commit, and never
after a rollback; failures are logged, not raised; unset HTTP_CACHE_PURGE_URL sends nothing."""

from __future__ import annotations

import re

import pytest
from django.db import transaction

from kernel.httpcache.purge import ban_pattern, purge_paths
from tests.banserver import ban_server

pytestmark = pytest.mark.django_db


def test_the_ban_pattern_matches_the_path_with_any_query_string_and_nothing_else():
    pattern = re.compile(ban_pattern(["/xxgk/lm/gzdt/", "/xxgk/ml.csv"]))
    assert pattern.match("/xxgk/lm/gzdt/")
    assert pattern.match("/xxgk/lm/gzdt/?page=3&fs=l")
    assert pattern.match("/xxgk/ml.csv")
    assert not pattern.match("/xxgk/lm/gzdt/extra/")
    assert not pattern.match("/xxgk/mlxcsv")  # the dot is literal
    assert not pattern.match("/a/xxgk/lm/gzdt/")


def test_paths_are_sent_once_after_the_commit_deduplicated(
    bans, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        purge_paths(["/a/", "/b/"])
        purge_paths(["/b/", "/c/"])
        assert bans.patterns == []  # not before the commit
    assert len(callbacks) == 1
    assert len(bans.patterns) == 1
    assert bans.paths() == {"/a/", "/b/", "/c/"}


def test_a_rolled_back_transaction_sends_nothing(bans, django_capture_on_commit_callbacks):

    def queue_then_fail():
        with transaction.atomic():
            purge_paths(["/rolled-back/"])
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            queue_then_fail()
        purge_paths(["/kept/"])
    assert bans.paths() == {"/kept/"}


def test_nothing_is_queued_when_no_cache_is_configured(
    settings, django_capture_on_commit_callbacks
):
    settings.HTTP_CACHE_PURGE_URL = []
    with django_capture_on_commit_callbacks() as callbacks:
        purge_paths(["/a/"])
    assert callbacks == []


def test_a_failing_cache_is_logged_and_the_commit_goes_on(
    settings, caplog, django_capture_on_commit_callbacks
):
    with ban_server(status=200) as alive:
        settings.HTTP_CACHE_PURGE_URL = ["http://127.0.0.1:9", alive.url]  # port 9: refused
        settings.HTTP_CACHE_PURGE_TIMEOUT = 1
        with django_capture_on_commit_callbacks(execute=True):
            purge_paths(["/a/"])
    assert alive.paths() == {"/a/"}  # the other cache still heard of it
    assert "HTTP cache purge at http://127.0.0.1:9 failed" in caplog.text
