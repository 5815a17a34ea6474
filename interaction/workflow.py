"""The workflow of a letter (领导信箱, 咨询投诉, 网站纠错) as an explicit transition table (pure).

received (待受理) ─accept→ accepted (已受理) ─assign/transfer→ processing (办理中)
received ─reject→ rejected (不予受理: a reason from REJECTION_REASONS, the right channel named)
received ─transfer→ received (转办 before acceptance: the receiving organisation accepts it)
accepted/processing ─submit_reply→ reviewing (答复待审核) ─approve→ answered (已答复)
                                               └─return_reply→ processing
answered ─rate→ rated (已评价) ─close→ closed (办结)
answered ─follow_up→ followed_up (已追问, once) ─submit_reply→ reviewing ─approve→ answered
answered ─close→ closed (no rating within the rating window)
any open ─merge / close_abusive→ closed (a duplicate or abusive letter, with a reason)
accepted/processing/reviewing/followed_up ─extend→ same status (once, reason and approver)

Every action but ``extend`` and the two same-status transfers changes the status; every action
writes one event row (interaction.models.LetterEvent) with from/to status.
"""

from __future__ import annotations

import enum

from kernel.transitions import InvalidTransition, TransitionTable  # noqa: F401 - the workflow's error


class Status(enum.StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PROCESSING = "processing"
    REVIEWING = "reviewing"
    ANSWERED = "answered"
    RATED = "rated"
    FOLLOWED_UP = "followed_up"
    CLOSED = "closed"


class Action(enum.StrEnum):
    SUBMIT = "submit"  # the writer sends the letter (creates the row)
    ACCEPT = "accept"
    REJECT = "reject"
    TRANSFER = "transfer"  # 转办: to another organisation
    ASSIGN = "assign"  # 交办: to a 股室 / handler of the same organisation
    SUBMIT_REPLY = "submit_reply"
    RETURN_REPLY = "return_reply"
    APPROVE = "approve"
    RATE = "rate"
    FOLLOW_UP = "follow_up"
    EXTEND = "extend"
    MERGE = "merge"
    CLOSE_ABUSIVE = "close_abusive"
    CLOSE = "close"
    PUBLISH = "publish"  # the reviewed public version goes online (status unchanged)
    UNPUBLISH = "unpublish"  # taken off the public list (status unchanged)
    REMIND = "remind"  # a reminder mail went to the handling organisation (status unchanged)
    RECOMPUTE = "recompute"  # due dates moved with the working-day calendar (status unchanged)


STATUS_LABELS = {
    Status.RECEIVED: "待受理",
    Status.ACCEPTED: "已受理",
    Status.REJECTED: "不予受理",
    Status.PROCESSING: "办理中",
    Status.REVIEWING: "答复待审核",
    Status.ANSWERED: "已答复",
    Status.RATED: "已评价",
    Status.FOLLOWED_UP: "已追问",
    Status.CLOSED: "办结",
}

ACTION_LABELS = {
    Action.SUBMIT: "来信",
    Action.ACCEPT: "受理",
    Action.REJECT: "不予受理",
    Action.TRANSFER: "转办",
    Action.ASSIGN: "交办",
    Action.SUBMIT_REPLY: "提交答复审核",
    Action.RETURN_REPLY: "退回修改答复",
    Action.APPROVE: "审核通过并答复",
    Action.RATE: "来信人评价",
    Action.FOLLOW_UP: "来信人追问",
    Action.EXTEND: "延期办理",
    Action.MERGE: "合并办理",
    Action.CLOSE_ABUSIVE: "作无效来信办结",
    Action.CLOSE: "办结",
    Action.PUBLISH: "公开发布",
    Action.UNPUBLISH: "撤销公开",
    Action.REMIND: "催办提醒",
    Action.RECOMPUTE: "办理期限随放假安排调整",
}

# Statuses in which the organisation still owes the writer something.
OPEN = frozenset(
    {
        Status.RECEIVED,
        Status.ACCEPTED,
        Status.PROCESSING,
        Status.REVIEWING,
        Status.FOLLOWED_UP,
    }
)
# Statuses after the reply went out (the writer has an answer).
ANSWERED = frozenset({Status.ANSWERED, Status.RATED, Status.CLOSED})
# Statuses with a running answer clock.
CLOCK_RUNNING = frozenset(
    {Status.ACCEPTED, Status.PROCESSING, Status.REVIEWING, Status.FOLLOWED_UP}
)
TERMINAL = frozenset({Status.REJECTED, Status.CLOSED})

_HANDLING = (Status.ACCEPTED, Status.PROCESSING)

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.ACCEPT): Status.ACCEPTED,
    (Status.RECEIVED, Action.REJECT): Status.REJECTED,
    (Status.RECEIVED, Action.TRANSFER): Status.RECEIVED,
    (Status.ACCEPTED, Action.TRANSFER): Status.PROCESSING,
    (Status.PROCESSING, Action.TRANSFER): Status.PROCESSING,
    (Status.ACCEPTED, Action.ASSIGN): Status.PROCESSING,
    (Status.PROCESSING, Action.ASSIGN): Status.PROCESSING,
    **{(status, Action.SUBMIT_REPLY): Status.REVIEWING for status in _HANDLING},
    (Status.FOLLOWED_UP, Action.SUBMIT_REPLY): Status.REVIEWING,
    (Status.REVIEWING, Action.RETURN_REPLY): Status.PROCESSING,
    (Status.REVIEWING, Action.APPROVE): Status.ANSWERED,
    (Status.ANSWERED, Action.RATE): Status.RATED,
    (Status.ANSWERED, Action.FOLLOW_UP): Status.FOLLOWED_UP,
    (Status.ANSWERED, Action.CLOSE): Status.CLOSED,
    (Status.RATED, Action.CLOSE): Status.CLOSED,
    **{(status, Action.EXTEND): status for status in CLOCK_RUNNING},
    **{(status, Action.MERGE): Status.CLOSED for status in OPEN},
    **{(status, Action.CLOSE_ABUSIVE): Status.CLOSED for status in OPEN},
}

# Actions that never change the status and are allowed in the statuses listed.
SIDE_ACTIONS: dict[Action, frozenset[Status]] = {
    Action.PUBLISH: ANSWERED,
    Action.UNPUBLISH: ANSWERED,
    Action.REMIND: OPEN,
    Action.RECOMPUTE: OPEN,
}

# Why an action is refused, shown to staff as it is.
REFUSALS = {
    Action.ACCEPT: "只有待受理的来信可以受理。",
    Action.REJECT: "只有待受理的来信可以不予受理。",
    Action.TRANSFER: "已答复或已办结的来信不能转办。",
    Action.ASSIGN: "只有已受理、办理中的来信可以交办。",
    Action.SUBMIT_REPLY: "只有已受理、办理中或被追问的来信可以提交答复。",
    Action.RETURN_REPLY: "只有待审核的答复可以退回。",
    Action.APPROVE: "只有待审核的答复可以审核通过。",
    Action.RATE: "只有已答复的来信可以评价，且只能评价一次。",
    Action.FOLLOW_UP: "只有已答复的来信可以追问，且只能追问一次。",
    Action.EXTEND: "只有正在办理的来信可以延期。",
    Action.MERGE: "已办结的来信不能合并。",
    Action.CLOSE_ABUSIVE: "已办结的来信不能再作无效来信处理。",
    Action.CLOSE: "只有已答复的来信可以办结。",
    Action.PUBLISH: "只有已答复的来信可以公开。",
    Action.UNPUBLISH: "只有已答复的来信可以撤销公开。",
    Action.REMIND: "已答复或已办结的来信无需催办。",
    Action.RECOMPUTE: "已答复或已办结的来信无需调整期限。",
}


TABLE = TransitionTable(Status, Action, TRANSITIONS, side_actions=SIDE_ACTIONS, refusals=REFUSALS)
next_status = TABLE.next_status
allowed_actions = TABLE.allowed_actions


class Category(enum.StrEnum):
    """What the writer asks for; the time limits are configured per category."""

    CONSULTATION = "consultation"
    COMPLAINT = "complaint"
    SUGGESTION = "suggestion"
    HELP = "help"
    SITE_ERROR = "site_error"


CATEGORY_LABELS = {
    Category.CONSULTATION: "咨询",
    Category.COMPLAINT: "投诉",
    Category.SUGGESTION: "建议",
    Category.HELP: "求助",
    Category.SITE_ERROR: "网站纠错",
}


class RejectionReason(enum.StrEnum):
    """不予受理: a closed list; each names the channel the writer should use instead."""

    PETITION = "petition"
    LITIGATION = "litigation"
    ARBITRATION = "arbitration"
    REVIEW = "review"
    DISCLOSURE_REQUEST = "disclosure_request"
    REPORT_CRIME = "report_crime"
    NOT_OURS = "not_ours"
    NO_CONTENT = "no_content"


REJECTION_LABELS = {
    RejectionReason.PETITION: "属于信访事项",
    RejectionReason.LITIGATION: "已进入或应当通过诉讼程序解决",
    RejectionReason.ARBITRATION: "属于仲裁事项",
    RejectionReason.REVIEW: "属于行政复议事项",
    RejectionReason.DISCLOSURE_REQUEST: "属于政府信息公开申请",
    RejectionReason.REPORT_CRIME: "涉嫌违法犯罪的举报",
    RejectionReason.NOT_OURS: "不属于本平台受理范围",
    RejectionReason.NO_CONTENT: "来信内容不明确，无法办理",
}

# The sentence sent to the writer with the reason: the right channel, named.
REJECTION_GUIDANCE = {
    RejectionReason.PETITION: "请依照《信访工作条例》向有权处理的机关或者信访工作机构提出。",
    RejectionReason.LITIGATION: "请依照《中华人民共和国民事诉讼法》《中华人民共和国行政诉讼法》等规定通过诉讼途径解决。",
    RejectionReason.ARBITRATION: "请依法向有管辖权的仲裁机构申请仲裁。",
    RejectionReason.REVIEW: "请依照《中华人民共和国行政复议法》向行政复议机关申请行政复议。",
    RejectionReason.DISCLOSURE_REQUEST: "请通过本网站“依申请公开”栏目提出政府信息公开申请。",
    RejectionReason.REPORT_CRIME: "请向公安机关报案，或者向有关执法机关举报。",
    RejectionReason.NOT_OURS: "请向有关主管部门反映，或者拨打12345政务服务便民热线咨询。",
    RejectionReason.NO_CONTENT: "请补充具体诉求后重新来信。",
}


class Satisfaction(enum.StrEnum):
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"


SATISFACTION_LABELS = {
    Satisfaction.SATISFIED: "满意",
    Satisfaction.BASICALLY_SATISFIED: "基本满意",
    Satisfaction.DISSATISFIED: "不满意",
}
