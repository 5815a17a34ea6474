"""A citizen opens a column, filters it by year, pages on and downloads an item's attachment."""

from pathlib import Path

import pytest

from tests.disclosures.builders import (
    at,
    ensure_reference_data,
    publish_item,
    publish_items,
    staff_pair,
)
from tests.disclosures.samples import make_pdf
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILENAME = "关于做好2025年城乡低保提标工作的通知（附件：申请表）.pdf"


def test_citizen_filters_a_column_pages_on_and_downloads_an_attachment(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_reference_data()
    organisation = OrganisationFactory(name="测试县民政局", slug="mzj")
    author, reviewer = staff_pair(organisation)
    publish_items(
        organisation,
        24,
        author=author,
        reviewer=reviewer,
        years=(2025,),
        title="2025年民政工作动态第{i:02d}期",
    )
    publish_items(
        organisation,
        4,
        author=author,
        reviewer=reviewer,
        years=(2024,),
        start=24,
        title="2024年民政工作动态第{i:02d}期",
    )
    content = make_pdf("城乡低保提标工作通知", "附件：申请表")
    # the oldest item of 2025, so it is the last one on page 2
    target = publish_item(
        organisation,
        author=author,
        reviewer=reviewer,
        title="关于做好2025年城乡低保提标工作的通知",
        attachments=[(FILENAME, content)],
        publish_at=at(2025, 1, 6, 9),
    )

    page.goto("/xxgk/fdzdgk/")
    page.get_by_role("heading", name="工作动态").get_by_role("link").click()
    page.wait_for_url("**/xxgk/lm/gzdt/")
    pager = page.get_by_role("navigation", name="分页")
    assert "共29条" in pager.inner_text()

    page.get_by_label("年份").fill("2025")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/xxgk/lm/gzdt/?*year=2025*")
    assert "共25条，2页" in pager.inner_text()
    assert page.get_by_label("年份").input_value() == "2025"

    pager.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=2*")
    assert "year=2025" in page.url
    assert pager.locator("[aria-current=page]").inner_text() == "第2页"
    rows = page.locator("table.list-table tbody tr")
    assert rows.count() == 5
    dates = rows.locator("td.col-date").all_inner_texts()
    assert all(date.startswith("2025-") for date in dates), dates
    assert rows.locator("td.col-no").all_inner_texts() == ["21", "22", "23", "24", "25"]

    page.get_by_role("link", name=target.title).click()
    page.wait_for_url(f"**/xxgk/xx/{target.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == target.title

    with page.expect_download() as info:
        page.get_by_role("link", name=FILENAME).click()
    download = info.value
    assert download.suggested_filename == FILENAME
    assert Path(download.path()).read_bytes() == content
