"""The workflow of an annual report as an explicit transition table (pure).

draft (figures live) ─freeze→ frozen (figures snapshotted) ─publish→ published
frozen ─reopen→ draft;  published ─correct→ published (the row stays public; the correction is a
new row, version + 1, that starts as a draft).

The event vocabulary is closed: every ReportEvent.Action names exactly one edge of the row the
event is logged on (EVENT_EDGES), so an event's from/to status is known from its action alone and
needs no column of its own.
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    DRAFT = "draft"
    FROZEN = "frozen"
    PUBLISHED = "published"


class Action(enum.StrEnum):
    CREATE = "create"
    EDIT = "edit"
    FREEZE = "freeze"
    REOPEN = "reopen"
    PUBLISH = "publish"
    CORRECT = "correct"
    RECORD_PAST = "record_past"


STATUS_LABELS = {
    Status.DRAFT: "草稿",
    Status.FROZEN: "已锁定待发布",
    Status.PUBLISHED: "已发布",
}

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.EDIT): Status.DRAFT,
    (Status.DRAFT, Action.FREEZE): Status.FROZEN,
    (Status.FROZEN, Action.REOPEN): Status.DRAFT,
    (Status.FROZEN, Action.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Action.CORRECT): Status.PUBLISHED,
}

# Why an action is refused, shown to staff as it is (one sentence per action of the table).
REFUSALS = {
    Action.EDIT: "已锁定或已发布的报告不能修改；如需修改，请先解除锁定或发布更正版本。",
    Action.FREEZE: "只有草稿可以锁定。",
    Action.REOPEN: "只有已锁定的报告可以解除锁定。",
    Action.PUBLISH: "报告须先锁定数据，再发布。",
    Action.CORRECT: "只有已发布的报告需要以更正版本修改。",
}

# (from, to) of the row an event is logged on; None: the row did not exist before the event.
# A correction's event is logged on the new version, which starts as a draft.
EVENT_EDGES: dict[Action, tuple[Status | None, Status]] = {
    Action.CREATE: (None, Status.DRAFT),
    Action.EDIT: (Status.DRAFT, Status.DRAFT),
    Action.FREEZE: (Status.DRAFT, Status.FROZEN),
    Action.REOPEN: (Status.FROZEN, Status.DRAFT),
    Action.PUBLISH: (Status.FROZEN, Status.PUBLISHED),
    Action.CORRECT: (None, Status.DRAFT),
    Action.RECORD_PAST: (None, Status.PUBLISHED),
}


class InvalidTransition(Exception):
    """The action is not allowed from the report's current status."""

    def __init__(self, status: Status, action: Action):
        self.status = Status(status)
        self.action = Action(action)
        super().__init__(
            REFUSALS.get(self.action, f"当前状态为“{STATUS_LABELS[self.status]}”，不能执行该操作。")
        )


def next_status(status: str, action: str) -> Status:
    """The status after ``action``; raises InvalidTransition when the table has no such edge."""
    key = (Status(status), Action(action))
    if key not in TRANSITIONS:
        raise InvalidTransition(*key)
    return TRANSITIONS[key]


def allowed_actions(status: str) -> list[Action]:
    return [action for (from_status, action) in TRANSITIONS if from_status == Status(status)]
