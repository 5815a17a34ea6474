"""The publishing workflow of a disclosure item as an explicit transition table (pure).

draft ─submit→ submitted ─publish→ published ─withdraw→ withdrawn
  ↑              │
  └──return──────┘
Publishing may be scheduled (published with a future 发布日期). Edits after publication are not
transitions: they wait in a revision (disclosures/revisions) until a reviewer who did not edit
approves them, and then show as 更新于.
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Action(enum.StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"


STATUS_LABELS = {
    Status.DRAFT: "草稿",
    Status.SUBMITTED: "待审核",
    Status.PUBLISHED: "已发布",
    Status.WITHDRAWN: "已撤回",
}

ACTION_LABELS = {
    Action.SUBMIT: "提交审核",
    Action.RETURN: "退回修改",
    Action.PUBLISH: "审核通过并发布",
    Action.WITHDRAW: "撤回",
}

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Action.RETURN): Status.DRAFT,
    (Status.SUBMITTED, Action.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Action.WITHDRAW): Status.WITHDRAWN,
}

# Statuses whose content an editor may still change (published items: through a revision).
EDITABLE = frozenset({Status.DRAFT, Status.PUBLISHED})


class InvalidTransition(Exception):
    """The action is not allowed from the item's current status."""

    def __init__(self, status: Status, action: Action):
        self.status = Status(status)
        self.action = Action(action)
        super().__init__(
            f"当前状态为“{STATUS_LABELS[self.status]}”，不能执行“{ACTION_LABELS[self.action]}”。"
        )


def next_status(status: str, action: str) -> Status:
    """The status after ``action``; raises InvalidTransition when the table has no such edge."""
    key = (Status(status), Action(action))
    if key not in TRANSITIONS:
        raise InvalidTransition(*key)
    return TRANSITIONS[key]


def allowed_actions(status: str) -> list[Action]:
    return [action for (from_status, action) in TRANSITIONS if from_status == Status(status)]
