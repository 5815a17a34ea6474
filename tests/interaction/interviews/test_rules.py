"""The pure rules: the event and question tables, the public phase, the quarters, video sniffing."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from interaction.interviews import quarters, workflow
from interaction.interviews.media import VideoKind, sniff_video
from interaction.interviews.quarters import QuarterState
from interaction.interviews.workflow import (
    Action,
    Phase,
    QuestionAction,
    QuestionStatus,
    Status,
)

EXPECTED = {
    (Status.DRAFT, Action.SUBMIT): Status.PENDING,
    (Status.PENDING, Action.RETURN): Status.DRAFT,
    (Status.PENDING, Action.APPROVE): Status.ANNOUNCED,
    (Status.ANNOUNCED, Action.START): Status.LIVE,
    (Status.ANNOUNCED, Action.END): Status.ENDED,
    (Status.LIVE, Action.END): Status.ENDED,
    (Status.ANNOUNCED, Action.UNPUBLISH): Status.DRAFT,
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", [a for a in Action if a not in (Action.CREATE,)])
def test_every_event_status_and_action_pair(status, action):
    if action in (Action.ADD_ENTRY, Action.CORRECT_ENTRY):  # side actions in every status
        assert workflow.next_status(status, action) is status
    elif (status, action) in EXPECTED:
        assert workflow.next_status(status, action) is EXPECTED[(status, action)]
    else:
        with pytest.raises(workflow.InvalidTransition) as exc:
            workflow.next_status(status, action)
        assert str(exc.value)  # a Chinese message staff can read


def test_unknown_status_or_action_is_refused():
    with pytest.raises(workflow.InvalidTransition):
        workflow.next_status("archived", Action.END)
    with pytest.raises(workflow.InvalidTransition):
        workflow.next_status(Status.DRAFT, "publish_now")


QUESTION_EXPECTED = {
    (QuestionStatus.PENDING, QuestionAction.ACCEPT): QuestionStatus.ACCEPTED,
    (QuestionStatus.PENDING, QuestionAction.REJECT): QuestionStatus.REJECTED,
    (QuestionStatus.ACCEPTED, QuestionAction.ANSWER): QuestionStatus.ANSWERED,
}


@pytest.mark.parametrize("status", list(QuestionStatus))
@pytest.mark.parametrize("action", [a for a in QuestionAction if a is not QuestionAction.ASK])
def test_every_question_status_and_action_pair(status, action):
    if (status, action) in QUESTION_EXPECTED:
        assert workflow.next_question_status(status, action) is QUESTION_EXPECTED[(status, action)]
    else:
        with pytest.raises(workflow.InvalidQuestionTransition):
            workflow.next_question_status(status, action)


T0 = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(hours=2)


@pytest.mark.parametrize(
    ("status", "now", "expected"),
    [
        (Status.DRAFT, T0, Phase.HIDDEN),
        (Status.PENDING, T0, Phase.HIDDEN),
        (Status.ANNOUNCED, T0 - dt.timedelta(minutes=1), Phase.UPCOMING),
        (Status.ANNOUNCED, T0, Phase.LIVE),
        (Status.ANNOUNCED, T1 - dt.timedelta(seconds=1), Phase.LIVE),
        (Status.ANNOUNCED, T1, Phase.ARCHIVE),
        (Status.LIVE, T0 - dt.timedelta(hours=1), Phase.LIVE),  # started early by staff
        (Status.LIVE, T1, Phase.ARCHIVE),
        (Status.ENDED, T0 - dt.timedelta(hours=1), Phase.ARCHIVE),  # ended by staff
        (Status.ENDED, T0 + dt.timedelta(minutes=5), Phase.ARCHIVE),
    ],
)
def test_public_phase_follows_status_and_clock(status, now, expected):
    assert workflow.phase(status, starts_at=T0, ends_at=T1, now=now) is expected


@pytest.mark.parametrize(
    ("current", "open_"),
    [(Phase.HIDDEN, False), (Phase.UPCOMING, True), (Phase.LIVE, True), (Phase.ARCHIVE, False)],
)
def test_questions_are_taken_in_the_announcement_and_while_live(current, open_):
    assert workflow.accepts_questions(current) is open_


@pytest.mark.parametrize(
    ("year", "quarter", "first", "last"),
    [
        (2026, 1, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (2026, 2, dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (2026, 3, dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (2026, 4, dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        (2024, 1, dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ],
)
def test_quarter_bounds(year, quarter, first, last):
    assert quarters.quarter_bounds(year, quarter) == (first, last)
    assert quarters.quarter_of(first) == quarter == quarters.quarter_of(last)


@pytest.mark.parametrize("quarter", [0, 5])
def test_no_fifth_quarter(quarter):
    with pytest.raises(ValueError, match="quarter"):
        quarters.quarter_bounds(2026, quarter)


@pytest.mark.parametrize(
    ("quarter", "held", "today", "state"),
    [
        (1, 1, dt.date(2026, 2, 1), QuarterState.DONE),
        (1, 2, dt.date(2026, 12, 1), QuarterState.DONE),
        (1, 0, dt.date(2026, 3, 31), QuarterState.OPEN),  # its last day: still time
        (1, 0, dt.date(2026, 4, 1), QuarterState.OVERDUE),
        (4, 0, dt.date(2026, 12, 31), QuarterState.OPEN),
        (4, 0, dt.date(2027, 1, 1), QuarterState.OVERDUE),
        (3, 0, dt.date(2026, 1, 15), QuarterState.OPEN),  # ahead
    ],
)
def test_quarter_state(quarter, held, today, state):
    assert quarters.quarter_state(year=2026, quarter=quarter, held=held, today=today) is state


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00", VideoKind.MP4),
        (b"\x00\x00\x00\x20ftypmp42\x00\x00\x00\x00", VideoKind.MP4),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm\x42\x87", VideoKind.WEBM),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", None),  # not WebM
        (b"\x00\x00\x00\x18ftypqt  \x00\x00\x02\x00", None),  # QuickTime
        (b"<html><video>", None),
        (b"MZ\x90\x00", None),
        (b"", None),
    ],
)
def test_video_is_recognised_by_content(head, kind):
    handle = io.BytesIO(head + b"\x00" * 32)
    handle.seek(5)
    assert sniff_video(handle) == kind
    assert handle.tell() == 5  # the caller's position is kept
