"""The workflows of 在线访谈 and 新闻发布会 (pure): the event and its citizens' questions.

Event: draft (草稿) ─submit→ pending (待审核) ─approve→ announced (预告, published)
       pending ─return→ draft; announced ─start→ live (直播中, started by staff)
       announced/live ─end→ ended (已结束, archive); announced ─unpublish→ draft
Publishing is four-eyes: the approver is not the drafter (the service checks it).

The public phase is derived from the stored status and the clock (``phase``): a published event
is 预告 before its start, 直播中 between start and end (or once staff started it), 已结束 after
its end or once staff ended it. The clock needs no job and writes nothing on a GET.

Question: pending (待审核) ─accept→ accepted (已采用, shown) ─answer→ answered (已答复)
          pending ─reject→ rejected (不予采用, with a reason)
"""

from __future__ import annotations

import enum
from datetime import datetime

from kernel.transitions import InvalidTransition, TransitionTable  # noqa: F401 - the workflow's error


class Status(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    ANNOUNCED = "announced"
    LIVE = "live"
    ENDED = "ended"


class Action(enum.StrEnum):
    CREATE = "create"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    START = "start"
    END = "end"
    UNPUBLISH = "unpublish"
    ADD_ENTRY = "add_entry"  # a speech or image posted into the record (status unchanged)
    CORRECT_ENTRY = "correct_entry"  # an entry's wording corrected, marked on the page


STATUS_LABELS = {
    Status.DRAFT: "草稿",
    Status.PENDING: "待审核",
    Status.ANNOUNCED: "预告",
    Status.LIVE: "直播中",
    Status.ENDED: "已结束",
}

ACTION_LABELS = {
    Action.CREATE: "新建",
    Action.SUBMIT: "提交审核",
    Action.RETURN: "退回修改",
    Action.APPROVE: "审核通过并发布",
    Action.START: "开始直播",
    Action.END: "结束直播",
    Action.UNPUBLISH: "撤销发布",
    Action.ADD_ENTRY: "发布实录",
    Action.CORRECT_ENTRY: "更正实录",
}

PUBLISHED = frozenset({Status.ANNOUNCED, Status.LIVE, Status.ENDED})

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.PENDING,
    (Status.PENDING, Action.RETURN): Status.DRAFT,
    (Status.PENDING, Action.APPROVE): Status.ANNOUNCED,
    (Status.ANNOUNCED, Action.START): Status.LIVE,
    (Status.ANNOUNCED, Action.END): Status.ENDED,
    (Status.LIVE, Action.END): Status.ENDED,
    (Status.ANNOUNCED, Action.UNPUBLISH): Status.DRAFT,
}
SIDE_ACTIONS: dict[Action, frozenset[Status]] = {
    Action.ADD_ENTRY: frozenset(Status),  # drafts get their record too; the archive its edits
    Action.CORRECT_ENTRY: frozenset(Status),
}

REFUSALS: dict[Action, str] = {
    Action.SUBMIT: "只有草稿可以提交审核。",
    Action.RETURN: "只有待审核的访谈可以退回。",
    Action.APPROVE: "只有待审核的访谈可以审核发布。",
    Action.START: "只有已发布预告的访谈可以开始直播。",
    Action.END: "只有预告或直播中的访谈可以结束。",
    Action.UNPUBLISH: "只有尚未开始的预告可以撤销发布。",
}


TABLE = TransitionTable(Status, Action, TRANSITIONS, side_actions=SIDE_ACTIONS, refusals=REFUSALS)
next_status = TABLE.next_status


class Phase(enum.StrEnum):
    HIDDEN = "hidden"  # draft or pending: not public
    UPCOMING = "upcoming"  # 预告
    LIVE = "live"  # 正在直播
    ARCHIVE = "archive"  # 往期回顾


PHASE_LABELS = {
    Phase.HIDDEN: "未发布",
    Phase.UPCOMING: "预告",
    Phase.LIVE: "正在直播",
    Phase.ARCHIVE: "往期回顾",
}


def phase(status: str, *, starts_at: datetime, ends_at: datetime, now: datetime) -> Phase:
    """What the public sees now: staff's start and end win; otherwise the scheduled times."""
    current = Status(status)
    if current not in PUBLISHED:
        return Phase.HIDDEN
    if current is Status.ENDED or now >= ends_at:
        return Phase.ARCHIVE
    if current is Status.LIVE or now >= starts_at:
        return Phase.LIVE
    return Phase.UPCOMING


def accepts_questions(current: Phase) -> bool:
    """Citizens ask during the 预告 and while live; the archive takes none."""
    return current in (Phase.UPCOMING, Phase.LIVE)


class QuestionStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    ANSWERED = "answered"


class QuestionAction(enum.StrEnum):
    ASK = "ask"
    ACCEPT = "accept"
    REJECT = "reject"
    ANSWER = "answer"


QUESTION_STATUS_LABELS = {
    QuestionStatus.PENDING: "待审核",
    QuestionStatus.ACCEPTED: "已采用",
    QuestionStatus.REJECTED: "不予采用",
    QuestionStatus.ANSWERED: "已答复",
}
QUESTION_ACTION_LABELS = {
    QuestionAction.ASK: "网民提问",
    QuestionAction.ACCEPT: "采用",
    QuestionAction.REJECT: "不予采用",
    QuestionAction.ANSWER: "嘉宾答复",
}
QUESTION_PUBLIC = frozenset({QuestionStatus.ACCEPTED, QuestionStatus.ANSWERED})

QUESTION_TRANSITIONS: dict[tuple[QuestionStatus, QuestionAction], QuestionStatus] = {
    (QuestionStatus.PENDING, QuestionAction.ACCEPT): QuestionStatus.ACCEPTED,
    (QuestionStatus.PENDING, QuestionAction.REJECT): QuestionStatus.REJECTED,
    (QuestionStatus.ACCEPTED, QuestionAction.ANSWER): QuestionStatus.ANSWERED,
}
QUESTION_REFUSALS: dict[QuestionAction, str] = {
    QuestionAction.ACCEPT: "只有待审核的提问可以采用。",
    QuestionAction.REJECT: "只有待审核的提问可以不予采用。",
    QuestionAction.ANSWER: "只有已采用、尚未答复的提问可以发布答复。",
}


class InvalidQuestionTransition(Exception):
    def __init__(self, status: str, action: str):
        self.status, self.action = status, action
        known = action in QuestionAction.__members__.values()
        message = QUESTION_REFUSALS.get(QuestionAction(action)) if known else None
        super().__init__(message or "当前状态下不能执行此操作。")


def next_question_status(status: str, action: str) -> QuestionStatus:
    """The question's status after ``action``; raises InvalidQuestionTransition."""
    try:
        key = (QuestionStatus(status), QuestionAction(action))
    except ValueError as exc:
        raise InvalidQuestionTransition(status, action) from exc
    if key not in QUESTION_TRANSITIONS:
        raise InvalidQuestionTransition(status, action)
    return QUESTION_TRANSITIONS[key]
