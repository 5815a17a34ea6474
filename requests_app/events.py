"""The closed vocabulary of a case's event rows (ApplicationEvent.action), with Chinese labels.

Every action the code writes is a member of :class:`EventAction`; ApplicationEvent.record
refuses anything else. The column stays free text (no ``choices``, no migration), so rows
written before this list existed keep their string and are shown as stored (:func:`label_of`).
The workflow's own actions (requests_app.workflow.Action) are members under the same values
and keep the workflow's labels.
"""

from __future__ import annotations

import enum

from requests_app.workflow import ACTION_LABELS, Action


class EventAction(enum.StrEnum):
    SUBMIT = "submit"
    REGISTER = "register"
    ASSIGN = "assign"
    REQUEST_CORRECTION = Action.REQUEST_CORRECTION.value
    RECEIVE_CORRECTION = Action.RECEIVE_CORRECTION.value
    CORRECTION_LAPSED = Action.CORRECTION_LAPSED.value
    START_CONSULTATION = Action.START_CONSULTATION.value
    END_CONSULTATION = Action.END_CONSULTATION.value
    ISSUE_FEE_NOTICE = Action.ISSUE_FEE_NOTICE.value
    RECORD_PAYMENT = Action.RECORD_PAYMENT.value
    FEE_LAPSED = Action.FEE_LAPSED.value
    EXTEND = Action.EXTEND.value
    ANSWER = Action.ANSWER.value
    CLOSE_OTHER = Action.CLOSE_OTHER.value
    DELIVER = "deliver"
    RELEASE_FILE = "release_file"
    WITHDRAW_FILE = "withdraw_file"
    RECOMPUTE = "recompute"
    PURGE = "purge"
    PROACTIVE_DECISION = "proactive_decision"


LABELS: dict[EventAction, str] = {
    EventAction.SUBMIT: "提交申请",
    EventAction.REGISTER: "登记申请",
    EventAction.ASSIGN: "分派经办人",
    **{EventAction(action.value): label for action, label in ACTION_LABELS.items()},
    EventAction.DELIVER: "送达",
    EventAction.RELEASE_FILE: "上传公开的信息文件",
    EventAction.WITHDRAW_FILE: "删除公开的信息文件",
    EventAction.RECOMPUTE: "重新计算期限",
    EventAction.PURGE: "删除申请人个人信息",
    EventAction.PROACTIVE_DECISION: "依申请转主动公开决定",
}


def event_action(value: str) -> EventAction:
    """The member for ``value``; ValueError for a string outside the vocabulary."""
    try:
        return EventAction(value)
    except ValueError:
        raise ValueError(f"not a case event action: {value!r}") from None


def label_of(value: str) -> str:
    """The Chinese label of an action; a string outside the vocabulary (old rows) as stored."""
    try:
        return LABELS[EventAction(value)]
    except ValueError:
        return value
