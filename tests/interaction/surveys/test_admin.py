"""The staff side through the real admin: building a survey with its questions, the workflow
buttons, the edit lock, the results before publication, the logged raw export, moderation, and
organisation scoping. Also the annual-report figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from interaction.access_log import RecordKind, WriterAccessKind, WriterDataAccess
from interaction.surveys import figures, services
from interaction.surveys.models import Option, Response, Survey, SurveyQuestion, TextAnswer
from tests.factories import make_staff
from tests.interaction.surveys.factories import answers_for, make_draft, make_published, staff_pair

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


def _management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _question(n: int, **fields) -> dict:
    base = {
        "position": str(n + 1),
        "kind": "single",
        "text": f"第{n + 1}题",
        "help_text": "",
        "required": "on",
        "options_text": "",
        "min_choices": "",
        "max_choices": "",
        "rating_min": "1",
        "rating_max": "5",
        "rating_min_label": "很不满意",
        "rating_max_label": "非常满意",
        "max_length": "500",
    }
    base.update(fields)
    return {f"questions-{n}-{k}": v for k, v in base.items()}


def survey_post(org, questions: list[dict]) -> dict:
    now = timezone.localtime()
    later = now + dt.timedelta(days=14)
    data = {
        "organisation": str(org.pk),
        "title": "社区养老服务需求调查",
        "introduction": "匿名调查，约需3分钟。",
        "opens_at_0": now.strftime("%Y-%m-%d"),
        "opens_at_1": now.strftime("%H:%M:%S"),
        "closes_at_0": later.strftime("%Y-%m-%d"),
        "closes_at_1": later.strftime("%H:%M:%S"),
        "results_policy": "after_close",
        **_management("questions", len(questions)),
        **_management("events"),
    }
    for q in questions:
        data.update(q)
    return data


def test_staff_build_a_survey_with_ordered_options_in_the_admin(client, org_a):
    drafter, _ = staff_pair(org_a)
    client.force_login(drafter)
    data = survey_post(
        org_a,
        [
            _question(0, options_text="助餐\n助医\n\n上门探访"),
            _question(1, kind="rating", text="满意度"),
            _question(2, kind="text", text="建议", required="", max_length="300"),
        ],
    )
    response = client.post(reverse("admin:interaction_survey_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get()
    assert survey.created_by == drafter
    assert survey.status == "draft"
    single = survey.questions.get(position=1)
    assert list(single.options.values_list("position", "text")) == [
        (1, "助餐"),
        (2, "助医"),
        (3, "上门探访"),
    ]
    assert survey.events.get().action == "create"


def test_a_choice_question_with_one_option_is_refused_in_chinese(client, org_a):
    drafter, _ = staff_pair(org_a)
    client.force_login(drafter)
    data = survey_post(org_a, [_question(0, options_text="只有一个")])
    response = client.post(reverse("admin:interaction_survey_add"), data)
    assert response.status_code == 200
    assert "至少需要两个选项" in response.content.decode()
    assert not Survey.objects.exists()


def test_the_workflow_runs_through_the_admin_buttons(client, org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_draft(org_a, drafter)
    workflow = reverse("admin:interaction_survey_workflow", args=[survey.pk])
    client.force_login(drafter)
    page = client.get(reverse("admin:interaction_survey_change", args=[survey.pk])).content
    assert "提交审核" in page.decode()
    assert client.post(workflow, {"action": "submit"}).status_code == 302
    survey.refresh_from_db()
    assert survey.status == "reviewing"
    # The drafter holds no review permission: the service refuses, a message, no change.
    client.post(workflow, {"action": "approve"})
    survey.refresh_from_db()
    assert survey.status == "reviewing"
    client.force_login(reviewer)
    response = client.post(workflow, {"action": "approve"}, follow=True)
    assert "已审核发布" in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == "published"
    assert survey.approved_by == reviewer


def test_a_supervisor_who_drafted_is_refused_by_four_eyes_in_the_admin(client, org_a):
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    survey = make_draft(org_a, supervisor)
    services.submit(user=supervisor, survey=survey)
    client.force_login(supervisor)
    workflow = reverse("admin:interaction_survey_workflow", args=[survey.pk])
    response = client.post(workflow, {"action": "approve"}, follow=True)
    assert services.FOUR_EYES in response.content.decode()
    survey.refresh_from_db()
    assert survey.status == "reviewing"


def test_an_answered_survey_shows_its_questions_read_only_and_refuses_changes(client, org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_published(org_a, drafter=drafter, reviewer=reviewer)
    services.submit_response(
        survey=survey, answers=answers_for(survey), session_hash="s", address_hash="a"
    )
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    client.force_login(supervisor)
    change = reverse("admin:interaction_survey_change", args=[survey.pk])
    page = client.get(change).content.decode()
    assert services.ANSWERED_LOCK in page
    assert 'name="questions-0-text"' not in page
    option_ids = set(Option.objects.values_list("pk", flat=True))
    data = survey_post(org_a, [_question(0, options_text="甲\n乙")])
    data["title"] = "改过的标题"
    client.post(change, data)
    survey.refresh_from_db()
    assert survey.title != "改过的标题"
    assert set(Option.objects.values_list("pk", flat=True)) == option_ids
    assert SurveyQuestion.objects.filter(survey=survey).count() == 4


def test_results_are_visible_to_staff_before_publication_and_scoped(client, org_a, org_b):
    survey = make_published(org_a)
    services.submit_response(
        survey=survey, answers=answers_for(survey), session_hash="s", address_hash="a"
    )
    results = reverse("admin:interaction_survey_results", args=[survey.pk])
    client.force_login(make_staff(role=roles.REVIEWER, organisations=[org_a]))
    page = client.get(results).content.decode()
    assert "尚未公开" in page
    assert "共收到答卷1份" in page
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_b]))
    assert client.get(results).status_code == 404
    change = reverse("admin:interaction_survey_change", args=[survey.pk])
    assert client.get(change).status_code in (302, 404)


def test_the_raw_export_is_logged_and_carries_no_address_or_session(client, org_a):
    survey = make_published(org_a)
    services.submit_response(
        survey=survey,
        answers=answers_for(survey, text=f"我的电话{PHONE}"),
        session_hash="session-hash-x",
        address_hash="address-hash-y",
    )
    reviewer = make_staff(role=roles.REVIEWER, organisations=[org_a])
    client.force_login(reviewer)
    response = client.get(reverse("admin:interaction_survey_export", args=[survey.pk]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert PHONE in text  # staff export carries the raw text ...
    assert "session-hash-x" not in text
    assert "address-hash-y" not in text
    access = WriterDataAccess.objects.get()  # ... and is logged
    assert access.record_kind == RecordKind.SURVEY_RESPONSE
    assert access.kind == WriterAccessKind.EXPORT_CONTACTS
    assert access.user == reviewer
    assert access.letter_number == survey.reference


def test_a_caseworker_without_the_export_permission_cannot_export(client, org_a):
    survey = make_published(org_a)
    client.force_login(make_staff(role=roles.CASEWORKER, organisations=[org_a]))
    response = client.get(reverse("admin:interaction_survey_export", args=[survey.pk]))
    assert response.status_code == 403
    assert not WriterDataAccess.objects.exists()


def test_moderation_in_the_admin_refuses_a_phone_number_and_accepts_the_masked_text(
    client, org_a, org_b
):
    survey = make_published(org_a)
    response = services.submit_response(
        survey=survey,
        answers=answers_for(survey, text=f"助餐点太远，联系{PHONE}"),
        session_hash="s",
        address_hash="a",
    )
    answer = TextAnswer.objects.get(response=response)
    change = reverse("admin:interaction_textanswer_change", args=[answer.pk])
    client.force_login(make_staff(role=roles.CASEWORKER, organisations=[org_b]))
    assert client.get(change).status_code in (302, 403, 404)
    client.force_login(make_staff(role=roles.CASEWORKER, organisations=[org_a]))
    page = client.get(change).content.decode()
    assert "手机号码" in page  # the finding is shown, masked
    assert "139****5678" in page or "139" in page
    bad = client.post(change, {"public_text": f"联系{PHONE}", "decision": "public"})
    assert bad.status_code == 200
    assert "公开文本中含有个人信息" in bad.content.decode()
    answer.refresh_from_db()
    assert answer.state == "pending"
    good = client.post(change, {"public_text": "助餐点太远", "decision": "public"})
    assert good.status_code == 302
    answer.refresh_from_db()
    assert (answer.state, answer.public_text) == ("public", "助餐点太远")


def test_year_figures_count_surveys_opened_and_responses_in_the_year(org_a, org_b):
    this_year = timezone.localdate().year
    survey = make_published(org_a)
    for n in range(3):
        services.submit_response(
            survey=survey, answers=answers_for(survey), session_hash=f"s{n}", address_hash=f"a{n}"
        )
    drafter, _ = staff_pair(org_a)
    make_draft(org_a, drafter, title="草稿不计")
    make_published(org_b)
    assert figures.year_figures(organisation_ids=[org_a.pk], year=this_year) == {
        "surveys_held": 1,
        "survey_responses": 3,
    }
    assert figures.year_figures(organisation_ids=[org_a.pk, org_b.pk], year=this_year) == {
        "surveys_held": 2,
        "survey_responses": 3,
    }
    assert figures.year_figures(organisation_ids=[org_a.pk], year=this_year - 1) == {
        "surveys_held": 0,
        "survey_responses": 0,
    }
    assert Response.objects.count() == 3


def test_a_reviewer_returns_a_survey_with_a_reason_through_the_admin(client, org_a):
    drafter, reviewer = staff_pair(org_a)
    survey = make_draft(org_a, drafter)
    services.submit(user=drafter, survey=survey)
    client.force_login(reviewer)
    workflow = reverse("admin:interaction_survey_workflow", args=[survey.pk])
    page = client.post(workflow, {"action": "return", "note": ""}, follow=True).content.decode()
    assert "请填写退回理由" in page
    client.post(workflow, {"action": "return", "note": "第3题评分说明不清"})
    survey.refresh_from_db()
    assert survey.status == "draft"
    assert survey.events.last().note == "第3题评分说明不清"
    page = client.post(workflow, {"action": "nonsense"}, follow=True).content.decode()
    assert "未知的操作" in page
    assert client.get(workflow).status_code == 405


def test_the_hide_action_of_the_moderation_list_goes_through_the_service(client, org_a):
    survey = make_published(org_a)
    for n in range(2):
        services.submit_response(
            survey=survey,
            answers=answers_for(survey, text=f"意见{n}"),
            session_hash=f"s{n}",
            address_hash=f"a{n}",
        )
    moderator = make_staff(role=roles.CASEWORKER, organisations=[org_a])
    client.force_login(moderator)
    ids = [str(pk) for pk in TextAnswer.objects.values_list("pk", flat=True)]
    response = client.post(
        reverse("admin:interaction_textanswer_changelist"),
        {"action": "hide", "_selected_action": ids},
    )
    assert response.status_code == 302
    assert set(TextAnswer.objects.values_list("state", "moderated_by")) == {
        ("hidden", moderator.pk)
    }
