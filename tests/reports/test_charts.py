"""The server-drawn SVG charts: well-formed, labelled, and faithful to the figures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kernel import charts
from reports.annual.charts import outcome_groups
from reports.annual.tables import TableB

NS = {"svg": "http://www.w3.org/2000/svg"}
OUTCOMES = [
    ("（一）予以公开", 12),
    ("（二）部分公开", 3),
    ("（三）不予公开", 0),
    ("（四）无法提供", 6),
    ("（五）不予处理", 1),
    ("（六）其他处理", 2),
]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def bar(items=OUTCOMES, **kwargs) -> str:
    return charts.bar_chart(
        chart_id="c1",
        title="2025年申请办理结果（件）",
        description="按办理结果统计。",
        items=items,
        **kwargs,
    )


def trend(points) -> str:
    return charts.trend_chart(
        chart_id="c2", title="历年新收申请（件）", description="各年度新收申请数量。", points=points
    )


def test_bar_chart_is_well_formed_and_labelled():
    root = parse(bar())
    assert root.find("svg:title", NS).text == "2025年申请办理结果（件）"
    assert root.find("svg:desc", NS).text == "按办理结果统计。"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert "style" not in bar()


def test_bar_chart_draws_one_bar_per_value_in_proportion():
    bars = parse(bar()).findall("svg:rect[@class='bar']", NS)
    assert [int(b.get("data-value")) for b in bars] == [v for _, v in OUTCOMES]
    assert [b.find("svg:title", NS).text for b in bars] == [f"{k}：{v}件" for k, v in OUTCOMES]
    widths = [float(b.get("width")) for b in bars]
    scale = widths[0] / 12
    assert widths == pytest.approx([v * scale for _, v in OUTCOMES])
    assert widths[2] == 0
    assert max(widths) <= 400


def test_bar_chart_with_no_data_draws_empty_bars_and_says_so():
    svg = bar(items=[(label, 0) for label, _ in OUTCOMES])
    root = parse(svg)
    assert all(float(b.get("width")) == 0 for b in root.findall("svg:rect[@class='bar']", NS))
    assert "本年度无相关数据" in svg


def test_chart_text_is_escaped():
    svg = bar(items=[("<script>&", 1)])
    assert "<script>" not in svg
    assert parse(svg).find("svg:text", NS).text == "<script>&"


def test_trend_chart_draws_a_point_per_year_with_its_value():
    points = [("2022年", 40), ("2023年", 55), ("2024年", 0), ("2025年", 61)]
    root = parse(trend(points))
    dots = root.findall("svg:circle[@class='point']", NS)
    assert [int(d.get("data-value")) for d in dots] == [40, 55, 0, 61]
    assert [d.find("svg:title", NS).text for d in dots] == [f"{y}：{v}件" for y, v in points]
    ys = [float(d.get("cy")) for d in dots]
    assert ys[2] > ys[0] > ys[1] > ys[3]  # higher values are drawn higher up
    assert len(root.findall("svg:polyline", NS)) == 1


def test_trend_chart_with_one_year_or_all_zero_is_still_valid():
    root = parse(trend([("2025年", 0)]))
    assert len(root.findall("svg:circle", NS)) == 1
    assert root.findall("svg:polyline", NS) == []
    assert parse(trend([]))


def test_outcome_groups_add_up_the_sub_rows_of_table_b():
    table = TableB.from_counts(
        {
            "disclose": {"natural": 4},
            "partial": {"commercial": 1},
            "withhold_secret": {"natural": 1},
            "withhold_third_party": {"natural": 2},
            "unable_not_held": {"natural": 3},
            "refuse_repeat": {"research": 1},
            "other_no_fee": {"natural": 1},
            "other": {"natural": 1},
        }
    )
    assert outcome_groups(table) == [
        ("（一）予以公开", 4),
        ("（二）部分公开", 1),
        ("（三）不予公开", 3),
        ("（四）无法提供", 3),
        ("（五）不予处理", 1),
        ("（六）其他处理", 2),
    ]
    assert sum(v for _, v in outcome_groups(table)) == table.value("closed_total")


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (7, 10), (12, 20), (61, 100), (500, 500)]
)
def test_axis_ends_on_a_round_number(value, ceiling):
    assert charts.nice_ceiling(value) == ceiling
