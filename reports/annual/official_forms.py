"""The two official forms of the annual report, chosen by the report's year, as data.

* 国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》: the 2019 and
  2020 reports. Table A has five blocks with item-count columns (law-and-annual-report §1.7);
  Table B's （六）其他处理 is one row without sub-items; Table C is unchanged.
* 国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》: reports from 2021 on.

Pure: no ORM. Labels are the official ones, character for character. A Table A cell is the
attribute f"{row}_{column}" of the table value (TableA or TableA2019).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reports.annual.tables import TABLE_B_ROWS, RowB, TableA

FORM_2019 = "2019-60"
FORM_2021 = "2021-30"
FORM_NAMES = {
    FORM_2019: "国办公开办函〔2019〕60号《中华人民共和国政府信息公开工作年度报告格式（试行）》",
    FORM_2021: "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》",
}
FIRST_YEAR_OF_2021_FORM = 2021


def form_for_year(year: int) -> str:
    """Reports for 2019 and 2020 follow the 2019 trial form; from 2021 on, the 2021 form."""
    return FORM_2019 if year < FIRST_YEAR_OF_2021_FORM else FORM_2021


# ---------------------------------------------------------------- Table A

Columns = tuple[tuple[str, str], ...]
Rows = tuple[tuple[str, str], ...]
Block = tuple[str, Columns, Rows]  # (caption, columns (key, label), rows (key, label))

TABLE_A_BLOCKS_2021: tuple[Block, ...] = (
    (
        "第二十条第（一）项",
        (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
        (("rules", "规章"), ("normative", "行政规范性文件")),
    ),
    ("第二十条第（五）项", (("decisions", "本年处理决定数量"),), (("licensing", "行政许可"),)),
    (
        "第二十条第（六）项",
        (("decisions", "本年处理决定数量"),),
        (("penalty", "行政处罚"), ("coercion", "行政强制")),
    ),
    (
        "第二十条第（八）项",
        (("amount_wan", "本年收费金额（单位：万元）"),),
        (("fee", "行政事业性收费"),),
    ),
)

_ITEMS = (("previous", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量"))
TABLE_A_BLOCKS_2019: tuple[Block, ...] = (
    (
        "第二十条第（一）项",
        (("made", "本年新制作数量"), ("published", "本年新公开数量"), ("total", "对外公开总数量")),
        (("rules", "规章"), ("normative", "规范性文件")),
    ),
    (
        "第二十条第（五）项",
        _ITEMS,
        (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
    ),
    ("第二十条第（六）项", _ITEMS, (("penalty", "行政处罚"), ("coercion", "行政强制"))),
    ("第二十条第（八）项", _ITEMS[:2], (("fee", "行政事业性收费"),)),
    (
        "第二十条第（九）项",
        (("count", "采购项目数量"), ("amount", "采购总金额")),
        (("procurement", "政府集中采购"),),
    ),
)

# Cells of the 2019 Table A that the portal counts from its catalogue; the rest are entered.
TABLE_A_2019_FROM_CATALOGUE = (
    "rules_made",
    "rules_published",
    "rules_total",
    "normative_made",
    "normative_published",
    "normative_total",
)
# Cells that may be negative: 本年增/减.
SIGNED_CELLS = frozenset(
    f"{row}_change" for row in ("licensing", "other_services", "penalty", "coercion", "fee")
)


@dataclass(frozen=True)
class TableA2019:
    """Table A of the 2019 trial form: (一) from the catalogue, the rest entered by staff."""

    rules_made: int = 0
    rules_published: int = 0
    rules_total: int = 0
    normative_made: int = 0
    normative_published: int = 0
    normative_total: int = 0
    licensing_previous: int = 0
    licensing_change: int = 0
    licensing_decisions: int = 0
    other_services_previous: int = 0
    other_services_change: int = 0
    other_services_decisions: int = 0
    penalty_previous: int = 0
    penalty_change: int = 0
    penalty_decisions: int = 0
    coercion_previous: int = 0
    coercion_change: int = 0
    coercion_decisions: int = 0
    fee_previous: int = 0
    fee_change: int = 0
    procurement_count: int = 0
    procurement_amount: Decimal = Decimal("0")

    def as_dict(self) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.__dict__.items()}

    @classmethod
    def from_dict(cls, data: dict) -> TableA2019:
        values = dict(data)
        values["procurement_amount"] = Decimal(values.get("procurement_amount", "0"))
        return cls(**values)


TABLE_A_2019_ENTERED = tuple(
    name for name in TableA2019.__dataclass_fields__ if name not in TABLE_A_2019_FROM_CATALOGUE
)


def table_a_class(form: str) -> type:
    return TableA2019 if form == FORM_2019 else TableA


def table_a_blocks(form: str) -> tuple[Block, ...]:
    return TABLE_A_BLOCKS_2019 if form == FORM_2019 else TABLE_A_BLOCKS_2021


def table_a_cells(form: str) -> tuple[str, ...]:
    """Every Table A cell key of the form, in the order of the official table."""
    return tuple(
        f"{row}_{col}"
        for _, cols, rows in table_a_blocks(form)
        for row, _ in rows
        for col, _ in cols
    )


@dataclass(frozen=True)
class CellA:
    key: str
    value: int | Decimal


@dataclass(frozen=True)
class RowA:
    key: str
    label: str
    cells: tuple[CellA, ...]


@dataclass(frozen=True)
class BlockA:
    caption: str
    columns: Columns
    rows: tuple[RowA, ...]

    @property
    def last_span(self) -> int:
        """The last column spans what is left of the three number columns."""
        return 4 - len(self.columns)


def table_a_layout(form: str, table) -> tuple[BlockA, ...]:
    """Table A of the form with its values, for templates (which cannot look up attributes)."""
    return tuple(
        BlockA(
            caption,
            columns,
            tuple(
                RowA(
                    row,
                    label,
                    tuple(
                        CellA(f"{row}_{col}", getattr(table, f"{row}_{col}")) for col, _ in columns
                    ),
                )
                for row, label in rows
            ),
        )
        for caption, columns, rows in table_a_blocks(form)
    )


# ---------------------------------------------------------------- Table B

# 2019: （六）其他处理 is one row; its value is the sum of the three 2021 sub-rows, so reports
# keep one TableB shape and the 2019 form shows the merged row.
OTHER_HANDLING = RowB("other_handling", "（六）其他处理", "三")
_OTHER_SUB_ROWS = tuple(row for row in TABLE_B_ROWS if row.group == "（六）其他处理")
TABLE_B_ROWS_2019: tuple[RowB, ...] = tuple(
    OTHER_HANDLING if row is _OTHER_SUB_ROWS[0] else row
    for row in TABLE_B_ROWS
    if row not in _OTHER_SUB_ROWS[1:]
)
MERGED_ROWS = {OTHER_HANDLING.key: tuple(row.key for row in _OTHER_SUB_ROWS)}
# Where a hand-entered figure of a merged row is kept (the sub-rows' catch-all, 3.其他).
MERGED_ROW_STORED_AS = {OTHER_HANDLING.key: "other"}


def table_b_rows(form: str) -> tuple[RowB, ...]:
    return TABLE_B_ROWS_2019 if form == FORM_2019 else TABLE_B_ROWS


def group_3_span(form: str) -> int:
    """Rows spanned by “三、本年度办理结果”: 22 in the 2021 form, 20 in the 2019 form."""
    return sum(1 for row in table_b_rows(form) if row.group)


def b_value(table, row: str, column: str = "total") -> int:
    """A Table B cell, including the 2019 form's merged （六）其他处理 row."""
    if row in MERGED_ROWS:
        return sum(table.value(part, column) for part in MERGED_ROWS[row])
    return table.value(row, column)
