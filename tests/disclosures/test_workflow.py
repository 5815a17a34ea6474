"""The disclosure workflow table, walked pair by pair (pure module, no database)."""

import itertools
import re

import pytest

from disclosures.workflow import (
    ACTION_LABELS,
    EDITABLE,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    InvalidTransition,
    Status,
    allowed_actions,
    next_status,
)

# The publishing workflow as the rules describe it, written out independently of the module.
EXPECTED = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.RETURN): Status.DRAFT,
    (Status.SUBMITTED, Action.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Action.WITHDRAW): Status.WITHDRAWN,
}

ALL_PAIRS = list(itertools.product(Status, Action))
ALLOWED = [pair for pair in ALL_PAIRS if pair in EXPECTED]
REFUSED = [pair for pair in ALL_PAIRS if pair not in EXPECTED]

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_pair_is_either_allowed_or_refused():
    assert len(ALL_PAIRS) == 16
    assert len(ALLOWED) == 4
    assert len(REFUSED) == 12


def test_the_module_table_is_exactly_the_expected_workflow():
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("status", "action"), ALLOWED, ids=lambda v: str(v))
def test_allowed_pair_leads_to_the_next_status(status, action):
    assert next_status(status, action) == EXPECTED[(status, action)]


@pytest.mark.parametrize(("status", "action"), ALLOWED, ids=lambda v: str(v))
def test_allowed_pair_accepts_plain_strings_from_the_database(status, action):
    result = next_status(status.value, action.value)
    assert result == EXPECTED[(status, action)]
    assert isinstance(result, Status)


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=lambda v: str(v))
def test_refused_pair_raises_invalid_transition_in_chinese(status, action):
    with pytest.raises(InvalidTransition) as excinfo:
        next_status(status, action)
    message = str(excinfo.value)
    assert CJK.search(message)
    assert STATUS_LABELS[status] in message
    assert ACTION_LABELS[action] in message
    assert excinfo.value.status == status
    assert excinfo.value.action == action


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.DRAFT, [Action.SUBMIT]),
        (Status.SUBMITTED, [Action.RETURN, Action.PUBLISH]),
        (Status.PUBLISHED, [Action.WITHDRAW]),
        (Status.WITHDRAWN, []),
    ],
)
def test_allowed_actions_lists_the_outgoing_edges(status, expected):
    assert sorted(allowed_actions(status)) == sorted(expected)
    assert sorted(allowed_actions(status.value)) == sorted(expected)


@pytest.mark.parametrize("status", list(Status))
def test_allowed_actions_agree_with_next_status(status):
    for action in Action:
        if action in allowed_actions(status):
            next_status(status, action)
        else:
            with pytest.raises(InvalidTransition):
                next_status(status, action)


def test_withdrawn_is_final():
    assert allowed_actions(Status.WITHDRAWN) == []


def test_unknown_status_or_action_is_an_error_not_a_transition():
    with pytest.raises(ValueError, match="archived"):
        next_status("archived", Action.SUBMIT)
    with pytest.raises(ValueError, match="delete"):
        next_status(Status.DRAFT, "delete")


def test_only_drafts_and_published_items_are_editable():
    assert frozenset({Status.DRAFT, Status.PUBLISHED}) == EDITABLE


def test_every_status_and_action_has_a_chinese_label():
    for label in [*STATUS_LABELS.values(), *ACTION_LABELS.values()]:
        assert CJK.search(label)
    assert set(STATUS_LABELS) == set(Status)
    assert set(ACTION_LABELS) == set(Action)
