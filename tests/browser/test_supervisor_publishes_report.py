"""A 主管 freezes and publishes the annual report in the admin; a citizen finds it in the
政府信息公开年报 column, reads it and downloads the Excel version."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from catalog import roles
from reports.annual import services as report_services
from reports.models import AnnualReport
from tests.browser.second_factor import enrolled_device, enter_code
from tests.factories import OrganisationFactory, make_staff
from tests.reports import case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret-Pass-123"  # set by tests.factories.UserFactory
TITLE = "示例县民政局2025年政府信息公开工作年度报告"


def test_supervisor_freezes_and_publishes_then_a_citizen_downloads_it(page):
    organisation = OrganisationFactory(name="示例县民政局", slug="mzj")
    boss = make_staff(role=roles.SUPERVISOR, organisations=[organisation], username="zg")
    device = enrolled_device(boss)
    case(organisation, boss, received_on=dt.date(2025, 3, 3), outcome="disclose")
    case(organisation, boss, received_on=dt.date(2025, 12, 29))
    report = report_services.create_report(actor=boss, organisation=organisation, year=2025)

    # the 主管 locks the figures, then publishes
    page.goto("/admin/login/")
    page.locator("#id_username").fill("zg")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    enter_code(page, device)  # a 主管 sees personal data: password and TOTP code
    page.wait_for_url("**/admin/")
    change_url = f"/admin/reports/annualreport/{report.pk}/change/"
    page.goto(change_url)
    assert 'rowspan="22"' in page.content()
    # the drafted texts still hold their “[请…]” markers: locking is refused and says where
    page.locator(".object-tools").get_by_role("button", name="锁定数据").click()
    page.wait_for_url(f"**{change_url}")
    assert "尚有待补充的内容" in page.locator(".messagelist").inner_text()
    for field, text in (
        ("#id_section_overview", "本年度认真贯彻落实条例，考核和社会评议情况良好。"),
        ("#id_section_problems", "政策解读形式较为单一，下一年度将增加图解。"),
    ):
        page.locator(field).fill(text)
    page.locator('input[name="_continue"]').click()
    page.wait_for_url(f"**{change_url}")
    page.locator(".object-tools").get_by_role("button", name="锁定数据").click()
    page.wait_for_url(f"**{change_url}")
    assert f"已锁定数据：{TITLE}" in page.locator(".messagelist").inner_text()
    page.locator(".object-tools").get_by_role("button", name="发布", exact=True).click()
    page.wait_for_url(f"**{change_url}")
    assert f"已发布：{TITLE}" in page.locator(".messagelist").inner_text()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED
    page.locator("#logout-form").get_by_role("button").click()
    page.wait_for_url("**/admin/logout/")

    # a citizen opens the 年报 column and the report
    page.goto("/xxgk/")
    page.locator(".channel-nav").get_by_role("link", name="政府信息公开年报").click()
    page.wait_for_url("**/xxgk/nb/")
    page.get_by_role("link", name=TITLE, exact=True).click()
    page.wait_for_url(f"**/xxgk/nb/{report.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    table_b = page.get_by_role("table", name="三、收到和处理政府信息公开申请情况")
    new_row = table_b.get_by_role("row").filter(has_text="一、本年新收政府信息公开申请数量")
    assert new_row.get_by_role("cell").all_inner_texts() == ["2", "0", "0", "0", "0", "0", "2"]
    assert page.get_by_role("img", name="2025年政府信息公开申请办理结果（件）").is_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel表格（XLSX）").click()
    download = info.value
    assert download.suggested_filename == f"{TITLE}.xlsx"
    with open(download.path(), "rb") as fh:
        book = load_workbook(io.BytesIO(fh.read()))
    sheet = book["收到和处理政府信息公开申请情况"]
    assert sheet["D5"].value == 2
    assert sheet["J29"].value == 1
