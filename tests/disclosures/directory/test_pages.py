"""The public 标准目录: index, organisation page (the official table) and its XLSX."""

from __future__ import annotations

import datetime as dt
import html
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Category
from tests.disclosures.directory.builders import make_row
from tests.disclosures.factories import DraftFactory, make_published

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _no_cached_pages():
    cache.clear()
    yield
    cache.clear()


def publish(org, slug, title, day):
    return make_published(
        organisation=org,
        categories=[Category.objects.get(slug=slug)],
        title=title,
        publish_at=dt.datetime.combine(day, dt.time(9), tzinfo=TZ),
    ).disclosure


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_organisation_page_is_the_nine_column_table_with_latest_items(client, org_a, org_b):
    make_row(
        org_a,
        "每季度结束后次季度第二个月底前",
        columns=["cxdb"],
        item_level1="统计信息",
        item_level2="城乡低保统计数据",
        five_open="result",
        domain_order=1,
    )
    make_row(
        org_a,
        "常态公开",
        domain="养老服务",
        item_level1="监督检查",
        item_level2="投诉举报渠道",
        channels=["website", "targeted"],
        levels=["county"],
        domain_order=2,
    )
    make_row(org_b, "财政部门批复后20日内", domain="财政预决算", item_level2="财政局的事项")
    for n, day in enumerate(
        [dt.date(2026, 1, 10), dt.date(2026, 4, 10), dt.date(2026, 7, 10), dt.date(2026, 10, 12)]
    ):
        publish(org_a, "cxdb", f"2026年低保统计第{n + 1}期", day)
    publish(org_b, "cxdb", "财政局放在低保栏目的信息", dt.date(2026, 11, 1))
    DraftFactory(organisation=org_a, categories=[Category.objects.get(slug="cxdb")],
                 title="尚未发布的低保草稿")  # fmt: skip

    response = client.get(reverse("directory:organisation", args=[org_a.slug]))
    page = text(response)

    assert response.status_code == 200
    for heading in ("公开事项（一级）", "公开事项（二级）", "公开内容（要素）", "公开依据", "公开时限",
                    "公开主体", "公开渠道和载体", "公开对象", "公开方式", "公开层级"):  # fmt: skip
        assert f'<th scope="col">{heading}</th>' in page
    assert "<caption>测试县民政局社会救助领域政务公开事项标准目录（共1项）</caption>" in page
    assert page.index("社会救助领域政务公开") < page.index("养老服务领域政务公开")
    assert "每季度结束后次季度第二个月底前" in page
    assert "结果公开" in page
    assert "精准推送" in page
    assert "县级、乡、村级" in page
    assert "最近更新" in page
    assert "2026-10-12" in page
    # The three newest, newest first; the oldest, a draft and another organisation's are not.
    assert page.index("第4期") < page.index("第3期") < page.index("第2期")
    assert "第1期" not in page
    assert "尚未发布的低保草稿" not in page
    assert "财政局" not in page
    assert "table-wrap" in page


def test_the_index_lists_only_active_organisations_with_rows(client, org_a, org_b):
    make_row(org_a)
    make_row(org_b, domain="财政预决算")
    org_b.is_active = False
    org_b.save()
    page = text(client.get(reverse("directory:index")))
    assert "测试县民政局政务公开事项标准目录" in page
    assert "共1项" in page
    assert "测试县财政局" not in page


def test_an_inactive_or_unknown_organisation_has_no_page(client, org_b):
    make_row(org_b, domain="财政预决算")
    org_b.is_active = False
    org_b.save()
    assert client.get(reverse("directory:organisation", args=["no-such-org"])).status_code == 404
    assert client.get(reverse("directory:organisation", args=[org_b.slug])).status_code == 404
    assert client.get(reverse("directory:xlsx", args=["no-such-org"])).status_code == 404


def test_the_xlsx_download_holds_the_table_with_formulas_neutralised(client, org_a, org_b):
    from openpyxl import load_workbook

    make_row(org_a, content="=HYPERLINK(\"http://example.invalid\",\"点击\")",
             channels=["website", "notice_board"], five_open="result")  # fmt: skip
    make_row(org_b, domain="财政预决算", item_level2="财政局的事项")

    response = client.get(reverse("directory:xlsx", args=[org_a.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [v for v in rows[0] if v] == ["测试县民政局政务公开事项标准目录"]
    assert rows[1][:6] == ["领域", "公开事项（一级）", "公开事项（二级）", "公开内容（要素）",
                           "公开依据", "公开时限"]  # fmt: skip
    assert len(rows) == 3
    line = rows[2]
    assert line[0] == "社会救助"
    assert line[2] == "审批信息"
    assert line[3].startswith("'=HYPERLINK")
    assert line[7] == "政府网站、社区/村公示栏"
    assert line[8:12] == ["全社会", "主动", "县级、乡、村级", "结果公开"]


def test_the_page_takes_the_same_queries_for_two_rows_as_for_eight(client, org_a):
    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("directory:organisation", args=[org_a.slug])).status_code == 200
            )
        return len(queries)

    for n in range(2):
        make_row(org_a, columns=["cxdb", "tkgy"], item_level2=f"事项{n}")
    publish(org_a, "cxdb", "低保名单", dt.date(2026, 3, 2))
    count()  # the first request fills the per-process site memos (settings, organisations)
    few = count()
    for n in range(2, 8):
        make_row(org_a, columns=["lsjz"], item_level2=f"事项{n}", domain=f"领域{n}")
        publish(org_a, "lsjz", f"临时救助名单{n}", dt.date(2026, 3, 2 + n))
    assert count() == few


def test_the_directory_is_linked_from_the_channel_the_organisation_and_the_sitemap(client, org_a):
    make_row(org_a)
    index = reverse("directory:index")
    own = reverse("directory:organisation", args=[org_a.slug])
    assert own in text(client.get(org_a.get_absolute_url()))
    assert index in text(client.get(reverse("catalog:channel")))
    sitemap = text(client.get("/sitemap-directories.xml"))
    assert own in sitemap
    assert index in text(client.get("/sitemap-pages.xml"))
