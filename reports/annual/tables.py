"""The three tables of the annual report (国办公开办函〔2021〕30号) as values, and their rules.

Pure: plain dataclasses in, lists of problems out. Labels are the official ones, character for
character; keys are stable identifiers used by the CSV/JSON downloads (docs/annual-report.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from requests_app.outcomes import GROUPS, OUTCOMES, Outcome

# ---------------------------------------------------------------- Table A (二、主动公开政府信息情况)

TABLE_A_TITLE = "二、主动公开政府信息情况"


@dataclass(frozen=True)
class TableA:
    """Art. 20 items; the first block is computed from the catalogue, the rest entered by staff."""

    rules_issued: int = 0  # 规章 本年制发件数
    rules_repealed: int = 0
    rules_in_force: int = 0
    normative_issued: int = 0  # 行政规范性文件
    normative_repealed: int = 0
    normative_in_force: int = 0
    licensing_decisions: int = 0  # 第（五）项 行政许可 本年处理决定数量
    penalty_decisions: int = 0  # 第（六）项 行政处罚
    coercion_decisions: int = 0  # 第（六）项 行政强制
    fee_amount_wan: Decimal = Decimal("0")  # 第（八）项 行政事业性收费 本年收费金额（单位：万元）

    def as_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.__dict__.items()}


# ---------------------------------------------------------------- Table B (三、收到和处理…申请情况)

TABLE_B_TITLE = "三、收到和处理政府信息公开申请情况"
TABLE_B_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# (key, label) of the seven numeric columns; the applicant types map onto the first six.
TABLE_B_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
APPLICANT_COLUMNS = tuple(key for key, _ in TABLE_B_COLUMNS if key != "total")


@dataclass(frozen=True)
class RowB:
    key: str
    label: str
    group: str = ""  # merged label cell to the left: "三" and, inside it, （三）…（六）
    outcome: str = ""  # the requests_app Outcome counted in this row


def _outcome_row(outcome: Outcome) -> RowB:
    """The row of an outcome: （一） and （二） are rows of their own under 三; the numbered
    sub-rows sit under their merged group label, e.g. “（三）不予公开”."""
    info = OUTCOMES[outcome]
    group = "三" if info.label.startswith("（") else GROUPS[info.group]
    return RowB(outcome.value, info.label, group, outcome.value)


# The official rows in the order of the form. The result rows come from requests_app.outcomes
# (which holds their labels, character for character, in the same order); the two outcomes
# that are counted on another outcome's row (``report_as``) have no row of their own.
TABLE_B_ROWS: tuple[RowB, ...] = (
    RowB("new", "一、本年新收政府信息公开申请数量"),
    RowB("carried_in", "二、上年结转政府信息公开申请数量"),
    *(_outcome_row(outcome) for outcome, info in OUTCOMES.items() if not info.report_as),
    RowB("closed_total", "（七）总计", "三"),
    RowB("carried_out", "四、结转下年度继续办理"),
)
OUTCOME_ROWS = tuple(row for row in TABLE_B_ROWS if row.outcome)
ROW_KEYS = tuple(row.key for row in TABLE_B_ROWS)
GROUP_LABEL_3 = "三、本年度办理结果"


@dataclass(frozen=True)
class TableB:
    """cells[row_key][column_key] -> int, for every row and every column including 总计."""

    cells: dict[str, dict[str, int]]

    @classmethod
    def from_counts(cls, counts: dict[str, dict[str, int]]) -> TableB:
        """Fill in zeros, the （七）总计 row and the 总计 column from per-type counts."""
        cells = {
            key: {col: int(counts.get(key, {}).get(col, 0)) for col in APPLICANT_COLUMNS}
            for key in ROW_KEYS
        }
        cells["closed_total"] = {
            col: sum(cells[row.key][col] for row in OUTCOME_ROWS) for col in APPLICANT_COLUMNS
        }
        for row in cells.values():
            row["total"] = sum(row[col] for col in APPLICANT_COLUMNS)
        return cls(cells)

    def value(self, row: str, column: str = "total") -> int:
        return self.cells[row][column]

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {row: dict(cols) for row, cols in self.cells.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableB:
        return cls({row: {col: int(v) for col, v in cols.items()} for row, cols in data.items()})


# ---------------------------------------------------------------- Table C (四、…行政复议、行政诉讼情况)

TABLE_C_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
TABLE_C_GROUPS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
)
TABLE_C_RESULTS: tuple[tuple[str, str], ...] = (
    ("maintained", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)


@dataclass(frozen=True)
class TableC:
    cells: dict[str, dict[str, int]]

    @classmethod
    def from_counts(cls, counts: dict[str, dict[str, int]]) -> TableC:
        cells = {}
        for group, _ in TABLE_C_GROUPS:
            row = {
                res: int(counts.get(group, {}).get(res, 0))
                for res, _ in TABLE_C_RESULTS
                if res != "total"
            }
            row["total"] = sum(row.values())
            cells[group] = row
        return cls(cells)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {g: dict(v) for g, v in self.cells.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableC:
        return cls({g: {r: int(v) for r, v in cols.items()} for g, cols in data.items()})


# ---------------------------------------------------------------- rules


@dataclass(frozen=True)
class Problem:
    """A failed rule, pointing at the cells involved (table, row, column)."""

    message: str
    cells: tuple[tuple[str, str, str], ...] = ()
    blocking: bool = True


def check_table_b(table: TableB, previous: TableB | None = None) -> list[Problem]:
    """The 30号 rules: 一 + 二 = （七）总计 + 四 per column; （七） = sum of （一）…（六）3;
    总计 column = sum of the six applicant columns; all cells non-negative. Carry-over from last
    year's 四 differing from this year's 二 is a warning only (reorganised agencies break it)."""
    problems: list[Problem] = []
    labels = dict(TABLE_B_COLUMNS)
    row_labels = {row.key: row.label for row in TABLE_B_ROWS}
    for key, cols in table.cells.items():
        for col, value in cols.items():
            if value < 0:
                problems.append(
                    Problem(
                        f"第三部分“{row_labels.get(key, key)}”行“{labels[col]}”列为负数。",
                        (("B", key, col),),
                    )
                )
    for col, label in TABLE_B_COLUMNS:
        left = table.value("new", col) + table.value("carried_in", col)
        right = table.value("closed_total", col) + table.value("carried_out", col)
        if left != right:
            problems.append(
                Problem(
                    f"“{label}”列：第一项加第二项（{left}）不等于第三项加第四项（{right}）。",
                    (
                        ("B", "new", col),
                        ("B", "carried_in", col),
                        ("B", "closed_total", col),
                        ("B", "carried_out", col),
                    ),
                )
            )
        outcomes = sum(table.value(row.key, col) for row in OUTCOME_ROWS)
        if outcomes != table.value("closed_total", col):
            problems.append(
                Problem(
                    f"“{label}”列：（七）总计（{table.value('closed_total', col)}）不等于"
                    f"（一）至（六）各项之和（{outcomes}）。",
                    (("B", "closed_total", col),),
                )
            )
    for row in TABLE_B_ROWS:
        parts = sum(table.value(row.key, col) for col in APPLICANT_COLUMNS)
        if parts != table.value(row.key, "total"):
            problems.append(
                Problem(
                    f"“{row.label}”行：总计（{table.value(row.key, 'total')}）不等于各类申请人之和"
                    f"（{parts}）。",
                    ((("B", row.key, "total"),)),
                )
            )
    if previous is not None:
        for col, label in TABLE_B_COLUMNS:
            if previous.value("carried_out", col) != table.value("carried_in", col):
                problems.append(
                    Problem(
                        f"“{label}”列：上年结转（{table.value('carried_in', col)}）与上一年度报告的"
                        f"结转下年度（{previous.value('carried_out', col)}）不一致，请核实。",
                        (("B", "carried_in", col),),
                        blocking=False,
                    )
                )
    return problems


def check_table_c(table: TableC) -> list[Problem]:
    """Each group's 总计 equals 维持 + 纠正 + 其他 + 尚未审结; no negative cell."""
    problems = []
    labels = dict(TABLE_C_GROUPS)
    for group, cols in table.cells.items():
        if any(v < 0 for v in cols.values()):
            problems.append(Problem(f"第四部分“{labels[group]}”有负数。", (("C", group, "total"),)))
        parts = sum(v for k, v in cols.items() if k != "total")
        if parts != cols["total"]:
            problems.append(
                Problem(
                    f"第四部分“{labels[group]}”：总计（{cols['total']}）不等于各项结果之和（{parts}）。",
                    (("C", group, "total"),),
                )
            )
    return problems


def check_table_a(table: object) -> list[Problem]:  # TableA or TableA2019
    """No negative cell, except the 2019 form's 本年增/减 columns (keys ending in _change)."""
    problems = []
    for key, value in table.__dict__.items():
        if value < 0 and not key.endswith("_change"):
            problems.append(Problem(f"第二部分“{key}”不能为负数。", (("A", key, ""),)))
    return problems


@dataclass(frozen=True)
class Tables:
    a: TableA  # or official_forms.TableA2019 when form is the 2019 trial form
    b: TableB
    c: TableC
    proactive_total: int = 0
    proactive_by_column: tuple[tuple[str, int], ...] = ()
    proactive_by_genre: tuple[tuple[str, int], ...] = ()
    # 条例 Art. 44: items made proactive in the year after repeated applications.
    proactive_converted: int = 0
    fee_notices: int = 0
    fee_billed_yuan: int = 0
    fee_collected_yuan: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    form: str = "2021-30"  # official_forms.FORM_2021 / FORM_2019, chosen by the report's year

    def problems(self, previous_b: TableB | None = None) -> list[Problem]:
        return check_table_a(self.a) + check_table_b(self.b, previous_b) + check_table_c(self.c)
