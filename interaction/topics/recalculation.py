"""Recompute the answer due dates of open suggestions after the working-day calendar changed.

Called by the calendar admin (portal.calendar_admin) in the same transaction as the holiday
notice, after the letters' recalculation. Each open suggestion whose date or provisional flag
moves is locked and saved; a moved date writes a RECOMPUTE event (old → new, the notice named).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from catalog.models import CalendarDay
from catalog.workdays import WorkCalendar
from interaction.topics.models import Suggestion, SuggestionEvent
from interaction.topics.rules import answer_due
from interaction.topics.workflow import Action


@dataclass(frozen=True)
class Change:
    number: str
    old: dt.date
    new: dt.date


@transaction.atomic
def recompute_suggestion_deadlines(
    *, actor, reason: str, calendar: WorkCalendar | None = None
) -> list[Change]:
    """Bring the due date of every open suggestion in line with the calendar."""
    calendar = calendar or CalendarDay.objects.work_calendar()
    changes: list[Change] = []
    for suggestion in Suggestion.objects.open().select_for_update().order_by("pk"):
        due = answer_due(suggestion.received_on, suggestion.answer_days, calendar)
        if due.on == suggestion.due_on and due.provisional == suggestion.due_provisional:
            continue
        old = suggestion.due_on
        suggestion.due_on, suggestion.due_provisional = due.on, due.provisional
        suggestion.save(update_fields=["due_on", "due_provisional", "updated_at"])
        if old == due.on:
            continue  # only the provisional mark went: nothing to tell
        SuggestionEvent.objects.create(
            suggestion=suggestion,
            actor=actor,
            action=Action.RECOMPUTE,
            from_status=suggestion.status,
            to_status=suggestion.status,
            note=f"答复期限由{old.isoformat()}调整为{due.on.isoformat()}（依据{reason}重新计算）",
        )
        changes.append(Change(suggestion.number, old, due.on))
    return changes
