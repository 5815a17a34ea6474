"""The 依申请公开 case workflow as an explicit transition table (pure).

received ─request_correction→ correcting ─receive_correction→ received (clock restarts)
                                 └─correction_lapsed→ closed  (Table B （六）1)
received ─start_consultation→ consulting ─end_consultation→ received (clock paused meanwhile)
received ─issue_fee_notice→ awaiting_fee ─record_payment→ received (clock paused meanwhile)
                                 └─fee_lapsed→ closed  (Table B （六）2)
received ─extend→ received (once, ≤ 20 working days)
received ─answer→ closed  (Table B （一）…（五）)
any open ─close_other→ closed  (Table B （六）3: withdrawn by the applicant, …)
"""

from __future__ import annotations

import enum


class Status(enum.StrEnum):
    RECEIVED = "received"
    CORRECTING = "correcting"
    CONSULTING = "consulting"
    AWAITING_FEE = "awaiting_fee"
    CLOSED = "closed"


class Action(enum.StrEnum):
    REQUEST_CORRECTION = "request_correction"
    RECEIVE_CORRECTION = "receive_correction"
    CORRECTION_LAPSED = "correction_lapsed"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    ISSUE_FEE_NOTICE = "issue_fee_notice"
    RECORD_PAYMENT = "record_payment"
    FEE_LAPSED = "fee_lapsed"
    EXTEND = "extend"
    ANSWER = "answer"
    CLOSE_OTHER = "close_other"


STATUS_LABELS = {
    Status.RECEIVED: "办理中",
    Status.CORRECTING: "待补正",
    Status.CONSULTING: "征求意见中",
    Status.AWAITING_FEE: "待缴费",
    Status.CLOSED: "已办结",
}

ACTION_LABELS = {
    Action.REQUEST_CORRECTION: "告知补正",
    Action.RECEIVE_CORRECTION: "收到补正",
    Action.CORRECTION_LAPSED: "逾期未补正办结",
    Action.START_CONSULTATION: "征求意见",
    Action.END_CONSULTATION: "征求意见结束",
    Action.ISSUE_FEE_NOTICE: "发出收费通知",
    Action.RECORD_PAYMENT: "登记缴费",
    Action.FEE_LAPSED: "逾期未缴费办结",
    Action.EXTEND: "延期答复",
    Action.ANSWER: "答复",
    Action.CLOSE_OTHER: "其他方式办结",
}

OPEN = frozenset({Status.RECEIVED, Status.CORRECTING, Status.CONSULTING, Status.AWAITING_FEE})

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.REQUEST_CORRECTION): Status.CORRECTING,
    (Status.CORRECTING, Action.RECEIVE_CORRECTION): Status.RECEIVED,
    (Status.CORRECTING, Action.CORRECTION_LAPSED): Status.CLOSED,
    (Status.RECEIVED, Action.START_CONSULTATION): Status.CONSULTING,
    (Status.CONSULTING, Action.END_CONSULTATION): Status.RECEIVED,
    (Status.RECEIVED, Action.ISSUE_FEE_NOTICE): Status.AWAITING_FEE,
    (Status.AWAITING_FEE, Action.RECORD_PAYMENT): Status.RECEIVED,
    (Status.AWAITING_FEE, Action.FEE_LAPSED): Status.CLOSED,
    (Status.RECEIVED, Action.EXTEND): Status.RECEIVED,
    (Status.RECEIVED, Action.ANSWER): Status.CLOSED,
    **{(status, Action.CLOSE_OTHER): Status.CLOSED for status in OPEN},
}


class InvalidTransition(Exception):
    def __init__(self, status: str, action: str):
        self.status = Status(status)
        self.action = Action(action)
        super().__init__(
            f"申请当前状态为“{STATUS_LABELS[self.status]}”，不能执行“{ACTION_LABELS[self.action]}”。"
        )


def next_status(status: str, action: str) -> Status:
    """The status after ``action``; raises InvalidTransition when the table has no such edge."""
    key = (Status(status), Action(action))
    if key not in TRANSITIONS:
        raise InvalidTransition(*key)
    return TRANSITIONS[key]


def allowed_actions(status: str) -> list[Action]:
    return [action for (from_status, action) in TRANSITIONS if from_status == Status(status)]
