"""The survey workflow table and the phase by dates (pure)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from interaction.surveys.workflow import (
    TRANSITIONS,
    Action,
    InvalidTransition,
    Phase,
    ResultsPolicy,
    Status,
    next_status,
    phase,
    results_public,
)

EXPECTED = {
    (Status.DRAFT, Action.SUBMIT): Status.REVIEWING,
    (Status.REVIEWING, Action.RETURN): Status.DRAFT,
    (Status.REVIEWING, Action.APPROVE): Status.PUBLISHED,
    (Status.PUBLISHED, Action.WITHDRAW): Status.DRAFT,
    (Status.PUBLISHED, Action.CLOSE): Status.CLOSED,
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(Status, Action)))
def test_every_status_and_action_pair(status, action):
    if (status, action) in EXPECTED:
        assert next_status(status, action) is EXPECTED[(status, action)]
    else:
        with pytest.raises(InvalidTransition) as caught:
            next_status(status, action)
        assert "不能" in str(caught.value)


def test_the_table_is_what_the_test_expects():
    assert TRANSITIONS == EXPECTED


def test_unknown_values_are_refused():
    with pytest.raises(InvalidTransition):
        next_status("nonsense", "submit")


T0 = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
T1 = dt.datetime(2026, 5, 31, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("status", "now", "expected"),
    [
        (Status.DRAFT, T0, Phase.UNPUBLISHED),
        (Status.REVIEWING, T0, Phase.UNPUBLISHED),
        (Status.PUBLISHED, T0 - dt.timedelta(seconds=1), Phase.SCHEDULED),
        (Status.PUBLISHED, T0, Phase.OPEN),
        (Status.PUBLISHED, T1 - dt.timedelta(seconds=1), Phase.OPEN),
        (Status.PUBLISHED, T1, Phase.ENDED),
        (Status.CLOSED, T0, Phase.ENDED),
    ],
)
def test_phase_by_status_and_dates(status, now, expected):
    assert phase(status, opens_at=T0, closes_at=T1, now=now) is expected


@pytest.mark.parametrize(
    ("policy", "current", "public"),
    [
        (ResultsPolicy.AFTER_CLOSE, Phase.UNPUBLISHED, False),
        (ResultsPolicy.AFTER_CLOSE, Phase.SCHEDULED, False),
        (ResultsPolicy.AFTER_CLOSE, Phase.OPEN, False),
        (ResultsPolicy.AFTER_CLOSE, Phase.ENDED, True),
        (ResultsPolicy.LIVE, Phase.UNPUBLISHED, False),
        (ResultsPolicy.LIVE, Phase.SCHEDULED, False),
        (ResultsPolicy.LIVE, Phase.OPEN, True),
        (ResultsPolicy.LIVE, Phase.ENDED, True),
    ],
)
def test_results_are_public_after_the_end_or_live_while_open(policy, current, public):
    assert results_public(policy, current) is public
