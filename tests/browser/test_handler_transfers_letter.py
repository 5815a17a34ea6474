"""A handler transfers a letter to another department, which accepts and answers it (#16).

民政局's handler opens the new letter from the 新来信 queue and transfers it (转办) to 财政局;
财政局's handler accepts it and submits a reply; 财政局's 主管 (a second person) approves it.
"""

import re

import pytest

from interaction.models import Letter
from tests.browser.second_factor import enrolled_device, enter_code
from tests.factories import OrganisationFactory
from tests.interaction.factories import handler_of, make_letter, supervisor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPLY = "经查，城乡居民医保参保补贴由县财政按季度拨付，具体标准见县财政局2026年第3号公告。"


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


def test_a_letter_is_transferred_and_answered_by_the_receiving_department(browser, live_server):
    civil = OrganisationFactory(slug="mzj", name="示例县民政局")
    finance = OrganisationFactory(slug="czj", name="示例县财政局")
    sender = handler_of(civil, username="mzj_xf")
    receiver = handler_of(finance, username="czj_xf")
    chief = supervisor_of(finance, username="czj_zg")
    letter = make_letter(civil, subject="医保参保补贴何时拨付", content="请问参保补贴何时拨付？")
    change = re.compile(rf"/admin/interaction/letter/{letter.pk}/change/")

    context, page = log_in(browser, live_server, sender)
    try:
        page.goto("/admin/interaction/letter/?queue=new")
        page.get_by_role("link", name=letter.number).click()
        page.wait_for_url(change)
        page.get_by_role("link", name="转办").click()
        page.get_by_label("转办至").select_option(label="示例县财政局")
        page.get_by_label("转办理由").fill("参保补贴拨付属财政部门职责。")
        page.get_by_role("button", name="确认转办").click()
        page.wait_for_url("**/admin/**")
        assert Letter.objects.get(pk=letter.pk).organisation == finance
    finally:
        context.close()

    context, page = log_in(browser, live_server, receiver)
    try:
        page.goto("/admin/interaction/letter/?queue=new")
        page.get_by_role("link", name=letter.number).click()
        page.wait_for_url(change)
        assert "示例县民政局 → 示例县财政局" in page.locator("#content").inner_text()
        page.get_by_role("link", name="受理", exact=True).click()
        page.get_by_role("button", name="确认受理").click()
        page.wait_for_url(change)
        assert page.get_by_text(f"已受理：{letter.number}").is_visible()
        page.get_by_role("link", name="提交答复审核").click()
        page.get_by_label(re.compile("^答复内容")).fill(REPLY)
        page.get_by_label("公开答复内容").fill(REPLY)
        page.get_by_role("button", name="确认提交答复审核").click()
        page.wait_for_url(change)
    finally:
        context.close()

    context, page = log_in(browser, live_server, chief)
    try:
        page.goto(f"/admin/interaction/letter/{letter.pk}/change/")
        page.get_by_role("link", name="审核通过并答复").click()
        page.get_by_role("button", name="确认审核通过并答复").click()
        page.wait_for_url(change)
        assert page.get_by_text(f"已审核通过并答复：{letter.number}").is_visible()
    finally:
        context.close()

    letter.refresh_from_db()
    assert letter.status == "answered"
    assert letter.answered_by_organisation == finance
    assert list(letter.events.order_by("id").values_list("action", flat=True)) == [
        "submit",
        "transfer",
        "accept",
        "submit_reply",
        "approve",
    ]
