"""The public pages of 意见征集 through HTTP: the list, the consultation with its articles,
comments and counts, the comment form (gate, bad input, double submission, the window), the
receipt, the feed, the sitemap and the site search; never a commenter's contact in public."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interaction.consultations.models import Comment
from interaction.consultations.services import comments, drafting
from tests.interaction.consultations.factories import (
    COMMENTER_EMAIL,
    COMMENTER_NAME,
    COMMENTER_PHONE,
    comment_on,
    draft_consultation,
    drafter_of,
    open_consultation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_form(settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0


@pytest.fixture
def running(org_a):
    return open_consultation(org_a)


def text_of(response) -> str:
    return htmllib.unescape(response.content.decode())


def form_token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return htmllib.unescape(re.search(r'name="form_token" value="([^"]+)"', page).group(1))


def comment_data(**overrides) -> dict:
    return {
        "article": "3",
        "content": "建议明确临时占用绿地的最长期限。",
        "name": COMMENTER_NAME,
        "phone": COMMENTER_PHONE,
        "email": COMMENTER_EMAIL,
        "organisation_name": "",
        **overrides,
    }


def post_comment(client, consultation, token=None, **overrides):
    url = reverse("interaction:consultation-comment", args=[consultation.pk])
    data = comment_data(**overrides)
    data["form_token"] = form_token(client, url) if token is None else token
    return client.post(url, data)


def test_the_list_shows_public_consultations_only(client, org_a, running):
    draft = draft_consultation(org_a, title="尚未发布的草稿")
    page = text_of(client.get(reverse("interaction:consultation-list")))
    assert running.title in page
    assert draft.title not in page
    assert "征集中" in page
    assert reverse("interaction:consultation-feed") in page
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_notice_states_what_the_law_asks(client, running):
    page = text_of(client.get(running.get_absolute_url()))
    for expected in ("事项名称", "主要内容", "起草说明（依据和理由）", "反馈方式", "起止时间",
                     "县住房和城乡建设局法规科", "0570-7654321", "fgk@example.gov.cn",
                     "第三条", "收到意见0条，公开0条"):  # fmt: skip
        assert expected in page


def test_a_scheduled_consultation_shows_it_starts_soon_and_takes_no_comment(client, org_a):
    later = open_consultation(org_a, starts_on=timezone.localdate() + dt.timedelta(days=3))
    page = text_of(client.get(later.get_absolute_url()))
    assert "即将开始" in page
    response = client.get(reverse("interaction:consultation-comment", args=[later.pk]))
    assert "暂不能提交意见" in text_of(response)


def test_a_shortened_window_shows_its_reason(client, org_a):
    short = open_consultation(org_a, days=10, shortened_reason="上位法修改，须尽快出台。")
    page = text_of(client.get(short.get_absolute_url()))
    assert "关于征求意见期限的说明" in page
    assert "上位法修改，须尽快出台。" in page


def test_a_comment_on_article_three_gets_a_receipt_and_waits_for_moderation(client, running):
    response = post_comment(client, running)
    assert response.status_code == 302
    assert response["Location"] == reverse("interaction:consultation-receipt")
    comment = Comment.objects.get()
    assert comment.article.number == 3
    receipt = text_of(client.get(response["Location"]))
    assert comment.number in receipt
    assert "第三条" in receipt
    assert COMMENTER_PHONE not in receipt
    page = text_of(client.get(running.get_absolute_url()))
    assert "建议明确临时占用绿地的最长期限" not in page
    assert "收到意见1条，公开0条" in page


def test_a_published_comment_shows_under_its_article_without_name_or_contact(client, running):
    comment = comment_on(running, article_number=3, content="建议明确临时占用的最长期限。")
    comments.publish_comment(actor=drafter_of(running.organisation), comment=comment)
    page = text_of(client.get(running.get_absolute_url()))
    article_three = page.split('id="tiao-3"')[1].split('id="tiao-4"')[0]
    assert "建议明确临时占用的最长期限。" in article_three
    assert "收到意见1条，公开1条" in article_three
    assert "网友" in article_three
    for secret in (COMMENTER_NAME, COMMENTER_PHONE, COMMENTER_EMAIL):
        assert secret not in page


def test_the_name_is_shown_with_consent_the_contact_never(client, running):
    comment = comment_on(running, show_name=True, organisation_name="县园林协会")
    comments.publish_comment(actor=drafter_of(running.organisation), comment=comment)
    page = text_of(client.get(running.get_absolute_url()))
    assert COMMENTER_NAME in page
    assert "县园林协会" in page
    assert COMMENTER_PHONE not in page
    assert COMMENTER_EMAIL not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": ""}, "请填写意见内容。"),
        ({"name": ""}, "请填写姓名。"),
        ({"phone": "", "email": ""}, "请至少填写一种联系方式"),
        ({"email": "not-an-address"}, "请填写正确的电子邮箱地址。"),
        ({"phone": "abc"}, "请填写正确的电话号码"),
        ({"article": "99"}, "请选择草案中的条文"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_kept(client, running, overrides, message):
    response = post_comment(client, running, **overrides)
    assert response.status_code == 200
    page = text_of(response)
    assert message in page
    assert "意见尚未提交" in page
    if overrides.get("content", None) != "":
        assert "建议明确临时占用绿地的最长期限。" in page
    assert not Comment.objects.exists()


def test_the_same_form_sent_twice_creates_one_comment(client, running):
    url = reverse("interaction:consultation-comment", args=[running.pk])
    token = form_token(client, url)
    assert post_comment(client, running, token=token).status_code == 302
    assert post_comment(client, running, token=token).status_code == 302
    assert Comment.objects.count() == 1


def test_a_filled_honeypot_creates_nothing(client, running):
    response = post_comment(client, running, website="http://spam.example")
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_comments_beyond_the_limit_are_refused_with_429(client, running, settings):
    settings.CONSULTATION_COMMENT_RATE = (1, 3600)
    assert post_comment(client, running).status_code == 302
    assert post_comment(client, running).status_code == 429
    assert Comment.objects.count() == 1


def test_no_comment_after_the_end_date(client, org_a):
    ended = open_consultation(org_a, starts_on=timezone.localdate() - dt.timedelta(days=0))
    ended.__class__.objects.filter(pk=ended.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=31),
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )
    ended.refresh_from_db()
    url = reverse("interaction:consultation-comment", args=[ended.pk])
    assert "暂不能提交意见" in text_of(client.get(url))
    response = client.post(url, {**comment_data(), "form_token": "x"})
    assert response.status_code == 403
    assert not Comment.objects.exists()
    assert "已截止" in text_of(client.get(ended.get_absolute_url()))


def test_the_receipt_is_only_for_the_submitting_browser(client, running):
    post_comment(client, running)
    other = Client()
    assert other.get(reverse("interaction:consultation-receipt")).status_code == 404


def test_the_detail_page_costs_a_fixed_number_of_queries(
    client, running, django_assert_max_num_queries
):
    url = running.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    moderator = drafter_of(running.organisation)
    for n in range(6):
        comment = comment_on(running, article_number=1 + n % 4, content=f"意见{n}")
        comments.publish_comment(actor=moderator, comment=comment)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_feed_lists_opened_consultations_without_personal_data(client, running):
    comment = comment_on(running)
    comments.publish_comment(actor=drafter_of(running.organisation), comment=comment)
    feed = text_of(client.get(reverse("interaction:consultation-feed")))
    assert running.title in feed
    assert COMMENTER_NAME not in feed
    assert COMMENTER_PHONE not in feed


def test_the_sitemap_lists_the_consultations(client, running, org_a):
    draft = draft_consultation(org_a)
    body = client.get(reverse("sitemap-section", args=["consultations"])).content.decode()
    assert running.get_absolute_url() in body
    assert reverse("interaction:consultation-list") in body
    assert f"/hdjl/yjzj/{draft.pk}/" not in body


def test_the_site_search_finds_public_consultations_only(client, running, org_a):
    draft_consultation(org_a, title="关于征求《某某县停车管理办法》意见的公告")
    page = text_of(client.get(reverse("search"), {"q": "城市绿化管理办法"}))
    assert running.get_absolute_url() in page
    assert "意见征集" in page
    hidden = text_of(client.get(reverse("search"), {"q": "停车管理办法"}))
    assert "停车管理办法》意见的公告" not in hidden.split("互动交流")[-1]


def test_the_interaction_index_has_the_consultation_block(client, running):
    page = text_of(client.get(reverse("interaction:index")))
    assert "意见征集" in page
    assert running.get_absolute_url() in page


def test_close_ended_command_keeps_the_page_closed(running):
    ended = drafting.close_ended(today=running.ends_on + dt.timedelta(days=1))
    assert [c.pk for c in ended] == [running.pk]
