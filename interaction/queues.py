"""The handlers' work queues over a Letter queryset (reads only).

A letter waiting for acceptance is measured against its 受理期限 (``accept_due_on``); once the
answer clock runs, against its 答复期限 (``due_on``). A 网站纠错 letter counts its answer from
receipt, so a received one is late when either date has passed.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from catalog.workdays import WorkCalendar
from interaction.deadlines import DUE_SOON_WORKING_DAYS
from interaction.workflow import CLOCK_RUNNING, OPEN, Status

_OPEN = [s.value for s in OPEN]
_RUNNING = [s.value for s in CLOCK_RUNNING]


def _late_by(day: dt.date) -> Q:
    return Q(status=Status.RECEIVED, accept_due_on__lt=day) | Q(
        status__in=_OPEN, due_on__isnull=False, due_on__lt=day
    )


def new(queryset: QuerySet) -> QuerySet:
    """新来信: waiting to be accepted or refused."""
    return queryset.filter(status=Status.RECEIVED)


def mine(queryset: QuerySet, user) -> QuerySet:
    """我的: open letters the user handles."""
    return queryset.filter(handler=user, status__in=_OPEN)


def overdue(queryset: QuerySet, today: dt.date) -> QuerySet:
    """已逾期: open letters past the date that binds them now."""
    return queryset.filter(_late_by(today))


def due_soon(queryset: QuerySet, today: dt.date, calendar: WorkCalendar) -> QuerySet:
    """即将到期: not late yet, due today or within DUE_SOON_WORKING_DAYS working days."""
    until = calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)
    soon = Q(status=Status.RECEIVED, accept_due_on__lte=until) | Q(
        status__in=_OPEN, due_on__isnull=False, due_on__lte=until
    )
    return queryset.filter(soon).exclude(_late_by(today))


def binding_due(letter) -> dt.date | None:
    """The date the letter is measured against now: 受理期限 before acceptance, else 答复期限."""
    if letter.status == Status.RECEIVED:
        if letter.due_on is not None:
            return min(letter.accept_due_on, letter.due_on)
        return letter.accept_due_on
    if letter.status in _RUNNING:
        return letter.due_on
    return None
