"""A citizen asks during a live 在线访谈; a moderator lets the question through and posts the
guest's answer; the citizen's open page shows both without a reload (#17).

The citizen opens the live page, follows 我要提问, submits a question and is back on the live
page (the question waits for moderation and is not shown). The moderator (a 经办人 of the
organisation) logs in to the admin, opens the question from the queue, sees the contact (the
opening is logged), accepts it and posts the guest's answer. The citizen's page, never reloaded
(a marker set on its window survives), shows the question and the answer by polling.
"""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from interaction.access_log import RecordKind, WriterDataAccess
from interaction.interviews.models import Question
from interaction.interviews.workflow import QuestionStatus
from tests.browser.second_factor import enrolled_device, enter_code
from tests.factories import OrganisationFactory
from tests.interaction.interviews.helpers import chief_of, drafter_of, live

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "社会组织年检改为年度报告后，还需要提交纸质材料吗？"
ANSWER = "不需要。今年起通过网上系统报送年度工作报告即可。"
CONTACT = "13912345678"


@pytest.fixture(autouse=True)
def _portal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.INTERVIEW_MIN_FILL_SECONDS = 0
    settings.INTERVIEW_POLL_SECONDS = 1
    cache.clear()


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


def test_a_moderated_question_and_its_answer_appear_without_reload(page, browser, live_server):
    civil = OrganisationFactory(slug="mzj", name="示例县民政局")
    moderator = drafter_of(civil, username="mzj_jbr")
    interview = live(civil, moderator, chief_of(civil, username="mzj_shy"))

    page.goto(interview.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("正在直播")
    page.get_by_role("link", name="我要提问").click()
    page.get_by_label(re.compile("^提问内容")).fill(QUESTION)
    page.get_by_label(re.compile("^网名")).fill("热心网友")
    page.get_by_label(re.compile("^联系方式")).fill(CONTACT)
    page.get_by_role("button", name="提交提问").click()
    page.wait_for_url(f"**{interview.get_absolute_url()}")
    expect(page.get_by_text("经工作人员审核后在本页显示")).to_be_visible()
    expect(page.get_by_text(QUESTION)).to_have_count(0)
    question = Question.objects.get()
    assert question.status == QuestionStatus.PENDING
    page.evaluate("window.__notReloaded = true")

    context, staff = log_in(browser, live_server, moderator)
    try:
        staff.goto("/admin/interaction/question/?status__exact=pending")
        staff.get_by_role("link", name=question.number).click()
        expect(staff.get_by_text(CONTACT)).to_be_visible()
        staff.get_by_label("公开的提问内容").fill(QUESTION)
        staff.get_by_role("button", name="采用并显示").click()
        expect(staff.locator(".question-status")).to_have_text("已采用")
        staff.get_by_label("答复嘉宾").select_option(label="示例县民政局副局长王建国")
        staff.get_by_label("答复内容").fill(ANSWER)
        staff.get_by_role("button", name="发布答复").click()
        expect(staff.locator(".question-status")).to_have_text("已答复")
    finally:
        context.close()
    assert WriterDataAccess.objects.filter(record_kind=RecordKind.QUESTION).exists()

    record = page.locator("[data-live-record]")
    expect(record.get_by_text(QUESTION)).to_be_visible()
    expect(record.get_by_text(ANSWER)).to_be_visible()
    expect(record).to_contain_text("王建国答")
    assert page.evaluate("window.__notReloaded") is True
    assert CONTACT not in page.content()
