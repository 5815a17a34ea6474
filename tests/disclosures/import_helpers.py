"""Builders of catalogue import files for tests (CSV, XLSX, ZIP of attachments)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

HEADER = [
    "标题", "机构", "栏目", "文种", "文号", "索引号", "成文日期", "发布日期", "有效性",
    "失效/废止日期", "失效/废止说明", "关键词", "内容概述", "正文", "附件", "原网址", "外部编号",
]  # fmt: skip


def item(**values) -> dict:
    base = {
        "标题": "关于开展2019年度养老服务机构检查的通知",
        "机构": "smmzj",
        "栏目": "工作动态",
        "发布日期": "2019-03-05",
        "成文日期": "2019-03-01",
        "正文": "各县（市、区）民政局：\n现将有关事项通知如下。",
    }
    base.update(values)
    return base


def write_csv(path: Path, rows: list[dict], *, header=None, encoding="utf-8-sig") -> Path:
    header = header or HEADER
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def write_map(path: Path, mapping: dict[str, str]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["原栏目", "栏目"])
    writer.writerows(mapping.items())
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path
