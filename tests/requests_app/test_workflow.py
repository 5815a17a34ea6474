"""The 依申请公开 transition table, walked pair by pair against an independent expectation."""

import itertools

import pytest

from requests_app.workflow import (
    ACTION_LABELS,
    OPEN,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    InvalidTransition,
    Status,
    allowed_actions,
    next_status,
)

S, A = Status, Action

# Written out from 条例 Arts. 30-33 and 109号, not derived from TRANSITIONS.
EXPECTED = {
    (S.RECEIVED, A.REQUEST_CORRECTION): S.CORRECTING,
    (S.RECEIVED, A.START_CONSULTATION): S.CONSULTING,
    (S.RECEIVED, A.ISSUE_FEE_NOTICE): S.AWAITING_FEE,
    (S.RECEIVED, A.EXTEND): S.RECEIVED,
    (S.RECEIVED, A.ANSWER): S.CLOSED,
    (S.RECEIVED, A.CLOSE_OTHER): S.CLOSED,
    (S.CORRECTING, A.RECEIVE_CORRECTION): S.RECEIVED,
    (S.CORRECTING, A.CORRECTION_LAPSED): S.CLOSED,
    (S.CORRECTING, A.CLOSE_OTHER): S.CLOSED,
    (S.CONSULTING, A.END_CONSULTATION): S.RECEIVED,
    (S.CONSULTING, A.CLOSE_OTHER): S.CLOSED,
    (S.AWAITING_FEE, A.RECORD_PAYMENT): S.RECEIVED,
    (S.AWAITING_FEE, A.FEE_LAPSED): S.CLOSED,
    (S.AWAITING_FEE, A.CLOSE_OTHER): S.CLOSED,
}

ALL_PAIRS = list(itertools.product(Status, Action))


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS, ids=lambda v: str(v))
def test_every_status_and_action_pair(status, action):
    if (status, action) in EXPECTED:
        assert next_status(status, action) == EXPECTED[(status, action)]
        assert action in allowed_actions(status)
    else:
        with pytest.raises(InvalidTransition) as excinfo:
            next_status(status, action)
        assert action not in allowed_actions(status)
        # The message staff see names both, in Chinese.
        assert STATUS_LABELS[status] in str(excinfo.value)
        assert ACTION_LABELS[action] in str(excinfo.value)


def test_the_table_has_no_edge_beyond_the_expected_ones():
    assert TRANSITIONS == EXPECTED


def test_plain_strings_are_accepted_as_status_and_action():
    assert next_status("received", "answer") == Status.CLOSED


def test_a_closed_case_allows_nothing():
    assert allowed_actions(Status.CLOSED) == []


def test_open_statuses_are_those_with_a_way_to_closed():
    assert {s for s in Status if allowed_actions(s)} == OPEN
    for status in OPEN:
        assert next_status(status, Action.CLOSE_OTHER) == Status.CLOSED


def test_every_status_and_action_has_a_chinese_label():
    assert set(STATUS_LABELS) == set(Status)
    assert set(ACTION_LABELS) == set(Action)


@pytest.mark.parametrize("bad", ["archived", ""])
def test_an_unknown_status_is_a_programming_error(bad):
    with pytest.raises(ValueError, match="is not a valid Status"):
        next_status(bad, Action.ANSWER)
