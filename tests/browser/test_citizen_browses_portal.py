"""A citizen on a phone finds the 政府信息公开 channel, enlarges the text and reaches a guide."""

import pytest

from portal.demo.organisations import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_browses_channel_with_large_text(page):
    seed()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    # keyboard users get the skip link first
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"

    page.get_by_role("link", name="大", exact=True).click()
    assert "fs-large" in page.locator("html").get_attribute("class")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政府信息公开").click()
    page.wait_for_url("**/xxgk/")
    # the choice survives navigation (cookie read by the server)
    assert "fs-large" in page.locator("html").get_attribute("class")
    page.get_by_role("link", name="政府信息公开指南").first.click()
    page.wait_for_url("**/xxgk/zn/")
    page.get_by_role("link", name="示例县民政局政府信息公开指南").click()
    page.wait_for_url("**/xxgk/zn/mzj/")
    assert page.get_by_role("heading", level=1).inner_text() == "示例县民政局政府信息公开指南"
    assert page.get_by_text("0570-8000101").is_visible()
    footer = page.locator("footer")
    assert "网站标识码：3310990001" in footer.inner_text()
