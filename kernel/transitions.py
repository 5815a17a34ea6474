"""A workflow's transition table (ADR 0006): which action moves which status where.

One implementation for every table of the 互动交流 features (letters, 意见征集, 点题公开, 网上调查,
在线访谈): each feature's ``workflow.py`` declares its statuses, actions, transitions, side
actions (allowed in a status without leaving it) and the Chinese refusal of each action, and
builds one ``TransitionTable`` from them. Pure: no Django, no clock.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

GENERIC_REFUSAL = "当前状态下不能执行此操作。"

S = TypeVar("S", bound=enum.StrEnum)
A = TypeVar("A", bound=enum.StrEnum)


class InvalidTransition(Exception):
    """The action is not allowed in the status; the message is shown to staff as it is."""

    def __init__(self, status: str, action: str, message: str = GENERIC_REFUSAL):
        self.status, self.action = status, action
        super().__init__(message)


@dataclass(frozen=True)
class TransitionTable(Generic[S, A]):
    status: type[S]
    action: type[A]
    transitions: Mapping[tuple[S, A], S]
    side_actions: Mapping[A, frozenset[S]] = field(default_factory=dict)
    refusals: Mapping[A, str] = field(default_factory=dict)
    # A message built from the status and the action instead of ``refusals``.
    describe_refusal: Callable[[str, str], str] | None = None

    def refusal(self, status: str, action: str) -> str:
        if self.describe_refusal is not None:
            return self.describe_refusal(status, action)
        try:
            return self.refusals.get(self.action(action), GENERIC_REFUSAL)
        except ValueError:
            return GENERIC_REFUSAL

    def refuse(self, status: str, action: str) -> InvalidTransition:
        return InvalidTransition(status, action, self.refusal(status, action))

    def next_status(self, status: str, action: str) -> S:
        """The status after ``action`` in ``status``; InvalidTransition when not allowed
        (also for a status or an action the table does not know)."""
        try:
            current, act = self.status(status), self.action(action)
        except ValueError as exc:
            raise self.refuse(status, action) from exc
        if (current, act) in self.transitions:
            return self.transitions[(current, act)]
        if current in self.side_actions.get(act, frozenset()):
            return current
        raise self.refuse(status, action)

    def allowed_actions(self, status: str) -> list[A]:
        """The actions allowed in ``status``, in the order of the action enum."""
        current = self.status(status)
        return [
            act
            for act in self.action
            if (current, act) in self.transitions
            or current in self.side_actions.get(act, frozenset())
        ]
