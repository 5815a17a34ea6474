"""Writes of 网上调查: the staff workflow (submit, return, approve with four eyes, withdraw,
close), the guard on editing questions, the moderation of free-text answers, and the one write
a citizen makes (``submit_response``).

Every staff function checks the user first (catalog.access.require_staff), runs in a
transaction, locks the survey, follows interaction.surveys.workflow and writes a SurveyEvent.
Refusals are SurveyError with the message staff read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from interaction.surveys.models import (
    Answer,
    Option,
    Response,
    Survey,
    SurveyEvent,
    SurveyQuestion,
    TextAnswer,
)
from interaction.surveys.workflow import EDITABLE, Action, Phase, next_status
from kernel import privacy

CHANGE = "interaction.change_survey"
REVIEW = "interaction.review_survey"
MODERATE = "interaction.moderate_survey"

REFUSALS = Refusals(
    permission="您没有管理网上调查的权限。",
    organisation="您只能管理本机构的网上调查。",
)
ANSWERED_LOCK = "该调查已有答卷，不能修改题目或选项：修改会使已有的统计结果失真。"
NOT_DRAFT = "只有草稿状态的调查可以修改题目和设置，请先退回或撤回为草稿。"
FOUR_EYES = "调查须由拟稿人和最后修改人以外的人员审核发布。"


class SurveyError(Exception):
    """A rule stops the action; the message is shown as it is."""


class AlreadyAnswered(SurveyError):
    """This browser session or address has answered the survey already."""

    def __init__(self) -> None:
        super().__init__("您已经参与过本次调查，感谢您的支持。")


class SurveyNotOpen(SurveyError):
    pass


def _check(user, organisation, permission: str) -> None:
    require_staff(user, organisation, permission, refusals=REFUSALS, error=SurveyError)


def _lock(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def log(survey: Survey, actor, action: Action, old: str, new: str, note: str = "") -> None:
    SurveyEvent.objects.create(
        survey=survey,
        action=action,
        from_status=old,
        to_status=new,
        actor=actor,
        note=note[:500],
    )


def edit_refusal(survey: Survey) -> str:
    """Why the questions and settings of ``survey`` cannot be changed now ('' when they can)."""
    if survey.pk is None:
        return ""
    if Response.objects.filter(survey_id=survey.pk).exists():
        return ANSWERED_LOCK
    if Survey.objects.filter(pk=survey.pk).values_list("status", flat=True).get() not in EDITABLE:
        return NOT_DRAFT
    return ""


@transaction.atomic
def record_edit(*, user, survey: Survey, created: bool) -> Survey:
    """After the admin saved a draft (and its questions): the editor and an event row.

    The admin refuses the save first (``edit_refusal``); this checks again under the lock."""
    _check(user, survey.organisation_id, CHANGE)
    survey = _lock(survey)
    if created:
        survey.created_by = user
        survey.save(update_fields=["created_by", "updated_at"])
        log(survey, user, Action.CREATE, survey.status, survey.status)
        return survey
    if refusal := edit_refusal(survey):
        raise SurveyError(refusal)
    survey.edited_by = user
    survey.save(update_fields=["edited_by", "updated_at"])
    log(survey, user, Action.EDIT, survey.status, survey.status)
    return survey


def _readiness(survey: Survey) -> list[str]:
    problems = []
    questions = list(survey.questions.prefetch_related("options"))
    if not questions:
        problems.append("调查至少需要一道题目")
    for q in questions:
        if q.has_options and len(q.options.all()) < 2:
            problems.append(f"第{q.position}题（{q.get_kind_display()}）至少需要两个选项")
        if (
            q.kind == SurveyQuestion.Kind.MULTIPLE
            and q.min_choices
            and q.min_choices > len(q.options.all())
        ):
            problems.append(f"第{q.position}题最少选择项数超过了选项数")
    return problems


@transaction.atomic
def submit(*, user, survey: Survey, note: str = "") -> Survey:
    """The drafter sends the draft for review."""
    _check(user, survey.organisation_id, CHANGE)
    survey = _lock(survey)
    new = next_status(survey.status, Action.SUBMIT)
    if problems := _readiness(survey):
        raise SurveyError("尚不能提交审核：" + "；".join(problems) + "。")
    old, survey.status = survey.status, new
    survey.save(update_fields=["status", "updated_at"])
    log(survey, user, Action.SUBMIT, old, new, note)
    return survey


@transaction.atomic
def return_to_draft(*, user, survey: Survey, note: str) -> Survey:
    """A reviewer sends the survey back with the reason."""
    _check(user, survey.organisation_id, REVIEW)
    survey = _lock(survey)
    new = next_status(survey.status, Action.RETURN)
    if not (note or "").strip():
        raise SurveyError("请填写退回理由。")
    old, survey.status = survey.status, new
    survey.save(update_fields=["status", "updated_at"])
    log(survey, user, Action.RETURN, old, new, note.strip())
    return survey


@transaction.atomic
def approve(*, user, survey: Survey, now: dt.datetime | None = None) -> Survey:
    """Publish after review by a second person; it opens and closes by its dates."""
    _check(user, survey.organisation_id, REVIEW)
    survey = _lock(survey)
    new = next_status(survey.status, Action.APPROVE)
    if user.pk in (survey.created_by_id, survey.edited_by_id):
        raise SurveyError(FOUR_EYES)
    now = now or timezone.now()
    if survey.closes_at <= now:
        raise SurveyError("结束时间已过，请退回修改调查时间后再发布。")
    if problems := _readiness(survey):
        raise SurveyError("尚不能发布：" + "；".join(problems) + "。")
    old, survey.status = survey.status, new
    survey.approved_by, survey.published_at = user, now
    survey.save(update_fields=["status", "approved_by", "published_at", "updated_at"])
    log(survey, user, Action.APPROVE, old, new)
    return survey


@transaction.atomic
def withdraw(*, user, survey: Survey, note: str) -> Survey:
    """Take a published survey back to draft, while nobody has answered it."""
    _check(user, survey.organisation_id, REVIEW)
    survey = _lock(survey)
    new = next_status(survey.status, Action.WITHDRAW)
    if Response.objects.filter(survey=survey).exists():
        raise SurveyError("该调查已有答卷，不能撤回修改；可以提前结束调查。")
    old, survey.status = survey.status, new
    survey.save(update_fields=["status", "updated_at"])
    log(survey, user, Action.WITHDRAW, old, new, (note or "").strip())
    return survey


@transaction.atomic
def close(*, user, survey: Survey, note: str = "", now: dt.datetime | None = None) -> Survey:
    """End a published survey now (its close time becomes now if later)."""
    _check(user, survey.organisation_id, REVIEW)
    survey = _lock(survey)
    new = next_status(survey.status, Action.CLOSE)
    now = now or timezone.now()
    old, survey.status = survey.status, new
    if survey.closes_at > now:
        survey.closes_at = max(now, survey.opens_at + dt.timedelta(seconds=1))
    survey.save(update_fields=["status", "closes_at", "updated_at"])
    log(survey, user, Action.CLOSE, old, new, (note or "").strip())
    return survey


# --------------------------------------------------------------------------- moderation


def findings_of(text: str) -> list[str]:
    """The privacy scan's findings in a text meant for the public, masked, for the moderator."""
    return [f"{f.label}（{f.masked}）" for f in privacy.scan_sources([("公开文本", text or "")])]


def suggested_public_text(answer: TextAnswer) -> str:
    """The moderator's starting point: the text with ID, phone and card numbers masked."""
    return privacy.redact(answer.text)


@transaction.atomic
def moderate_text(
    *, user, answer: TextAnswer, state: str, public_text: str | None = None
) -> TextAnswer:
    """公开 (with a de-identified public text the scan finds clean) or 不公开 a text answer."""
    organisation_id = (
        Survey.objects.filter(questions__texts=answer.pk)
        .values_list("organisation_id", flat=True)
        .get()
    )
    _check(user, organisation_id, MODERATE)
    answer = TextAnswer.objects.select_for_update().get(pk=answer.pk)
    state = TextAnswer.State(state)
    if state is TextAnswer.State.PUBLIC:
        text = (public_text if public_text is not None else answer.public_text).strip()
        if not text:
            raise SurveyError("请填写公开文本（可在原文基础上隐去个人信息）。")
        if findings := findings_of(text):
            raise SurveyError("公开文本中含有个人信息，不能公开：" + "；".join(findings) + "。")
        answer.public_text = text
    elif public_text is not None:
        answer.public_text = public_text.strip()
    answer.state = state
    answer.moderated_by, answer.moderated_at = user, timezone.now()
    answer.save()
    return answer


# --------------------------------------------------------------------------- answering


Answers = Mapping[int, object]  # question id → option ids (list), a rating (int) or a text


def submit_response(
    *,
    survey: Survey,
    answers: Answers,
    session_hash: str,
    address_hash: str,
    now: dt.datetime | None = None,
) -> Response:
    """Store one response; raises AlreadyAnswered when this session or address has one
    (the unique constraints decide, also for two submissions at the same moment)."""
    now = now or timezone.now()
    survey = Survey.objects.get(pk=survey.pk)
    if survey.phase(now) is not Phase.OPEN:
        raise SurveyNotOpen("本次调查不在答卷时间内。")
    questions = {q.pk: q for q in survey.questions.all()}
    valid_options = set(
        Option.objects.filter(question__survey=survey).values_list("pk", "question_id")
    )
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                submitted_at=now,
                session_hash=session_hash,
                address_hash=address_hash,
            )
            rows, texts = [], []
            for question_id, value in answers.items():
                question = questions.get(question_id)
                if question is None or value in (None, "", []):
                    continue
                if question.has_options:
                    for option_id in value if isinstance(value, list | tuple) else [value]:
                        if (int(option_id), question_id) not in valid_options:
                            raise SurveyError("所选选项不属于本题。")
                        rows.append(
                            Answer(response=response, question=question, option_id=option_id)
                        )
                elif question.kind == SurveyQuestion.Kind.RATING:
                    if not question.rating_min <= int(value) <= question.rating_max:
                        raise SurveyError("评分超出范围。")
                    rows.append(Answer(response=response, question=question, value=int(value)))
                else:
                    texts.append(
                        TextAnswer(
                            response=response,
                            question=question,
                            text=str(value)[: question.max_length],
                        )
                    )
            Answer.objects.bulk_create(rows)
            TextAnswer.objects.bulk_create(texts)
    except IntegrityError as exc:
        if Response.objects.filter(survey=survey, session_hash=session_hash).exists() or (
            Response.objects.filter(survey=survey, address_hash=address_hash).exists()
        ):
            raise AlreadyAnswered from exc
        raise
    return response


def has_answered(*, survey: Survey, session_hash: str, address_hash: str) -> bool:
    return Response.objects.filter(survey=survey, session_hash=session_hash).exists() or (
        Response.objects.filter(survey=survey, address_hash=address_hash).exists()
    )
