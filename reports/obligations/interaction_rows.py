"""The 互动交流 duties on the supervisor's obligations calendar: the 采纳情况反馈 each closed
意见征集 owes (interaction.consultations.obligations) and the quarterly 例行新闻发布会
(interaction.interviews.obligations).

Press conferences are watched for the organisations that hold them as a routine: those with a
published 新闻发布会 in this year or the last. An organisation that never held one is not
listed quarter after quarter as overdue; the first conference it holds puts it on the
calendar from then on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from interaction.consultations.obligations import FeedbackRow, feedback_rows
from interaction.interviews.models import Interview
from interaction.interviews.obligations import QuarterRow, press_conference_quarters
from interaction.interviews.quarters import quarter_bounds


def consultation_feedback(organisation_ids: Iterable[int], today: dt.date) -> list[FeedbackRow]:
    return feedback_rows(organisation_ids=list(organisation_ids), today=today)


def press_conference_routine(organisation_ids: Iterable[int], today: dt.date) -> list[QuarterRow]:
    """This year's quarters that have begun, for organisations holding press conferences."""
    routine = set(
        Interview.objects.published()
        .filter(
            organisation_id__in=list(organisation_ids),
            kind=Interview.Kind.PRESS,
            starts_at__year__gte=today.year - 1,
        )
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    if not routine:
        return []
    rows = press_conference_quarters(organisation_ids=routine, year=today.year, today=today)
    return [row for row in rows if quarter_bounds(row.year, row.quarter)[0] <= today]
