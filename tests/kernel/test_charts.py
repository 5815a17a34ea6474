"""kernel.charts.grouped_bar_chart: the 12-month chart of the 互动交流 statistics (the other
charts are tested with the reports that draw them, tests/reports/test_charts.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kernel import charts

NS = {"svg": "http://www.w3.org/2000/svg"}


def grouped(categories=("1月", "2月"), series=(("来信数", [3, 0]), ("答复数", [2, 0])), **kw):
    return charts.grouped_bar_chart(
        chart_id="c",
        title="近12个月",
        description="说明",
        categories=categories,
        series=series,
        **kw,
    )


def test_grouped_bars_are_labelled_with_one_bar_per_value_in_proportion():
    svg = grouped()
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c-title c-desc"
    assert root.find("svg:title", NS).text == "近12个月"
    assert "style" not in svg
    bars = root.findall("svg:rect[@class='bar']", NS)
    assert [b.find("svg:title", NS).text for b in bars] == [
        "1月 来信数：3件",
        "2月 来信数：0件",
        "1月 答复数：2件",
        "2月 答复数：0件",
    ]
    heights = {b.get("data-value"): float(b.get("height")) for b in bars}
    assert heights["3"] / heights["2"] == pytest.approx(1.5)
    assert heights["0"] == 0
    assert [t.text for t in root.findall("svg:text[@class='legend']", NS)] == ["来信数", "答复数"]
    assert [t.text for t in root.findall("svg:text[@class='category']", NS)] == ["1月", "2月"]
    assert "暂无数据" not in svg


def test_an_empty_grouped_chart_says_so_in_the_callers_words():
    svg = grouped(categories=["1月"], series=[("来信数", [0])], empty="暂无来信")
    assert ET.fromstring(svg).find("svg:text[@class='no-data']", NS).text == "暂无来信"


def test_grouped_chart_escapes_labels_and_refuses_mismatched_series():
    svg = charts.grouped_bar_chart(
        chart_id="c", title="<b>", description="d", categories=["<i>"], series=[("x", [1])]
    )
    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg
    assert "<i>" not in svg
    with pytest.raises(ValueError, match="has 2 values for 1"):
        grouped(categories=["1月"], series=[("x", [1, 2])])
