"""Reading a spreadsheet a person filled in (CSV or the first sheet of an XLSX), for importers.

Shared by every import of the portal (``requests_app.importing``, ``disclosures.imports``):

* :func:`read_table` gives ``(line, {key: cell})`` rows, ``line`` being the row's line as a
  person sees it in Excel (the header is line 1), the keys those of the importer's columns.
  A CSV may be UTF-8 with or without BOM, or GB18030 (Excel's "CSV" on a Chinese Windows and
  most older government systems): UTF-8 is tried strictly first, then GB18030.
* An XLSX is read with openpyxl in read-only mode. With ``formulas_as_text`` a formula cell is
  read as the text of its formula (``=HYPERLINK(…)``), never as a value some program computed;
  otherwise the cached value is read, as Excel showed it.
* Errors are :class:`RowError` (line, optional column header, Chinese message), raised
  together as :class:`ImportFailed`.

Pure: no Django, no ORM, no clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class RowError:
    line: int
    message: str
    column: str = ""  # the header of the cell at fault, when there is one

    def __str__(self) -> str:
        if self.column:
            return f"第{self.line}行“{self.column}”列：{self.message}"
        return f"第{self.line}行：{self.message}"


class ImportFailed(Exception):
    """The file cannot be imported; ``errors`` say why, by line."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Column:
    """A column of an import file: its header (and the other names accepted), the key its
    value is read under, and the checks a cell gets before its value is read."""

    header: str
    key: str
    required: bool = False
    max_length: int | None = None
    aliases: tuple[str, ...] = ()
    note: str = ""  # for the column table of the import page


def headers_of(columns: Iterable[Column]) -> dict[str, Column]:
    """Every accepted header (the header and its aliases) → its column."""
    columns = tuple(columns)
    return {c.header: c for c in columns} | {a: c for c in columns for a in c.aliases}


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets store digits typed into a number cell as floats
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\ufeff", "").strip()


DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> dt.date:
    """A date cell: an Excel date, ``2025-03-05``, ``2025/3/5``, ``2025年3月5日`` or
    ``20250305``; a datetime gives its date. Raises ValueError with the end of a message."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if re.match(r"^\d{4}\D.*\s+\d{1,2}:\d{2}(:\d{2})?$", text):
        text = text.rsplit(None, 1)[0]  # "2019-03-05 09:30" from an old system: the day
    match = DATE_RE.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ValueError("格式不正确，应为“2025-03-05”或“2025年3月5日”")


def decode(raw: bytes) -> str:
    """The text of a CSV: strict UTF-8 (BOM or not) first, else GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([RowError(1, "无法识别文件编码，请另存为“CSV UTF-8”格式。")])


def read_lines(path: Path, *, formulas_as_text: bool = False) -> list[tuple[int, list]]:
    """Every row of the file with its line number, cells as the file holds them."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, formulas_as_text=formulas_as_text)
    if suffix == ".csv":
        return _read_csv(path)
    raise ImportFailed([RowError(1, "只支持 .csv 和 .xlsx 文件。")])


def _read_csv(path: Path) -> list[tuple[int, list]]:
    reader = csv.reader(decode(path.read_bytes()).splitlines(keepends=True))
    table = []
    start = 1
    try:
        for cells in reader:
            table.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed([RowError(start, f"CSV格式有误：{exc}")]) from exc
    return table


def _read_xlsx(path: Path, *, formulas_as_text: bool) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=not formulas_as_text)
    except Exception as exc:  # any unreadable workbook is one user-facing error
        raise ImportFailed([RowError(1, f"无法读取Excel文件：{exc}")]) from exc
    try:
        sheet = workbook.worksheets[0]
        return [(n, list(cells)) for n, cells in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        workbook.close()


def norm_header(value: Any) -> str:
    text = cell_text(value)
    return re.sub(r"\s+", "", text).replace("（必填）", "").replace("*", "")


def header_keys(
    header: list, line: int, *, headers: Mapping[str, Column], columns: Iterable[Column]
) -> tuple[list[str], list[RowError]]:
    """The key of each header cell (``headers``: every accepted name → its column); unknown,
    repeated and missing required columns are errors."""
    keys, errors, seen = [], [], set()
    for cell in header:
        name = norm_header(cell)
        if not name:
            keys.append("")
            continue
        column = headers.get(name)
        if column is None:
            errors.append(RowError(line, f"无法识别的列“{name}”，请使用说明文档中的列名。"))
            keys.append("")
        elif column.key in seen:
            errors.append(RowError(line, f"列“{column.header}”重复。"))
            keys.append("")
        else:
            seen.add(column.key)
            keys.append(column.key)
    for column in columns:
        if column.required and column.key not in seen:
            errors.append(RowError(line, f"缺少必填列“{column.header}”。"))
    return keys, errors


def read_table(
    path: str | Path,
    *,
    headers: Mapping[str, Column],
    columns: Iterable[Column],
    formulas_as_text: bool = False,
) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet (XLSX) or of the CSV, keyed by column; blank rows skipped.

    Raises ImportFailed for a file that cannot be read or whose header row is wrong.
    """
    table = read_lines(Path(path), formulas_as_text=formulas_as_text)
    if not table:
        raise ImportFailed([RowError(1, "文件是空的，第1行应为表头。")])
    (header_line, header), *body = table
    keys, errors = header_keys(header, header_line, headers=headers, columns=columns)
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
