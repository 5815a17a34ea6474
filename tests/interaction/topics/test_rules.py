"""The pure rules of 点题公开: the transition table, the answer due date, overdue promises."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.workdays import WorkCalendar
from interaction.topics import rules
from interaction.topics.workflow import (
    ACTION_LABELS,
    ANSWER_GUIDANCE,
    ANSWER_LABELS,
    REFUSAL_BASIS,
    REFUSAL_LABELS,
    REFUSALS,
    SIDE_ACTIONS,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    AnswerKind,
    InvalidTransition,
    RefusalReason,
    Status,
    allowed_actions,
    next_status,
)

D = dt.date

EXPECTED = {
    (Status.RECEIVED, Action.SUBMIT_ANSWER): Status.REVIEWING,
    (Status.REVIEWING, Action.RETURN_ANSWER): Status.RECEIVED,
    (Status.REVIEWING, Action.APPROVE): Status.ANSWERED,
    (Status.RECEIVED, Action.CLOSE_INVALID): Status.CLOSED,
    (Status.ANSWERED, Action.LINK_ITEM): Status.ANSWERED,
    (Status.ANSWERED, Action.PUBLISH): Status.ANSWERED,
    (Status.ANSWERED, Action.UNPUBLISH): Status.ANSWERED,
    (Status.RECEIVED, Action.RECOMPUTE): Status.RECEIVED,
    (Status.REVIEWING, Action.RECOMPUTE): Status.REVIEWING,
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", [a for a in Action if a is not Action.SUBMIT])
def test_every_status_and_action_pair_follows_the_table(status, action):
    if (status, action) in EXPECTED:
        assert next_status(status, action) == EXPECTED[(status, action)]
        assert action in allowed_actions(status)
    else:
        with pytest.raises(InvalidTransition) as caught:
            next_status(status, action)
        assert str(caught.value) == REFUSALS[action]
        assert action not in allowed_actions(status)


def test_submit_is_never_a_staff_transition():
    assert all(Action.SUBMIT not in allowed_actions(s) for s in Status)


def test_unknown_status_or_action_is_refused_not_crashed():
    with pytest.raises(InvalidTransition):
        next_status("nonsense", Action.APPROVE)
    with pytest.raises(InvalidTransition):
        next_status(Status.RECEIVED, "nonsense")


def test_the_vocabularies_are_complete():
    assert set(STATUS_LABELS) == set(Status)
    assert set(ACTION_LABELS) == set(Action)
    assert set(ANSWER_LABELS) == set(AnswerKind) == set(ANSWER_GUIDANCE)
    assert set(REFUSAL_LABELS) == set(RefusalReason) == set(REFUSAL_BASIS)
    assert all("条例》第" in basis for basis in REFUSAL_BASIS.values())
    assert set(TRANSITIONS) | {(s, a) for a, ss in SIDE_ACTIONS.items() for s in ss} == set(
        EXPECTED
    )


# A calendar with the 2026 National Day week (1-7 Oct off, Sun 27 Sep and Sat 10 Oct make-up
# working days, as the 2026 notice has it) and New Year; 2027 not official.
CALENDAR = WorkCalendar.from_days(
    holidays=[D(2026, 1, 1), *(D(2026, 10, d) for d in range(1, 8)), D(2027, 1, 1)],
    workdays=[D(2026, 9, 27), D(2026, 10, 10)],
    official_years=[2026],
)


@pytest.mark.parametrize(
    ("received", "days", "due", "provisional"),
    [
        (D(2026, 5, 11), 15, D(2026, 6, 1), False),  # Mon → three weeks later
        (D(2026, 5, 15), 1, D(2026, 5, 18), False),  # Fri → Mon, receipt not counted
        (D(2026, 9, 25), 3, D(2026, 9, 29), False),  # Sun 27 Sep is a make-up working day
        (D(2026, 9, 30), 1, D(2026, 10, 8), False),  # the National Day week is skipped
        (D(2026, 9, 30), 3, D(2026, 10, 10), False),  # Sat 10 Oct counts
        (D(2026, 12, 28), 15, D(2027, 1, 19), True),  # over New Year 2027: provisional
        (D(2026, 12, 14), 5, D(2026, 12, 21), False),  # ends within the official year
    ],
)
def test_answer_due_counts_working_days_after_receipt(received, days, due, provisional):
    result = rules.answer_due(received, days, CALENDAR)
    assert result == rules.Due(on=due, provisional=provisional)


@pytest.mark.parametrize("days", [0, -1, rules.MAX_ANSWER_DAYS + 1])
def test_answer_limit_out_of_range_is_refused(days):
    with pytest.raises(ValueError, match="working days"):
        rules.answer_due(D(2026, 5, 11), days, CALENDAR)


@pytest.mark.parametrize(
    ("due", "today", "overdue"),
    [
        (D(2026, 6, 1), D(2026, 6, 1), False),
        (D(2026, 6, 1), D(2026, 6, 2), True),
        (None, D(2026, 6, 2), False),
    ],
)
def test_overdue_from_the_day_after_the_due_date(due, today, overdue):
    assert rules.is_overdue(due, today) is overdue


@pytest.mark.parametrize(
    ("promised", "planned", "linked", "today", "overdue"),
    [
        (True, D(2026, 6, 1), False, D(2026, 6, 2), True),
        (True, D(2026, 6, 1), False, D(2026, 6, 1), False),  # the planned day itself is on time
        (True, D(2026, 6, 1), True, D(2026, 7, 1), False),  # kept
        (False, D(2026, 6, 1), False, D(2026, 7, 1), False),  # not a promise
        (True, None, False, D(2026, 7, 1), False),
    ],
)
def test_a_promise_is_overdue_only_when_the_planned_date_passed_without_an_item(
    promised, planned, linked, today, overdue
):
    assert (
        rules.promise_overdue(
            promised=promised, planned_on=planned, item_linked=linked, today=today
        )
        is overdue
    )
