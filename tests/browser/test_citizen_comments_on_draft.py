"""A citizen comments on article 3 (第三条) of an open draft and later sees it published (#17).

The citizen opens the draft from 互动交流 → 意见征集, follows the link under 第三条, writes a
comment with name and phone (not consenting to show the name) and keeps the receipt number; a
moderator publishes it (through the service: the admin is tested through HTTP in
tests/interaction/consultations/test_admin.py); the comment then shows under 第三条 with the
article's count, and neither the name nor the phone is on the page.
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from interaction.consultations.models import Comment
from interaction.consultations.services import comments
from tests.factories import OrganisationFactory
from tests.interaction.consultations.factories import drafter_of, open_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "周明远"
PHONE = "13812345678"
OPINION = "建议明确临时占用城市绿地的最长期限，并规定到期后的恢复责任。"


@pytest.fixture(autouse=True)
def _portal(settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    cache.clear()  # rate-limit counters of earlier tests live in the shared cache table


def test_citizen_comments_on_article_three_and_sees_it_published(page):
    organisation = OrganisationFactory(slug="zjj", name="示例县住房和城乡建设局")
    consultation = open_consultation(organisation)

    page.goto("/hdjl/")
    page.get_by_role("link", name="查看全部意见征集").click()
    page.wait_for_url("**/hdjl/yjzj/")
    page.get_by_role("link", name=consultation.title).click()
    page.wait_for_url(f"**/hdjl/yjzj/{consultation.pk}/")
    article = page.locator("#tiao-3")
    expect(article).to_contain_text("任何单位和个人不得擅自占用城市绿地")
    expect(article).to_contain_text("收到意见0条，公开0条")
    article.get_by_role("link", name="对第三条提意见").click()

    page.wait_for_url(re.compile(r".*/yj/\?tiao=3$"))
    expect(page.get_by_label("意见针对")).to_have_value("3")
    page.get_by_label(re.compile("^意见内容")).fill(OPINION)
    page.get_by_label(re.compile("^姓名")).fill(NAME)
    page.get_by_label(re.compile("^联系电话")).fill(PHONE)
    page.get_by_role("button", name="提交意见").click()

    page.wait_for_url("**/hdjl/yjzj/hz/")
    number = page.locator(".application-number").inner_text()
    comment = Comment.objects.get()
    assert number == comment.number
    assert comment.article.number == 3
    expect(page.locator(".receipt")).to_contain_text("第三条")

    # a moderator publishes it (the service the admin's moderation page calls)
    comments.publish_comment(actor=drafter_of(organisation), comment=comment)

    page.goto(consultation.get_absolute_url())
    article = page.locator("#tiao-3")
    expect(article).to_contain_text(OPINION)
    expect(article).to_contain_text("收到意见1条，公开1条")
    expect(article).to_contain_text("网友")
    body = page.locator("body").inner_text()
    assert NAME not in body
    assert PHONE not in body
