"""Reading statistics figures from a spreadsheet: period labels, numbers, errors by row.

Pure apart from ``read_xlsx`` (which only turns the workbook into rows): ``parse_rows`` gets the
rows and the series' measures and returns either the parsed periods or every error found, each
naming its spreadsheet row in Chinese. The caller saves nothing unless there are no errors.

Layout: the first row is the header — “期间” (or 统计期、时间) then one column per measure,
headed by the measure's label, its label with the unit (“保障金支出（万元）”) or its key.
Period labels: quarterly “2025年第一季度”, “2025年第1季度”, “2025Q1”, “2025-Q1”, or the
quarter's last month “2025-03”; monthly “2025年3月”, “2025-03”, “2025/3”, or a date cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from reports.series.models import Period

PERIOD_HEADERS = {"期间", "统计期", "统计期间", "时间", "period"}
CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
MAX_ROWS = 1000

_QUARTER_CN = re.compile(r"^(\d{4})\s*年\s*(?:第\s*)?([一二三四1-4])\s*季度?$")
_QUARTER_Q = re.compile(r"^(\d{4})\s*[-/ ]?\s*[Qq]\s*([1-4])$")
_MONTH = re.compile(r"^(\d{4})\s*(?:年\s*(\d{1,2})\s*月|[-/.]\s*(\d{1,2}))$")


@dataclass(frozen=True)
class MeasureSpec:
    key: str
    label: str
    unit: str
    decimals: int = 0

    def headings(self) -> set[str]:
        return {
            _norm(self.key),
            _norm(self.label),
            _norm(f"{self.label}（{self.unit}）"),
            _norm(f"{self.label}({self.unit})"),
        }


@dataclass(frozen=True)
class ParsedRow:
    row: int
    period: Period
    values: dict[str, str]


@dataclass
class ImportResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).replace("(", "（").replace(")", "）").lower()


def parse_period(raw, kind: str) -> Period:
    """A period label (or a date cell) as a Period of ``kind``; ValueError with the reason."""
    if isinstance(raw, dt.datetime | dt.date):
        year, month = raw.year, raw.month
        return _month_period(year, month, kind, str(raw)[:7])
    text = str(raw or "").strip()
    if not text:
        raise ValueError("期间不能为空")
    if match := (_QUARTER_CN.match(text) or _QUARTER_Q.match(text)):
        if kind != "quarter":
            raise ValueError(f"本系列为月度数据，期间“{text}”是季度，请填写如“2025年3月”")
        return Period(int(match[1]), CN_DIGITS[match[2]], "quarter")
    if match := _MONTH.match(text):
        return _month_period(int(match[1]), int(match[2] or match[3]), kind, text)
    example = "“2025年第一季度”或“2025Q1”" if kind == "quarter" else "“2025年3月”或“2025-03”"
    raise ValueError(f"期间“{text}”无法识别，请填写如{example}")


def _month_period(year: int, month: int, kind: str, text: str) -> Period:
    if not 1 <= month <= 12:
        raise ValueError(f"期间“{text}”的月份不存在")
    if kind == "month":
        return Period(year, month, "month")
    if month % 3:
        raise ValueError(f"期间“{text}”不是季末月份，季度数据请填写如“2025年第一季度”或“2025-03”")
    return Period(year, month // 3, "quarter")


def parse_number(raw, spec: MeasureSpec) -> Decimal:
    """A non-negative figure with at most ``spec.decimals`` decimal places; ValueError if not."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("不能为空")
    if isinstance(raw, bool):
        raise ValueError(f"“{raw}”不是数字")
    if isinstance(raw, float):
        raw = repr(raw)
    text = str(raw).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{raw}”不是数字") from None
    if not number.is_finite():
        raise ValueError(f"“{raw}”不是数字")
    if number < 0:
        raise ValueError(f"不能为负数（填写的是{text}）")
    if -number.as_tuple().exponent > spec.decimals and number != number.quantize(
        Decimal(1).scaleb(-spec.decimals)
    ):
        places = f"最多保留{spec.decimals}位小数" if spec.decimals else "应为整数"
        raise ValueError(f"{places}（填写的是{text}）")
    return number.quantize(Decimal(1).scaleb(-spec.decimals))


def parse_rows(
    rows: Iterable[Sequence], *, kind: str, measures: Sequence[MeasureSpec]
) -> ImportResult:
    """Validate every row; the result holds either all parsed rows or all errors by row."""
    result = ImportResult()
    rows = list(rows)
    header_index = next((i for i, r in enumerate(rows) if any(_cell(c) for c in r)), None)
    if header_index is None:
        result.errors.append("文件中没有数据。")
        return result
    header = [_norm(_cell(c)) for c in rows[header_index]]
    if not header or header[0] not in PERIOD_HEADERS:
        result.errors.append(f"第{header_index + 1}行：第一列的标题应为“期间”。")
        return result
    columns: dict[str, int] = {}
    for spec in measures:
        found = [i for i, h in enumerate(header) if i and h in spec.headings()]
        if not found:
            result.errors.append(f"第{header_index + 1}行：缺少“{spec.label}（{spec.unit}）”一列。")
        else:
            columns[spec.key] = found[0]
    known = set(columns.values()) | {0}
    for i, h in enumerate(header):
        if h and i not in known:
            result.errors.append(
                f"第{header_index + 1}行：无法识别的列“{_cell(rows[header_index][i])}”。"
            )
    if result.errors:
        return result
    data = [(n, r) for n, r in enumerate(rows[header_index + 1 :], start=header_index + 2)]
    data = [(n, r) for n, r in data if any(_cell(c) for c in r)]
    if len(data) > MAX_ROWS:
        result.errors.append(f"一次最多导入{MAX_ROWS}行，本文件有{len(data)}行。")
        return result
    seen: dict[Period, int] = {}
    for number, row in data:
        row_errors = []
        period = None
        try:
            period = parse_period(row[0] if row else None, kind)
        except ValueError as exc:
            row_errors.append(str(exc))
        values: dict[str, str] = {}
        for spec in measures:
            i = columns[spec.key]
            try:
                values[spec.key] = str(parse_number(row[i] if i < len(row) else None, spec))
            except ValueError as exc:
                row_errors.append(f"{spec.label}{exc}")
        if period is not None and period in seen:
            row_errors.append(f"{period.label}与第{seen[period]}行重复")
        if row_errors:
            result.errors.append(f"第{number}行：" + "；".join(row_errors) + "。")
        elif period is not None:
            seen[period] = number
            result.rows.append(ParsedRow(number, period, values))
    if not data:
        result.errors.append("文件中只有标题行，没有数据。")
    if result.errors:
        result.rows = []
    return result


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def read_xlsx(file) -> list[tuple]:
    """The first worksheet's rows as tuples of cell values; ValueError if not a workbook."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:
        raise ValueError("无法读取该文件，请上传 Excel 工作簿（.xlsx）。") from exc
    try:
        sheet = book.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 50)]
    finally:
        book.close()
