"""Statistics series: period labels, import validation, 环比/同比, the chart, public pages,
admin entry and import, the staff gate and the demo."""

from __future__ import annotations

import csv
import html
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from catalog import roles
from kernel import charts
from portal.demo import statistics_series as statistics_demo
from reports.series import services as series_services
from reports.series.importer import MeasureSpec, parse_period, parse_rows
from reports.series.models import (
    BudgetDisclosure,
    DataPoint,
    Measure,
    Period,
    StatisticsSeries,
    percent_change,
)
from reports.series.views import compare
from tests.factories import OrganisationFactory, make_staff

SVG = "{http://www.w3.org/2000/svg}"
SPECS = [
    MeasureSpec("persons", "低保人数", "人", 0),
    MeasureSpec("amount", "保障金支出", "万元", 2),
]
HEADER = ("期间", "低保人数（人）", "保障金支出（万元）")


def text_of(response) -> str:
    return html.unescape(response.content.decode())


# --- period labels and numbers (pure) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2025年第一季度", Period(2025, 1)),
        ("2025年第4季度", Period(2025, 4)),
        ("2025年三季度", Period(2025, 3)),
        ("2025Q2", Period(2025, 2)),
        ("2025 q3", Period(2025, 3)),
        ("2025-Q4", Period(2025, 4)),
        ("2025-03", Period(2025, 1)),
        ("2025年12月", Period(2025, 4)),
    ],
)
def test_quarter_labels_are_read(label, expected):
    assert parse_period(label, "quarter") == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [("2025年3月", Period(2025, 3, "month")), ("2025-11", Period(2025, 11, "month"))],
)
def test_month_labels_are_read(label, expected):
    assert parse_period(label, "month") == expected


@pytest.mark.parametrize(
    ("label", "kind", "message"),
    [
        ("2025年第五季度", "quarter", "无法识别"),
        ("2025-04", "quarter", "不是季末月份"),
        ("2025-13", "month", "月份不存在"),
        ("2025Q1", "month", "月度数据"),
        ("", "quarter", "不能为空"),
        ("去年", "quarter", "无法识别"),
    ],
)
def test_bad_period_labels_are_refused_in_chinese(label, kind, message):
    with pytest.raises(ValueError, match=message):
        parse_period(label, kind)


def test_period_labels_and_neighbours():
    assert Period(2025, 1).label == "2025年第一季度"
    assert Period(2025, 1).previous() == Period(2024, 4)
    assert Period(2025, 1, "month").previous() == Period(2024, 12, "month")
    assert Period(2025, 3).year_before() == Period(2024, 3)
    assert Period(2025, 7, "month").label == "2025年7月"


def test_valid_rows_are_parsed():
    result = parse_rows(
        [HEADER, ("2025年第一季度", 1200, 356.5), ("2025Q2", "1,180", "350.25")],
        kind="quarter",
        measures=SPECS,
    )
    assert result.ok
    assert [r.period for r in result.rows] == [Period(2025, 1), Period(2025, 2)]
    assert result.rows[0].values == {"persons": "1200", "amount": "356.50"}
    assert result.rows[1].values == {"persons": "1180", "amount": "350.25"}


def test_every_bad_row_is_reported_by_row_and_nothing_is_returned():
    result = parse_rows(
        [
            HEADER,
            ("2025年第一季度", 1200, 356.5),
            ("2025年第五季度", -3, "abc"),
            ("2025Q3", 1.5, 12.345),
            ("2025年第一季度", 1, 1),
            ("2025Q4", None, 1),
        ],
        kind="quarter",
        measures=SPECS,
    )
    assert not result.ok
    assert result.rows == []
    assert result.errors[0].startswith("第3行：期间“2025年第五季度”无法识别")
    assert "低保人数不能为负数" in result.errors[0]
    assert "保障金支出“abc”不是数字" in result.errors[0]
    assert result.errors[1] == (
        "第4行：低保人数应为整数（填写的是1.5）；保障金支出最多保留2位小数（填写的是12.345）。"
    )
    assert result.errors[2] == "第5行：2025年第一季度与第2行重复。"
    assert result.errors[3] == "第6行：低保人数不能为空。"


def test_missing_and_unknown_columns_are_reported():
    result = parse_rows(
        [("期间", "低保人数", "备注"), ("2025Q1", 1, "x")], kind="quarter", measures=SPECS
    )
    assert result.errors == [
        "第1行：缺少“保障金支出（万元）”一列。",
        "第1行：无法识别的列“备注”。",
    ]


def test_header_must_start_with_period():
    result = parse_rows([("年份", "低保人数"), ("2025Q1", 1)], kind="quarter", measures=SPECS)
    assert result.errors == ["第1行：第一列的标题应为“期间”。"]


# --- 环比 and 同比 -----------------------------------------------------------------------------


def test_percent_change_rounds_and_handles_missing_and_zero():
    assert percent_change(Decimal(110), Decimal(100)) == Decimal("10.0")
    assert percent_change(Decimal(90), Decimal(120)) == Decimal("-25.0")
    assert percent_change(Decimal(1), Decimal(3)) == Decimal("-66.7")
    assert percent_change(Decimal(5), Decimal(0)) is None
    assert percent_change(Decimal(5), None) is None
    assert percent_change(None, Decimal(5)) is None


def test_compare_uses_previous_period_and_same_period_last_year():
    values = {
        Period(2024, 1): Decimal(100),
        Period(2024, 4): Decimal(0),
        Period(2025, 1): Decimal(120),
        Period(2025, 2): Decimal(150),
    }
    rows = {c.period: c for c in compare(values)}
    assert rows[Period(2024, 1)].previous is None  # 2023Q4 missing
    assert rows[Period(2024, 1)].year_on_year is None
    assert rows[Period(2025, 1)].previous is None  # base 2024Q4 is zero
    assert rows[Period(2025, 1)].year_on_year == Decimal("20.0")
    assert rows[Period(2025, 2)].previous == Decimal("25.0")
    assert rows[Period(2025, 2)].year_on_year is None  # 2024Q2 missing
    assert [c.period for c in compare(values)] == sorted(values)


# --- the chart ------------------------------------------------------------------------------


def test_line_chart_is_well_formed_with_text_alternative_and_one_point_per_value():
    svg = charts.line_chart(
        chart_id="c1",
        title="低保人数（人）",
        description="各季度低保人数",
        categories=["2025Q1", "2025Q2", "2025Q3", "2025Q4"],
        lines=[("预算", [1.5, None, 3.0, 2.0]), ("决算", [1.0, 2.0, None, None])],
        unit="人",
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "低保人数（人）"
    assert root.find(f"{SVG}desc").text == "各季度低保人数"
    assert len(root.findall(f".//{SVG}circle")) == 5
    assert "style=" not in svg


def test_line_chart_without_values_says_so():
    svg = charts.line_chart(
        chart_id="c2", title="t", description="d", categories=["2025年"], lines=[("x", [None])]
    )
    assert "暂无数据" in ET.tostring(ET.fromstring(svg), encoding="unicode")


# --- database fixtures ------------------------------------------------------------------------


@pytest.fixture
def series(org_a):
    series = StatisticsSeries.objects.create(
        organisation=org_a, slug="dibao", name="城乡最低生活保障情况"
    )
    for sort, spec in enumerate(SPECS):
        Measure.objects.create(
            series=series,
            key=spec.key,
            label=spec.label,
            unit=spec.unit,
            decimals=spec.decimals,
            sort=sort,
        )
    return series


def point(series, year, quarter, persons, amount, published=True):
    return DataPoint.objects.create(
        series=series,
        year=year,
        period=quarter,
        values={"persons": str(persons), "amount": str(amount)},
        is_published=published,
    )


@pytest.fixture
def points(series):
    return [
        point(series, 2024, 1, 1000, "300.00"),
        point(series, 2024, 4, 1100, "320.50"),
        point(series, 2025, 1, 1210, "352.55"),
        point(series, 2025, 2, 999, "1.00", published=False),
    ]


# --- public pages -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_series_page_shows_table_chart_and_comparisons(client, points, series):
    response = client.get(reverse("statistics:series", args=["a-mzj", "dibao"]))
    assert response.status_code == 200
    page = text_of(response)
    assert "城乡最低生活保障情况" in page
    assert "2025年第一季度" in page
    assert "1,210" in page
    assert "352.55" in page
    assert "2025年第二季度" not in page  # unpublished
    assert "+10.0%" in page  # 环比 2025Q1 on 2024Q4: 1210 / 1100
    assert "+21.0%" in page  # 同比 2025Q1 on 2024Q1: 1210 / 1000
    svg = page[page.index("<svg") : page.index("</svg>") + 6]
    root = ET.fromstring(svg)
    assert len(root.findall(f".//{SVG}circle")) == 3
    assert root.find(f"{SVG}title").text == "城乡最低生活保障情况：低保人数（人）"


@pytest.mark.django_db
def test_series_page_can_chart_another_measure(client, points):
    response = client.get(
        reverse("statistics:series", args=["a-mzj", "dibao"]), {"measure": "amount"}
    )
    assert "保障金支出（万元）变化情况" in text_of(response)


@pytest.mark.django_db
def test_series_index_lists_only_series_with_published_periods(client, points, org_a):
    StatisticsSeries.objects.create(organisation=org_a, slug="empty", name="特困人员救助供养情况")
    page = text_of(client.get(reverse("statistics:series-index")))
    assert "城乡最低生活保障情况" in page
    assert "特困人员救助供养情况" not in page


@pytest.mark.django_db
def test_series_without_published_periods_is_not_found(client, series):
    point(series, 2025, 1, 1, 1, published=False)
    assert client.get(reverse("statistics:series", args=["a-mzj", "dibao"])).status_code == 404


@pytest.mark.django_db
def test_csv_download_has_bom_header_and_published_rows(client, points):
    response = client.get(reverse("statistics:series-csv", args=["a-mzj", "dibao"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["期间", "低保人数（人）", "保障金支出（万元）"],
        ["2024年第一季度", "1000", "300.00"],
        ["2024年第四季度", "1100", "320.50"],
        ["2025年第一季度", "1210", "352.55"],
    ]


@pytest.mark.django_db
def test_series_page_query_count_does_not_grow(client, series, django_assert_max_num_queries):
    for q in range(1, 5):
        point(series, 2024, q, 1000 + q, 10)
    url = reverse("statistics:series", args=["a-mzj", "dibao"])
    with django_assert_max_num_queries(8):
        client.get(url)
    for q in range(1, 5):
        point(series, 2025, q, 1000 + q, 10)
    with django_assert_max_num_queries(8):
        client.get(url)


# --- admin: entry, import, staff gate ---------------------------------------------------------


@pytest.fixture
def officer(org_a):
    user = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    _grant(user)
    return user


def _grant(user):
    from django.contrib.auth.models import Permission

    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reports",
            codename__in=[
                "view_statisticsseries",
                "change_statisticsseries",
                "view_datapoint",
                "add_datapoint",
                "change_datapoint",
            ],
        )
    )


def add_url(series) -> str:
    return reverse("admin:reports_datapoint_add") + f"?series={series.pk}"


def entry(**figures):
    return {"year": "2025", "period": "1", "is_published": "on", **figures}


@pytest.mark.django_db
def test_staff_enter_one_period_with_a_field_per_measure(client, officer, series):
    client.force_login(officer)
    form_page = text_of(client.get(add_url(series)))
    assert "低保人数（人）" in form_page
    assert "单位：万元" in form_page
    response = client.post(
        add_url(series), {"series": series.pk, **entry(m_persons="1200", m_amount="356.5")}
    )
    assert response.status_code == 302
    saved = DataPoint.objects.get(series=series)
    assert saved.values == {"persons": "1200", "amount": "356.5"}
    assert (saved.year, saved.period, saved.is_published) == (2025, 1, True)


@pytest.mark.django_db
def test_negative_and_non_numeric_entries_are_refused(client, officer, series):
    client.force_login(officer)
    response = client.post(
        add_url(series), {"series": series.pk, **entry(m_persons="-1", m_amount="abc")}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "不能为负数。" in page
    assert "请输入数字。" in page
    assert not DataPoint.objects.exists()


@pytest.mark.django_db
def test_quarter_five_is_refused(client, officer, series):
    client.force_login(officer)
    response = client.post(
        add_url(series),
        {"series": series.pk, **entry(m_persons="1", m_amount="1"), "period": "5"},
    )
    assert response.status_code == 200
    assert not DataPoint.objects.exists()


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "data.xlsx"
    return out


def import_url(series) -> str:
    return reverse("admin:reports_statisticsseries_import", args=[series.pk])


@pytest.mark.django_db
def test_import_saves_every_row_when_all_are_valid(client, officer, series):
    point(series, 2025, 1, 1, 1, published=False)
    client.force_login(officer)
    upload = xlsx([HEADER, ("2025年第一季度", 1200, 356.5), ("2025Q2", 1180, 350.25)])
    response = client.post(import_url(series), {"file": upload, "publish": "on"})
    assert response.status_code == 302
    stored = {(p.year, p.period): p for p in DataPoint.objects.filter(series=series)}
    assert stored[(2025, 1)].values == {"persons": "1200", "amount": "356.50"}
    assert stored[(2025, 2)].is_published


@pytest.mark.django_db
def test_import_with_one_bad_row_saves_nothing_and_names_the_row(client, officer, series):
    client.force_login(officer)
    upload = xlsx([HEADER, ("2025年第一季度", 1200, 356.5), ("2025年第五季度", -1, "多")])
    response = client.post(import_url(series), {"file": upload})
    assert response.status_code == 200
    page = text_of(response)
    assert "没有保存任何数据" in page
    assert "第3行：期间“2025年第五季度”无法识别" in page
    assert "低保人数不能为负数" in page
    assert not DataPoint.objects.exists()


@pytest.mark.django_db
def test_import_refuses_a_file_that_is_not_a_workbook(client, officer, series):
    client.force_login(officer)
    upload = io.BytesIO(b"not a workbook")
    upload.name = "data.xlsx"
    response = client.post(import_url(series), {"file": upload})
    assert "无法读取该文件" in text_of(response)
    assert not DataPoint.objects.exists()


@pytest.mark.django_db
def test_other_organisations_staff_cannot_see_or_edit_series(client, series, points):
    own = OrganisationFactory()
    for slug in ("a", "b"):
        point(
            StatisticsSeries.objects.create(organisation=own, slug=slug, name=f"本局{slug}"),
            2025,
            1,
            1,
            1,
        )
    other = make_staff(role=roles.INFO_OFFICER, organisations=[own])
    _grant(other)
    client.force_login(other)
    listing = text_of(client.get(reverse("admin:reports_datapoint_changelist")))
    assert "本局b" in listing
    assert "城乡最低生活保障情况" not in listing
    series_list = text_of(client.get(reverse("admin:reports_statisticsseries_changelist")))
    assert "本局a" in series_list
    assert "城乡最低生活保障情况" not in series_list
    change = reverse("admin:reports_datapoint_change", args=[points[0].pk])
    assert client.get(change).status_code in (302, 404)
    response = client.post(
        change, {"series": points[0].series_id, **entry(m_persons="1", m_amount="1")}
    )
    assert response.status_code in (302, 403, 404)
    assert client.get(add_url(series)).status_code == 404
    assert client.get(import_url(series)).status_code == 404
    points[0].refresh_from_db()
    assert points[0].values["persons"] == "1000"


# --- demo -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_is_deterministic_and_idempotent():
    from portal.demo import organisations as catalog_demo

    catalog_demo.seed()
    created = statistics_demo.seed()
    assert created > 0
    assert statistics_demo.seed() == 0
    dibao = StatisticsSeries.objects.get(organisation__slug="mzj", slug="dibao")
    assert dibao.points.count() == 15  # 2023Q1 … 2026Q3
    first = dibao.points.get(year=2023, period=1)
    assert first.values["city_households"] == "1260"
    assert first.values["city_standard"] == "780"
    relief = StatisticsSeries.objects.get(organisation__slug="mzj", slug="linshi-jiuzhu")
    assert relief.points.filter(is_published=True).count() == 15
    assert BudgetDisclosure.objects.filter(kind="budget").count() == 8
    assert BudgetDisclosure.objects.filter(kind="final").count() == 6


# --- writes through the services -------------------------------------------------------------


def parsed(series):
    return parse_rows([HEADER, ("2025年第三季度", 1300, 360)], kind="quarter", measures=SPECS)


@pytest.mark.django_db
def test_import_through_the_service_needs_the_entry_permission_and_the_organisation(
    officer, series
):
    reviewer = make_staff(role=roles.REVIEWER, organisations=[series.organisation])
    with pytest.raises(series_services.SeriesError, match="权限"):
        series_services.import_points(
            actor=reviewer, series=series, result=parsed(series), publish=True
        )
    stranger = make_staff(role=roles.INFO_OFFICER, organisations=[OrganisationFactory()])
    with pytest.raises(series_services.SeriesError, match="本机构"):
        series_services.import_points(
            actor=stranger, series=series, result=parsed(series), publish=True
        )
    assert not DataPoint.objects.exists()
    created, updated = series_services.import_points(
        actor=officer, series=series, result=parsed(series), publish=True
    )
    assert (created, updated) == (1, 0)
    assert DataPoint.objects.get(series=series, year=2025, period=3).is_published


@pytest.mark.django_db
def test_the_publish_action_makes_the_selected_periods_public(client, officer, points):
    client.force_login(officer)
    hidden = points[3]
    response = client.post(
        reverse("admin:reports_datapoint_changelist"),
        {"action": "publish_points", "_selected_action": [hidden.pk]},
    )
    assert response.status_code == 302
    hidden.refresh_from_db()
    assert hidden.is_published


@pytest.mark.django_db
def test_publishing_points_of_another_organisation_or_without_permission_is_refused(points):
    hidden = points[3]
    selection = DataPoint.objects.filter(pk=hidden.pk)
    stranger = make_staff(role=roles.INFO_OFFICER, organisations=[OrganisationFactory()])
    with pytest.raises(series_services.SeriesError, match="本机构"):
        series_services.publish_points(actor=stranger, points=selection)
    caseworker = make_staff(role=roles.CASEWORKER, organisations=[hidden.series.organisation])
    with pytest.raises(series_services.SeriesError, match="权限"):
        series_services.publish_points(actor=caseworker, points=selection)
    hidden.refresh_from_db()
    assert not hidden.is_published
