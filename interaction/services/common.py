"""What every letter service shares: the calendar, the clock, locking, transitions, the log."""

from __future__ import annotations

from catalog.models import CalendarDay, Organisation
from catalog.workdays import WorkCalendar
from interaction import deadlines
from interaction.models import Letter, LetterEvent, TimeLimit
from interaction.workflow import Action, Category, InvalidTransition, Status, next_status


class LetterError(Exception):
    """A rule stops the action; the message is shown as it is (staff or writer)."""


def calendar() -> WorkCalendar:
    return CalendarDay.objects.work_calendar()


def limits_for(organisation: Organisation | int, category: str) -> deadlines.Limits:
    """The organisation's own limits for the category, else the site default row, else the
    built-in default (interaction.deadlines.DEFAULTS)."""
    org_id = organisation.pk if isinstance(organisation, Organisation) else organisation
    rows = {
        row.organisation_id: row
        for row in TimeLimit.objects.filter(category=category, organisation_id__in=[org_id])
        | TimeLimit.objects.filter(category=category, organisation__isnull=True)
    }
    row = rows.get(org_id) or rows.get(None)
    if row is None:
        return deadlines.DEFAULTS[Category(category)]
    return deadlines.Limits(
        accept_days=row.accept_days,
        answer_days=row.answer_days,
        count_from_receipt=row.count_from_receipt,
    )


def clock_of(letter: Letter) -> deadlines.LetterClock:
    return deadlines.LetterClock(
        received_on=letter.received_on,
        limits=limits_for(letter.organisation_id, letter.category),
        accepted_on=letter.accepted_on,
        followed_up_on=letter.followed_up_on,
        extension_days=letter.extension_days,
    )


def refresh_due(letter: Letter, cal: WorkCalendar | None = None) -> None:
    """Recompute the stored due dates from the clock (after any change of its inputs)."""
    cal = cal or calendar()
    clock = clock_of(letter)
    letter.accept_due_on = deadlines.accept_due(clock, cal)
    letter.due_on = deadlines.answer_due(clock, cal)


def lock(letter: Letter) -> Letter:
    return Letter.objects.select_for_update().get(pk=letter.pk)


def transition(letter: Letter, action: Action) -> tuple[str, Status]:
    """(old status, new status) by the transition table; LetterError when not allowed."""
    old = letter.status
    try:
        return old, next_status(old, action)
    except InvalidTransition as exc:
        raise LetterError(str(exc)) from exc


def log(
    letter: Letter,
    actor,
    action: Action,
    *,
    from_status: str = "",
    to_status: str = "",
    from_organisation: Organisation | None = None,
    to_organisation: Organisation | None = None,
    note: str = "",
    public: bool = True,
) -> LetterEvent:
    """Append the event row of ``action`` (a member of the closed vocabulary)."""
    action = Action(action)
    return LetterEvent.objects.create(
        letter=letter,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status or letter.status,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        note=note,
        public=public,
    )
