"""kernel.memo: one publication of a new version per transaction, however many changes."""

from __future__ import annotations

import pytest
from django.db import transaction

from kernel.memo import Memo

pytestmark = pytest.mark.django_db


def publications(callbacks, memo) -> int:
    return sum(1 for c in callbacks if getattr(c, "__self__", None) is memo)


def test_many_changes_in_one_transaction_queue_one_publication(
    django_capture_on_commit_callbacks,
):
    memo = Memo("test-memo-version")
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(50):
            memo.changed()
    assert publications(callbacks, memo) == 1


def test_a_rolled_back_savepoint_does_not_lose_the_publication(
    django_capture_on_commit_callbacks,
):
    memo = Memo("test-memo-version")
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                memo.changed()
                raise RuntimeError
        except RuntimeError:
            pass
        memo.changed()  # queued again: the rolled-back savepoint took the first one with it
    assert publications(callbacks, memo) == 1
