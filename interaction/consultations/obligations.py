"""The 采纳情况反馈 obligations for the supervisor's dashboard: which consultations owe their
feedback, by when, and whether it is late.

A feedback is owed from the close of the consultation (status 征集中 past its end date, 已截止,
采纳情况待审核) until it is published. States: ``overdue`` (past the due date), ``due_soon``
(due within ``SOON_DAYS`` calendar days), ``open`` (owed, not yet near), ``done``
(published; shown for the year the due date falls in).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from interaction.consultations.models import Consultation
from interaction.consultations.workflow import Status

SOON_DAYS = 5

OVERDUE, DUE_SOON, OPEN, DONE = "overdue", "due_soon", "open", "done"
STATE_LABELS = {OVERDUE: "已逾期", DUE_SOON: "即将到期", OPEN: "待反馈", DONE: "已反馈"}


@dataclass(frozen=True)
class FeedbackRow:
    consultation: Consultation
    due_on: date | None
    provisional: bool
    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def feedback_state(*, status: str, ends_on: date, due_on: date | None, today: date) -> str | None:
    """The obligation's state, None while nothing is owed yet (not opened or still running)."""
    if status == Status.PUBLISHED:
        return DONE
    if status not in (Status.OPEN, Status.CLOSED, Status.FEEDBACK_REVIEW):
        return None
    if status == Status.OPEN and today <= ends_on:
        return None
    if due_on is None:
        return OPEN
    if today > due_on:
        return OVERDUE
    if due_on - today <= timedelta(days=SOON_DAYS):
        return DUE_SOON
    return OPEN


def feedback_rows(*, organisation_ids: Iterable[int], today: date) -> list[FeedbackRow]:
    """Every consultation of the organisations owing (or, this year, having given) feedback,
    the most urgent first."""
    rows = []
    queryset = (
        Consultation.objects.filter(organisation_id__in=list(organisation_ids))
        .exclude(status__in=[Status.DRAFT, Status.REVIEWING])
        .select_related("organisation")
        .order_by("feedback_due_on", "pk")
    )
    for consultation in queryset:
        state = feedback_state(
            status=consultation.status,
            ends_on=consultation.ends_on,
            due_on=consultation.feedback_due_on,
            today=today,
        )
        if state is None:
            continue
        if (
            state == DONE
            and (consultation.feedback_due_on or consultation.ends_on).year != today.year
        ):
            continue
        rows.append(
            FeedbackRow(
                consultation,
                consultation.feedback_due_on,
                consultation.feedback_due_provisional,
                state,
            )
        )
    order = {OVERDUE: 0, DUE_SOON: 1, OPEN: 2, DONE: 3}
    return sorted(rows, key=lambda r: (order[r.state], r.due_on or date.max, r.consultation.pk))
