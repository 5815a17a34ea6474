"""The workflow of a consultation (意见征集) and of its comments as explicit tables (pure).

draft (草稿) ─submit→ reviewing (待审核) ─open→ open (征集中; 即将开始 before the start date)
reviewing ─return→ draft
open ─close→ closed (已截止: the end date has passed)
closed ─submit_feedback→ feedback_review (采纳情况待审核) ─publish_feedback→ published (已反馈)
feedback_review ─return_feedback→ closed
closed / feedback_review ─recompute→ same (the feedback due date moved with the calendar)
closed / feedback_review / published ─link_final→ same (the final policy item is linked)

Opening and publishing the feedback are four-eyes actions: the person who submitted may not
approve. A comment: pending (待审核) ─publish→ published (已公开) / ─reject→ rejected (不予公开);
a moderator may revise a decision (published ⇄ rejected) with a new event row.
"""

from __future__ import annotations

import enum

from kernel.transitions import InvalidTransition, TransitionTable  # noqa: F401 - the workflow's error


class Status(enum.StrEnum):
    DRAFT = "draft"
    REVIEWING = "reviewing"
    OPEN = "open"
    CLOSED = "closed"
    FEEDBACK_REVIEW = "feedback_review"
    PUBLISHED = "published"


class Action(enum.StrEnum):
    CREATE = "create"
    SUBMIT = "submit"
    RETURN = "return"
    OPEN = "open"
    CLOSE = "close"
    SUBMIT_FEEDBACK = "submit_feedback"
    RETURN_FEEDBACK = "return_feedback"
    PUBLISH_FEEDBACK = "publish_feedback"
    RECOMPUTE = "recompute"
    LINK_FINAL = "link_final"
    PUBLISH_COMMENT = "publish_comment"
    REJECT_COMMENT = "reject_comment"


STATUS_LABELS = {
    Status.DRAFT: "草稿",
    Status.REVIEWING: "待审核",
    Status.OPEN: "征集中",
    Status.CLOSED: "已截止",
    Status.FEEDBACK_REVIEW: "采纳情况待审核",
    Status.PUBLISHED: "已反馈",
}

ACTION_LABELS = {
    Action.CREATE: "新建",
    Action.SUBMIT: "提交审核",
    Action.RETURN: "退回修改",
    Action.OPEN: "审核通过并发布",
    Action.CLOSE: "征集截止",
    Action.SUBMIT_FEEDBACK: "提交采纳情况审核",
    Action.RETURN_FEEDBACK: "退回修改采纳情况",
    Action.PUBLISH_FEEDBACK: "审核通过并公布采纳情况",
    Action.RECOMPUTE: "反馈期限随放假安排调整",
    Action.LINK_FINAL: "关联正式文件",
    Action.PUBLISH_COMMENT: "意见审核公开",
    Action.REJECT_COMMENT: "意见不予公开",
}

# Statuses shown to the public (everything from opening on).
PUBLIC = frozenset({Status.OPEN, Status.CLOSED, Status.FEEDBACK_REVIEW, Status.PUBLISHED})
# Statuses in which the feedback is still owed.
FEEDBACK_OWED = frozenset({Status.OPEN, Status.CLOSED, Status.FEEDBACK_REVIEW})
_AFTER_CLOSE = frozenset({Status.CLOSED, Status.FEEDBACK_REVIEW, Status.PUBLISHED})

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.DRAFT, Action.SUBMIT): Status.REVIEWING,
    (Status.REVIEWING, Action.RETURN): Status.DRAFT,
    (Status.REVIEWING, Action.OPEN): Status.OPEN,
    (Status.OPEN, Action.CLOSE): Status.CLOSED,
    (Status.CLOSED, Action.SUBMIT_FEEDBACK): Status.FEEDBACK_REVIEW,
    (Status.FEEDBACK_REVIEW, Action.RETURN_FEEDBACK): Status.CLOSED,
    (Status.FEEDBACK_REVIEW, Action.PUBLISH_FEEDBACK): Status.PUBLISHED,
}

SIDE_ACTIONS: dict[Action, frozenset[Status]] = {
    Action.RECOMPUTE: FEEDBACK_OWED,
    Action.LINK_FINAL: _AFTER_CLOSE,
    Action.PUBLISH_COMMENT: frozenset({Status.OPEN, *_AFTER_CLOSE}),
    Action.REJECT_COMMENT: frozenset({Status.OPEN, *_AFTER_CLOSE}),
}

REFUSALS = {
    Action.SUBMIT: "只有草稿可以提交审核。",
    Action.RETURN: "只有待审核的意见征集可以退回。",
    Action.OPEN: "只有待审核的意见征集可以审核发布。",
    Action.CLOSE: "只有征集中的意见征集可以截止。",
    Action.SUBMIT_FEEDBACK: "征集截止后方可提交采纳情况审核。",
    Action.RETURN_FEEDBACK: "只有待审核的采纳情况可以退回。",
    Action.PUBLISH_FEEDBACK: "只有待审核的采纳情况可以公布。",
    Action.RECOMPUTE: "采纳情况已公布，无需调整反馈期限。",
    Action.LINK_FINAL: "征集截止后方可关联正式文件。",
    Action.PUBLISH_COMMENT: "意见征集尚未发布，不能审核意见。",
    Action.REJECT_COMMENT: "意见征集尚未发布，不能审核意见。",
}


TABLE = TransitionTable(Status, Action, TRANSITIONS, side_actions=SIDE_ACTIONS, refusals=REFUSALS)
next_status = TABLE.next_status


class CommentState(enum.StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"
    REJECTED = "rejected"


COMMENT_STATE_LABELS = {
    CommentState.PENDING: "待审核",
    CommentState.PUBLISHED: "已公开",
    CommentState.REJECTED: "不予公开",
}


class RejectionReason(enum.StrEnum):
    UNRELATED = "unrelated"
    UNLAWFUL = "unlawful"
    PRIVACY = "privacy"
    DUPLICATE = "duplicate"
    ADVERTISING = "advertising"
    NO_CONTENT = "no_content"


REJECTION_LABELS = {
    RejectionReason.UNRELATED: "与征求意见的草案无关",
    RejectionReason.UNLAWFUL: "含有违反法律法规或者攻击、侮辱性内容",
    RejectionReason.PRIVACY: "含有他人个人信息或者其他不宜公开的内容",
    RejectionReason.DUPLICATE: "重复提交",
    RejectionReason.ADVERTISING: "广告或者与公共事务无关的推广内容",
    RejectionReason.NO_CONTENT: "内容空泛，无具体意见",
}


class Decision(enum.StrEnum):
    ADOPTED = "adopted"
    PARTLY = "partly"
    NOT_ADOPTED = "not_adopted"
    NOT_APPLICABLE = "not_applicable"


DECISION_LABELS = {
    Decision.ADOPTED: "采纳",
    Decision.PARTLY: "部分采纳",
    Decision.NOT_ADOPTED: "未采纳",
    Decision.NOT_APPLICABLE: "不适用",
}
ADOPTED = frozenset({Decision.ADOPTED, Decision.PARTLY})


class OfflineSource(enum.StrEnum):
    SYMPOSIUM = "symposium"
    WRITTEN = "written"
    HEARING = "hearing"
    SURVEY = "survey"
    OTHER = "other"


OFFLINE_SOURCE_LABELS = {
    OfflineSource.SYMPOSIUM: "座谈会",
    OfflineSource.WRITTEN: "书面征求意见",
    OfflineSource.HEARING: "听证会",
    OfflineSource.SURVEY: "实地走访、问卷调查",
    OfflineSource.OTHER: "其他方式",
}
