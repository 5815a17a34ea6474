"""The workflow of a 点题公开 suggestion as an explicit transition table (pure).

received (待答复) ─submit_answer→ reviewing (答复待审核) ─approve→ answered (已答复)
                                  └─return_answer→ received
received ─close_invalid→ closed (作无效建议处理: advertising, abuse, nothing to answer)
answered ─link_item / publish / unpublish→ answered (the promise kept, the entry on or off
the public list)
received/reviewing ─recompute→ same status (the answer limit moved with the calendar)

Every action writes one event row (interaction.topics.models.SuggestionEvent) with from/to
status. The answer is one of a closed list (AnswerKind); 不予公开 names a reason from a closed
list with its legal basis in 《中华人民共和国政府信息公开条例》 (RefusalReason).
"""

from __future__ import annotations

import enum

from kernel.transitions import InvalidTransition, TransitionTable  # noqa: F401 - the workflow's error


class Status(enum.StrEnum):
    RECEIVED = "received"
    REVIEWING = "reviewing"
    ANSWERED = "answered"
    CLOSED = "closed"


class Action(enum.StrEnum):
    SUBMIT = "submit"  # the citizen sends the suggestion (creates the row)
    SUBMIT_ANSWER = "submit_answer"
    RETURN_ANSWER = "return_answer"
    APPROVE = "approve"
    CLOSE_INVALID = "close_invalid"
    LINK_ITEM = "link_item"  # a promised item is published and linked (status unchanged)
    PUBLISH = "publish"  # the moderated suggestion and its answer go online (status unchanged)
    UNPUBLISH = "unpublish"
    RECOMPUTE = "recompute"  # the answer limit moved with the working-day calendar


STATUS_LABELS = {
    Status.RECEIVED: "待答复",
    Status.REVIEWING: "答复待审核",
    Status.ANSWERED: "已答复",
    Status.CLOSED: "作无效建议处理",
}

ACTION_LABELS = {
    Action.SUBMIT: "提出点题建议",
    Action.SUBMIT_ANSWER: "提交答复审核",
    Action.RETURN_ANSWER: "退回修改答复",
    Action.APPROVE: "审核通过并答复",
    Action.CLOSE_INVALID: "作无效建议处理",
    Action.LINK_ITEM: "关联已公开信息",
    Action.PUBLISH: "公开发布",
    Action.UNPUBLISH: "撤销公开",
    Action.RECOMPUTE: "答复期限随放假安排调整",
}

OPEN = frozenset({Status.RECEIVED, Status.REVIEWING})

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.SUBMIT_ANSWER): Status.REVIEWING,
    (Status.REVIEWING, Action.RETURN_ANSWER): Status.RECEIVED,
    (Status.REVIEWING, Action.APPROVE): Status.ANSWERED,
    (Status.RECEIVED, Action.CLOSE_INVALID): Status.CLOSED,
}

SIDE_ACTIONS: dict[Action, frozenset[Status]] = {
    Action.LINK_ITEM: frozenset({Status.ANSWERED}),
    Action.PUBLISH: frozenset({Status.ANSWERED}),
    Action.UNPUBLISH: frozenset({Status.ANSWERED}),
    Action.RECOMPUTE: OPEN,
}

REFUSALS = {
    Action.SUBMIT_ANSWER: "只有待答复的点题建议可以提交答复。",
    Action.RETURN_ANSWER: "只有待审核的答复可以退回。",
    Action.APPROVE: "只有待审核的答复可以审核通过。",
    Action.CLOSE_INVALID: "只有待答复的点题建议可以作无效处理。",
    Action.LINK_ITEM: "只有已答复的点题建议可以关联已公开信息。",
    Action.PUBLISH: "只有已答复的点题建议可以公开。",
    Action.UNPUBLISH: "只有已答复的点题建议可以撤销公开。",
    Action.RECOMPUTE: "已答复的点题建议无需调整期限。",
}


TABLE = TransitionTable(Status, Action, TRANSITIONS, side_actions=SIDE_ACTIONS, refusals=REFUSALS)
next_status = TABLE.next_status
allowed_actions = TABLE.allowed_actions


class AnswerKind(enum.StrEnum):
    """The closed list of answers to a suggestion."""

    WILL_PUBLISH = "will_publish"
    PUBLISHED = "published"
    NOT_PUBLISHED = "not_published"
    APPLY = "apply"


ANSWER_LABELS = {
    AnswerKind.WILL_PUBLISH: "将予公开",
    AnswerKind.PUBLISHED: "已经公开",
    AnswerKind.NOT_PUBLISHED: "不予公开",
    AnswerKind.APPLY: "建议依申请公开",
}

# The answers that count as “公开” in the annual figures (suggestions_published).
PUBLISHING_ANSWERS = frozenset({AnswerKind.WILL_PUBLISH, AnswerKind.PUBLISHED})

# What the public entry says under the answer, whatever staff add in their text.
ANSWER_GUIDANCE = {
    AnswerKind.WILL_PUBLISH: "本机关将主动公开该信息，公开后在此处提供链接。",
    AnswerKind.PUBLISHED: "该信息已经主动公开，请点击链接查看。",
    AnswerKind.NOT_PUBLISHED: "该信息不予主动公开，理由及依据见下。",
    AnswerKind.APPLY: (
        "该信息不宜作为主动公开内容发布；如因自身需要获取，可以通过本网站“依申请公开”栏目"
        "依照《中华人民共和国政府信息公开条例》第二十七条提出政府信息公开申请。"
    ),
}


class RefusalReason(enum.StrEnum):
    """不予公开: a closed list; each carries the article of the 条例 it rests on."""

    STATE_SECRET = "state_secret"  # noqa: S105 - a reason code, not a password
    SECURITY = "security"
    THIRD_PARTY = "third_party"
    INTERNAL = "internal"
    PROCESS = "process"
    NOT_OURS = "not_ours"
    NOT_GOVERNMENT_INFORMATION = "not_government_information"


REFUSAL_LABELS = {
    RefusalReason.STATE_SECRET: "属于国家秘密或者法律、行政法规禁止公开的信息",
    RefusalReason.SECURITY: "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    RefusalReason.THIRD_PARTY: "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
    RefusalReason.INTERNAL: "属于人事管理、后勤管理、内部工作流程等内部事务信息",
    RefusalReason.PROCESS: "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息或者行政执法案卷信息",
    RefusalReason.NOT_OURS: "不属于本机关制作或者保存的信息",
    RefusalReason.NOT_GOVERNMENT_INFORMATION: "不属于政府信息",
}

REFUSAL_BASIS = {
    RefusalReason.STATE_SECRET: "《中华人民共和国政府信息公开条例》第十四条",
    RefusalReason.SECURITY: "《中华人民共和国政府信息公开条例》第十四条",
    RefusalReason.THIRD_PARTY: "《中华人民共和国政府信息公开条例》第十五条",
    RefusalReason.INTERNAL: "《中华人民共和国政府信息公开条例》第十六条第一款",
    RefusalReason.PROCESS: "《中华人民共和国政府信息公开条例》第十六条第二款",
    RefusalReason.NOT_OURS: "《中华人民共和国政府信息公开条例》第十条",
    RefusalReason.NOT_GOVERNMENT_INFORMATION: "《中华人民共和国政府信息公开条例》第二条",
}
