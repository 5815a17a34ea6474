"""The 政府信息公开年报 column and the report page, through the test client."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.annual import figures
from reports.annual import services as report_services
from reports.annual.tables import (
    GROUP_LABEL_3,
    TABLE_B_COLUMNS,
    TABLE_B_NOTE,
    TABLE_B_ROWS,
    TABLE_C_GROUPS,
    TABLE_C_RESULTS,
    Problem,
)
from tests.factories import OrganisationFactory
from tests.reports import (
    EXPECTED_B,
    YEAR,
    cases_2025,
    corrected,
    finish_texts,
    published,
    supervisor,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/xxgk/nb/"
HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


class Rows(HTMLParser):
    """Text of every table row of a page: [[cell text, ...], ...]."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def rows_of(html: str) -> list[list[str]]:
    parser = Rows()
    parser.feed(html)
    return parser.rows


def numbers_of(rows: list[list[str]], label: str) -> list[str]:
    """The cells after the row label ``label`` (the last label cell of its row)."""
    for row in rows:
        if label in row:
            return row[row.index(label) + 1 :]
    raise AssertionError(f"no row labelled {label}")


@pytest.fixture
def org(db):
    return OrganisationFactory(name="示例县民政局", slug="mzj", sort_order=1)


@pytest.fixture
def boss(org):
    return supervisor(org)


@pytest.fixture
def full_report(org, boss):
    cases_2025(org, boss)
    return published(org, boss)


# --------------------------------------------------------------------------- the column


def test_list_shows_only_current_published_reports_newest_year_first(client, org, boss):
    other = OrganisationFactory(name="示例县财政局", slug="czj", sort_order=2)
    other_boss = supervisor(other)
    old_2024 = published(org, boss, 2024)
    first_2025 = published(org, boss, 2025)
    first_2025, fixed_2025 = corrected(first_2025, boss)
    other_2025 = published(other, other_boss, 2025)
    draft = report_services.create_report(actor=boss, organisation=org, year=2023)
    frozen = report_services.freeze(
        actor=other_boss,
        report=finish_texts(
            report_services.create_report(actor=other_boss, organisation=other, year=2023),
            other_boss,
        ),
    )

    response = client.get(LIST_URL)

    assert response.status_code == 200
    html = response.content.decode()
    shown = [int(pk) for pk in re.findall(r'href="/xxgk/nb/(\d+)/"', html)]
    assert shown == [fixed_2025.pk, other_2025.pk, old_2024.pk]
    assert first_2025.pk not in shown
    assert draft.pk not in shown
    assert frozen.pk not in shown
    assert "示例县民政局2025年政府信息公开工作年度报告" in html
    assert "已更正（第2版）" in html
    assert f'href="/xxgk/nb/{old_2024.pk}.pdf"' in html
    assert f'href="/xxgk/nb/{old_2024.pk}.xlsx"' in html


def test_list_filters_by_organisation(client, org, boss):
    other = OrganisationFactory(name="示例县财政局", slug="czj", sort_order=2)
    mine = published(org, boss)
    theirs = published(other, supervisor(other))

    html = client.get(LIST_URL, {"organisation": "czj"}).content.decode()

    assert f"/xxgk/nb/{theirs.pk}/" in html
    assert f"/xxgk/nb/{mine.pk}/" not in html
    assert '<option value="czj" selected>' in html


def test_an_unknown_organisation_filter_is_ignored_with_a_note(client, org, boss):
    report = published(org, boss)

    response = client.get(LIST_URL, {"organisation": "no-such-org", "page": "x"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "以下筛选条件的值无效，已忽略：发布机关。" in html
    assert f"/xxgk/nb/{report.pk}/" in html


def test_empty_column_says_so(client, db):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "本栏目暂无已发布的年度报告" in response.content.decode()


def test_list_query_count_does_not_grow_with_the_number_of_reports(
    client, org, boss, django_assert_max_num_queries
):
    published(org, boss, 2025)
    with CaptureQueriesContext(connection) as one_report:
        assert client.get(LIST_URL).status_code == 200
    for year in range(2020, 2025):
        published(org, boss, year)
    with django_assert_max_num_queries(len(one_report)):
        response = client.get(LIST_URL)
    assert len(re.findall(r'href="/xxgk/nb/\d+/"', response.content.decode())) == 6


# --------------------------------------------------------------------------- the report page


def test_report_page_reads_like_the_official_document(client, full_report):
    response = client.get(full_report.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="doc-title">示例县民政局2025年政府信息公开工作年度报告</h1>' in html
    headings = re.findall(r"<h2 id=\"section-\d\">(.*?)</h2>", html)
    assert headings == HEADINGS
    for label in (
        "第二十条第（一）项",
        "第二十条第（五）项",
        "第二十条第（六）项",
        "第二十条第（八）项",
        "信息内容",
        "本年收费金额（单位：万元）",
    ):
        assert label in html
    assert f'<td rowspan="3" colspan="3" class="b-note">{TABLE_B_NOTE}</td>' in html
    assert re.search(rf'<th scope="rowgroup" rowspan="22"[^>]*>{GROUP_LABEL_3}</th>', html)
    for group, span in (
        ("（三）不予公开", 8),
        ("（四）无法提供", 3),
        ("（五）不予处理", 5),
        ("（六）其他处理", 3),
    ):
        assert re.search(rf'<th scope="row" rowspan="{span}"[^>]*>{group}</th>', html)
    for label in ("申请人情况", "法人或其他组织", *(label for _, label in TABLE_B_COLUMNS)):
        assert f">{label}</th>" in html
    labels = re.findall(r'<th scope="row"[^>]*class="label">(.*?)</th>', html)
    assert labels == [row.label for row in TABLE_B_ROWS]
    for _, label in (*TABLE_C_GROUPS, *TABLE_C_RESULTS):
        assert f">{label}</th>" in html
    assert '（三）不予公开</th><th scope="row" class="label">1.属于国家秘密' in html


def test_report_page_shows_the_counted_figures(client, full_report):
    html = client.get(full_report.get_absolute_url()).content.decode()
    rows = rows_of(html)
    columns = [key for key, _ in TABLE_B_COLUMNS]
    for row in TABLE_B_ROWS:
        expected = [str(EXPECTED_B.get(row.key, {}).get(col, 0)) for col in columns]
        assert numbers_of(rows, row.label) == expected, row.label
    table_c = next(r for r in rows if len(r) == 15 and all(c.isdigit() for c in r))
    assert table_c[:5] == ["1", "0", "0", "0", "1"]
    assert "全年主动公开政府信息2条，其中工作动态1条、通知公告1条。" in html


def test_report_page_draws_three_charts_with_text_alternatives(client, full_report):
    html = client.get(full_report.get_absolute_url()).content.decode()
    assert html.count("<svg ") == 3
    assert html.count("<summary>图表数据</summary>") == 3
    assert '<title id="chart-outcomes-title">2025年政府信息公开申请办理结果（件）</title>' in html
    assert 'data-value="2"><title>（一）予以公开：2件</title>' in html
    assert " style=" not in html.split("<main", 1)[1]  # the CSP forbids inline styles


def test_report_page_links_every_download(client, full_report):
    html = client.get(full_report.get_absolute_url()).content.decode()
    for fmt in ("pdf", "xlsx", "csv", "json"):
        assert f'href="{reverse("reports:download", args=[full_report.pk, fmt])}"' in html
    assert 'href="/static/css/report.css"' in html


@pytest.mark.parametrize("state", ["draft", "frozen"])
def test_unpublished_reports_are_not_found(client, org, boss, state):
    report = finish_texts(
        report_services.create_report(actor=boss, organisation=org, year=YEAR), boss
    )
    if state == "frozen":
        report = report_services.freeze(actor=boss, report=report)
    assert client.get(report.get_absolute_url()).status_code == 404
    for fmt in ("pdf", "xlsx", "csv", "json"):
        assert client.get(reverse("reports:download", args=[report.pk, fmt])).status_code == 404


def test_unknown_report_is_not_found(client, db):
    assert client.get("/xxgk/nb/999999/").status_code == 404


def test_a_correction_names_itself_and_the_old_version_points_to_it(client, org, boss):
    old, new = corrected(published(org, boss), boss, note="更正第三部分“自然人”列数据。")

    new_html = client.get(new.get_absolute_url()).content.decode()
    old_response = client.get(old.get_absolute_url())

    assert "本报告为更正版本（第2版），更正说明：更正第三部分“自然人”列数据。" in new_html
    assert f'href="{old.get_absolute_url()}">查阅更正前的版本（第1版）</a>' in new_html
    assert "本报告已更正" not in new_html
    assert old_response.status_code == 200
    old_html = old_response.content.decode()
    assert "<strong>本报告已更正，请查阅最新版本</strong>" in old_html
    assert f'href="{new.get_absolute_url()}"' in old_html


def test_a_correction_in_progress_does_not_mark_the_published_version(client, org, boss):
    report = published(org, boss)
    report_services.correct(actor=boss, report=report, change_note="拟更正数据。")
    html = client.get(report.get_absolute_url()).content.decode()
    assert "本报告已更正" not in html


def test_report_page_query_count_does_not_grow_with_the_years(
    client, org, boss, django_assert_max_num_queries
):
    report = published(org, boss, 2025)
    with CaptureQueriesContext(connection) as one_year:
        assert client.get(report.get_absolute_url()).status_code == 200
    for year in range(2021, 2025):
        published(org, boss, year)
    with django_assert_max_num_queries(len(one_year)):
        html = client.get(report.get_absolute_url()).content.decode()
    assert html.count('class="point"') == 2 * 5


# --------------------------------------------------------------------------- admin preview


def test_admin_preview_marks_the_cells_named_by_a_problem(org, boss):
    report = report_services.create_report(actor=boss, organisation=org, year=YEAR)
    problem = Problem(
        "“自然人”列：第一项加第二项（1）不等于第三项加第四项（0）。",
        (("B", "new", "natural"), ("C", "review", "total")),
    )
    warning = Problem(
        "上年结转与上一年度报告不一致，请核实。", (("A", "rules_issued", ""),), blocking=False
    )

    html = render_to_string(
        "reports/_tables.html",
        {
            "report": report,
            "tables": figures.tables_of(report),
            "problems": [problem, warning],
            "staff_view": True,
        },
    )

    assert html.count("cell-error") == 3
    assert problem.message in html
    assert warning.message in html
    rows = rows_of(html)
    first = next(r for r in rows if "一、本年新收政府信息公开申请数量" in r)
    assert len(first) == 8
    assert re.search(r'<td class="num cell-error">0</td>\s*<td class="num">0</td>', html)
    assert "<caption>三、收到和处理政府信息公开申请情况</caption>" in html


def test_admin_change_page_renders_the_official_tables(client, org, boss):
    report = report_services.create_report(actor=boss, organisation=org, year=YEAR)
    report = finish_texts(report, boss)
    client.force_login(boss)
    response = client.get(reverse("admin:reports_annualreport_change", args=[report.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'rowspan="22"' in html
    assert "数据校验通过。" in html
    assert "css/report.css" in html
