"""Surveys built the way staff build them: a draft with questions, then the real services
(submit by the drafter, approve by a reviewer) for later states."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalog import roles
from interaction.surveys import services
from interaction.surveys.models import Option, Survey, SurveyQuestion
from tests.factories import make_staff


def staff_pair(organisation):
    """A drafter (经办人) and a reviewer (审核员) of ``organisation``."""
    drafter = make_staff(role=roles.CASEWORKER, organisations=[organisation])
    reviewer = make_staff(role=roles.REVIEWER, organisations=[organisation])
    return drafter, reviewer


def make_draft(
    organisation,
    drafter,
    *,
    title: str = "城乡居民养老服务满意度调查",
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    results_policy: str = "after_close",
    min_choices: int | None = None,
    max_choices: int | None = 2,
) -> Survey:
    now = timezone.now()
    survey = Survey.objects.create(
        organisation=organisation,
        title=title,
        introduction="为了解居民对养老服务的意见，开展本次匿名调查。",
        opens_at=opens_at or now - dt.timedelta(days=1),
        closes_at=closes_at or now + dt.timedelta(days=30),
        results_policy=results_policy,
    )
    services.record_edit(user=drafter, survey=survey, created=True)
    single = SurveyQuestion.objects.create(
        survey=survey, position=1, kind="single", text="您的年龄段"
    )
    for i, text in enumerate(["60岁以下", "60至79岁", "80岁及以上"], start=1):
        Option.objects.create(question=single, position=i, text=text)
    multiple = SurveyQuestion.objects.create(
        survey=survey,
        position=2,
        kind="multiple",
        text="您最需要哪些服务",
        min_choices=min_choices,
        max_choices=max_choices,
    )
    for i, text in enumerate(["助餐", "助医", "助浴", "上门探访"], start=1):
        Option.objects.create(question=multiple, position=i, text=text)
    SurveyQuestion.objects.create(survey=survey, position=3, kind="rating", text="总体满意度")
    SurveyQuestion.objects.create(
        survey=survey, position=4, kind="text", text="其他意见建议", required=False, max_length=200
    )
    return survey


def make_published(organisation, *, drafter=None, reviewer=None, **kwargs) -> Survey:
    if drafter is None or reviewer is None:
        drafter, reviewer = staff_pair(organisation)
    survey = make_draft(organisation, drafter, **kwargs)
    services.submit(user=drafter, survey=survey)
    return services.approve(user=reviewer, survey=survey)


def answers_for(survey: Survey, *, single=0, multiple=(0,), rating=4, text="") -> dict:
    qs = {q.position: q for q in survey.questions.prefetch_related("options")}
    return {
        qs[1].pk: list(qs[1].options.all())[single].pk,
        qs[2].pk: [list(qs[2].options.all())[i].pk for i in multiple],
        qs[3].pk: rating,
        qs[4].pk: text,
    }
