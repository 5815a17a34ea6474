"""Demo 网上调查 of the county's 民政局: one closed survey with published results (a few hundred
responses, some free texts moderated) and one open survey.

The surveys go through the real services (drafted by the 经办人, approved by the 审核员: four
eyes); the responses are written into the models directly, as the public form would store them
(keyed hashes, no address), spread over the open time with a fixed random seed, so the counts
are the same on every machine. Idempotent by title.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog import security_state
from catalog.models import Organisation
from interaction.surveys import services
from interaction.surveys.models import Answer, Option, Response, Survey, SurveyQuestion, TextAnswer

CLOSED_TITLE = "2026年居家和社区养老服务满意度调查"
OPEN_TITLE = "关于优化最低生活保障申请办理流程的意见调查"
RESPONSES = 320
TEXTS = [
    ("希望在老旧小区多设几个老年助餐点，步行十分钟以内能到。", "public"),
    ("上门探访的频次可以再高一些，独居老人更需要。", "public"),
    ("我父亲住在人民路12号，电话13812345678，希望社工上门看看。", "public_masked"),
    ("助浴服务预约太难，电话总是占线。", "public"),
    ("助医服务很好，感谢社区工作人员。", "public"),
    ("广告：专业代办各类证件，联系微信。", "hidden"),
    ("建议公布各街道养老服务中心的开放时间和服务项目。", "pending"),
    ("希望把助餐补贴的标准在网站上公开。", "pending"),
]


def _question(survey, position, kind, text, options=(), **fields) -> SurveyQuestion:
    question = SurveyQuestion.objects.create(
        survey=survey, position=position, kind=kind, text=text, **fields
    )
    Option.objects.bulk_create(
        Option(question=question, position=i, text=t) for i, t in enumerate(options, start=1)
    )
    return question


def _build(
    organisation, drafter, reviewer, *, title, intro, opens_at, closes_at, policy, questions
):
    survey = Survey.objects.create(
        organisation=organisation,
        title=title,
        introduction=intro,
        opens_at=opens_at,
        closes_at=closes_at,
        results_policy=policy,
    )
    services.record_edit(user=drafter, survey=survey, created=True)
    for position, spec in enumerate(questions, start=1):
        _question(survey, position, *spec[:2], spec[2], **(spec[3] if len(spec) > 3 else {}))
    services.submit(user=drafter, survey=survey)
    return services.approve(user=reviewer, survey=survey, now=opens_at - dt.timedelta(days=1))


ELDER_CARE = [
    ("single", "您的年龄段", ["60岁以下（家属代答）", "60至69岁", "70至79岁", "80岁及以上"]),
    (
        "multiple",
        "您使用过哪些养老服务（可多选，最多3项）",
        ["老年助餐", "助医", "助浴", "上门探访", "日间照料"],
        {"max_choices": 3},
    ),
    (
        "rating",
        "您对社区养老服务的总体满意度",
        [],
        {"rating_min_label": "很不满意", "rating_max_label": "非常满意"},
    ),
    ("text", "您对养老服务还有哪些意见建议", [], {"required": False, "max_length": 300}),
]
MINIMUM_LIVING = [
    ("single", "您是否办理过最低生活保障申请", ["本人办理过", "帮助家人办理过", "没有办理过"]),
    (
        "multiple",
        "您认为办理中最需要改进的环节（可多选）",
        ["材料清单不清楚", "需要跑多个窗口", "审核时间长", "进度查询不方便"],
    ),
    (
        "rating",
        "您对目前办理便利程度的评价",
        [],
        {"rating_min_label": "很不方便", "rating_max_label": "非常方便"},
    ),
    ("text", "您的具体意见建议", [], {"required": False, "max_length": 500}),
]


def _responses(survey: Survey, moderator) -> int:
    """RESPONSES answers with a fixed seed, spread over the open time; some free texts."""
    rng = random.Random(17)
    questions = list(survey.questions.prefetch_related("options").order_by("position"))
    single, multiple, rating, text = questions
    span = (survey.closes_at - survey.opens_at).total_seconds()
    texts = []
    for n in range(RESPONSES):
        response = Response.objects.create(
            survey=survey,
            submitted_at=survey.opens_at + dt.timedelta(seconds=span * rng.random()),
            session_hash=security_state.subject_hash("demo-survey-session", str(survey.pk), str(n)),
            address_hash=security_state.subject_hash("demo-survey-address", str(survey.pk), str(n)),
        )
        options = list(single.options.all())
        rows = [
            Answer(response=response, question=single, option=rng.choices(options, [2, 4, 5, 3])[0])
        ]
        picked = rng.sample(list(multiple.options.all()), rng.randint(1, 3))
        rows += [Answer(response=response, question=multiple, option=o) for o in picked]
        if rng.random() < 0.97:  # a few skipped the rating: its base is smaller
            value = rng.choices([1, 2, 3, 4, 5], [1, 2, 5, 9, 7])[0]
            rows.append(Answer(response=response, question=rating, value=value))
        Answer.objects.bulk_create(rows)
        if n < len(TEXTS):
            texts.append(
                TextAnswer.objects.create(response=response, question=text, text=TEXTS[n][0])
            )
    for answer, (_, decision) in zip(texts, TEXTS, strict=True):
        if decision == "pending":
            continue
        if decision == "hidden":
            services.moderate_text(user=moderator, answer=answer, state="hidden")
            continue
        public = services.suggested_public_text(answer)
        if decision == "public_masked":
            public = public.replace("人民路12号", "某小区")  # the moderator removes the address too
        services.moderate_text(user=moderator, answer=answer, state="public", public_text=public)
    return RESPONSES


def seed() -> int:
    """Create the demo surveys that are missing; return how many were created now."""
    organisation = Organisation.objects.filter(slug="mzj").first()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["mzj_jbr", "mzj_shy"])
    }
    if organisation is None or len(users) < 2:
        return 0  # portal.demo.organisations has not run
    drafter, reviewer = users["mzj_jbr"], users["mzj_shy"]
    existing = set(Survey.objects.filter(organisation=organisation).values_list("title", flat=True))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    created = 0
    with transaction.atomic():
        if CLOSED_TITLE not in existing:
            survey = _build(
                organisation,
                drafter,
                reviewer,
                title=CLOSED_TITLE,
                intro="为了解全县居家和社区养老服务的使用情况和群众满意度，改进服务，县民政局开展本次匿名调查。调查结果在调查结束后公布。",
                opens_at=now - dt.timedelta(days=45),
                closes_at=now - dt.timedelta(days=15),
                policy="after_close",
                questions=ELDER_CARE,
            )
            _responses(survey, drafter)
            created += 1
        if OPEN_TITLE not in existing:
            _build(
                organisation,
                drafter,
                reviewer,
                title=OPEN_TITLE,
                intro="县民政局正在梳理最低生活保障申请办理流程，欢迎您提出意见。本调查为匿名调查，调查结束后公布结果。",
                opens_at=now - dt.timedelta(days=3),
                closes_at=now + dt.timedelta(days=27),
                policy="after_close",
                questions=MINIMUM_LIVING,
            )
            created += 1
    return created
