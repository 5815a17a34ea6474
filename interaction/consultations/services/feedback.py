"""采纳情况反馈: drafted after the close, published by a second person (four eyes).

The number of opinions is counted, not typed: every comment received online (but duplicates and
advertisements kept off), plus the opinions gathered offline (座谈会, 书面 …) entered as numbers with their source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from catalog.models import CalendarDay
from catalog.workdays import WorkCalendar
from interaction import purging
from interaction.consultations.models import Consultation, Feedback
from interaction.consultations.services.common import (
    PERM_CHANGE,
    PERM_PUBLISH_FEEDBACK,
    PERM_SUBMIT,
    ConsultationError,
    check_staff,
    four_eyes,
    lock,
    log,
    transition,
)
from interaction.consultations.services.drafting import refresh_feedback_due
from interaction.consultations.workflow import Action, Status


@transaction.atomic
def start_feedback(*, actor, consultation: Consultation, overview: str = "") -> Feedback:
    """The consultation's feedback draft (created once, after the close)."""
    check_staff(actor, consultation.organisation_id, PERM_CHANGE)
    consultation = lock(consultation)
    if consultation.status != Status.CLOSED:
        raise ConsultationError("征集截止后方可起草采纳情况。")
    feedback, created = Feedback.objects.get_or_create(
        consultation=consultation, defaults={"overview": overview, "drafted_by": actor}
    )
    if not created and overview:
        feedback.overview = overview
        feedback.save(update_fields=["overview"])
    return feedback


@transaction.atomic
def submit_feedback(*, actor, consultation: Consultation) -> Consultation:
    check_staff(actor, consultation.organisation_id, PERM_SUBMIT)
    consultation = lock(consultation)
    old, new = transition(consultation, Action.SUBMIT_FEEDBACK)
    feedback = Feedback.objects.filter(consultation=consultation).first()
    if feedback is None or not feedback.entries.exists():
        raise ConsultationError("请先填写意见采纳情况（至少一组意见及其处理结果）。")
    feedback.online_count = consultation.comments.counted().count()
    feedback.drafted_by = actor
    feedback.save(update_fields=["online_count", "drafted_by"])
    consultation.status = new
    consultation.save()
    log(consultation, actor, Action.SUBMIT_FEEDBACK, from_status=old, to_status=new)
    return consultation


@transaction.atomic
def return_feedback(*, actor, consultation: Consultation, note: str) -> Consultation:
    check_staff(actor, consultation.organisation_id, PERM_PUBLISH_FEEDBACK)
    consultation = lock(consultation)
    old, new = transition(consultation, Action.RETURN_FEEDBACK)
    if not note.strip():
        raise ConsultationError("请说明退回修改的理由。")
    consultation.status = new
    consultation.save()
    log(consultation, actor, Action.RETURN_FEEDBACK, from_status=old, to_status=new, note=note)
    return consultation


@transaction.atomic
def publish_feedback(*, actor, consultation: Consultation) -> Consultation:
    """审核通过并公布 (four eyes: not the person who drafted or submitted it)."""
    check_staff(actor, consultation.organisation_id, PERM_PUBLISH_FEEDBACK)
    consultation = lock(consultation)
    old, new = transition(consultation, Action.PUBLISH_FEEDBACK)
    feedback = Feedback.objects.select_for_update().get(consultation=consultation)
    four_eyes(actor, feedback.drafted_by_id)
    feedback.online_count = consultation.comments.counted().count()
    feedback.approved_by, feedback.published_at = actor, timezone.now()
    feedback.save()
    consultation.status = new
    consultation.save()
    log(consultation, actor, Action.PUBLISH_FEEDBACK, from_status=old, to_status=new)
    purging.purge_consultation(consultation)
    return consultation


@dataclass(frozen=True)
class Change:
    consultation_id: int
    old: date | None
    new: date | None


@transaction.atomic
def recompute_feedback_deadlines(
    *, actor, reason: str, calendar: WorkCalendar | None = None
) -> list[Change]:
    """Bring the stored 采纳情况 due dates in line with the calendar (a notice was entered)."""
    calendar = calendar or CalendarDay.objects.work_calendar()
    changes: list[Change] = []
    owed = Consultation.objects.filter(
        status__in=[Status.OPEN, Status.CLOSED, Status.FEEDBACK_REVIEW]
    )
    for consultation in owed.select_for_update().order_by("pk"):
        old, was_provisional = consultation.feedback_due_on, consultation.feedback_due_provisional
        refresh_feedback_due(consultation, calendar)
        if (old, was_provisional) == (
            consultation.feedback_due_on,
            consultation.feedback_due_provisional,
        ):
            continue
        consultation.save(
            update_fields=["feedback_due_on", "feedback_due_provisional", "updated_at"]
        )
        note = f"采纳情况反馈期限由{old or '—'}调整为{consultation.feedback_due_on}（依据{reason}重新计算）"
        log(
            consultation,
            actor,
            Action.RECOMPUTE,
            from_status=consultation.status,
            to_status=consultation.status,
            note=note,
        )
        changes.append(Change(consultation.pk, old, consultation.feedback_due_on))
    return changes
