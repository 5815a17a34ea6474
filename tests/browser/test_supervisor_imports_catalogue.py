"""A 主管 brings in the old site's catalogue (#19): uploads a file with a column map, reads the
check, fixes a line, imports, and finds an item with its original date on the public list."""

import csv
import io

import pytest

from catalog import roles
from disclosures.models import Disclosure
from tests.browser.second_factor import enrolled_device, enter_code
from tests.browser.test_editor_publishes import PASSWORD
from tests.disclosures.builders import ensure_reference_data
from tests.disclosures.import_helpers import HEADER, item
from tests.factories import OrganisationFactory, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于2019年度临时救助资金发放情况的公告"


def catalogue(published_on: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    common = {"成文日期": "2019-01-10", "正文": "现将有关情况公告如下。"}
    rows = [
        item(标题="市民政局召开2019年工作会议", 栏目="工作动态", 发布日期="2019-01-15", **common),
        item(
            标题=TITLE,
            栏目="公告通知",
            发布日期=published_on,
            原网址="http://old.example/a/9.htm",
            **common,
        ),
    ]
    for row in rows:
        writer.writerow([row.get(h, "") for h in HEADER])
    return out.getvalue().encode("gb18030")  # as the old system wrote it


def column_map() -> bytes:
    return "原栏目,栏目\n公告通知,通知公告\n".encode()


def choose_files(page, catalogue_bytes: bytes) -> None:
    page.locator("#id_file").set_input_files(
        files=[{"name": "原网站目录.csv", "mimeType": "text/csv", "buffer": catalogue_bytes}]
    )
    page.locator("#id_column_map").set_input_files(
        files=[{"name": "栏目对照表.csv", "mimeType": "text/csv", "buffer": column_map()}]
    )


def test_supervisor_imports_old_catalogue_and_citizen_finds_it(page):
    ensure_reference_data()
    organisation = OrganisationFactory(name="三明市民政局", slug="smmzj")
    chief = make_staff(role=roles.SUPERVISOR, organisations=[organisation], username="zg")
    device = enrolled_device(chief)

    page.goto("/admin/login/")
    page.locator("#id_username").fill("zg")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    enter_code(page, device)  # a 主管: password and TOTP code
    page.wait_for_url("**/admin/")
    page.goto("/admin/disclosures/legacyaddress/")
    page.get_by_role("link", name="导入原网站信息公开目录").click()
    page.wait_for_url("**/admin/disclosures/legacyaddress/import/")

    # the first file has an impossible date on line 3
    choose_files(page, catalogue("2019-06-31"))
    page.get_by_role("button", name="上传并检查").click()
    alert = page.get_by_role("alert").inner_text()
    assert "第3行“发布日期”列：“2019-06-31”格式不正确" in alert
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert not Disclosure.objects.exists()

    # the corrected file passes the check, which writes nothing
    choose_files(page, catalogue("2019-06-28"))
    page.get_by_role("button", name="上传并检查").click()
    assert "2条信息可以导入" in page.locator("#check-report").inner_text()
    assert not Disclosure.objects.exists()
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url("**/admin/disclosures/disclosure/")
    assert "新增2条" in page.locator(".messagelist").inner_text()

    # the citizen finds the item on the 通知公告 list with its original date
    page.goto("/xxgk/lm/tzgg/")
    row = page.locator("li, tr").filter(has_text=TITLE).first
    assert "2019-06-28" in row.inner_text()
    row.get_by_role("link", name=TITLE).click()
    assert TITLE in page.locator("h1").inner_text()
    # and the old address leads to it
    page.goto("/a/9.htm")
    assert TITLE in page.locator("h1").inner_text()
