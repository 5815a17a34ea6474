"""Applying for information and writing to a 领导信箱 with the keyboard only (#20).

No clicks and no filling by the test: Tab, Shift+Tab, Enter, Space and the arrow keys move and
act, text is typed key by key. Each stop is checked for a visible focus (tests/browser/keyboard.py);
the stops through each form must follow the form's visual order, a Tab never stays on the same
widget, and after an invalid submission the focus lands on the error summary, whose links take
the focus to the field, which names its message through aria-describedby.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from interaction.models import Letter
from portal.demo.organisations import seed
from requests_app.models import Application, DeliveryMethod, ProvisionForm
from tests.browser.citizen_forms import ID_NUMBER, PNG, leader_mailbox, open_public_forms
from tests.browser.keyboard import (
    assert_in_reading_order,
    assert_visible,
    focused,
    skip_to_main,
    tab,
    tab_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "2025年示例县城乡最低生活保障资金发放情况统计表"


@pytest.fixture(autouse=True)
def _portal(settings, tmp_path):
    open_public_forms(settings, tmp_path / "media")


def enter_and_wait(page, key: str = "Enter") -> None:
    """Press a key that submits or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page, name: str, text: str) -> None:
    """Tab to the field named ``name`` (the very next stop) and type ``text``."""
    stop = tab(page)
    assert stop.name == name, f"expected {name!r} next, the focus went to {stop.name!r}"
    page.keyboard.type(text)


def choose_file(page, name: str, filename: str) -> None:
    """On the focused file input, Space opens the file chooser (the dialog is answered)."""
    assert focused(page).name == name
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(files=[{"name": filename, "mimeType": "image/png", "buffer": PNG}])


def assert_error_summary_has_focus(page, expected_fields: list[str]) -> list[str]:
    """The summary is announced (role=alert), has the focus, and lists the fields in form order;
    every listed field names its message through aria-describedby. Returns the link texts."""
    summary = assert_visible(focused(page))
    assert summary.id == "error-summary", f"the focus is not on the error summary: {summary}"
    assert summary.role == "alert"
    links = page.locator("#error-summary a")
    texts = links.all_inner_texts()
    assert [text.split("：")[0] for text in texts] == expected_fields
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href").removeprefix("#")
        described = page.evaluate(
            """(id) => {
              const field = document.getElementById(id);
              const group = field.closest("fieldset[aria-describedby]");
              const ids = (field.getAttribute("aria-describedby") || "").split(/\\s+/)
                .concat(group && field.type === "radio"
                  ? group.getAttribute("aria-describedby").split(/\\s+/) : []);
              return ids.filter(Boolean).map((ref) => document.getElementById(ref))
                .filter(Boolean).map((node) => node.innerText).join(" ");
            }""",
            target,
        )
        message = texts[index].split("：", 1)[1]
        assert message in described, f"{target} does not name its error: {described!r}"
    return texts


def test_citizen_applies_with_the_keyboard_only(page):
    seed()
    page.goto("/")
    skip_to_main(page)
    stops = tab_until(page, "依申请公开")
    assert stops[0].name == "查找政府信息", "the first stop after the skip link is not in main"
    enter_and_wait(page)
    assert page.url.endswith("/ysqgk/")

    skip_to_main(page)
    tab_until(page, "示例县民政局")
    enter_and_wait(page)
    assert page.url.endswith("/ysqgk/mzj/sq/")

    skip_to_main(page)
    kind = tab_until(page, "自然人")[-1]
    assert (kind.type, kind.group) == ("radio", "申请人类型")
    form_stops = [kind]

    def next_stop(name: str):
        stop = tab(page)
        assert stop.name == name, f"expected {name!r} next, the focus went to {stop.name!r}"
        form_stops.append(stop)
        return stop

    next_stop("姓名")
    page.keyboard.type("张小三")
    next_stop("证件类型")
    select = page.get_by_label("证件类型")
    page.keyboard.press("ArrowDown")  # a closed select changes with the arrow keys
    expect(select).to_have_value("residence_permit")
    page.keyboard.press("ArrowUp")
    expect(select).to_have_value("resident_id")
    next_stop("证件号码")
    page.keyboard.type(ID_NUMBER)
    next_stop("联系电话")
    page.keyboard.type("13912345678")
    next_stop("通信地址")
    page.keyboard.type("示例县人民路88号")
    next_stop("邮政编码")
    page.keyboard.type("324000")
    next_stop("电子邮箱")
    next_stop("工作单位")
    next_stop("所需信息的内容描述")
    page.keyboard.type(DESCRIPTION)
    next_stop("所需信息的名称")  # the textarea let Tab go
    next_stop("文号")
    next_stop("索引号")
    next_stop("建议将该信息主动公开")
    page.keyboard.press("Space")
    expect(page.get_by_label("建议将该信息主动公开")).to_be_checked()
    provision = next_stop("电子文档")  # a radio group is one stop, on its checked option
    assert provision.group == "提供形式"
    page.keyboard.press("ArrowDown")  # the last option wraps to the first: 纸质
    assert focused(page).name == "纸质"
    delivery = next_stop("网上获取（在本平台下载）")
    assert delivery.group == "获取方式"
    page.keyboard.press("ArrowDown")  # 邮寄, to the address typed above
    assert focused(page).name == "邮寄"
    next_stop("身份证明材料")
    choose_file(page, "身份证明材料", "id.png")
    next_stop("查询密码")
    page.keyboard.type("chaxun123")
    next_stop("确认查询密码")
    page.keyboard.type("chaxun124")  # a slip of the finger
    next_stop("提交申请")
    assert_in_reading_order(form_stops)
    enter_and_wait(page)

    # the error summary has the focus and leads to the fields, in the order of the form
    assert_error_summary_has_focus(page, ["身份证明材料", "确认查询密码"])
    link = tab(page)
    assert link.name.startswith("身份证明材料：")
    page.keyboard.press("Enter")
    field = assert_visible(focused(page))
    assert (field.name, field.invalid) == ("身份证明材料", "true")
    assert "id_id_proof_error" in field.describedby.split()
    choose_file(page, "身份证明材料", "id.png")
    type_into(page, "查询密码", "chaxun123")  # a refused password is typed again
    type_into(page, "确认查询密码", "chaxun123")
    assert tab(page).name == "提交申请"
    enter_and_wait(page)

    assert page.url.endswith("/ysqgk/hz/")
    number = page.locator(".application-number").inner_text()
    application = Application.objects.get()
    assert number == application.number
    assert (application.name, application.postcode) == ("张小三", "324000")
    assert application.description == DESCRIPTION
    assert application.provision_form == ProvisionForm.PAPER
    assert application.delivery_method == DeliveryMethod.POST

    # the progress lookup, from the receipt's link
    skip_to_main(page)
    tab_until(page, "查询办理进度")
    enter_and_wait(page)
    assert page.url.endswith("/ysqgk/cx/")
    skip_to_main(page)
    type_into(page, "申请编号", number)
    type_into(page, "查询密码", "chaxun123")
    assert tab(page).name == "查询"
    enter_and_wait(page)
    expect(page.get_by_role("heading", name="办理进度", exact=True)).to_be_visible()
    expect(page.locator(".status")).to_have_text("办理中")


def test_citizen_writes_a_letter_with_the_keyboard_only(page):
    leader_mailbox()
    page.goto("/")
    tab_until(page, "互动交流")  # through the header to the main navigation
    enter_and_wait(page)
    assert page.url.endswith("/hdjl/")

    skip_to_main(page)
    tab_until(page, "局长信箱")
    enter_and_wait(page)
    assert page.url.endswith("/hdjl/xx/mzj-jzxx/")

    # the empty form first: every stop in the order of the form, then an invalid submission
    skip_to_main(page)
    stops = tab_until(page, "提交来信")
    names = [stop.name for stop in stops]
    form_stops = stops[names.index("咨询") :]
    assert [stop.name for stop in form_stops] == [
        "咨询",
        "标题",
        "来信内容",
        "附件",
        "姓名",
        "联系电话",
        "电子邮箱",
        "同意在本网站公开来信内容和答复（公开时隐去姓名、联系方式等个人信息）",
        "查询密码",
        "确认查询密码",
        "提交来信",
    ]
    assert form_stops[0].group == "来信类别"
    assert_in_reading_order(form_stops)
    enter_and_wait(page)

    assert_error_summary_has_focus(
        page, ["来信类别", "标题", "来信内容", "姓名", "联系电话", "查询密码", "确认查询密码"]
    )
    assert tab(page).name.startswith("来信类别：")
    page.keyboard.press("Enter")
    radio = assert_visible(focused(page))
    assert (radio.group, radio.name) == ("来信类别", "咨询")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert focused(page).name == "建议"
    type_into(page, "标题", "关于在社区增设老年人助餐点的建议")
    type_into(page, "来信内容", "建议在城东社区增设老年人助餐点，方便高龄老人就近用餐。")
    assert tab(page).name == "附件"
    type_into(page, "姓名", "林晓燕")
    type_into(page, "联系电话", "13912345678")
    assert tab(page).name == "电子邮箱"
    consent = tab(page)
    assert consent.name.startswith("同意在本网站公开")
    page.keyboard.press("Space")
    type_into(page, "查询密码", "cx-654321")
    type_into(page, "确认查询密码", "cx-654321")
    assert tab(page).name == "提交来信"
    enter_and_wait(page)

    assert page.url.endswith("/hdjl/hz/")
    number = page.locator(".application-number").inner_text()
    letter = Letter.objects.get()
    assert number == letter.number
    assert (letter.category, letter.writer_name) == ("suggestion", "林晓燕")
    assert letter.publish_consent

    skip_to_main(page)
    tab_until(page, "查询办理进度")
    enter_and_wait(page)
    assert page.url.endswith("/hdjl/cx/")
    skip_to_main(page)
    type_into(page, "查询码", number)
    type_into(page, "查询密码", "cx-654321")
    assert tab(page).name == "查询"
    enter_and_wait(page)
    expect(page.locator(".letter-status")).to_have_text(letter.status_label)
    expect(page.get_by_role("heading", name=re.compile("来信办理进度"))).to_be_visible()
