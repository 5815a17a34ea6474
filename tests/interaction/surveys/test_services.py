"""Survey services against the database: every transition, four eyes, organisation scoping,
permissions, the edit lock once answered, moderation with the privacy scan, one response per
session and address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalog import roles
from interaction.surveys import services
from interaction.surveys.models import Response, SurveyEvent, TextAnswer
from interaction.surveys.services import AlreadyAnswered, SurveyError, SurveyNotOpen
from interaction.surveys.workflow import InvalidTransition, Status
from tests.factories import make_staff
from tests.interaction.surveys.factories import answers_for, make_draft, make_published, staff_pair

pytestmark = pytest.mark.django_db


def events(survey):
    return list(
        SurveyEvent.objects.filter(survey=survey).values_list("action", "from_status", "to_status")
    )


def test_draft_submit_approve_close_each_write_an_event(org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_draft(org_a, drafter)
    services.submit(user=drafter, survey=survey)
    services.approve(user=reviewer, survey=survey)
    survey = services.close(user=reviewer, survey=survey, note="提前完成调查")
    assert survey.status == Status.CLOSED
    assert survey.closes_at <= timezone.now()
    assert survey.approved_by == reviewer
    assert events(survey) == [
        ("create", "draft", "draft"),
        ("submit", "draft", "reviewing"),
        ("approve", "reviewing", "published"),
        ("close", "published", "closed"),
    ]


def test_return_needs_a_reason_and_goes_back_to_draft(org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_draft(org_a, drafter)
    services.submit(user=drafter, survey=survey)
    with pytest.raises(SurveyError, match="退回理由"):
        services.return_to_draft(user=reviewer, survey=survey, note=" ")
    survey = services.return_to_draft(user=reviewer, survey=survey, note="第2题选项不全")
    assert survey.status == Status.DRAFT
    assert events(survey)[-1] == ("return", "reviewing", "draft")


def test_withdraw_only_while_nobody_answered(org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_published(org_a, drafter=drafter, reviewer=reviewer)
    services.submit_response(
        survey=survey, answers=answers_for(survey), session_hash="s1", address_hash="a1"
    )
    with pytest.raises(SurveyError, match="已有答卷"):
        services.withdraw(user=reviewer, survey=survey, note="修改")
    other = make_published(org_a, drafter=drafter, reviewer=reviewer, title="第二次调查")
    assert services.withdraw(user=reviewer, survey=other, note="修改").status == Status.DRAFT


def test_the_drafter_cannot_approve_even_holding_the_permission(org_a):
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    survey = make_draft(org_a, supervisor)
    services.submit(user=supervisor, survey=survey)
    with pytest.raises(SurveyError, match="拟稿人"):
        services.approve(user=supervisor, survey=survey)
    survey.refresh_from_db()
    assert survey.status == Status.REVIEWING


def test_the_last_editor_cannot_approve(org_a):
    drafter, reviewer = staff_pair(org_a)
    editor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    survey = make_draft(org_a, drafter)
    services.record_edit(user=editor, survey=survey, created=False)
    services.submit(user=drafter, survey=survey)
    with pytest.raises(SurveyError, match="最后修改人"):
        services.approve(user=editor, survey=survey)
    assert services.approve(user=reviewer, survey=survey).status == Status.PUBLISHED


def test_a_caseworker_cannot_approve_and_another_organisation_cannot_act(org_a, org_b):
    drafter, _ = staff_pair(org_a)
    outsider = make_staff(role=roles.SUPERVISOR, organisations=[org_b])
    survey = make_draft(org_a, drafter)
    services.submit(user=drafter, survey=survey)
    with pytest.raises(SurveyError, match="没有管理网上调查的权限"):
        services.approve(user=drafter, survey=survey)
    with pytest.raises(SurveyError, match="本机构"):
        services.approve(user=outsider, survey=survey)


def test_an_invalid_transition_is_refused(org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_draft(org_a, drafter)
    with pytest.raises(InvalidTransition):
        services.approve(user=reviewer, survey=survey)


def test_a_survey_without_questions_or_with_one_option_cannot_be_submitted(org_a):
    drafter, _ = staff_pair(org_a)
    survey = make_draft(org_a, drafter)
    question = survey.questions.get(position=1)
    question.options.exclude(pk=question.options.first().pk).delete()
    with pytest.raises(SurveyError, match="第1题（单选题）至少需要两个选项"):
        services.submit(user=drafter, survey=survey)
    survey.questions.all().delete()
    with pytest.raises(SurveyError, match="至少需要一道题目"):
        services.submit(user=drafter, survey=survey)


def test_a_survey_whose_end_has_passed_cannot_be_approved(org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_draft(org_a, drafter)
    services.submit(user=drafter, survey=survey)
    later = survey.closes_at + dt.timedelta(minutes=1)
    with pytest.raises(SurveyError, match="结束时间已过"):
        services.approve(user=reviewer, survey=survey, now=later)


def test_edits_are_refused_once_answered_and_outside_draft(org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_published(org_a, drafter=drafter, reviewer=reviewer)
    assert services.edit_refusal(survey) == services.NOT_DRAFT
    services.submit_response(
        survey=survey, answers=answers_for(survey), session_hash="s", address_hash="a"
    )
    assert services.edit_refusal(survey) == services.ANSWERED_LOCK
    with pytest.raises(SurveyError, match="已有答卷"):
        services.record_edit(user=drafter, survey=survey, created=False)


# --------------------------------------------------------------------------- answering


def test_a_response_stores_options_rating_and_text(org_a):
    survey = make_published(org_a)
    response = services.submit_response(
        survey=survey,
        answers=answers_for(survey, multiple=(0, 2), rating=5, text="希望增加助餐点"),
        session_hash="s",
        address_hash="a",
    )
    assert response.answers.count() == 4  # one single, two multiple, one rating
    text = TextAnswer.objects.get(response=response)
    assert (text.text, text.state) == ("希望增加助餐点", TextAnswer.State.PENDING)


@pytest.mark.parametrize("same", ["session", "address"])
def test_a_second_response_of_the_same_session_or_address_is_refused(org_a, same):
    survey = make_published(org_a)
    services.submit_response(
        survey=survey, answers=answers_for(survey), session_hash="s1", address_hash="a1"
    )
    hashes = {"session_hash": "s2", "address_hash": "a2"}
    hashes[f"{same}_hash"] = f"{same[0]}1"
    with pytest.raises(AlreadyAnswered):
        services.submit_response(survey=survey, answers=answers_for(survey), **hashes)
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_same_session_may_answer_two_different_surveys(org_a):
    first, second = make_published(org_a), make_published(org_a, title="另一项调查")
    for survey in (first, second):
        services.submit_response(
            survey=survey, answers=answers_for(survey), session_hash="s", address_hash="a"
        )
    assert Response.objects.count() == 2


def test_no_response_outside_the_open_time(org_a):
    now = timezone.now()
    scheduled = make_published(org_a, opens_at=now + dt.timedelta(days=1))
    with pytest.raises(SurveyNotOpen):
        services.submit_response(
            survey=scheduled, answers=answers_for(scheduled), session_hash="s", address_hash="a"
        )
    survey = make_published(org_a, title="已结束")
    with pytest.raises(SurveyNotOpen):
        services.submit_response(
            survey=survey,
            answers=answers_for(survey),
            session_hash="s",
            address_hash="a",
            now=survey.closes_at,
        )


def test_an_option_of_another_question_or_a_rating_out_of_range_is_refused(org_a):
    survey = make_published(org_a)
    answers = answers_for(survey)
    q1, q2, q3 = (survey.questions.get(position=p) for p in (1, 2, 3))
    with pytest.raises(SurveyError, match="不属于本题"):
        services.submit_response(
            survey=survey,
            answers={**answers, q1.pk: q2.options.first().pk},
            session_hash="s",
            address_hash="a",
        )
    with pytest.raises(SurveyError, match="超出范围"):
        services.submit_response(
            survey=survey, answers={**answers, q3.pk: 9}, session_hash="s", address_hash="a"
        )
    assert not Response.objects.exists()


# --------------------------------------------------------------------------- moderation


def _text_answer(survey, text):
    response = services.submit_response(
        survey=survey, answers=answers_for(survey, text=text), session_hash=text, address_hash=text
    )
    return TextAnswer.objects.get(response=response)


def test_publishing_a_text_with_a_phone_number_is_refused_and_masking_is_offered(org_a):
    survey = make_published(org_a)
    moderator = make_staff(role=roles.CASEWORKER, organisations=[org_a])
    answer = _text_answer(survey, "请联系我13800138000，助餐点太少")
    with pytest.raises(SurveyError, match="手机号码"):
        services.moderate_text(
            user=moderator, answer=answer, state="public", public_text=answer.text
        )
    suggested = services.suggested_public_text(answer)
    assert "13800138000" not in suggested
    answer = services.moderate_text(
        user=moderator, answer=answer, state="public", public_text=suggested
    )
    assert answer.state == TextAnswer.State.PUBLIC
    assert answer.public_text == suggested
    assert answer.moderated_by == moderator


def test_moderation_is_scoped_to_the_organisation_and_needs_the_permission(org_a, org_b):
    survey = make_published(org_a)
    answer = _text_answer(survey, "建议增加上门探访")
    outsider = make_staff(role=roles.CASEWORKER, organisations=[org_b])
    reviewer = make_staff(role=roles.REVIEWER, organisations=[org_a])
    with pytest.raises(SurveyError, match="本机构"):
        services.moderate_text(user=outsider, answer=answer, state="hidden")
    with pytest.raises(SurveyError, match="权限"):
        services.moderate_text(user=reviewer, answer=answer, state="hidden")
    answer.refresh_from_db()
    assert answer.state == TextAnswer.State.PENDING


def test_hiding_needs_no_public_text(org_a):
    survey = make_published(org_a)
    answer = _text_answer(survey, "无关内容")
    moderator = make_staff(role=roles.CASEWORKER, organisations=[org_a])
    assert services.moderate_text(user=moderator, answer=answer, state="hidden").state == "hidden"
