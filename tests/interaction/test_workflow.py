"""The letter workflow's transition table, walked pair by pair (interaction.workflow)."""

from __future__ import annotations

import itertools

import pytest

from interaction.workflow import (
    ACTION_LABELS,
    OPEN,
    REFUSALS,
    REJECTION_GUIDANCE,
    REJECTION_LABELS,
    STATUS_LABELS,
    TERMINAL,
    Action,
    InvalidTransition,
    RejectionReason,
    Status,
    allowed_actions,
    next_status,
)

S, A = Status, Action

# The specification, written out from the issue (#16): every allowed (status, action) → status.
ALLOWED = {
    (S.RECEIVED, A.ACCEPT): S.ACCEPTED,
    (S.RECEIVED, A.REJECT): S.REJECTED,
    (S.RECEIVED, A.TRANSFER): S.RECEIVED,
    (S.RECEIVED, A.MERGE): S.CLOSED,
    (S.RECEIVED, A.CLOSE_ABUSIVE): S.CLOSED,
    (S.RECEIVED, A.REMIND): S.RECEIVED,
    (S.RECEIVED, A.RECOMPUTE): S.RECEIVED,
    (S.ACCEPTED, A.TRANSFER): S.PROCESSING,
    (S.ACCEPTED, A.ASSIGN): S.PROCESSING,
    (S.ACCEPTED, A.SUBMIT_REPLY): S.REVIEWING,
    (S.ACCEPTED, A.EXTEND): S.ACCEPTED,
    (S.ACCEPTED, A.MERGE): S.CLOSED,
    (S.ACCEPTED, A.CLOSE_ABUSIVE): S.CLOSED,
    (S.ACCEPTED, A.REMIND): S.ACCEPTED,
    (S.ACCEPTED, A.RECOMPUTE): S.ACCEPTED,
    (S.PROCESSING, A.TRANSFER): S.PROCESSING,
    (S.PROCESSING, A.ASSIGN): S.PROCESSING,
    (S.PROCESSING, A.SUBMIT_REPLY): S.REVIEWING,
    (S.PROCESSING, A.EXTEND): S.PROCESSING,
    (S.PROCESSING, A.MERGE): S.CLOSED,
    (S.PROCESSING, A.CLOSE_ABUSIVE): S.CLOSED,
    (S.PROCESSING, A.REMIND): S.PROCESSING,
    (S.PROCESSING, A.RECOMPUTE): S.PROCESSING,
    (S.REVIEWING, A.RETURN_REPLY): S.PROCESSING,
    (S.REVIEWING, A.APPROVE): S.ANSWERED,
    (S.REVIEWING, A.EXTEND): S.REVIEWING,
    (S.REVIEWING, A.MERGE): S.CLOSED,
    (S.REVIEWING, A.CLOSE_ABUSIVE): S.CLOSED,
    (S.REVIEWING, A.REMIND): S.REVIEWING,
    (S.REVIEWING, A.RECOMPUTE): S.REVIEWING,
    (S.ANSWERED, A.RATE): S.RATED,
    (S.ANSWERED, A.FOLLOW_UP): S.FOLLOWED_UP,
    (S.ANSWERED, A.CLOSE): S.CLOSED,
    (S.ANSWERED, A.PUBLISH): S.ANSWERED,
    (S.ANSWERED, A.UNPUBLISH): S.ANSWERED,
    (S.RATED, A.CLOSE): S.CLOSED,
    (S.RATED, A.PUBLISH): S.RATED,
    (S.RATED, A.UNPUBLISH): S.RATED,
    (S.FOLLOWED_UP, A.SUBMIT_REPLY): S.REVIEWING,
    (S.FOLLOWED_UP, A.EXTEND): S.FOLLOWED_UP,
    (S.FOLLOWED_UP, A.MERGE): S.CLOSED,
    (S.FOLLOWED_UP, A.CLOSE_ABUSIVE): S.CLOSED,
    (S.FOLLOWED_UP, A.REMIND): S.FOLLOWED_UP,
    (S.FOLLOWED_UP, A.RECOMPUTE): S.FOLLOWED_UP,
    (S.CLOSED, A.PUBLISH): S.CLOSED,
    (S.CLOSED, A.UNPUBLISH): S.CLOSED,
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status, Action)))
def test_every_pair_is_allowed_exactly_as_specified(status, action):
    if (status, action) in ALLOWED:
        assert next_status(status, action) == ALLOWED[(status, action)]
        assert action in allowed_actions(status)
    else:
        with pytest.raises(InvalidTransition):
            next_status(status, action)
        assert action not in allowed_actions(status)


def test_a_refusal_explains_itself_in_chinese():
    with pytest.raises(InvalidTransition) as exc:
        next_status(S.ANSWERED, A.ACCEPT)
    assert str(exc.value) == "只有待受理的来信可以受理。"


def test_an_unknown_status_is_refused_not_crashed():
    with pytest.raises(InvalidTransition):
        next_status("archived", A.ACCEPT)


def test_terminal_statuses_allow_nothing_that_changes_the_status():
    for status in TERMINAL:
        assert all(next_status(status, a) == status for a in allowed_actions(status))


def test_one_follow_up_only():
    after_follow_up = next_status(S.ANSWERED, A.FOLLOW_UP)
    answered_again = next_status(next_status(after_follow_up, A.SUBMIT_REPLY), A.APPROVE)
    assert answered_again == S.ANSWERED  # the service refuses a second follow-up by its field


def test_every_status_is_reachable_from_received_and_every_open_one_can_end():
    reachable, frontier = {S.RECEIVED}, [S.RECEIVED]
    while frontier:
        here = frontier.pop()
        for action in allowed_actions(here):
            there = next_status(here, action)
            if there not in reachable:
                reachable.add(there)
                frontier.append(there)
    assert reachable == set(Status)
    for status in OPEN:
        assert {A.MERGE, A.CLOSE_ABUSIVE} <= set(allowed_actions(status))


def test_every_label_and_refusal_is_written():
    assert set(STATUS_LABELS) == set(Status)
    assert set(ACTION_LABELS) == set(Action)
    assert set(REFUSALS) == set(Action) - {A.SUBMIT}
    assert set(REJECTION_LABELS) == set(REJECTION_GUIDANCE) == set(RejectionReason)
    assert all("信访" in REJECTION_GUIDANCE[RejectionReason.PETITION] for _ in [0])
