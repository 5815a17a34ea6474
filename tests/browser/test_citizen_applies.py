"""A citizen applies online for government information and follows the case with number and
password; an organisation does the same in a browser without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from portal.demo.organisations import seed
from requests_app.models import Application
from tests.browser.citizen_forms import CREDIT_CODE, ID_NUMBER, PNG, open_public_forms

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _portal(settings, tmp_path):
    open_public_forms(settings, tmp_path / "media")
    seed()


def test_citizen_applies_and_follows_the_case(page):
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="依申请公开").click()
    page.wait_for_url("**/ysqgk/")
    expect(page.get_by_role("heading", name="申请须知")).to_be_visible()
    picker = page.get_by_role("region", name="在线申请：请选择受理机关")
    picker.get_by_role("link", name="示例县民政局", exact=True).click()
    page.wait_for_url("**/ysqgk/mzj/sq/")

    # JavaScript shows only the fieldset of the chosen applicant type
    person = page.get_by_role("group", name="自然人", exact=True)
    expect(person).to_be_visible()
    expect(page.get_by_role("group", name="法人或其他组织", exact=True)).to_be_hidden()
    expect(page.get_by_role("radio", name="自然人")).to_be_checked()

    person.get_by_label("姓名").fill("张小三")
    expect(person.get_by_label("证件类型")).to_have_value("resident_id")
    person.get_by_label("证件号码").fill(ID_NUMBER)
    person.get_by_label("联系电话").fill("13912345678")
    person.get_by_label("通信地址").fill("示例县人民路88号")
    page.get_by_label("所需信息的内容描述").fill("2025年示例县城乡最低生活保障资金发放情况统计表")
    page.get_by_role("radio", name="电子文档").check()
    page.get_by_role("radio", name="网上获取（在本平台下载）").check()
    page.get_by_label("身份证明材料").set_input_files(
        files=[{"name": "id.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_label(re.compile(r"^查询密码")).fill("chaxun123")
    page.get_by_label("确认查询密码").fill("chaxun123")
    page.get_by_role("button", name="提交申请").click()

    page.wait_for_url("**/ysqgk/hz/")
    number = page.locator(".application-number").inner_text()
    assert re.fullmatch(r"MZJ-YSQ-\d{4}-00001", number)
    expect(page.get_by_text("请妥善保管申请编号和查询密码")).to_be_visible()
    expect(page.get_by_role("link", name="【打印】")).to_be_visible()
    application = Application.objects.get()
    assert application.number == number
    assert application.name == "张小三"

    page.get_by_role("link", name="查询办理进度").first.click()
    page.wait_for_url("**/ysqgk/cx/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询密码").fill("chaxun123")
    page.get_by_role("button", name="查询").click()

    expect(page.get_by_role("heading", name="办理进度", exact=True)).to_be_visible()
    expect(page.locator(".status")).to_have_text("办理中")
    expect(page.get_by_text("张*三")).to_be_visible()
    assert "张小三" not in page.content()
    documents = page.get_by_role("region", name="告知书和答复文书")
    expect(
        documents.get_by_role("cell", name="示例县民政局政府信息公开申请接收回执", exact=True)
    ).to_be_visible()
    documents.get_by_role("link", name="查看 示例县民政局政府信息公开申请接收回执").click()
    page.wait_for_url("**/ysqgk/cx/ws/*/")
    # the document shows the issuer above its title (GB/T 9704 letter layout)
    expect(page.get_by_role("heading", name="政府信息公开申请接收回执")).to_be_visible()
    expect(page.get_by_text(number).first).to_be_visible()


def test_organisation_applies_without_javascript(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", java_script_enabled=False, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/ysqgk/mzj/sq/")
        # without JavaScript both applicant fieldsets are shown; the radio button decides
        organisation = page.get_by_role("group", name="法人或其他组织", exact=True)
        expect(organisation).to_be_visible()
        expect(page.get_by_role("group", name="自然人", exact=True)).to_be_visible()
        page.get_by_role("radio", name="法人或其他组织").check()
        organisation.get_by_role("radio", name="法律服务机构").check()
        organisation.get_by_label("名称").fill("示例律师事务所")
        organisation.get_by_label("统一社会信用代码").fill(CREDIT_CODE.lower())
        organisation.get_by_label("法定代表人或负责人").fill("李四")
        organisation.get_by_label("联系人姓名").fill("王五")
        organisation.get_by_label("联系人电话").fill("0570-8000101")
        organisation.get_by_label("通信地址").fill("示例县府前街1号")
        page.get_by_label("所需信息的内容描述").fill("示例县2025年养老机构名单")
        page.get_by_label("身份证明材料").set_input_files(
            files=[{"name": "licence.png", "mimeType": "image/png", "buffer": PNG}]
        )
        page.get_by_label(re.compile(r"^查询密码")).fill("chaxun123")
        page.get_by_label("确认查询密码").fill("chaxun124")
        page.get_by_role("button", name="提交申请").click()

        # a mistake: the page comes back with the error next to the field, input kept
        expect(page.get_by_text("两次输入的查询密码不一致，请重新输入。").first).to_be_visible()
        expect(organisation.get_by_label("名称")).to_have_value("示例律师事务所")
        expect(page.get_by_role("radio", name="法律服务机构")).to_be_checked()
        expect(page.get_by_text("请重新选择文件").first).to_be_visible()
        page.get_by_label("身份证明材料").set_input_files(
            files=[{"name": "licence.png", "mimeType": "image/png", "buffer": PNG}]
        )
        page.get_by_label(re.compile(r"^查询密码")).fill("chaxun123")
        page.get_by_label("确认查询密码").fill("chaxun123")
        page.get_by_role("button", name="提交申请").click()

        page.wait_for_url("**/ysqgk/hz/")
        application = Application.objects.get()
        assert application.applicant_type == "legal_service"
        assert application.id_number == CREDIT_CODE
        assert page.locator(".application-number").inner_text() == application.number
    finally:
        context.close()
