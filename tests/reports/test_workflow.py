"""The annual report's workflow table, walked pair by pair, and its closed event vocabulary."""

import itertools
import re

import pytest

from reports.annual.workflow import (
    EVENT_EDGES,
    REFUSALS,
    TRANSITIONS,
    Action,
    InvalidTransition,
    Status,
    allowed_actions,
    next_status,
)
from reports.models import AnnualReport, ReportEvent

# The workflow as docs/annual-report.md describes it, written out independently of the module.
EXPECTED = {
    (Status.DRAFT, Action.EDIT): Status.DRAFT,
    (Status.DRAFT, Action.FREEZE): Status.FROZEN,
    (Status.FROZEN, Action.REOPEN): Status.DRAFT,
    (Status.FROZEN, Action.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Action.CORRECT): Status.PUBLISHED,
}

ALL_PAIRS = list(itertools.product(Status, Action))
ALLOWED = [pair for pair in ALL_PAIRS if pair in EXPECTED]
REFUSED = [pair for pair in ALL_PAIRS if pair not in EXPECTED]

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_pair_is_either_allowed_or_refused():
    assert len(ALL_PAIRS) == 21
    assert len(ALLOWED) == 5
    assert len(REFUSED) == 16


def test_the_module_table_is_exactly_the_expected_workflow():
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("status", "action"), ALLOWED, ids=str)
def test_allowed_pair_leads_to_the_next_status(status, action):
    assert next_status(str(status), str(action)) == EXPECTED[(status, action)]


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=str)
def test_refused_pair_raises_invalid_transition_with_a_chinese_message(status, action):
    with pytest.raises(InvalidTransition) as refused:
        next_status(str(status), str(action))
    assert refused.value.status == status
    assert refused.value.action == action
    assert CJK.search(str(refused.value))


@pytest.mark.parametrize("action", sorted({action for _, action in EXPECTED}), ids=str)
def test_each_action_of_the_table_has_its_own_refusal(action):
    assert CJK.search(REFUSALS[action])


def test_allowed_actions_lists_the_edges_leaving_a_status():
    assert allowed_actions("draft") == [Action.EDIT, Action.FREEZE]
    assert allowed_actions("frozen") == [Action.REOPEN, Action.PUBLISH]
    assert allowed_actions("published") == [Action.CORRECT]


def test_the_model_choices_are_the_workflow_vocabulary():
    assert set(AnnualReport.Status.values) == {str(s) for s in Status}
    assert set(ReportEvent.Action.values) == {str(a) for a in Action}


def test_every_event_action_names_one_edge_consistent_with_the_table():
    assert set(EVENT_EDGES) == set(Action)
    for action, (before, after) in EVENT_EDGES.items():
        if before is not None:
            assert TRANSITIONS[(before, action)] == after


def test_an_event_knows_its_from_and_to_status_from_its_action():
    freeze = ReportEvent(action=ReportEvent.Action.FREEZE)
    correct = ReportEvent(action=ReportEvent.Action.CORRECT)
    assert (freeze.from_status, freeze.to_status) == ("draft", "frozen")
    assert (correct.from_status, correct.to_status) == (None, "draft")
