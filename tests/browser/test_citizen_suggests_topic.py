"""A citizen suggests what 民政局 should publish (点题公开, #17) and reads the answer online.

The citizen opens 互动交流, then 点题公开, picks 民政局's standing call, suggests a topic
agreeing to its publication and keeps the number from the receipt. 民政局's handler answers
已经公开 with the link to the published item, in the admin; a second person (审核员) approves
it there; the citizen finds the answer with the link on the public list, which names nobody.
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from interaction.topics.models import Suggestion
from interaction.topics.workflow import Status
from tests.browser.second_factor import enrolled_device, enter_code
from tests.factories import OrganisationFactory
from tests.interaction.topics.factories import call_of, handler_of, item_of, reviewer_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "欧阳晓峰"
PHONE = "13787654321"
SUBJECT = "城乡低保对象按乡镇分布情况"
ITEM = "示例县2026年第三季度城乡低保对象分布情况"


@pytest.fixture(autouse=True)
def _portal(settings):
    settings.TOPIC_MIN_FILL_SECONDS = 0
    cache.clear()  # rate-limit counters of earlier tests live in the shared cache table


def log_in(browser, live_server, user):
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    device = enrolled_device(user)
    page.goto("/admin/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill("Secret-Pass-123")
    page.get_by_role("button", name="登录").click()
    enter_code(page, device)
    page.wait_for_url("**/admin/")
    return context, page


def test_a_citizen_suggests_a_topic_and_reads_the_approved_answer(page, browser, live_server):
    civil = OrganisationFactory(slug="mzj", name="示例县民政局")
    call_of(civil, introduction="欢迎就社会救助等民政信息的公开提出建议。")
    item = item_of(civil, title=ITEM)
    handler = handler_of(civil, username="mzj_jbr")
    reviewer = reviewer_of(civil, username="mzj_shy")

    page.goto("/hdjl/")
    page.get_by_role("link", name="提出点题建议").click()
    page.wait_for_url("**/hdjl/dtgk/")
    page.get_by_role("link", name="示例县民政局").click()
    page.wait_for_url("**/hdjl/dtgk/jg/mzj/")
    page.get_by_label(re.compile("^建议公开的信息")).fill(SUBJECT)
    page.get_by_label(re.compile("^具体内容")).fill(
        "希望按乡镇公开城乡低保对象人数和保障金发放总额。"
    )
    page.get_by_label(re.compile("^姓名")).fill(NAME)
    page.get_by_label(re.compile("^联系电话")).fill(PHONE)
    page.get_by_role("checkbox", name=re.compile("同意在本网站公开")).check()
    page.get_by_role("button", name="提交建议").click()

    page.wait_for_url("**/hdjl/dtgk/hz/")
    number = page.locator(".suggestion-number").inner_text()
    suggestion = Suggestion.objects.get()
    assert number == suggestion.number
    assert suggestion.name == NAME
    assert suggestion.publish_consent
    change = re.compile(rf"/admin/interaction/suggestion/{suggestion.pk}/change/")

    context, staff = log_in(browser, live_server, handler)
    try:
        staff.goto("/admin/interaction/suggestion/?queue=open")
        staff.get_by_role("link", name=number).click()
        staff.wait_for_url(change)
        assert NAME in staff.locator("#content").inner_text()  # the handling page only
        staff.get_by_role("link", name="提交答复审核").click()
        staff.get_by_label("已经公开").check()
        staff.get_by_label("已公开信息").select_option(str(item.pk))
        staff.get_by_label("答复说明").fill("该信息已在本局政府信息公开专栏发布。")
        staff.get_by_role("button", name="确认提交答复审核").click()
        staff.wait_for_url(change)
    finally:
        context.close()
    assert Suggestion.objects.get().status == Status.REVIEWING

    context, staff = log_in(browser, live_server, reviewer)
    try:
        staff.goto(f"/admin/interaction/suggestion/{suggestion.pk}/change/")
        staff.get_by_role("link", name="审核通过并答复").click()
        expect(staff.get_by_label("公开标题")).to_have_value(SUBJECT)
        staff.get_by_role("button", name="确认审核通过并答复").click()
        staff.wait_for_url(change)
    finally:
        context.close()
    suggestion.refresh_from_db()
    assert suggestion.status == Status.ANSWERED
    assert suggestion.is_public

    page.goto("/hdjl/dtgk/")
    page.get_by_role("link", name="查看全部已答复建议及统计").click()
    page.wait_for_url("**/hdjl/dtgk/gk/")
    expect(page.get_by_role("link", name=ITEM)).to_be_visible()
    page.get_by_role("link", name=SUBJECT).click()
    expect(page.locator(".answer-kind")).to_have_text("已经公开")
    expect(page.get_by_role("link", name=ITEM)).to_have_attribute("href", item.get_absolute_url())
    content = page.content()
    assert NAME not in content
    assert PHONE not in content
