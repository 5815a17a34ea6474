"""Public pages: the list by kind, the event page by phase (titles, meta refresh only while
live), the polling endpoint (new public entries only), the question form (gate, bad input,
double submission), the privacy of contacts everywhere, feed, sitemap and search."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosures.search import text as text_search
from interaction.interviews import services
from interaction.interviews.models import Interview, Question
from interaction.interviews.workflow import QuestionStatus
from interaction.public import search
from tests.factories import OrganisationFactory
from tests.interaction.interviews.helpers import (
    PHONE,
    ask,
    chief_of,
    draft,
    drafter_of,
    form_token,
    live,
    published,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.INTERVIEW_MIN_FILL_SECONDS = 0
    cache.clear()


@pytest.fixture
def org():
    return OrganisationFactory(name="示例县民政局", slug="mzj")


@pytest.fixture
def drafter(org):
    return drafter_of(org)


@pytest.fixture
def chief(org):
    return chief_of(org)


def answered(
    interview, drafter, *, text="请问社会组织年检何时改为年度报告？", answer="明年起实行。"
):
    question = ask(interview, text=text)
    services.accept_question(user=drafter, question=question)
    return services.answer_question(
        user=drafter, question=question, guest=interview.guests.get(), text=answer
    )


def archived(org, drafter, chief, **kwargs):
    interview = live(org, drafter, chief, **kwargs)
    answered(interview, drafter)
    return services.end_interview(user=drafter, interview=interview)


def test_list_shows_current_and_archive_and_filters_by_kind(client, org, drafter, chief):
    upcoming = published(org, drafter, chief, topic="养老服务新政解读")
    press = archived(org, drafter, chief, kind=Interview.Kind.PRESS, topic="第三季度例行新闻发布会")
    hidden = draft(org, drafter, topic="尚未发布的访谈")
    page = client.get(reverse("interaction:interview-list")).content.decode()
    assert upcoming.topic in page
    assert press.topic in page
    assert hidden.topic not in page
    assert 'type="application/atom+xml"' in page
    only_press = client.get(reverse("interaction:interview-list"), {"kind": "press"})
    assert press.topic in only_press.content.decode()
    assert upcoming.topic not in only_press.content.decode()
    assert client.get(reverse("interaction:interview-list"), {"kind": "x"}).status_code == 200


def test_a_hidden_event_answers_404(client, org, drafter):
    interview = draft(org, drafter)
    for name in ("interview-detail", "interview-ask", "interview-entries", "interview-video"):
        assert client.get(reverse(f"interaction:{name}", args=[interview.pk])).status_code == 404


def test_the_page_title_follows_the_phase(client, org, drafter, chief):
    upcoming = published(org, drafter, chief)
    page = client.get(upcoming.get_absolute_url()).content.decode()
    assert "<h1>访谈预告：" in page
    assert 'http-equiv="refresh"' not in page
    assert reverse("interaction:interview-ask", args=[upcoming.pk]) in page

    running = live(org, drafter, chief)
    page = client.get(running.get_absolute_url()).content.decode()
    assert "<h1>正在直播：" in page
    assert '<noscript><meta http-equiv="refresh"' in page
    assert "js/interview-live.js" in page
    assert "data-live-record" in page
    assert 'aria-live="polite"' in page

    ended = archived(org, drafter, chief)
    page = client.get(ended.get_absolute_url()).content.decode()
    assert "<h1>往期回顾：" in page
    assert "refresh" not in page
    assert "data-live-record" not in page
    assert "明年起实行。" in page
    assert reverse("interaction:interview-ask", args=[ended.pk]) not in page


def test_polling_returns_only_new_public_entries(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    first = services.add_entry(user=drafter, interview=interview, kind="host", text="欢迎收看。")
    pending = ask(interview, text="尚未审核的提问内容")
    accepted = ask(interview, text="已采用未答复的提问")
    services.accept_question(user=drafter, question=accepted)
    url = reverse("interaction:interview-entries", args=[interview.pk])

    data = json.loads(client.get(url, {"after": 0}).content)
    assert data["phase"] == "live"
    assert [e["id"] for e in data["entries"]] == [first.pk]

    entry = answered(interview, drafter, text="低保标准是多少？", answer="每月900元。")
    response = client.get(url, {"after": first.pk})
    data = json.loads(response.content)
    assert [e["id"] for e in data["entries"]] == [entry.pk]
    assert "低保标准是多少？" in data["entries"][0]["html"]
    assert "每月900元。" in data["entries"][0]["html"]
    assert "王建国" in data["entries"][0]["html"]
    body = response.content.decode()
    assert pending.text not in json.loads(body)["entries"][0]["html"]
    assert PHONE not in body
    assert "no-store" in response["Cache-Control"]
    assert json.loads(client.get(url, {"after": entry.pk}).content)["entries"] == []
    assert client.get(url, {"after": "abc"}).status_code == 200


def test_polling_reports_the_end(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    services.end_interview(user=drafter, interview=interview)
    url = reverse("interaction:interview-entries", args=[interview.pk])
    assert json.loads(client.get(url).content)["phase"] == "archive"


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_polling_costs_a_fixed_number_of_queries(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    url = reverse("interaction:interview-entries", args=[interview.pk])
    answered(interview, drafter)
    client.get(url)  # warm the site's caches
    one = queries(client, url)
    for n in range(5):
        answered(interview, drafter, text=f"第{n}个问题？", answer=f"第{n}个答复。")
    assert queries(client, url) == one


def question_data(client, interview, **overrides):
    url = reverse("interaction:interview-ask", args=[interview.pk])
    data = {
        "nickname": "热心市民",
        "text": "请问社会组织年检何时改为年度报告？",
        "contact": PHONE,
        "website": "",
        "form_token": form_token(client, url),
    }
    data.update(overrides)
    return url, data


def test_a_citizen_asks_and_the_question_waits_for_moderation(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    url, data = question_data(client, interview)
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == interview.get_absolute_url()
    page = response.content.decode()
    assert "经工作人员审核后在本页显示" in page
    question = Question.objects.get()
    assert question.status == QuestionStatus.PENDING
    assert question.contact == PHONE
    assert question.text not in page  # not shown before moderation
    assert PHONE not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": ""}, "请填写提问内容。"),
        ({"text": "问" * 501}, "提问内容不能超过500个字。"),
        ({"contact": ""}, "请填写手机号码或电子邮箱"),
        ({"contact": "abc"}, "请填写正确的手机号码或电子邮箱。"),
        ({"nickname": "13800138000"}, "网名会在网站公开"),
    ],
)
def test_bad_questions_get_a_message_and_keep_what_was_typed(
    client, org, drafter, chief, overrides, message
):
    interview = live(org, drafter, chief)
    url, data = question_data(client, interview, **overrides)
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="error-summary"' in page
    kept = data["text"] if overrides.get("text") != "" else data["nickname"]
    assert kept[:30] in page
    assert not Question.objects.exists()


def test_the_honeypot_keeps_the_form(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    url, data = question_data(client, interview, website="http://spam.example")
    response = client.post(url, data)
    assert response.status_code == 200
    assert data["text"] in response.content.decode()
    assert not Question.objects.exists()


def test_a_double_submission_registers_one_question(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    url, data = question_data(client, interview)
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Question.objects.count() == 1


def test_too_many_questions_from_one_address_are_refused(client, settings, org, drafter, chief):
    settings.INTERVIEW_QUESTION_RATE = (1, 3600)
    interview = live(org, drafter, chief)
    url, data = question_data(client, interview)
    assert client.post(url, data).status_code == 302
    url, data = question_data(client, interview, text="第二个问题？")
    response = client.post(url, data)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert Question.objects.count() == 1


def test_the_archive_takes_no_question(client, org, drafter, chief):
    interview = archived(org, drafter, chief)
    url = reverse("interaction:interview-ask", args=[interview.pk])
    assert client.get(url).status_code == 410
    assert client.post(url, {"text": "x", "contact": PHONE}).status_code == 410


def test_the_asker_never_appears_in_public(client, org, drafter, chief):
    interview = live(org, drafter, chief, topic="社会组织改革访谈")
    question = services.ask_question(
        interview=interview, nickname="", text="社会组织改革后年检怎么办？", contact=PHONE
    )
    services.accept_question(user=drafter, question=question)
    services.answer_question(
        user=drafter, question=question, guest=interview.guests.get(), text="改为年度报告。"
    )
    pages = [
        client.get(interview.get_absolute_url()),
        client.get(reverse("interaction:interview-list")),
        client.get(reverse("interaction:interview-feed")),
        client.get(reverse("interaction:interview-entries", args=[interview.pk])),
        client.get(reverse("interaction:index")),
    ]
    for response in pages:
        assert response.status_code == 200
        assert PHONE not in response.content.decode()
    assert "网友“网友”提问" in pages[0].content.decode()
    hits = search.search(text_search.parse_query("年检"))
    assert [h.url for h in hits] == [interview.get_absolute_url()]
    assert all(PHONE not in (h.title + h.snippet) for h in hits)


def test_search_finds_topic_summary_and_record_text_of_published_events_only(org, drafter, chief):
    shown = live(org, drafter, chief, topic="殡葬改革访谈")
    services.add_entry(user=drafter, interview=shown, kind="host", text="今天谈谈惠民殡葬政策。")
    draft(org, drafter, topic="殡葬改革草稿")
    assert [h.url for h in search.search(text_search.parse_query("惠民殡葬"))] == [
        shown.get_absolute_url()
    ]
    urls = [h.url for h in search.search(text_search.parse_query("殡葬改革"))]
    assert urls == [shown.get_absolute_url()]
    hit = search.search(text_search.parse_query("殡葬改革"))[0]
    assert hit.label == "在线访谈"


def test_the_site_search_page_lists_the_event_without_the_asker(client, org, drafter, chief):
    interview = live(org, drafter, chief, topic="殡葬改革访谈")
    question = ask(interview, text="惠民殡葬补贴怎么领？")
    services.accept_question(user=drafter, question=question)
    page = client.get(reverse("search"), {"q": "惠民殡葬"}).content.decode()
    assert interview.get_absolute_url() in page
    assert "在线访谈" in page
    assert PHONE not in page


def test_feed_and_sitemap_list_published_events(client, org, drafter, chief):
    shown = published(org, drafter, chief, topic="养老服务新政解读")
    hidden = draft(org, drafter, topic="尚未发布的访谈")
    feed = client.get(reverse("interaction:interview-feed")).content.decode()
    assert shown.topic in feed
    assert hidden.topic not in feed
    sitemap = client.get(reverse("sitemap-section", args=["interviews"])).content.decode()
    assert shown.get_absolute_url() in sitemap
    assert reverse("interaction:interview-list") in sitemap
    assert hidden.get_absolute_url() not in sitemap


def test_the_interaction_index_shows_the_block(client, org, drafter, chief):
    shown = published(org, drafter, chief, topic="养老服务新政解读")
    page = client.get(reverse("interaction:index")).content.decode()
    assert "在线访谈和新闻发布会" in page
    assert shown.topic in page


def test_video_is_served_inline_and_as_download(client, org, drafter, chief, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.interaction.interviews.helpers import MP4

    settings.MEDIA_ROOT = tmp_path
    interview = archived(org, drafter, chief)
    services.attach_video(
        user=drafter,
        interview=interview,
        video=SimpleUploadedFile("v.mp4", MP4),
        transcript="主持人：欢迎。",
    )
    page = client.get(interview.get_absolute_url()).content.decode()
    assert "<video controls" in page
    assert 'type="video/mp4"' in page
    assert "主持人：欢迎。" in page  # the transcript, the video's text alternative
    url = reverse("interaction:interview-video", args=[interview.pk])
    inline = client.get(url)
    assert inline["Content-Type"] == "video/mp4"
    assert "attachment" not in inline.get("Content-Disposition", "")
    download = client.get(url, {"download": "1"})
    assert "attachment" in download["Content-Disposition"]


def test_list_and_detail_query_counts_do_not_grow(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    answered(interview, drafter)
    published(org, drafter, chief, topic="访谈甲")
    archived(org, drafter, chief, topic="往期甲")
    list_url = reverse("interaction:interview-list")
    client.get(list_url)
    client.get(interview.get_absolute_url())
    list_queries = queries(client, list_url)
    detail_queries = queries(client, interview.get_absolute_url())
    for n in range(3):
        published(org, drafter, chief, topic=f"访谈{n}")
        archived(org, drafter, chief, topic=f"往期{n}")
        services.add_entry(user=drafter, interview=interview, kind="host", text=f"第{n}段")
        answered(interview, drafter, text=f"问{n}？", answer=f"答{n}。")
    assert queries(client, list_url) == list_queries
    assert queries(client, interview.get_absolute_url()) == detail_queries
