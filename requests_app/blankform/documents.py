"""The blank 政府信息公开申请表 as PDF (fpdf2, CJK font) and DOCX (python-docx).

The documents are the same for every visitor: each is made once per process and kept.
"""

from __future__ import annotations

import functools
import io

from kernel.pdf import FONT, new_document
from requests_app.blankform.layout import NOTES, TITLE, sections

PDF_FILENAME = f"{TITLE}.pdf"
DOCX_FILENAME = f"{TITLE}.docx"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Column widths in mm on A4 with 16 mm margins (178 mm): section, label, value, label, value.
SECTION_W, LABEL_W, VALUE_W = 22, 30, 48


@functools.cache
def blank_form_pdf() -> bytes:
    """The form as an A4 PDF. Raises kernel.pdf.PdfUnavailable without a CJK font."""
    pdf = new_document(title=TITLE, author="政府信息公开平台")
    pdf.add_page()
    pdf.set_font(FONT, "B", size=18)
    pdf.cell(0, 12, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=10)
    pdf.cell(0, 8, "受理机关：______________________　　申请编号（受理机关填写）：______________",
             new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    pdf.ln(2)
    for section in sections():
        heights = [26 if row.tall else 10 for row in section.rows]
        top = pdf.get_y()
        if top + sum(heights) > pdf.page_break_trigger:
            pdf.add_page()
            top = pdf.get_y()
        x0 = pdf.l_margin
        pdf.set_font(FONT, "B", size=10)
        pdf.set_xy(x0, top)
        pdf.multi_cell(SECTION_W, sum(heights), "", border=1)
        pdf.set_xy(x0, top + sum(heights) / 2 - 6)
        pdf.multi_cell(SECTION_W, 6, section.title, align="C")
        pdf.set_font(FONT, size=9)
        y = top
        for row, height in zip(section.rows, heights, strict=True):
            x = x0 + SECTION_W
            wide = len(row.cells) == 1
            for label, value in row.cells:
                width = LABEL_W + VALUE_W * (3 if wide else 1) + (LABEL_W if wide else 0)
                _box(pdf, x, y, LABEL_W, height, label, bold=True)
                _box(pdf, x + LABEL_W, y, width - LABEL_W, height, value)
                x += width
            y += height
        pdf.set_xy(x0, y)
    pdf.ln(4)
    pdf.set_font(FONT, "B", size=10)
    pdf.cell(0, 7, "填表说明", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    for number, note in enumerate(NOTES, start=1):
        pdf.multi_cell(0, 5.5, f"{number}. {note}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _box(pdf, x: float, y: float, w: float, h: float, text: str, bold: bool = False) -> None:
    pdf.rect(x, y, w, h)
    if text:
        pdf.set_font(FONT, "B" if bold else "", size=9)
        pdf.set_xy(x + 1, y + 1)
        pdf.multi_cell(w - 2, 4.5, text)


@functools.cache
def blank_form_docx() -> bytes:
    """The form as a Word document with the same table, for filling in on a computer."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(1.8)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(18)
    document.add_paragraph(
        "受理机关：______________________　　申请编号（受理机关填写）：______________"
    )

    rows = [(section, row) for section in sections() for row in section.rows]
    table = document.add_table(rows=len(rows), cols=5)
    table.style = "Table Grid"
    start = 0
    for section in sections():
        end = start + len(section.rows) - 1
        merged = (
            table.cell(start, 0).merge(table.cell(end, 0)) if end > start else table.cell(start, 0)
        )
        merged.text = section.title
        merged.paragraphs[0].runs[0].bold = True
        for offset, row in enumerate(section.rows):
            cells = table.rows[start + offset].cells
            if len(row.cells) == 1:
                label, value = row.cells[0]
                cells[1].text = label
                value_cell = cells[2].merge(cells[4])
                value_cell.text = value
            else:
                for index, (label, value) in enumerate(row.cells):
                    cells[1 + 2 * index].text = label
                    cells[2 + 2 * index].text = value
            for index in (1, 3):
                for run in cells[index].paragraphs[0].runs:
                    run.bold = True
            if row.tall:
                table.rows[start + offset].height = Cm(4)
        start = end + 1

    document.add_paragraph()
    notes_title = document.add_paragraph()
    notes_title.add_run("填表说明").bold = True
    for number, note in enumerate(NOTES, start=1):
        document.add_paragraph(f"{number}. {note}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
