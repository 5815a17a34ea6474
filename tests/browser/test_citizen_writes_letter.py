"""A citizen writes to a 局长信箱 and later reads the reviewed reply and rates it (#16).

The citizen opens 互动交流 from the home page's navigation, writes a 咨询 letter agreeing to its
publication and keeps the 查询码 from the receipt; the staff (through the services, not the
browser: tests/browser/test_handler_transfers_letter.py drives their pages) accept it, draft the
reply and a second person approves and publishes it; the citizen looks the letter up with the
查询码 and password, reads the reply and rates it 满意. The published list names no writer.
"""

import re

import pytest
from playwright.sync_api import expect

from interaction.models import Letter
from interaction.services import handling
from interaction.workflow import Status
from tests.browser.citizen_forms import leader_mailbox, open_public_forms
from tests.interaction.factories import handler_of, supervisor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRITER = "林晓燕"
SUBJECT = "关于城乡居民医保缴费时间的咨询"
QUESTION = "请问2027年度城乡居民医疗保险集中缴费期从何时开始？"
REPLY = "2027年度城乡居民医疗保险集中缴费期为2026年9月1日至12月31日。"


@pytest.fixture(autouse=True)
def _portal(settings, tmp_path):
    open_public_forms(settings, tmp_path / "media")


def test_citizen_writes_reads_the_reviewed_reply_and_rates_it(page):
    civil = leader_mailbox()
    handler = handler_of(civil, username="mzj_xf")
    chief = supervisor_of(civil, username="mzj_zg")

    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="互动交流").click()
    page.wait_for_url("**/hdjl/")
    page.get_by_role("link", name="局长信箱").click()
    page.wait_for_url("**/hdjl/xx/mzj-jzxx/")
    page.get_by_role("group", name=re.compile("^来信类别")).get_by_label("咨询").check()
    page.get_by_label(re.compile("^标题")).fill(SUBJECT)
    page.get_by_label(re.compile("^来信内容")).fill(QUESTION)
    page.get_by_label(re.compile("^姓名")).fill(WRITER)
    page.get_by_label(re.compile("^联系电话")).fill("13912345678")
    page.get_by_role("checkbox", name=re.compile("同意在本网站公开")).check()
    page.get_by_label(re.compile("^查询密码")).fill("cx-654321")
    page.get_by_label(re.compile("^确认查询密码")).fill("cx-654321")
    page.get_by_role("button", name="提交来信").click()

    page.wait_for_url("**/hdjl/hz/")
    number = page.locator(".application-number").inner_text()
    letter = Letter.objects.get()
    assert number == letter.number
    assert letter.writer_name == WRITER
    assert letter.publish_consent

    # the staff, through the services: accept, draft, a second person approves and publishes
    handling.accept_letter(actor=handler, letter=letter)
    handling.submit_reply(actor=handler, letter=letter, text=f"您好！{REPLY}", public_text=REPLY)
    handling.approve_reply(
        actor=chief, letter=letter, publish=True, public_subject=SUBJECT, public_content=QUESTION
    )
    letter.refresh_from_db()
    assert letter.status == Status.ANSWERED
    assert letter.is_public

    page.goto("/hdjl/")
    page.get_by_role("link", name="查询办理进度").first.click()
    page.wait_for_url("**/hdjl/cx/")
    page.get_by_label("查询码").fill(number)
    page.get_by_label("查询密码").fill("cx-654321")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(".letter-status")).to_have_text("已答复")
    expect(page.locator(".reply-text")).to_contain_text(REPLY)
    page.get_by_role("group", name=re.compile("^评价")).get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".letter-status")).to_have_text("已评价")
    expect(page.get_by_text("满意", exact=True).first).to_be_visible()
    letter.refresh_from_db()
    assert letter.status == Status.RATED
    assert letter.satisfaction == "satisfied"

    page.goto("/hdjl/gk/")
    expect(page.get_by_role("link", name=SUBJECT)).to_be_visible()
    assert WRITER not in page.content()
    assert "13912345678" not in page.content()
