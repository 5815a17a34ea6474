"""An 信息员 imports a 低保 roster, checks the masking and submits; a 审核员 publishes it;
a citizen sees only masked names."""

import re

import pytest
from django.utils import timezone

from catalog import roles
from disclosures.models import Disclosure
from tests.browser.test_editor_publishes import PASSWORD, log_in, log_out
from tests.disclosures.builders import ensure_reference_data
from tests.disclosures.roster_samples import MASKED_NAMES, raw_values, roster_csv
from tests.factories import OrganisationFactory, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

TITLE = "城关镇2026年11月城乡低保对象公示"
assert PASSWORD  # the factories' password, used by log_in


def run_workflow(page, link: str) -> None:
    change_url = page.url
    page.locator(".object-tools").get_by_role("link", name=link).click()
    page.wait_for_url("**/workflow/*/")
    page.get_by_role("button", name=f"确认{link}").click()
    page.wait_for_url(change_url)
    assert f"已{link}：{TITLE}" in page.locator(".messagelist").inner_text()


def test_staff_import_low_income_roster_and_citizen_sees_masked_names(page):
    ensure_reference_data()
    organisation = OrganisationFactory(name="城关镇人民政府", slug="cgz")
    make_staff(role=roles.INFO_OFFICER, organisations=[organisation], username="xxy")
    make_staff(role=roles.REVIEWER, organisations=[organisation], username="shy")

    # the 信息员 uploads the roster
    log_in(page, "xxy")
    page.goto("/admin/disclosures/roster/add/")
    page.wait_for_url("**/admin/disclosures/roster/import/")
    page.locator("#id_organisation").select_option(label="城关镇人民政府")
    page.locator("#id_kind").select_option(label="城乡低保")
    page.locator("#id_title").fill(TITLE)
    assert page.locator("#id_period_start").input_value() == timezone.localdate().isoformat()
    page.locator("#id_supervision_phone").fill("0570-1234567")
    page.locator("#id_file").set_input_files(
        files=[
            {"name": "低保名单.csv", "mimeType": "text/csv", "buffer": roster_csv(encoding="gbk")}
        ]
    )
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_url("**/admin/disclosures/roster/import/preview/")

    # the preview shows the column actions and masked names only
    actions = page.get_by_role("table", name="各列处理方式").inner_text()
    assert "身份证号码" in actions
    assert "删除" in actions
    assert "遮盖" in actions
    preview = page.get_by_role("table", name="去标识化预览").inner_text()
    for masked in MASKED_NAMES:
        assert masked in preview
    content = page.content()
    for value in raw_values():
        assert value not in content
    page.get_by_role("button", name="确认并生成公示草稿").click()
    page.wait_for_url(re.compile(r".*/admin/disclosures/disclosure/\d+/change/$"))
    item = Disclosure.objects.get(title=TITLE)
    assert item.status == "draft"
    assert item.roster.row_count == len(MASKED_NAMES)

    run_workflow(page, "提交审核")
    log_out(page)

    # a second person reviews and publishes
    log_in(page, "shy")
    page.goto(f"/admin/disclosures/disclosure/{item.pk}/change/")
    run_workflow(page, "审核通过并发布")
    item.refresh_from_db()
    assert item.status == "published"
    log_out(page)

    # the citizen reads the item and opens the roster page
    page.goto(item.get_absolute_url())
    page.get_by_role("link", name="查看公示名单及公示状态").click()
    page.wait_for_url(f"**/xxgk/gs/{item.pk}/")
    assert page.get_by_role("status").filter(has_text="公示中").count() == 1
    table = page.get_by_role("table").inner_text()
    for masked in MASKED_NAMES:
        assert masked in table
    content = page.content()
    for value in raw_values():
        assert value not in content
    assert "0570-1234567" in content
