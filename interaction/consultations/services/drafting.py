"""Drafting a consultation, putting it out (four eyes, the minimum window) and closing it."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from catalog.workdays import WorkCalendar
from disclosures.models import Disclosure
from disclosures.pagination import items as item_pages
from disclosures.richtext import html_to_text, sanitise_html
from interaction import purging
from interaction.consultations import windows
from interaction.consultations.articles import split_articles
from interaction.consultations.models import Consultation, DraftArticle
from interaction.consultations.services.common import (
    PERM_CHANGE,
    PERM_OPEN,
    PERM_SUBMIT,
    ConsultationError,
    calendar,
    check_staff,
    four_eyes,
    lock,
    log,
    transition,
)
from interaction.consultations.workflow import Action, Status

EDITABLE = frozenset({Status.DRAFT})


@transaction.atomic
def create_consultation(
    *,
    actor,
    organisation,
    title: str,
    draft_kind: str,
    summary: str,
    draft_html: str,
    explanation: str,
    starts_on: date,
    ends_on: date,
    contact_department: str,
    contact_phone: str = "",
    contact_email: str = "",
    contact_address: str = "",
    shortened_reason: str = "",
    feedback_days: int = 10,
) -> Consultation:
    """A new consultation in 草稿, its draft text sanitised."""
    check_staff(actor, organisation, "interaction.add_consultation")
    if ends_on < starts_on:
        raise ConsultationError("截止日期不能早于开始日期。")
    if not (contact_phone or contact_email or contact_address):
        raise ConsultationError("请至少填写一种反馈方式（电话、电子邮箱或通信地址）。")
    consultation = Consultation.objects.create(
        organisation=organisation,
        title=title.strip(),
        draft_kind=windows.DraftKind(draft_kind),
        summary=summary.strip(),
        draft_html=sanitise_html(draft_html),
        explanation=explanation.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        contact_department=contact_department.strip(),
        contact_phone=contact_phone.strip(),
        contact_email=contact_email.strip(),
        contact_address=contact_address.strip(),
        shortened_reason=shortened_reason.strip(),
        feedback_days=feedback_days,
        created_by=actor,
    )
    log(consultation, actor, Action.CREATE, to_status=Status.DRAFT)
    return consultation


def sanitise_draft(consultation: Consultation) -> None:
    """Called by the admin before saving a draft it edited (the same sanitiser as items)."""
    consultation.draft_html = sanitise_html(consultation.draft_html)


@transaction.atomic
def split_draft_into_articles(*, actor, consultation: Consultation) -> list[DraftArticle]:
    """Replace the articles of a draft by those its text's “第X条” lines give."""
    check_staff(actor, consultation.organisation_id, PERM_CHANGE)
    consultation = lock(consultation)
    if consultation.status not in EDITABLE:
        raise ConsultationError("草案已提交审核或已发布，不能重新拆分条文。")
    found = split_articles(html_to_text(consultation.draft_html))
    if not found:
        raise ConsultationError("草案全文中没有找到以“第X条”开头的条文。")
    numbers = [a.number for a in found]
    if len(set(numbers)) != len(numbers):
        raise ConsultationError("草案中有重复的条号，请检查后再拆分。")
    consultation.articles.all().delete()
    return DraftArticle.objects.bulk_create(
        DraftArticle(consultation=consultation, number=a.number, text=a.text) for a in found
    )


def check_window(consultation: Consultation, cal: WorkCalendar | None = None) -> None:
    """Refuse a window shorter than the kind's minimum unless a reason is recorded."""
    result = windows.check_window(
        consultation.draft_kind, consultation.starts_on, consultation.ends_on, cal or calendar()
    )
    if not result.meets_minimum and not consultation.shortened_reason.strip():
        raise ConsultationError(result.refusal())


def refresh_feedback_due(consultation: Consultation, cal: WorkCalendar | None = None) -> None:
    """The 采纳情况 is due ``feedback_days`` working days after the end date (not counted)."""
    cal = cal or calendar()
    consultation.feedback_due_on = cal.add_working_days(
        consultation.ends_on, consultation.feedback_days
    )
    consultation.feedback_due_provisional = cal.touches_provisional(
        consultation.ends_on, consultation.feedback_due_on
    )


@transaction.atomic
def submit_consultation(*, actor, consultation: Consultation, note: str = "") -> Consultation:
    check_staff(actor, consultation.organisation_id, PERM_SUBMIT)
    consultation = lock(consultation)
    old, new = transition(consultation, Action.SUBMIT)
    check_window(consultation)
    missing = [
        label
        for label, value in (
            ("主要内容", consultation.summary),
            ("起草说明", consultation.explanation),
            ("草案全文", html_to_text(consultation.draft_html)),
        )
        if not value.strip()
    ]
    if missing:
        raise ConsultationError("请先填写" + "、".join(missing) + "。")
    consultation.status, consultation.submitted_by = new, actor
    consultation.save()
    log(consultation, actor, Action.SUBMIT, from_status=old, to_status=new, note=note)
    return consultation


@transaction.atomic
def return_consultation(*, actor, consultation: Consultation, note: str) -> Consultation:
    check_staff(actor, consultation.organisation_id, PERM_OPEN)
    consultation = lock(consultation)
    old, new = transition(consultation, Action.RETURN)
    if not note.strip():
        raise ConsultationError("请说明退回修改的理由。")
    consultation.status = new
    consultation.save()
    log(consultation, actor, Action.RETURN, from_status=old, to_status=new, note=note.strip())
    return consultation


@transaction.atomic
def open_consultation(
    *, actor, consultation: Consultation, today: date | None = None
) -> Consultation:
    """审核通过并发布 (four eyes): the window is checked again on today's calendar; a start date
    in the past is refused (the notice would claim days the public never had)."""
    check_staff(actor, consultation.organisation_id, PERM_OPEN)
    consultation = lock(consultation)
    old, new = transition(consultation, Action.OPEN)
    four_eyes(actor, consultation.created_by_id, consultation.submitted_by_id)
    today = today or timezone.localdate()
    if consultation.starts_on < today:
        raise ConsultationError(
            f"开始日期{windows.chinese_date(consultation.starts_on)}已过，请退回修改开始日期。"
        )
    cal = calendar()
    check_window(consultation, cal)
    refresh_feedback_due(consultation, cal)
    consultation.status, consultation.approved_by = new, actor
    consultation.opened_at = timezone.now()
    consultation.save()
    log(consultation, actor, Action.OPEN, from_status=old, to_status=new)
    purging.purge_consultation(consultation)
    return consultation


@transaction.atomic
def close_consultation(
    *, actor, consultation: Consultation, today: date | None = None
) -> Consultation:
    """已截止: only after the end date (the public form refuses comments from then on anyway)."""
    if actor is not None:
        check_staff(actor, consultation.organisation_id, PERM_CHANGE)
    consultation = lock(consultation)
    old, new = transition(consultation, Action.CLOSE)
    today = today or timezone.localdate()
    if today <= consultation.ends_on:
        raise ConsultationError("征集期尚未结束，不能截止。")
    consultation.status, consultation.closed_at = new, timezone.now()
    consultation.save()
    log(consultation, actor, Action.CLOSE, from_status=old, to_status=new)
    purging.purge_consultation(consultation)
    return consultation


def close_ended(*, today: date | None = None) -> list[Consultation]:
    """Close every open consultation whose end date has passed (the daily command)."""
    today = today or timezone.localdate()
    ended = Consultation.objects.filter(status=Status.OPEN, ends_on__lt=today).order_by("pk")
    return [close_consultation(actor=None, consultation=c, today=today) for c in ended]


@transaction.atomic
def link_final_disclosure(
    *, actor, consultation: Consultation, disclosure: Disclosure | None
) -> Consultation:
    """Link the disclosed final policy (or unlink with None)."""
    check_staff(actor, consultation.organisation_id, PERM_CHANGE)
    consultation = lock(consultation)
    old, new = transition(consultation, Action.LINK_FINAL)
    consultation.final_disclosure = disclosure
    consultation.save(update_fields=["final_disclosure", "updated_at"])
    # The item page (memoised until an item changes) now links back to the consultation.
    item_pages.changed()
    note = f"关联{disclosure.title}" if disclosure is not None else "取消关联"
    log(consultation, actor, Action.LINK_FINAL, from_status=old, to_status=new, note=note)
    return consultation
