"""Reading an import file: the rows of a CSV or of the first sheet of an XLSX, keyed by column.

Raises ImportFailed for a file that cannot be read or whose header row is wrong; the values of
the cells are left as the file holds them, for validation.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from requests_app.importing.columns import COLUMNS, HEADERS
from requests_app.importing.errors import ImportFailed, RowError
from requests_app.importing.values import cell_text, is_blank


def read_table(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet (XLSX) or of the CSV, keyed by normalised header.

    Raises ImportFailed for a file that cannot be read or whose header row is wrong.
    """
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        table = _read_xlsx(path)
    elif path.suffix.lower() == ".csv":
        table = _read_csv(path)
    else:
        raise ImportFailed([RowError(1, "只支持 .csv 和 .xlsx 文件。")])
    if not table:
        raise ImportFailed([RowError(1, "文件是空的，第1行应为表头。")])
    (header_line, header), *body = table
    keys, errors = _header_keys(header, header_line)
    if errors:
        raise ImportFailed(errors)
    rows = []
    for line, cells in body:
        if all(is_blank(c) for c in cells):
            continue
        cells = list(cells) + [None] * (len(keys) - len(cells))
        extra = [c for c in cells[len(keys) :] if not is_blank(c)]
        if extra:
            raise ImportFailed([RowError(line, "本行的单元格多于表头的列数。")])
        rows.append((line, {k: c for k, c in zip(keys, cells, strict=False) if k}))
    return rows


def _read_csv(path: Path) -> list[tuple[int, list]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ImportFailed([RowError(1, "无法识别文件编码，请另存为“CSV UTF-8”格式。")])
    reader = csv.reader(text.splitlines(keepends=True))
    table = []
    start = 1
    for cells in reader:
        table.append((start, cells))
        start = reader.line_num + 1
    return table


def _read_xlsx(path: Path) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any unreadable workbook is one user-facing error
        raise ImportFailed([RowError(1, f"无法读取Excel文件：{exc}")]) from exc
    try:
        sheet = workbook.worksheets[0]
        return [(n, list(cells)) for n, cells in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        workbook.close()


def _norm_header(value: Any) -> str:
    text = cell_text(value)
    return re.sub(r"\s+", "", text).replace("（必填）", "").replace("*", "")


def _header_keys(header: list, line: int) -> tuple[list[str], list[RowError]]:
    keys, errors, seen = [], [], set()
    for cell in header:
        name = _norm_header(cell)
        if not name:
            keys.append("")
            continue
        column = HEADERS.get(name)
        if column is None:
            errors.append(RowError(line, f"无法识别的列“{name}”，请使用说明文档中的列名。"))
            keys.append("")
        elif column.key in seen:
            errors.append(RowError(line, f"列“{column.header}”重复。"))
            keys.append("")
        else:
            seen.add(column.key)
            keys.append(column.key)
    for column in COLUMNS:
        if column.required and column.key not in seen:
            errors.append(RowError(line, f"缺少必填列“{column.header}”。"))
    return keys, errors
