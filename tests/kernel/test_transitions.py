"""kernel.transitions: the one implementation of the 互动交流 transition tables."""

from __future__ import annotations

import enum

import pytest

from kernel.transitions import GENERIC_REFUSAL, InvalidTransition, TransitionTable


class S(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    DONE = "done"


class A(enum.StrEnum):
    OPEN = "open"
    NOTE = "note"
    CLOSE = "close"


TABLE = TransitionTable(
    S,
    A,
    {(S.DRAFT, A.OPEN): S.OPEN, (S.OPEN, A.CLOSE): S.DONE},
    side_actions={A.NOTE: frozenset({S.DRAFT, S.OPEN})},
    refusals={A.CLOSE: "只有进行中的事项可以结束。"},
)


@pytest.mark.parametrize(
    ("status", "action", "expected"),
    [
        ("draft", "open", S.OPEN),
        ("open", "close", S.DONE),
        ("draft", "note", S.DRAFT),  # a side action stays where it is
        ("open", "note", S.OPEN),
    ],
)
def test_allowed_moves(status, action, expected):
    assert TABLE.next_status(status, action) is expected


@pytest.mark.parametrize(
    ("status", "action", "message"),
    [
        ("draft", "close", "只有进行中的事项可以结束。"),
        ("done", "note", GENERIC_REFUSAL),
        ("done", "open", GENERIC_REFUSAL),
        ("archived", "open", GENERIC_REFUSAL),  # an unknown status
        ("draft", "delete", GENERIC_REFUSAL),  # an unknown action
    ],
)
def test_refusals_carry_the_status_the_action_and_the_chinese_message(status, action, message):
    with pytest.raises(InvalidTransition) as caught:
        TABLE.next_status(status, action)
    assert (caught.value.status, caught.value.action, str(caught.value)) == (
        status,
        action,
        message,
    )


def test_allowed_actions_in_enum_order():
    assert TABLE.allowed_actions("draft") == [A.OPEN, A.NOTE]
    assert TABLE.allowed_actions("open") == [A.NOTE, A.CLOSE]
    assert TABLE.allowed_actions("done") == []


def test_a_described_refusal_is_built_from_status_and_action():
    table = TransitionTable(S, A, {}, describe_refusal=lambda s, a: f"“{s}”时不能{a}")
    with pytest.raises(InvalidTransition, match="“done”时不能open"):
        table.next_status("done", "open")
