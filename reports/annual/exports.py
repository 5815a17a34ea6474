"""Downloads of a published annual report: XLSX, CSV, JSON and PDF (docs/annual-report.md).

The XLSX and the PDF draw the three tables from one description of the official form of the
report's year (``official_layout``; 2019/2020 the 2019 trial form, then 国办公开办函〔2021〕30号,
see reports/official_forms.py): the same cells, labels and merged ranges as the
HTML templates in templates/reports/_table_*.html. CSV and JSON are the machine-readable
versions, one value per cell under the stable keys of reports/statistics.py.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

from django.utils import timezone

from kernel import spreadsheet
from kernel.pdf import FONT, new_document
from reports.annual import official_forms
from reports.annual.official_forms import b_value, table_a_blocks, table_b_rows
from reports.annual.tables import (
    GROUP_LABEL_3,
    TABLE_A_TITLE,
    TABLE_B_COLUMNS,
    TABLE_B_NOTE,
    TABLE_B_TITLE,
    TABLE_C_GROUPS,
    TABLE_C_RESULTS,
    TABLE_C_TITLE,
    Tables,
)

SECTION_HEADINGS = (
    ("overview", "一、总体情况"),
    ("table_a", TABLE_A_TITLE),
    ("table_b", TABLE_B_TITLE),
    ("table_c", TABLE_C_TITLE),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)

TABLE_C_LITIGATION = "行政诉讼"

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "pdf": "application/pdf",
}

# --------------------------------------------------------------------------- the official form


@dataclass(frozen=True)
class Cell:
    """One cell of a table as drawn: text or number, its place and its merged extent."""

    row: int
    col: int
    value: str | int | Decimal
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    align: str = "center"


@dataclass
class Grid:
    title: str
    widths: tuple[float, ...]  # relative column widths
    heading_rows: int
    cells: list[Cell] = field(default_factory=list)

    @property
    def height(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def rows(self) -> list[list[Cell]]:
        rows: list[list[Cell]] = [[] for _ in range(self.height)]
        for cell in self.cells:
            rows[cell.row].append(cell)
        return [sorted(r, key=lambda c: c.col) for r in rows]


def _grid_a(tables: Tables) -> Grid:
    grid = Grid(TABLE_A_TITLE, (3, 2, 2, 2), heading_rows=0)
    add = grid.cells.append
    r = 0
    for caption, columns, rows in table_a_blocks(tables.form):
        add(Cell(r, 0, caption, colspan=4, header=True))
        add(Cell(r + 1, 0, "信息内容", header=True))
        span = 3 - len(columns)
        for i, (_, label) in enumerate(columns):
            last = i == len(columns) - 1
            add(Cell(r + 1, 1 + i, label, colspan=1 + span if last else 1, header=True))
        for j, (row_key, label) in enumerate(rows):
            add(Cell(r + 2 + j, 0, label, header=True))
            for i, (col_key, _) in enumerate(columns):
                last = i == len(columns) - 1
                value = getattr(tables.a, f"{row_key}_{col_key}")
                add(Cell(r + 2 + j, 1 + i, value, colspan=1 + span if last else 1))
        r += 2 + len(rows)
    return grid


def _grid_b(tables: Tables) -> Grid:
    grid = Grid(TABLE_B_TITLE, (1.1, 1.9, 5.2, *(1.4,) * 7), heading_rows=3)
    add = grid.cells.append
    add(Cell(0, 0, TABLE_B_NOTE, rowspan=3, colspan=3, header=True, align="left"))
    add(Cell(0, 3, "申请人情况", colspan=7, header=True))
    add(Cell(1, 3, TABLE_B_COLUMNS[0][1], rowspan=2, header=True))
    add(Cell(1, 4, "法人或其他组织", colspan=5, header=True))
    add(Cell(1, 9, TABLE_B_COLUMNS[6][1], rowspan=2, header=True))
    for i, (_, label) in enumerate(TABLE_B_COLUMNS[1:6]):
        add(Cell(2, 4 + i, label, header=True))
    rows_b = table_b_rows(tables.form)
    in_three = [row for row in rows_b if row.group]
    seen_groups: set[str] = set()
    for i, row in enumerate(rows_b):
        r = 3 + i
        if not row.group:
            add(Cell(r, 0, row.label, colspan=3, header=True, align="left"))
        else:
            if row is in_three[0]:
                add(Cell(r, 0, GROUP_LABEL_3, rowspan=len(in_three), header=True))
            if row.group == "三":
                add(Cell(r, 1, row.label, colspan=2, header=True, align="left"))
            else:
                if row.group not in seen_groups:
                    seen_groups.add(row.group)
                    span = sum(1 for x in rows_b if x.group == row.group)
                    add(Cell(r, 1, row.group, rowspan=span, header=True))
                add(Cell(r, 2, row.label, header=True, align="left"))
        for j, (col, _) in enumerate(TABLE_B_COLUMNS):
            add(Cell(r, 3 + j, b_value(tables.b, row.key, col)))
    return grid


def _grid_c(tables: Tables) -> Grid:
    grid = Grid(TABLE_C_TITLE, (1,) * 15, heading_rows=3)
    add = grid.cells.append
    (_, review_label), *litigation = TABLE_C_GROUPS
    add(Cell(0, 0, review_label, rowspan=2, colspan=5, header=True))
    add(Cell(0, 5, TABLE_C_LITIGATION, colspan=10, header=True))
    for i, (_, label) in enumerate(litigation):
        add(Cell(1, 5 + 5 * i, label, colspan=5, header=True))
    for g, (group, _) in enumerate(TABLE_C_GROUPS):
        for i, (result, label) in enumerate(TABLE_C_RESULTS):
            add(Cell(2, 5 * g + i, label, header=True))
            add(Cell(3, 5 * g + i, tables.c.cells[group][result]))
    return grid


def official_layout(tables: Tables) -> list[Grid]:
    """Tables A, B and C as grids of merged cells, exactly as printed in the report's form."""
    return [_grid_a(tables), _grid_b(tables), _grid_c(tables)]


# --------------------------------------------------------------------------- names and text


def filename(report, fmt: str) -> str:
    """示例县民政局2025年政府信息公开工作年度报告（第2版）.xlsx"""
    version = f"（第{report.version}版）" if report.version > 1 else ""
    return f"{report.title}{version}.{fmt}"


def content_disposition(name: str, fallback: str) -> str:
    """RFC 6266 / RFC 5987: an ASCII fallback name, and the Chinese name as UTF-8."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def proactive_sentence(tables: Tables) -> str:
    """全年主动公开政府信息N条，其中工作动态N条、通知公告N条。"""
    text = f"全年主动公开政府信息{tables.proactive_total}条"
    if tables.proactive_by_column:
        text += "，其中" + "、".join(f"{label}{n}条" for label, n in tables.proactive_by_column)
    return text + "。"


def summary_sentence(report, tables: Tables) -> str:
    """The sentence before Table A; a recorded past report has no catalogue count to give."""
    return "" if report.is_recorded_past_report else proactive_sentence(tables)


def correction_sentence(report) -> str:
    if report.version <= 1:
        return ""
    return f"本报告为更正版本（第{report.version}版），更正说明：{report.change_note}"


# --------------------------------------------------------------------------- CSV and JSON


def cells(tables: Tables) -> Iterator[tuple[str, str, str, str, str, str | int]]:
    """(table, row_key, row_label, column_key, column_label, value) of every cell, in the
    order of the official form. Table A's fee amount is a decimal string in 万元."""
    for _, columns, rows in table_a_blocks(tables.form):
        for row_key, row_label in rows:
            for col_key, col_label in columns:
                value = getattr(tables.a, f"{row_key}_{col_key}")
                if isinstance(value, Decimal):
                    value = str(value)
                yield "A", row_key, row_label, col_key, col_label, value
    for row in table_b_rows(tables.form):
        for col, col_label in TABLE_B_COLUMNS:
            yield "B", row.key, row.label, col, col_label, b_value(tables.b, row.key, col)
    for group, group_label in TABLE_C_GROUPS:
        for result, result_label in TABLE_C_RESULTS:
            yield "C", group, group_label, result, result_label, tables.c.cells[group][result]


CSV_HEADER = ("table", "row_key", "row_label", "column_key", "column_label", "value")


def as_csv(tables: Tables) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese labels correctly."""
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(cells(tables))
    return out.getvalue().encode("utf-8-sig")


def as_dict(report, tables: Tables) -> dict:
    """The JSON download; every key is described in docs/annual-report.md."""
    org = report.organisation
    a = {
        key: str(value) if isinstance(value, Decimal) else value
        for key in official_forms.table_a_cells(tables.form)
        for value in (getattr(tables.a, key),)
    }
    return {
        "title": report.title,
        "organisation": {"name": org.name, "slug": org.slug, "credit_code": org.credit_code},
        "year": report.year,
        "scope": report.scope,
        "version": report.version,
        "change_note": report.change_note,
        "form": {"code": tables.form, "name": official_forms.FORM_NAMES[tables.form]},
        "published_at": timezone.localtime(report.published_at).isoformat(),
        "first_published_on": report.original_published_on.isoformat(),
        "legal_deadline": report.legal_deadline.isoformat(),
        "published_late": report.is_published_late,
        "sections": {
            "overview": report.section_overview,
            "problems": report.section_problems,
            "other": report.section_other,
        },
        "table_a": a,
        "table_b": {
            row.key: {col: b_value(tables.b, row.key, col) for col, _ in TABLE_B_COLUMNS}
            for row in table_b_rows(tables.form)
        },
        "table_c": {
            group: {res: tables.c.cells[group][res] for res, _ in TABLE_C_RESULTS}
            for group, _ in TABLE_C_GROUPS
        },
        "proactive": {
            "total": tables.proactive_total,
            "by_column": [[label, n] for label, n in tables.proactive_by_column],
            "by_genre": [[label, n] for label, n in tables.proactive_by_genre],
            "converted": tables.proactive_converted,
        },
        "fees": {
            "notices": tables.fee_notices,
            "billed_yuan": tables.fee_billed_yuan,
            "collected_yuan": tables.fee_collected_yuan,
        },
        "other_items": {
            "npc_suggestions": report.npc_suggestions,
            "cppcc_proposals": report.cppcc_proposals,
        },
    }


def as_json(report, tables: Tables) -> bytes:
    return json.dumps(as_dict(report, tables), ensure_ascii=False, indent=2, default=str).encode(
        "utf-8"
    )


# --------------------------------------------------------------------------- XLSX

SHEET_NAMES = ("主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议和行政诉讼情况")


def as_xlsx(report, tables: Tables) -> bytes:
    """One sheet per table: a title row, then the official form with its merged cells."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill("solid", fgColor="E8F0FA")
    book = Workbook()
    book.remove(book.active)
    book.properties.title = report.title
    book.properties.creator = report.organisation.name
    for grid, sheet_name in zip(official_layout(tables), SHEET_NAMES, strict=True):
        sheet = book.create_sheet(sheet_name)
        ncols = len(grid.widths)
        sheet.cell(1, 1, spreadsheet.safe_cell(f"{report.title}　{grid.title}")).font = Font(
            bold=True, size=12
        )
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        scale = 36 / sum(grid.widths) * (ncols / 4 if ncols > 4 else 2)
        for i, width in enumerate(grid.widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(8, round(width * scale))
        for cell in grid.cells:
            row, col = cell.row + 2, cell.col + 1
            value = float(cell.value) if isinstance(cell.value, Decimal) else cell.value
            target = sheet.cell(row, col, spreadsheet.safe_cell(value))
            target.alignment = Alignment(horizontal=cell.align, vertical="center", wrap_text=True)
            if cell.header:
                target.font = Font(bold=cell.row < grid.heading_rows or cell.colspan == 4)
                if cell.row < grid.heading_rows:
                    target.fill = head_fill
            for r in range(row, row + cell.rowspan):
                for c in range(col, col + cell.colspan):
                    sheet.cell(r, c).border = border
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=row + cell.rowspan - 1,
                    end_column=col + cell.colspan - 1,
                )
        sheet.freeze_panes = sheet.cell(2 + grid.heading_rows, 1)
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- PDF


def as_pdf(report, tables: Tables) -> bytes:
    """The report as an A4 document with the CJK font embedded (subset); a section heading
    and its table always share one page. Raises PdfUnavailable when no CJK font is found."""
    from fpdf import FontFace
    from fpdf.enums import TableCellFillMode

    pdf = new_document(title=report.title, author=report.organisation.name)
    pdf.add_page()
    width = pdf.epw

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font(FONT, "B", size=12)
        pdf.multi_cell(width, 8, text, new_x="LMARGIN", new_y="NEXT")

    def paragraphs(text: str, size: float = 10.5) -> None:
        # First-line indent of two characters; write() wraps back to the left margin.
        pdf.set_font(FONT, size=size)
        for para in (p.strip() for p in text.replace("\r\n", "\n").split("\n")):
            if para:
                pdf.set_x(pdf.l_margin + 2 * size * 0.3528)
                pdf.write(size * 0.62, para)
                pdf.ln(size * 0.62 + 1)

    def table(grid: Grid) -> None:
        wide = len(grid.widths) > 4
        pdf.set_font(FONT, size=7 if len(grid.widths) > 10 else 7.5 if wide else 9.5)
        with pdf.table(
            width=width,
            col_widths=grid.widths,
            num_heading_rows=grid.heading_rows,
            first_row_as_headings=grid.heading_rows > 0,
            headings_style=FontFace(emphasis="", fill_color=(232, 240, 250)),
            line_height=4.2 if wide else 6,
            text_align="CENTER",
            v_align="MIDDLE",
            cell_fill_mode=TableCellFillMode.NONE,
            padding=0.6,
        ) as t:
            for row in grid.rows():
                pdf_row = t.row()
                for cell in row:
                    value = cell.value
                    text = (
                        f"{value:f}".rstrip("0").rstrip(".")
                        if isinstance(value, Decimal)
                        else str(value)
                    )
                    pdf_row.cell(
                        text, colspan=cell.colspan, rowspan=cell.rowspan, align=cell.align.upper()
                    )

    def together(draw) -> None:
        """Draw on a new page when the block would otherwise be split across two."""
        with pdf.offset_rendering() as trial:
            draw()
        if trial.page_break_triggered:
            pdf.add_page()
        draw()

    pdf.set_font(FONT, "B", size=16)
    pdf.multi_cell(width, 10, report.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    day = timezone.localdate(report.published_at)
    pdf.multi_cell(
        width,
        6,
        f"发布日期：{day.year}年{day.month}月{day.day}日",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.multi_cell(
        width,
        6,
        f"表格格式：{official_forms.FORM_NAMES[tables.form]}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if report.version > 1:
        paragraphs(correction_sentence(report), size=9)
    texts = {
        "overview": report.section_overview,
        "problems": report.section_problems,
        "other": report.section_other,
    }
    grids = dict(zip(("table_a", "table_b", "table_c"), official_layout(tables), strict=True))
    for key, title in SECTION_HEADINGS:
        if key in texts:
            heading(title)
            paragraphs(texts[key])
            continue

        def block(key=key, title=title) -> None:
            heading(title)
            if key == "table_a" and summary_sentence(report, tables):
                paragraphs(summary_sentence(report, tables))
                pdf.ln(1)
            table(grids[key])

        together(block)
    return bytes(pdf.output())
