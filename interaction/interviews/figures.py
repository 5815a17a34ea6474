"""在线访谈 and 新闻发布会 in the annual work report: events held, questions received and answered.

Held: published (approved, not taken back) and begun by now, counted in the year of its start.
Questions are counted in the year they were asked; answers in the year they were posted.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from interaction.interviews.models import Interview, Question
from interaction.interviews.workflow import PUBLISHED, QuestionStatus


def year_figures(*, organisation_ids, year: int) -> dict[str, int]:
    ids = list(organisation_ids)
    now = timezone.now()
    events = (
        # Published ones, also of an organisation since deactivated: the year's work happened.
        Interview.objects.filter(status__in=sorted(PUBLISHED))
        .filter(organisation_id__in=ids, starts_at__year=year, starts_at__lte=now)
        .aggregate(
            interviews=Count("pk", filter=Q(kind=Interview.Kind.INTERVIEW)),
            press=Count("pk", filter=Q(kind=Interview.Kind.PRESS)),
        )
    )
    questions = Question.objects.filter(interview__organisation_id__in=ids)
    return {
        "interviews_held": events["interviews"],
        "press_conferences_held": events["press"],
        "questions_received": questions.filter(submitted_at__year=year).count(),
        "questions_answered": questions.filter(
            status=QuestionStatus.ANSWERED, answered_at__year=year
        ).count(),
    }
