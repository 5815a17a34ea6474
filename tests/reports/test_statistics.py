"""The pure rules of the annual report's tables (reports.annual.tables) on hand-built figures.

Labels are compared with the official form of 国办公开办函〔2021〕30号 as transcribed in
/work/shared/domain/law-and-annual-report.md §1.3–1.6, character for character.
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from reports.annual.official_forms import (
    FORM_2019,
    FORM_2021,
    MERGED_ROWS,
    group_3_span,
    table_b_rows,
)
from reports.annual.tables import (
    APPLICANT_COLUMNS,
    GROUP_LABEL_3,
    OUTCOME_ROWS,
    ROW_KEYS,
    TABLE_B_COLUMNS,
    TABLE_B_NOTE,
    TABLE_B_ROWS,
    TABLE_B_TITLE,
    TABLE_C_GROUPS,
    TABLE_C_RESULTS,
    TableA,
    TableB,
    TableC,
    Tables,
    check_table_a,
    check_table_b,
    check_table_c,
)
from requests_app.outcomes import OUTCOMES, Outcome

# §1.4, the 25 data rows in order (rows 3-23 are the result rows under 三、本年度办理结果).
OFFICIAL_ROWS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及\u201c三安全一稳定\u201d",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
OFFICIAL_GROUPS = {
    **dict.fromkeys(range(5, 13), "（三）不予公开"),
    **dict.fromkeys(range(13, 16), "（四）无法提供"),
    **dict.fromkeys(range(16, 21), "（五）不予处理"),
    **dict.fromkeys(range(21, 24), "（六）其他处理"),
}
OFFICIAL_COLUMNS = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
]

# A consistent year, per applicant column: 一 + 二 = （七） + 四 with varied outcomes.
COUNTS = {
    "new": {
        "natural": 40,
        "commercial": 9,
        "research": 3,
        "public_welfare": 2,
        "legal_service": 5,
        "other_org": 1,
    },
    "carried_in": {"natural": 4, "commercial": 1, "legal_service": 1},
    "disclose": {
        "natural": 20,
        "commercial": 5,
        "research": 2,
        "public_welfare": 1,
        "legal_service": 2,
    },
    "partial": {"natural": 5, "commercial": 2, "legal_service": 2},
    "withhold_secret": {"natural": 1},
    "withhold_third_party": {"natural": 2, "commercial": 1},
    "withhold_process": {"research": 1},
    "unable_not_held": {"natural": 4},
    "unable_unclear": {"natural": 1},
    "refuse_petition": {"natural": 3},
    "refuse_repeat": {"natural": 1, "legal_service": 1},
    "other_no_correction": {"natural": 1},
    "other_no_fee": {"commercial": 1},
    "other": {"natural": 1, "public_welfare": 1},
    "carried_out": {"natural": 5, "commercial": 1, "legal_service": 1, "other_org": 1},
}


def column_label(key: str) -> str:
    return dict(TABLE_B_COLUMNS)[key]


def row_label(key: str) -> str:
    return next(row.label for row in TABLE_B_ROWS if row.key == key)


@pytest.fixture
def table() -> TableB:
    return TableB.from_counts(COUNTS)


def tampered(table: TableB, changes: dict[tuple[str, str], int]) -> TableB:
    """A copy of ``table`` with cells (row, column) moved by the given amounts."""
    cells = copy.deepcopy(table.cells)
    for (row, col), delta in changes.items():
        cells[row][col] += delta
    return TableB(cells)


def blocking(problems):
    return [p for p in problems if p.blocking]


# --------------------------------------------------------------------------- the official frame


def test_table_b_has_the_25_official_rows_in_order_character_for_character():
    assert [row.label for row in TABLE_B_ROWS] == OFFICIAL_ROWS
    assert len(ROW_KEYS) == len(set(ROW_KEYS)) == 25


@pytest.mark.parametrize(
    ("number", "label"),
    [
        (7, "3.危及\u201c三安全一稳定\u201d"),
        (21, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        (22, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        (4, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        (24, "（七）总计"),
    ],
)
def test_rows_named_in_the_format_have_its_exact_label(number, label):
    assert TABLE_B_ROWS[number - 1].label == label


def test_row_seven_uses_the_curly_quotes_of_the_official_text():
    label = TABLE_B_ROWS[6].label
    assert "\u201c" in label
    assert "\u201d" in label
    assert '"' not in label


def test_sub_rows_sit_under_their_merged_group_label():
    for number, group in OFFICIAL_GROUPS.items():
        assert TABLE_B_ROWS[number - 1].group == group, number
    # The four group labels are merged cells only: no row of their own.
    labels = {row.label for row in TABLE_B_ROWS}
    assert not labels & {"（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"}
    assert GROUP_LABEL_3 == "三、本年度办理结果"


def test_table_b_has_seven_columns_and_no_subtotal_for_organisations():
    assert [label for _, label in TABLE_B_COLUMNS] == OFFICIAL_COLUMNS
    assert "法人或其他组织" not in [label for _, label in TABLE_B_COLUMNS]
    assert len(APPLICANT_COLUMNS) == 6
    assert "total" not in APPLICANT_COLUMNS


def test_title_and_header_note_are_the_official_wording():
    assert TABLE_B_TITLE == "三、收到和处理政府信息公开申请情况"
    assert TABLE_B_NOTE == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_every_case_outcome_is_counted_in_exactly_one_row_with_the_same_label():
    own_rows = [o.value for o in Outcome if not OUTCOMES[o].report_as]
    assert sorted(row.outcome for row in OUTCOME_ROWS) == sorted(own_rows)
    for row in OUTCOME_ROWS:
        assert OUTCOMES[Outcome(row.outcome)].label == row.label
    # The two that share a row carry that row's label and are counted there (figures.py).
    for outcome in Outcome:
        shared = OUTCOMES[outcome].report_as
        if shared:
            assert OUTCOMES[outcome].label == OUTCOMES[Outcome(shared)].label
    # 一, 二, （七） and 四 are not outcomes.
    assert {row.key for row in TABLE_B_ROWS if not row.outcome} == {
        "new",
        "carried_in",
        "closed_total",
        "carried_out",
    }


# The whole frame as (key, label, merged group cell, counted outcome), written out from the
# official form (§1.4) and the stable keys of the downloads, not from the code that derives it.
OFFICIAL_FRAME = [
    ("new", OFFICIAL_ROWS[0], "", ""),
    ("carried_in", OFFICIAL_ROWS[1], "", ""),
    ("disclose", "（一）予以公开", "三", "disclose"),
    ("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "三", "partial"),
    ("withhold_secret", "1.属于国家秘密", "（三）不予公开", "withhold_secret"),
    ("withhold_law", "2.其他法律行政法规禁止公开", "（三）不予公开", "withhold_law"),
    ("withhold_security", "3.危及\u201c三安全一稳定\u201d", "（三）不予公开", "withhold_security"),
    ("withhold_third_party", "4.保护第三方合法权益", "（三）不予公开", "withhold_third_party"),
    ("withhold_internal", "5.属于三类内部事务信息", "（三）不予公开", "withhold_internal"),
    ("withhold_process", "6.属于四类过程性信息", "（三）不予公开", "withhold_process"),
    ("withhold_enforcement", "7.属于行政执法案卷", "（三）不予公开", "withhold_enforcement"),
    ("withhold_inquiry", "8.属于行政查询事项", "（三）不予公开", "withhold_inquiry"),
    ("unable_not_held", "1.本机关不掌握相关政府信息", "（四）无法提供", "unable_not_held"),
    ("unable_new_creation", "2.没有现成信息需要另行制作", "（四）无法提供", "unable_new_creation"),
    ("unable_unclear", "3.补正后申请内容仍不明确", "（四）无法提供", "unable_unclear"),
    ("refuse_petition", "1.信访举报投诉类申请", "（五）不予处理", "refuse_petition"),
    ("refuse_repeat", "2.重复申请", "（五）不予处理", "refuse_repeat"),
    ("refuse_publication", "3.要求提供公开出版物", "（五）不予处理", "refuse_publication"),
    ("refuse_excessive", "4.无正当理由大量反复申请", "（五）不予处理", "refuse_excessive"),
    (
        "refuse_confirm",
        "5.要求行政机关确认或重新出具已获取信息",
        "（五）不予处理",
        "refuse_confirm",
    ),
    (
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
        "other_no_correction",
    ),
    (
        "other_no_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
        "other_no_fee",
    ),
    ("other", "3.其他", "（六）其他处理", "other"),
    ("closed_total", "（七）总计", "三", ""),
    ("carried_out", "四、结转下年度继续办理", "", ""),
]


def test_rows_derived_from_the_outcomes_are_the_official_frame_exactly():
    """TABLE_B_ROWS takes its result rows from requests_app.outcomes: keys, labels, merged group
    cells, counted outcomes and order are still those of the official form."""
    assert [(r.key, r.label, r.group, r.outcome) for r in TABLE_B_ROWS] == OFFICIAL_FRAME
    assert [label for _, label, _, _ in OFFICIAL_FRAME] == OFFICIAL_ROWS


def test_the_2019_form_merges_the_three_other_handling_rows_into_one():
    """国办公开办函〔2019〕60号: the same rows, except （六）其他处理 is one row (§1.7)."""
    rows = table_b_rows(FORM_2019)
    expected = [
        *[(key, label, group) for key, label, group, _ in OFFICIAL_FRAME[:20]],
        ("other_handling", "（六）其他处理", "三"),
        *[(key, label, group) for key, label, group, _ in OFFICIAL_FRAME[23:]],
    ]
    assert [(r.key, r.label, r.group) for r in rows] == expected
    assert group_3_span(FORM_2019) == 20
    assert group_3_span(FORM_2021) == 22
    assert MERGED_ROWS == {"other_handling": ("other_no_correction", "other_no_fee", "other")}


def test_table_c_has_three_groups_of_five_official_columns():
    assert [label for _, label in TABLE_C_GROUPS] == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert [label for _, label in TABLE_C_RESULTS] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]


# --------------------------------------------------------------------------- TableB.from_counts


def test_from_counts_fills_every_cell_with_zero_when_missing():
    empty = TableB.from_counts({})
    assert set(empty.cells) == set(ROW_KEYS)
    for row in empty.cells.values():
        assert row == dict.fromkeys([*APPLICANT_COLUMNS, "total"], 0)
    assert check_table_b(empty) == []


def test_from_counts_fills_the_total_column(table):
    assert table.value("new") == 60
    assert table.value("carried_in") == 6
    assert table.value("disclose") == 30
    assert table.value("new", "natural") == 40


def test_from_counts_computes_row_seven_from_the_result_rows(table):
    assert table.value("closed_total", "natural") == 39
    assert table.value("closed_total", "commercial") == 9
    assert table.value("closed_total") == 58
    # 一 + 二 = （七） + 四 for the whole table: 60 + 6 = 58 + 8.
    assert table.value("new") + table.value("carried_in") == 66
    assert table.value("closed_total") + table.value("carried_out") == 66


def test_from_counts_ignores_a_given_row_seven_and_total_column():
    counts = {**COUNTS, "closed_total": {"natural": 999}, "disclose": {"natural": 20, "total": 7}}
    table = TableB.from_counts(counts)
    assert table.value("closed_total", "natural") == 39
    assert table.value("disclose") == 20


def test_table_b_survives_a_round_trip_through_json_values(table):
    assert TableB.from_dict(table.as_dict()) == table


# --------------------------------------------------------------------------- check_table_b


def test_a_consistent_table_passes_every_rule(table):
    assert check_table_b(table) == []


def test_breaking_the_official_identity_in_one_column_blocks_and_names_that_column(table):
    broken = tampered(table, {("carried_out", "commercial"): 1, ("carried_out", "total"): 1})
    problems = check_table_b(broken)
    assert problems
    assert all(p.blocking for p in problems)
    commercial = [p for p in problems if "商业企业" in p.message]
    assert len(commercial) == 1
    assert "第一项加第二项（10）不等于第三项加第四项（11）" in commercial[0].message
    assert set(commercial[0].cells) == {
        ("B", "new", "commercial"),
        ("B", "carried_in", "commercial"),
        ("B", "closed_total", "commercial"),
        ("B", "carried_out", "commercial"),
    }
    # The other applicant columns still add up; only 商业企业 and 总计 are named.
    named = {col for p in problems for (_, _, col) in p.cells}
    assert named == {"commercial", "total"}


@pytest.mark.parametrize("column", [*APPLICANT_COLUMNS, "total"])
def test_the_identity_is_checked_in_every_column(table, column):
    broken = tampered(table, {("new", column): 1})
    if column != "total":
        broken = tampered(broken, {("new", "total"): 1})
    messages = [p.message for p in check_table_b(broken) if "第一项加第二项" in p.message]
    assert any(column_label(column) in m for m in messages)


def test_row_seven_must_equal_the_sum_of_the_result_rows(table):
    # Move one case from 四 to （七） without a result row: 一 + 二 = （七） + 四 still holds.
    broken = tampered(
        table,
        {
            ("closed_total", "natural"): 1,
            ("carried_out", "natural"): -1,
            ("closed_total", "total"): 1,
            ("carried_out", "total"): -1,
        },
    )
    problems = check_table_b(broken)
    assert problems
    assert all(p.blocking for p in problems)
    assert all("（七）总计" in p.message for p in problems)
    assert {p.cells for p in problems} == {
        (("B", "closed_total", "natural"),),
        (("B", "closed_total", "total"),),
    }
    assert any(
        "“自然人”列：（七）总计（40）不等于（一）至（六）各项之和（39）" in p.message
        for p in problems
    )


def test_the_total_column_must_equal_the_six_applicant_columns(table):
    broken = tampered(table, {("refuse_petition", "total"): 1})
    problems = blocking(check_table_b(broken))
    row_problems = [p for p in problems if p.cells == (("B", "refuse_petition", "total"),)]
    assert len(row_problems) == 1
    assert "1.信访举报投诉类申请" in row_problems[0].message
    assert "总计（4）不等于各类申请人之和（3）" in row_problems[0].message


def test_a_negative_cell_is_blocking_and_points_at_the_cell(table):
    # Arithmetic still holds: one 国家秘密 case of a research institute is "moved" to 予以公开.
    broken = tampered(
        table,
        {
            ("withhold_secret", "research"): -1,
            ("disclose", "research"): 1,
            ("withhold_secret", "total"): -1,
            ("disclose", "total"): 1,
        },
    )
    problems = check_table_b(broken)
    assert len(problems) == 1
    assert problems[0].blocking
    assert problems[0].cells == (("B", "withhold_secret", "research"),)
    assert "科研机构" in problems[0].message
    assert "负数" in problems[0].message


def test_a_negative_cell_message_names_the_row_by_its_official_label(table):
    """Staff read the message: it must name the row as the form does, not an internal key."""
    broken = tampered(
        table,
        {
            ("withhold_secret", "research"): -1,
            ("disclose", "research"): 1,
            ("withhold_secret", "total"): -1,
            ("disclose", "total"): 1,
        },
    )
    (problem,) = check_table_b(broken)
    assert "1.属于国家秘密" in problem.message
    assert "withhold_secret" not in problem.message


def test_carry_over_different_from_last_years_carried_out_is_only_a_warning(table):
    last_year = TableB.from_counts(
        {
            "new": {"natural": 4, "commercial": 1, "legal_service": 2},
            "carried_out": {"natural": 4, "commercial": 1, "legal_service": 2},
        }
    )
    problems = check_table_b(table, last_year)
    assert problems
    assert not blocking(problems)
    assert {p.cells for p in problems} == {
        (("B", "carried_in", "legal_service"),),
        (("B", "carried_in", "total"),),
    }
    warning = next(p for p in problems if "法律服务机构" in p.message)
    assert "上年结转（1）" in warning.message
    assert "结转下年度（2）" in warning.message


def test_carry_over_equal_to_last_years_carried_out_raises_nothing(table):
    last_year = TableB.from_counts(
        {"new": COUNTS["carried_in"], "carried_out": COUNTS["carried_in"]}
    )
    assert check_table_b(table, last_year) == []


# --------------------------------------------------------------------------- Table C and A


def test_table_c_from_counts_fills_each_group_total():
    table = TableC.from_counts(
        {
            "review": {"maintained": 3, "corrected": 1, "other": 1, "pending": 2},
            "litigation_direct": {"corrected": 2},
        }
    )
    assert table.cells["review"]["total"] == 7
    assert table.cells["litigation_direct"] == {
        "maintained": 0,
        "corrected": 2,
        "other": 0,
        "pending": 0,
        "total": 2,
    }
    assert table.cells["litigation_after_review"]["total"] == 0
    assert check_table_c(table) == []
    assert TableC.from_dict(table.as_dict()) == table


def test_a_group_total_that_is_not_the_sum_of_its_results_is_blocking():
    table = TableC.from_counts(
        {"review": {"maintained": 3}, "litigation_after_review": {"other": 1}}
    )
    cells = copy.deepcopy(table.cells)
    cells["litigation_after_review"]["total"] = 2
    problems = check_table_c(TableC(cells))
    assert len(problems) == 1
    assert problems[0].blocking
    assert "复议后起诉" in problems[0].message
    assert problems[0].cells == (("C", "litigation_after_review", "total"),)


def test_a_negative_table_c_cell_is_blocking():
    cells = copy.deepcopy(TableC.from_counts({}).cells)
    cells["review"]["pending"] = -1
    cells["review"]["total"] = -1
    problems = check_table_c(TableC(cells))
    assert [p.blocking for p in problems] == [True]
    assert "行政复议" in problems[0].message


def test_table_a_refuses_negative_numbers_and_accepts_fractional_fees():
    assert check_table_a(TableA(licensing_decisions=3, fee_amount_wan=Decimal("1.2345"))) == []
    problems = check_table_a(TableA(penalty_decisions=-2))
    assert len(problems) == 1
    assert problems[0].blocking
    assert problems[0].cells == (("A", "penalty_decisions", ""),)


def test_tables_problems_combine_the_three_tables(table):
    bad_c = TableC(copy.deepcopy(TableC.from_counts({}).cells))
    bad_c.cells["review"]["total"] = 1
    tables = Tables(a=TableA(coercion_decisions=-1), b=table, c=bad_c)
    assert {p.cells[0][0] for p in tables.problems()} == {"A", "C"}
