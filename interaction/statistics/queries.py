"""Loading the statistics rows from the database (three queries whatever the number of letters:
the letters with their first answer and abusive-closure flag, the time limits, the calendar)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from catalog.models import CalendarDay, Organisation
from catalog.workdays import WorkCalendar
from interaction import deadlines
from interaction.models import Letter, LetterEvent, Reply, TimeLimit
from interaction.statistics.figures import LetterRow
from interaction.workflow import Action, Category


def limits_table() -> dict[tuple[int | None, str], deadlines.Limits]:
    """Every configured time limit, keyed by (organisation id or None, category)."""
    return {
        (row.organisation_id, row.category): deadlines.Limits(
            accept_days=row.accept_days,
            answer_days=row.answer_days,
            count_from_receipt=row.count_from_receipt,
        )
        for row in TimeLimit.objects.all()
    }


def _limits(table, organisation_id: int, category: str) -> deadlines.Limits:
    """As interaction.services.common.limits_for, from the preloaded table."""
    found = table.get((organisation_id, category)) or table.get((None, category))
    if found is not None:
        return found
    try:
        return deadlines.DEFAULTS[Category(category)]
    except ValueError:
        return deadlines.DEFAULTS[Category.CONSULTATION]


def letter_rows(
    *, first: date, last: date, organisation: Organisation | None = None
) -> list[LetterRow]:
    """The rows of the letters received from ``first`` to ``last`` (inclusive), of one
    organisation (the one handling them now) or of all."""
    letters = Letter.objects.filter(received_on__range=(first, last))
    if organisation is not None:
        letters = letters.filter(organisation=organisation)
    first_answer = Reply.objects.filter(
        letter=OuterRef("pk"), round=1, state=Reply.State.APPROVED
    ).values("approved_at")[:1]
    abusive = LetterEvent.objects.filter(letter=OuterRef("pk"), action=Action.CLOSE_ABUSIVE)
    values = letters.annotate(
        first_answer_at=Subquery(first_answer), closed_as_abusive=Exists(abusive)
    ).values_list(
        "organisation_id",
        "received_on",
        "status",
        "category",
        "accepted_on",
        "answered_on",
        "first_answer_at",
        "extension_days",
        "satisfaction",
        "followed_up_on",
        "merged_into_id",
        "closed_as_abusive",
    )
    table = limits_table()
    rows = []
    for (
        org_id,
        received_on,
        status,
        category,
        accepted_on,
        answered_on,
        first_answer_at,
        extension_days,
        satisfaction,
        followed_up_on,
        merged_into_id,
        closed_as_abusive,
    ) in values:
        if first_answer_at is not None:
            answered_on = timezone.localdate(first_answer_at)
        rows.append(
            LetterRow(
                organisation_id=org_id,
                received_on=received_on,
                status=status,
                category=category,
                accepted_on=accepted_on,
                answered_on=answered_on,
                extension_days=extension_days,
                limits=_limits(table, org_id, category),
                satisfaction=satisfaction,
                followed_up=followed_up_on is not None,
                merged=merged_into_id is not None,
                abusive=closed_as_abusive,
            )
        )
    return rows


def work_calendar() -> WorkCalendar:
    return CalendarDay.objects.work_calendar()
