"""Builders for 点题公开 tests: the call, a suggestion as the public form leaves it (through
the intake service), staff of each role, and published items to link."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from catalog import roles
from disclosures.models import Disclosure
from interaction.topics import intake, services
from interaction.topics.models import Suggestion, TopicCall
from interaction.topics.workflow import AnswerKind
from tests.factories import make_staff

NAME = "周建国"
PHONE = "13812345678"
EMAIL = "zhou.jg@example.com"
SUBJECT = "城区义务教育学校学位分配情况"
DESCRIPTION = "希望公开2026年城区各小学、初中的招生计划和学位分配结果。"

_numbers = itertools.count(1)


def call_of(organisation, **fields) -> TopicCall:
    return TopicCall.objects.update_or_create(organisation=organisation, defaults=fields)[0]


def make_suggestion(organisation, *, consent=True, today=None, **overrides) -> Suggestion:
    """A suggestion as just submitted (待答复), with its due date."""
    if not TopicCall.objects.filter(organisation=organisation).exists():
        call_of(organisation)
    values = {
        "organisation": organisation,
        "subject": SUBJECT,
        "description": DESCRIPTION,
        "reason": "家长普遍关心。",
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "publish_consent": consent,
        "today": today,
    }
    values.update(overrides)
    return intake.submit_suggestion(**values)


def handler_of(organisation, **kwargs):
    """A 依申请经办人: drafts answers and moderates (handle_suggestion)."""
    return make_staff(role=roles.CASEWORKER, organisations=[organisation], **kwargs)


def reviewer_of(organisation, **kwargs):
    """A 审核员: approves answers (publish_suggestion)."""
    return make_staff(role=roles.REVIEWER, organisations=[organisation], **kwargs)


def item_of(organisation, title="2026年城区义务教育学校招生计划", **fields) -> Disclosure:
    values = {
        "organisation": organisation,
        "title": title,
        "written_on": dt.date(2026, 3, 1),
        "status": "published",
        "published_at": timezone.now(),
        "index_number": f"DT-TEST-{next(_numbers):05d}",
    }
    values.update(fields)
    return Disclosure.objects.create(**values)


def answered(
    suggestion: Suggestion,
    *,
    handler,
    reviewer,
    kind: str = AnswerKind.PUBLISHED,
    disclosure=None,
    planned_on=None,
    refusal_reason="",
    answer_text="",
    publish=True,
    today=None,
) -> Suggestion:
    """Drafted by ``handler`` and approved by ``reviewer`` through the services."""
    services.submit_answer(
        actor=handler,
        suggestion=suggestion,
        answer_kind=kind,
        answer_text=answer_text,
        planned_on=planned_on,
        disclosure=disclosure,
        refusal_reason=refusal_reason,
        today=today,
    )
    return services.approve_answer(
        actor=reviewer, suggestion=suggestion, publish=publish, today=today
    )
