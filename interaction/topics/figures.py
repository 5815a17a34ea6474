"""点题公开 in figures: the annual work report's keys and the public counts per organisation.

Counted in the database from the suggestions' own fields (ADR 0007): received by the day of
receipt, answered by the day the answer was approved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from interaction.topics.models import Suggestion
from interaction.topics.workflow import PUBLISHING_ANSWERS, AnswerKind, Status

_ANSWERED = Q(status=Status.ANSWERED)


def year_figures(*, organisation_ids, year: int) -> dict[str, int]:
    """suggestions_received / _answered / _published (将予公开 + 已经公开) of ``year``."""
    rows = Suggestion.objects.filter(organisation_id__in=list(organisation_ids)).aggregate(
        received=Count("pk", filter=Q(received_on__year=year)),
        answered=Count("pk", filter=_ANSWERED & Q(answered_on__year=year)),
        published=Count(
            "pk",
            filter=_ANSWERED
            & Q(answered_on__year=year)
            & Q(answer_kind__in=[k.value for k in PUBLISHING_ANSWERS]),
        ),
    )
    return {
        "suggestions_received": rows["received"],
        "suggestions_answered": rows["answered"],
        "suggestions_published": rows["published"],
    }


@dataclass(frozen=True)
class Counts:
    organisation_id: int
    received: int
    answered: int
    will_publish: int
    published: int
    not_published: int


def _answered(kind: AnswerKind) -> Count:
    return Count("pk", filter=_ANSWERED & Q(answer_kind=kind.value))


def counts_by_organisation(organisation_ids=None) -> dict[int, Counts]:
    """Received, answered, 将予公开, 已经公开, 不予公开 per organisation, in one query."""
    suggestions = Suggestion.objects.all()
    if organisation_ids is not None:
        suggestions = suggestions.filter(organisation_id__in=list(organisation_ids))
    rows = (
        suggestions.order_by()
        .values("organisation_id")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=_ANSWERED),
            will_publish=_answered(AnswerKind.WILL_PUBLISH),
            published=_answered(AnswerKind.PUBLISHED),
            not_published=_answered(AnswerKind.NOT_PUBLISHED),
        )
    )
    return {row["organisation_id"]: Counts(**row) for row in rows}
