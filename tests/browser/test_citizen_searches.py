"""A citizen searches the site for 低保 from the header, narrows the results by year and opens
one; the words are highlighted and items that only contain the characters apart are absent."""

import pytest

from tests.disclosures.builders import at, ensure_reference_data, publish_item, staff_pair
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_searches_narrows_by_year_and_opens_a_result(page):
    ensure_reference_data()
    organisation = OrganisationFactory(name="测试县民政局", slug="mzj")
    author, reviewer = staff_pair(organisation)
    for year, month in ((2024, 3), (2024, 9), (2025, 2), (2025, 6)):
        publish_item(
            organisation,
            author=author,
            reviewer=reviewer,
            title=f"{year}年{month}月城乡低保资金发放情况",
            body="<p>本月城乡低保资金已按时足额发放。</p>",
            publish_at=at(year, month, 10),
        )
    target = publish_item(
        organisation,
        author=author,
        reviewer=reviewer,
        title="关于调整城乡最低生活保障标准的通知",
        body="<p>经县人民政府同意，自2025年7月1日起提高城乡低保标准。</p>",
        document_number="民发〔2025〕12号",
        publish_at=at(2025, 7, 1),
    )
    publish_item(  # 低 and 保 apart: must not be found
        organisation,
        author=author,
        reviewer=reviewer,
        title="低温天气安全保障工作提示",
        body="<p>做好低温雨雪天气应对，保障群众出行安全。</p>",
        publish_at=at(2025, 1, 8),
    )

    page.goto("/")
    page.get_by_role("search").first.get_by_role("searchbox").fill("低保")
    page.get_by_role("search").first.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/search/?q=*")
    summary = page.get_by_role("status").first
    assert "共5条" in summary.inner_text()
    results = page.locator("li.search-hit")
    assert results.count() == 5
    assert "低温天气" not in page.locator("ol.search-results").inner_text()
    assert page.locator("li.search-hit mark").first.inner_text() == "低保"

    page.get_by_label("年份").fill("2025")
    page.get_by_role("main").get_by_role("button", name="搜索").click()
    page.wait_for_url("**year=2025*")
    assert "共3条" in page.get_by_role("status").first.inner_text()
    titles = page.locator("h2.search-hit-title").all_inner_texts()
    assert all("2024年" not in title for title in titles), titles
    assert page.get_by_label("关键词").input_value() == "低保"

    page.get_by_role("link", name=target.title).click()
    page.wait_for_url(f"**/xxgk/xx/{target.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == target.title
    assert "民发〔2025〕12号" in page.get_by_role("main").inner_text()
