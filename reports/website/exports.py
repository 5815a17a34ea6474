"""The 政府网站工作年度报表 as CSV, XLSX and PDF, laid out as the national table: one line per
row, under its section (and sub-heading: 留言办理, 微博 …). Names and the Content-Disposition
header are the annual report's (reports.annual.exports)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import timezone

from kernel import spreadsheet
from kernel.pdf import FONT, new_document
from reports.annual.exports import FORMATS as ANNUAL_FORMATS
from reports.annual.exports import content_disposition
from reports.website.template import SECTIONS, display

FORMATS = {fmt: ANNUAL_FORMATS[fmt] for fmt in ("pdf", "xlsx", "csv")}
DOWNLOAD_LABELS = {"pdf": "PDF文档", "xlsx": "Excel表格（XLSX）", "csv": "数据（CSV）"}


@dataclass(frozen=True)
class Line:
    section: str
    group: str
    key: str
    label: str  # with its unit
    value: str


def lines(values: dict[str, object]) -> Iterator[Line]:
    for section in SECTIONS:
        for row in section.rows:
            yield Line(
                section.title, row.group, row.key, row.heading, display(row, values.get(row.key))
            )


def table_sections(values: dict) -> list[dict]:
    """Sections with their rows, each with its sub-heading shown once (for the template)."""
    table = []
    for section in SECTIONS:
        rows, previous = [], None
        for row in section.rows:
            rows.append(
                {
                    "row": row,
                    "value": display(row, values.get(row.key)),
                    "group": row.group if row.group != previous else "",
                }
            )
            previous = row.group
        table.append({"section": section, "rows": rows})
    return table


def filename(report, fmt: str) -> str:
    version = f"（第{report.version}版）" if report.version > 1 else ""
    return f"{report.title}{version}.{fmt}"


def disposition(report, fmt: str) -> str:
    return content_disposition(
        filename(report, fmt), f"website-report-{report.year}-v{report.version}.{fmt}"
    )


def correction_sentence(report) -> str:
    if report.version <= 1:
        return ""
    return f"本报表为更正版本（第{report.version}版），更正说明：{report.change_note}"


def as_csv(values: dict[str, object]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese labels correctly."""
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\r\n")
    writer.writerow(("section", "group", "key", "label", "value"))
    writer.writerows((ln.section, ln.group, ln.key, ln.label, ln.value) for ln in lines(values))
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(report, values: dict[str, object]) -> bytes:
    """One sheet: the title, then 栏目 / 项目 / 数据 with each section's name merged down."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = Workbook()
    sheet = book.active
    sheet.title = "政府网站工作年度报表"
    book.properties.title = report.title
    sheet.cell(1, 1, spreadsheet.safe_cell(report.title)).font = Font(bold=True, size=12)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    for col, text in enumerate(("栏目", "项目", "数据"), start=1):
        cell = sheet.cell(2, col, text)
        cell.font = Font(bold=True)
        cell.border = border
    row_number = 3
    for section in SECTIONS:
        first = row_number
        for row in section.rows:
            label = f"{row.group} {row.heading}" if row.group else row.heading
            cells = (section.title, label, display(row, values.get(row.key)))
            for col, text in enumerate(cells, start=1):
                cell = sheet.cell(row_number, col, spreadsheet.safe_cell(text))
                cell.border = border
                cell.alignment = Alignment(vertical="center", wrap_text=True)
            row_number += 1
        sheet.merge_cells(start_row=first, start_column=1, end_row=row_number - 1, end_column=1)
    if report.version > 1:
        sheet.cell(row_number + 1, 1, spreadsheet.safe_cell(correction_sentence(report)))
    for letter, width in zip("ABC", (16, 44, 36), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_pdf(report, values: dict[str, object]) -> bytes:
    """An A4 document with the CJK font; raises PdfUnavailable when no font is found."""
    from fpdf import FontFace
    from fpdf.enums import TableCellFillMode

    pdf = new_document(title=report.title, author=str(values.get("sponsor") or ""))
    pdf.add_page()
    pdf.set_font(FONT, "B", size=16)
    pdf.multi_cell(pdf.epw, 10, report.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    day = timezone.localdate(report.published_at)
    pdf.multi_cell(
        pdf.epw,
        6,
        f"发布日期：{day.year}年{day.month}月{day.day}日",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if report.version > 1:
        pdf.multi_cell(pdf.epw, 6, correction_sentence(report), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FONT, size=9.5)
    with pdf.table(
        width=pdf.epw,
        col_widths=(18, 52, 30),
        headings_style=FontFace(emphasis="", fill_color=(232, 240, 250)),
        line_height=6,
        v_align="MIDDLE",
        cell_fill_mode=TableCellFillMode.NONE,
        padding=0.8,
    ) as table:
        heading = table.row()
        for text in ("栏目", "项目", "数据"):
            heading.cell(text, align="CENTER")
        for section in SECTIONS:
            for index, row in enumerate(section.rows):
                line = table.row()
                if index == 0:
                    line.cell(section.title, rowspan=len(section.rows), align="CENTER")
                label = f"{row.group} {row.heading}" if row.group else row.heading
                line.cell(label)
                line.cell(display(row, values.get(row.key)), align="CENTER")
    return bytes(pdf.output())
