"""意见征集 figures of one year for the annual work report (counted in the database).

* consultations_held: consultations opened in the year (the OPEN event's date).
* opinions_received: comments received online in the year (not duplicates or advertisements
  kept off), plus the offline opinions of the
  feedback published in the year.
* opinions_adopted: the opinion counts of entries decided 采纳 or 部分采纳, in feedback
  published in the year.
* feedbacks_published: feedback published in the year.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Sum

from interaction.consultations.models import (
    Comment,
    ConsultationEvent,
    Feedback,
    FeedbackEntry,
    OfflineOpinion,
)
from interaction.consultations.workflow import ADOPTED, Action

KEYS = ("consultations_held", "opinions_received", "opinions_adopted", "feedbacks_published")


def year_figures(*, organisation_ids: Iterable[int], year: int) -> dict[str, int]:
    ids = list(organisation_ids)
    held = (
        ConsultationEvent.objects.filter(
            action=Action.OPEN, at__year=year, consultation__organisation_id__in=ids
        )
        .values("consultation_id")
        .distinct()
        .count()
    )
    published = Feedback.objects.filter(
        published_at__year=year, consultation__organisation_id__in=ids
    )
    online = (
        Comment.objects.counted()
        .filter(submitted_at__year=year, consultation__organisation_id__in=ids)
        .count()
    )
    offline = (
        OfflineOpinion.objects.filter(feedback__in=published).aggregate(n=Sum("count"))["n"] or 0
    )
    adopted = (
        FeedbackEntry.objects.filter(feedback__in=published, decision__in=list(ADOPTED)).aggregate(
            n=Sum("count")
        )["n"]
        or 0
    )
    return {
        "consultations_held": held,
        "opinions_received": online + offline,
        "opinions_adopted": adopted,
        "feedbacks_published": published.count(),
    }
