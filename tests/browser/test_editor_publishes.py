"""An 信息员 drafts and submits an item in the admin; a 审核员 approves and publishes it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from catalog import roles
from disclosures.models import Disclosure, DisclosureEvent
from tests.disclosures.builders import ensure_reference_data
from tests.factories import OrganisationFactory, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret-Pass-123"  # set by tests.factories.UserFactory
TITLE = "关于开展2026年度困难群众走访慰问活动的通知"


def log_in(page, username: str) -> None:
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")


def log_out(page) -> None:
    page.locator("#logout-form").get_by_role("button").click()
    page.wait_for_url("**/admin/logout/")


def confirm_action(page, link: str) -> None:
    """Click a workflow link of the change page, confirm on the next page, back on the item."""
    change_url = page.url
    page.locator(".object-tools").get_by_role("link", name=link).click()
    page.wait_for_url("**/workflow/*/")
    page.get_by_role("button", name=f"确认{link}").click()
    page.wait_for_url(change_url)
    assert f"已{link}：{TITLE}" in page.locator(".messagelist").inner_text()


def test_info_officer_drafts_and_submits_then_reviewer_publishes(page):
    ensure_reference_data()
    organisation = OrganisationFactory(name="测试县民政局", slug="mzj")
    author = make_staff(role=roles.INFO_OFFICER, organisations=[organisation], username="xxy")
    reviewer = make_staff(role=roles.REVIEWER, organisations=[organisation], username="shy")
    written_on = timezone.localdate() - dt.timedelta(days=2)

    # the 信息员 drafts the item
    log_in(page, "xxy")
    page.goto("/admin/disclosures/disclosure/add/")
    page.locator("#id_organisation").select_option(label="测试县民政局")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_categories_from").select_option(label="法定主动公开内容 › 通知公告")
    page.locator("#id_categories_add").click()
    assert page.locator("#id_categories_to option").all_inner_texts() == [
        "法定主动公开内容 › 通知公告"
    ]
    page.locator("#id_genre").select_option(label="通知")
    page.locator("#id_document_number").fill("测民发(2026)8号")
    page.locator("#id_written_on").fill(written_on.isoformat())
    page.locator("#id_keywords").fill("走访慰问 困难群众")
    page.locator("#id_body").fill("<p>各乡镇人民政府：现就开展走访慰问活动通知如下。</p>")
    page.get_by_role("button", name="保存并继续编辑").click()
    page.wait_for_url(re.compile(r".*/admin/disclosures/disclosure/\d+/change/$"))
    item = Disclosure.objects.get(title=TITLE)
    assert item.status == "draft"
    assert item.created_by == author
    assert list(item.categories.values_list("slug", flat=True)) == ["tzgg"]

    confirm_action(page, "提交审核")
    item.refresh_from_db()
    assert item.status == "submitted"
    # the author cannot publish their own item: no such button for an 信息员
    assert page.locator(".object-tools").get_by_role("link", name="审核通过并发布").count() == 0
    log_out(page)

    # the 审核员 reviews and publishes it
    log_in(page, "shy")
    page.goto("/admin/disclosures/disclosure/")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/admin/disclosures/disclosure/{item.pk}/change/")
    confirm_action(page, "审核通过并发布")
    item.refresh_from_db()
    assert item.status == "published"
    assert item.reviewed_by == reviewer
    assert item.index_number
    assert list(item.events.values_list("action", flat=True)) == [
        DisclosureEvent.Action.CREATE,
        DisclosureEvent.Action.SUBMIT,
        DisclosureEvent.Action.PUBLISH,
    ]
    log_out(page)

    # anyone can now read it
    page.goto(f"/xxgk/xx/{item.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    meta = page.get_by_role("table", name="信息属性")
    index_cell = meta.get_by_role("row").filter(has_text="索引号").get_by_role("cell").first
    assert index_cell.inner_text() == item.index_number
    assert "测民发〔2026〕8号" in meta.inner_text()
    assert "现就开展走访慰问活动通知如下" in page.locator(".doc-body").inner_text()
