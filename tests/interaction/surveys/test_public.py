"""The public survey pages through real HTTP: the form and its validation, one response per
session and address (also two posts at once), the results, the CSV, the feed, the sitemap, the
site search, and the privacy of free text."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from interaction.surveys import services
from interaction.surveys.models import Response, Survey, TextAnswer
from tests.factories import make_staff
from tests.interaction.surveys.factories import answers_for, make_draft, make_published, staff_pair

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.SURVEY_MIN_FILL_SECONDS = 0


def url(survey) -> str:
    return reverse("interaction:survey-detail", args=[survey.pk])


def form_token(client: Client, survey) -> str:
    page = client.get(url(survey)).content.decode()
    return htmllib.unescape(re.search(r'name="form_token" value="([^"]+)"', page).group(1))


def post_data(survey, *, token: str, **overrides) -> dict:
    answers = answers_for(survey, **overrides)
    data = {"form_token": token}
    for question_id, value in answers.items():
        data[f"q{question_id}"] = value
    return data


def answer(client: Client, survey, **overrides):
    token = form_token(client, survey)
    return client.post(url(survey), post_data(survey, token=token, **overrides))


def end(survey) -> None:
    """Move the survey's dates into the past, as time would."""
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=10),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )


def test_the_open_survey_shows_every_question_kind_and_no_personal_fields(client, org_a):
    survey = make_published(org_a)
    page = client.get(url(survey)).content.decode()
    for text in ("您的年龄段", "您最需要哪些服务", "总体满意度", "其他意见建议", "最多选择2项"):
        assert text in page
    assert 'type="radio"' in page
    assert 'type="checkbox"' in page
    assert "<textarea" in page
    assert "姓名" not in page.split("请勿")[0].split("<form")[1]  # nothing asks for a name
    assert "1分表示“很不满意”" in page


def test_a_good_answer_is_recorded_once_and_a_second_try_is_told_politely(client, org_a):
    survey = make_published(org_a)
    response = answer(client, survey, multiple=(0, 1), text="希望增加助餐点")
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "答卷已经记录" in thanks
    assert Response.objects.filter(survey=survey).count() == 1
    page = client.get(url(survey)).content.decode()
    assert "您已经参与过本次调查" in page
    assert '<form class="apply-form' not in page
    # A new browser from the same address: the form shows, its answer is not counted.
    other = Client()
    again = answer(other, survey)
    assert again.status_code == 200
    assert "您已参与本次调查" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_same_page_sent_twice_counts_once(client, org_a):
    survey = make_published(org_a)
    token = form_token(client, survey)
    first = client.post(url(survey), post_data(survey, token=token))
    second = client.post(url(survey), post_data(survey, token=token))
    assert first.status_code == 302
    assert second.status_code == 200
    assert "未重复计入" in second.content.decode()
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_browsers_of_one_address_posting_at_once_count_once(org_a):
    survey = make_published(org_a)
    clients = [Client(), Client()]
    tokens = [form_token(c, survey) for c in clients]
    barrier = threading.Barrier(2)
    statuses = []

    def send(c, token):
        try:
            barrier.wait()
            statuses.append(c.post(url(survey), post_data(survey, token=token)).status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert Response.objects.filter(survey=survey).count() == 1
    assert sorted(statuses) == [200, 302]


def _errors(response) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert "答卷尚未提交" in page
    return page


def test_required_questions_left_empty_are_named_and_nothing_is_stored(client, org_a):
    survey = make_published(org_a)
    token = form_token(client, survey)
    page = _errors(client.post(url(survey), {"form_token": token}))
    assert "请选择一项。" in page
    assert "请至少选择一项。" in page
    assert "请选择分值。" in page
    assert "请填写本题" not in page  # the text question is optional
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"multiple": (0, 1, 2)}, "最多只能选择2项。"),
        ({"rating": 7}, "请在1至5分之间选择。"),
        ({"text": "字" * 201}, "不能超过200个字"),
    ],
)
def test_each_bad_answer_gets_a_chinese_message_and_keeps_what_was_chosen(
    client, org_a, overrides, message
):
    survey = make_published(org_a)
    data = post_data(
        survey, token=form_token(client, survey), **{"text": "保留的文字", **overrides}
    )
    page = _errors(client.post(url(survey), data))
    assert message in page
    single_option = answers_for(survey)[survey.questions.get(position=1).pk]
    assert re.search(rf'value="{single_option}"[^>]*checked', page)  # the choice is kept
    if "text" not in overrides:
        assert "保留的文字" in page
    assert not Response.objects.exists()


def test_min_choices_is_checked(client, org_a):
    survey = make_published(org_a, min_choices=2, max_choices=None)
    page = _errors(answer(client, survey, multiple=(0,)))
    assert "请至少选择2项。" in page


def test_a_foreign_option_id_is_an_error_not_a_500(client, org_a):
    survey = make_published(org_a)
    data = post_data(survey, token=form_token(client, survey))
    data[f"q{survey.questions.get(position=1).pk}"] = "999999"
    assert "所选选项无效" in _errors(client.post(url(survey), data))


def test_a_filled_honeypot_stores_nothing_and_keeps_the_answers(client, org_a):
    survey = make_published(org_a)
    data = post_data(survey, token=form_token(client, survey), text="honeypot留下的文字")
    data["website"] = "http://spam.example"
    page = client.post(url(survey), data).content.decode()
    assert "honeypot留下的文字" in page
    assert not Response.objects.exists()


def test_a_missing_form_token_is_refused_with_a_message(client, org_a):
    survey = make_published(org_a)
    data = post_data(survey, token="")
    page = client.post(url(survey), data).content.decode()
    assert "失效" in page
    assert not Response.objects.exists()


def test_drafts_surveys_under_review_and_scheduled_surveys_are_not_public(client, org_a):
    drafter, _ = staff_pair(org_a)
    draft = make_draft(org_a, drafter)
    scheduled = make_published(org_a, opens_at=timezone.now() + dt.timedelta(days=2))
    for survey in (draft, scheduled):
        assert client.get(url(survey)).status_code == 404
        assert client.get(reverse("interaction:survey-csv", args=[survey.pk])).status_code == 404
    listing = client.get(reverse("interaction:survey-list")).content.decode()
    assert draft.title not in listing


def test_results_are_hidden_while_open_and_shown_after_the_end(client, org_a):
    survey = make_published(org_a)
    moderator = make_staff(role=roles.CASEWORKER, organisations=[org_a])
    for n, (single, multiple, rating) in enumerate([(0, (0, 1), 5), (0, (1,), 4), (2, (1, 3), 4)]):
        services.submit_response(
            survey=survey,
            answers=answers_for(
                survey,
                single=single,
                multiple=multiple,
                rating=rating,
                text=f"第{n}条意见，电话{PHONE}",
            ),
            session_hash=f"s{n}",
            address_hash=f"a{n}",
        )
    first, second, _third = TextAnswer.objects.order_by("id")
    services.moderate_text(
        user=moderator, answer=first, state="public", public_text="希望多设助餐点"
    )
    services.moderate_text(user=moderator, answer=second, state="hidden")
    page = client.get(url(survey)).content.decode()
    assert "共收到答卷" not in page
    assert "第0条意见" not in page
    assert client.get(reverse("interaction:survey-csv", args=[survey.pk])).status_code == 404
    end(survey)
    page = client.get(url(survey)).content.decode()
    assert "共收到答卷<strong>3</strong>份" in page
    assert "<svg" in page
    assert "图表数据：第1题" in page
    # 60岁以下: 2 of 3 = 66.7%; 助医 chosen by 3 of 3 respondents = 100.0%
    assert re.search(r"60岁以下</th><td class=\"num\">2</td><td class=\"num\">66.7%", page)
    assert re.search(r"助医</th><td class=\"num\">3</td><td class=\"num\">100.0%", page)
    assert "平均4.33分" in page
    assert "希望多设助餐点" in page
    assert PHONE not in page
    assert "第1条意见" not in page
    assert "第2条意见" not in page
    assert "回答该题人数" in page or "回答该题的人数" in page


def test_the_csv_has_a_bom_counts_and_only_published_texts(client, org_a):
    survey = make_published(org_a)
    moderator = make_staff(role=roles.CASEWORKER, organisations=[org_a])
    for n in range(2):
        services.submit_response(
            survey=survey,
            answers=answers_for(survey, text=f"意见{n} 电话{PHONE}"),
            session_hash=f"s{n}",
            address_hash=f"a{n}",
        )
    services.moderate_text(
        user=moderator, answer=TextAnswer.objects.first(), state="public", public_text="公开的意见"
    )
    end(survey)
    response = client.get(reverse("interaction:survey-csv", args=[survey.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "答卷人数,2" in text
    assert "60岁以下,2,100.0,2" in text
    assert "公开回答：公开的意见" in text
    assert PHONE not in text
    assert "意见1" not in text


def test_live_results_are_public_while_open(client, org_a):
    survey = make_published(org_a, results_policy="live")
    services.submit_response(
        survey=survey, answers=answers_for(survey), session_hash="s", address_hash="a"
    )
    page = client.get(url(survey)).content.decode()
    assert "结果实时更新" in page
    assert client.get(reverse("interaction:survey-csv", args=[survey.pk])).status_code == 200


def test_posting_to_an_ended_survey_is_refused_without_a_500(client, org_a):
    survey = make_published(org_a)
    token = form_token(client, survey)
    end(survey)
    response = client.post(url(survey), post_data(survey, token=token))
    assert response.status_code == 409
    assert "本次调查已结束" in response.content.decode()
    assert not Response.objects.exists()


def test_feed_sitemap_search_and_index_list_the_survey(client, org_a):
    survey = make_published(org_a, title="养老服务满意度调查")
    services.submit_response(
        survey=survey,
        answers=answers_for(survey, text=f"电话{PHONE}"),
        session_hash="s",
        address_hash="a",
    )
    end(survey)
    feed = client.get(reverse("interaction:survey-feed")).content.decode()
    assert "网上调查：养老服务满意度调查" in feed
    assert "调查结果：养老服务满意度调查" in feed
    assert PHONE not in feed
    listing = client.get(reverse("interaction:survey-list")).content.decode()
    assert reverse("interaction:survey-feed") in listing
    assert 'rel="alternate"' in listing
    sitemap = client.get(reverse("sitemap-section", args=["surveys"])).content.decode()
    assert url(survey) in sitemap
    search = client.get(reverse("search") + "?q=养老服务满意度").content.decode()
    assert url(survey) in search
    assert "网上调查" in search
    assert PHONE not in client.get(reverse("search") + "?q=电话").content.decode()
    index = client.get(reverse("interaction:index")).content.decode()
    assert url(survey) in index


def test_a_draft_is_in_neither_sitemap_nor_search(client, org_a):
    drafter, _ = staff_pair(org_a)
    draft = make_draft(org_a, drafter, title="内部草稿调查")
    assert (
        url(draft) not in client.get(reverse("sitemap-section", args=["surveys"])).content.decode()
    )
    assert url(draft) not in client.get(reverse("search") + "?q=内部草稿调查").content.decode()


def test_result_page_queries_do_not_grow_with_responses(
    client, org_a, django_assert_max_num_queries
):
    survey = make_published(org_a)
    for n in range(30):
        services.submit_response(
            survey=survey,
            answers=answers_for(survey, single=n % 3),
            session_hash=f"s{n}",
            address_hash=f"a{n}",
        )
    end(survey)
    with django_assert_max_num_queries(15):
        assert client.get(url(survey)).status_code == 200


def test_the_list_page_queries_do_not_grow_with_surveys(client, org_a, django_assert_num_queries):
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    drafter, reviewer = staff_pair(org_a)
    make_published(org_a, drafter=drafter, reviewer=reviewer)
    client.get(reverse("interaction:survey-list"))  # warm the site settings
    with CaptureQueriesContext(conn) as first:
        client.get(reverse("interaction:survey-list"))
    for n in range(5):
        make_published(org_a, drafter=drafter, reviewer=reviewer, title=f"调查{n}")
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(reverse("interaction:survey-list")).content.decode()
    assert "调查4" in page


def test_viewing_a_survey_creates_no_session_but_answering_binds_one(client, org_a):
    survey = make_published(org_a)
    client.get(url(survey))
    assert "sessionid" not in client.cookies
    assert answer(client, survey).status_code == 302
    assert "sessionid" in client.cookies
