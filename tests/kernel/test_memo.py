"""kernel.memo: within coalesced_changes, one publication of a new version per memo."""

from __future__ import annotations

import pytest

from kernel.memo import Memo, coalesced_changes

pytestmark = pytest.mark.django_db


def publications(callbacks, memo) -> int:
    return sum(1 for c in callbacks if getattr(c, "__self__", None) is memo)


def test_changes_in_a_coalesced_block_queue_one_publication(django_capture_on_commit_callbacks):
    memo, other = Memo("test-memo-a"), Memo("test-memo-b")
    with django_capture_on_commit_callbacks() as callbacks, coalesced_changes():
        for _ in range(50):
            memo.changed()
            other.changed()
    assert publications(callbacks, memo) == 1
    assert publications(callbacks, other) == 1


def test_outside_a_block_every_change_queues_its_publication(django_capture_on_commit_callbacks):
    memo = Memo("test-memo-a")
    with django_capture_on_commit_callbacks() as callbacks:
        memo.changed()
        memo.changed()
    assert publications(callbacks, memo) == 2
    with django_capture_on_commit_callbacks() as callbacks, coalesced_changes():
        memo.changed()
    assert publications(callbacks, memo) == 1  # a new block queues again
