"""The pure check that a report's texts are finished (reports.annual.completeness)."""

from __future__ import annotations

import pytest

from catalog.models import Organisation
from reports.annual import services
from reports.annual.completeness import drafting_markers, text_problems
from reports.annual.official_forms import FORM_2019, FORM_2021, form_for_year
from reports.annual.tables import TableA, TableB, TableC, Tables
from reports.models import AnnualReport

FINISHED = {
    "section_overview": "本年度认真贯彻落实条例。",
    "section_problems": "政策解读形式较为单一。",
    "section_other": "本年度未收取信息处理费。",
}


def test_finished_texts_have_no_problem():
    assert text_problems(FINISHED) == []


@pytest.mark.parametrize("key", ["section_overview", "section_problems", "section_other"])
def test_an_empty_required_section_is_a_blocking_problem(key):
    problems = text_problems({**FINISHED, key: "  \n"})
    assert len(problems) == 1
    assert problems[0].blocking
    assert problems[0].message.endswith("尚未填写。")
    assert problems[0].cells == (("text", key, ""),)


@pytest.mark.parametrize(
    "marker", ["[请补充考核情况。]", "［请根据实际填写］", "【请补充】", "[ 请核实 ]"]
)
def test_a_drafting_marker_in_any_bracket_style_is_reported_with_its_section(marker):
    problems = text_problems({**FINISHED, "section_problems": f"问题如下：{marker}其余。"})
    assert [p.message for p in problems] == [
        f"“五、存在的主要问题及改进情况”尚有待补充的内容：{marker}"
    ]


def test_square_brackets_without_a_request_are_not_markers():
    assert drafting_markers("依据[2019]号文件") == []


def test_every_marker_written_by_draft_texts_is_found():
    report = AnnualReport(organisation=Organisation(name="测试县民政局"), year=2025)
    tables = Tables(a=TableA(), b=TableB.from_counts({}), c=TableC.from_counts({}))
    texts = services.draft_texts(report, tables)
    found = [m for text in texts.values() for m in drafting_markers(text)]
    assert found == [
        "[请补充本年度工作考核、社会评议和责任追究结果情况。]",
        "[请根据本年度实际情况填写存在的主要问题，并说明对上一年度报告所列问题的整改情况。]",
    ]
    assert len(text_problems(texts)) == 2


def test_section_five_draft_holds_no_appeal_figures():
    """复议/诉讼 figures are Table C in section 四, not prose in section 五."""
    report = AnnualReport(organisation=Organisation(name="测试县民政局"), year=2025)
    c = TableC.from_counts({"review": {"maintained": 2}})
    tables = Tables(a=TableA(), b=TableB.from_counts({}), c=c)
    problems = services.draft_texts(report, tables)["section_problems"]
    assert "行政复议" not in problems
    assert "行政诉讼" not in problems


@pytest.mark.parametrize(
    ("year", "form"), [(2019, FORM_2019), (2020, FORM_2019), (2021, FORM_2021), (2025, FORM_2021)]
)
def test_the_form_follows_the_year(year, form):
    assert form_for_year(year) == form
    assert AnnualReport(year=year).form == form
