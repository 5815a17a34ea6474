"""The workflow of a 网上调查 as an explicit transition table (pure), and its phase by dates.

draft (草稿) ─submit→ reviewing (待审核) ─approve→ published (已发布)
reviewing ─return→ draft
published ─withdraw→ draft (only while nobody has answered; the service checks)
published ─close→ closed (已结束 early, by staff; the close time becomes now)

A published survey is 未开始 before its open time, 进行中 until its close time, then 已结束:
the dates decide, no job runs. Its results are public while it is open when the organisation
chose 实时公布, and once it has ended otherwise (``results_public``). Approval is four eyes:
the approver is neither the drafter nor the last editor, so the approved policy and dates are
the second person's decision too.
"""

from __future__ import annotations

import datetime as dt
import enum

from kernel.transitions import InvalidTransition, TransitionTable  # noqa: F401 - the workflow's error


class Status(enum.StrEnum):
    DRAFT = "draft"
    REVIEWING = "reviewing"
    PUBLISHED = "published"
    CLOSED = "closed"


class Action(enum.StrEnum):
    CREATE = "create"
    EDIT = "edit"  # the questions or settings changed (status unchanged)
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    WITHDRAW = "withdraw"
    CLOSE = "close"


class Phase(enum.StrEnum):
    UNPUBLISHED = "unpublished"
    SCHEDULED = "scheduled"
    OPEN = "open"
    ENDED = "ended"


class ResultsPolicy(enum.StrEnum):
    AFTER_CLOSE = "after_close"
    LIVE = "live"


STATUS_LABELS = {
    Status.DRAFT: "草稿",
    Status.REVIEWING: "待审核",
    Status.PUBLISHED: "已发布",
    Status.CLOSED: "已结束",
}
ACTION_LABELS = {
    Action.CREATE: "创建",
    Action.EDIT: "修改",
    Action.SUBMIT: "提交审核",
    Action.RETURN: "退回修改",
    Action.APPROVE: "审核发布",
    Action.WITHDRAW: "撤回",
    Action.CLOSE: "提前结束",
}
PHASE_LABELS = {
    Phase.UNPUBLISHED: "未发布",
    Phase.SCHEDULED: "未开始",
    Phase.OPEN: "进行中",
    Phase.ENDED: "已结束",
}
POLICY_LABELS = {
    ResultsPolicy.AFTER_CLOSE: "调查结束后公布结果",
    ResultsPolicy.LIVE: "调查期间实时公布结果",
}

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.REVIEWING,
    (Status.REVIEWING, Action.RETURN): Status.DRAFT,
    (Status.REVIEWING, Action.APPROVE): Status.PUBLISHED,
    (Status.PUBLISHED, Action.WITHDRAW): Status.DRAFT,
    (Status.PUBLISHED, Action.CLOSE): Status.CLOSED,
}
# Editing the questions and settings: only a draft (a reviewer approves what she saw).
EDITABLE = frozenset({Status.DRAFT})
PUBLIC = frozenset({Status.PUBLISHED, Status.CLOSED})


def _refusal(status: str, action: str) -> str:
    try:
        label = STATUS_LABELS[Status(status)]
    except ValueError:
        label = status
    try:
        verb = ACTION_LABELS[Action(action)]
    except ValueError:
        verb = action
    return f"调查当前状态为“{label}”，不能{verb}。"


TABLE = TransitionTable(Status, Action, TRANSITIONS, describe_refusal=_refusal)
next_status = TABLE.next_status


def phase(status: str, *, opens_at: dt.datetime, closes_at: dt.datetime, now: dt.datetime) -> Phase:
    """Where a survey stands for the public at ``now`` (open from ``opens_at`` inclusive to
    ``closes_at`` exclusive)."""
    if Status(status) not in PUBLIC:
        return Phase.UNPUBLISHED
    if Status(status) is Status.CLOSED or now >= closes_at:
        return Phase.ENDED
    if now < opens_at:
        return Phase.SCHEDULED
    return Phase.OPEN


def results_public(policy: str, current: Phase) -> bool:
    """Results are public after the end, or while open under 实时公布."""
    if current is Phase.ENDED:
        return True
    return current is Phase.OPEN and ResultsPolicy(policy) is ResultsPolicy.LIVE
