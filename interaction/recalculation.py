"""Recompute the stored due dates of open letters after the working-day calendar changed.

When a 国务院办公厅 holiday notice is entered, dates counted on the provisional calendar may
move. Each open letter whose 受理期限 (while still waiting for acceptance) or 答复期限 changes is
locked, saved with the new dates and gets a RECOMPUTE event (old → new, public: the writer's
progress page shows the dates too). Called by the calendar admin (portal.calendar_admin) in the
same transaction as the notice and requests_app's recalculation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from catalog.models import CalendarDay
from catalog.workdays import WorkCalendar
from interaction.models import Letter
from interaction.services.common import log, refresh_due
from interaction.workflow import Action, Status

FIELD_LABELS = {"accept_due_on": "受理期限", "due_on": "答复期限"}


@dataclass(frozen=True)
class Change:
    number: str
    field: str
    old: dt.date | None
    new: dt.date | None


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


@transaction.atomic
def recompute_letter_deadlines(
    *, actor, reason: str, calendar: WorkCalendar | None = None
) -> list[Change]:
    """Bring the due dates of every open letter in line with the calendar; returns the changes.

    Across organisations: the calendar is national. An accepted letter's 受理期限 is history
    and stays; its 答复期限 moves either way (the count, not the earlier date, is the rule).
    """
    calendar = calendar or CalendarDay.objects.work_calendar()
    changes: list[Change] = []
    for letter in Letter.objects.open().select_for_update(of=("self",)).order_by("pk"):
        before = {"accept_due_on": letter.accept_due_on, "due_on": letter.due_on}
        refresh_due(letter, calendar)
        if letter.status != Status.RECEIVED:
            letter.accept_due_on = before["accept_due_on"]
        moved = [
            Change(letter.number, field, old, getattr(letter, field))
            for field, old in before.items()
            if getattr(letter, field) != old
        ]
        if not moved:
            continue
        letter.save(update_fields=["accept_due_on", "due_on", "updated_at"])
        note = "；".join(
            f"{FIELD_LABELS[c.field]}由{_iso(c.old)}调整为{_iso(c.new)}" for c in moved
        )
        log(
            letter,
            actor,
            Action.RECOMPUTE,
            from_status=letter.status,
            to_status=letter.status,
            note=f"{note}（依据{reason}重新计算）",
        )
        changes.extend(moved)
    return changes
