"""Recompute the stored deadlines of open cases after the working-day calendar changed.

When a 国务院办公厅 holiday notice is entered (or corrected), dates counted on the provisional
statutory calendar may move. Each open case whose stored dates change is locked, saved with
the new dates and gets an event row (old → new); its handler is e-mailed (numbers and dates
only, no applicant data). Issued notices (ReplyNotice bodies) are never touched.

What is recomputed:

* ``due_on`` (Art. 33 reply deadline), both ways: the law, not the earlier count, decides it;
* ``fee_due_on`` (109号, 20 working days after the fee notice) while the fee is unpaid, but
  only later, never earlier: the applicant was told the date in writing;
* ``correction_due_on`` is a date the agency chose and wrote in the 补正告知书, not a count:
  it stays.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from catalog.models import CalendarDay
from catalog.workdays import WorkCalendar
from requests_app import deadlines
from requests_app.events import EventAction
from requests_app.models import Application, ApplicationEvent, Pause
from requests_app.services import clock_of
from requests_app.workflow import Status

logger = logging.getLogger(__name__)

ACTION = EventAction.RECOMPUTE


@dataclass(frozen=True)
class Change:
    """One stored date of one case that the new calendar moved."""

    number: str
    field: str  # "due_on" or "fee_due_on"
    old: dt.date | None
    new: dt.date | None


FIELD_LABELS = {"due_on": "答复期限", "fee_due_on": "缴费期限"}


def _fee_due(application: Application, calendar: WorkCalendar) -> dt.date | None:
    if application.status != Status.AWAITING_FEE or application.fee_due_on is None:
        return application.fee_due_on
    pause = application.pauses.filter(kind=Pause.Kind.FEE, end__isnull=True).first()
    if pause is None:
        return application.fee_due_on
    recomputed = deadlines.fee_payment_due(pause.start, calendar)
    return max(recomputed, application.fee_due_on)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


@transaction.atomic
def recompute_deadlines(
    *, actor, reason: str, calendar: WorkCalendar | None = None
) -> list[Change]:
    """Bring the stored dates of every open case in line with the calendar; returns the changes.

    Runs across organisations: the calendar is national, and a case's handler needs the new
    date whoever entered the notice. ``reason`` names the change (e.g. the notice's 文号) in
    each event.
    """
    calendar = calendar or CalendarDay.objects.work_calendar()
    changes: list[Change] = []
    by_handler: dict[int, list[Change]] = defaultdict(list)
    handlers = {}
    cases = (
        Application.objects.open()
        .select_for_update(of=("self",))
        .select_related("handler")
        .order_by("pk")
    )
    for application in cases:
        new_due = deadlines.reply_due(clock_of(application), calendar)
        new_fee_due = _fee_due(application, calendar)
        moved = [
            Change(application.number, field, old, new)
            for field, old, new in (
                ("due_on", application.due_on, new_due),
                ("fee_due_on", application.fee_due_on, new_fee_due),
            )
            if old != new
        ]
        if not moved:
            continue
        application.due_on, application.fee_due_on = new_due, new_fee_due
        application.save(update_fields=["due_on", "fee_due_on", "updated_at"])
        ApplicationEvent.record(
            application,
            actor,
            ACTION,
            note="；".join(
                f"{FIELD_LABELS[c.field]}由{_iso(c.old) or '—'}调整为{_iso(c.new) or '—'}"
                for c in moved
            )
            + f"（依据{reason}重新计算）",
            data={c.field: {"old": _iso(c.old), "new": _iso(c.new)} for c in moved}
            | {"reason": reason},
            public=True,
        )
        changes.extend(moved)
        handler = application.handler
        if handler is not None and handler.is_active and handler.email:
            handlers[handler.pk] = handler
            by_handler[handler.pk].extend(moved)
    for pk, moved in by_handler.items():
        handler = handlers[pk]
        transaction.on_commit(
            lambda h=handler, m=tuple(moved): _tell_handler(h, m, reason),
        )
    return changes


def _tell_handler(handler, changes: tuple[Change, ...], reason: str) -> None:
    body = render_to_string(
        "emails/deadlines_recomputed.txt",
        {"name": handler.get_full_name() or handler.username, "changes": changes, "reason": reason},
    )
    try:
        send_mail(
            f"政府信息公开申请期限已重新计算（{len({c.number for c in changes})}件）",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [handler.email],
        )
    except Exception:
        logger.warning("recomputed-deadline mail to user %s could not be sent", handler.pk)
