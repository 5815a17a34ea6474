"""Reply notices (告知书) as PDF documents with the CJK font embedded.

The frozen HTML body is read back into its blocks (issuer, 发文字号, title, addressee,
paragraphs, table rows, signature) and laid out after GB/T 9704-2012 as it applies to letters:
3号 (16 pt) body text with a two-character first-line indent, 2号 (22 pt) bold title centred,
signature and date at the right. fpdf2's write_html knows no Chinese line-breaking rules, so
every paragraph is broken by kernel.linebreak (避头, 避尾, hanging closing marks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kernel.linebreak import break_lines
from kernel.pdf import FONT, new_document
from requests_app.models import ReplyNotice

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
LINE_MM = 8.6
# GB/T 9704-2012 §5.2.1: 天头 37 mm, 订口 28 mm, text block 156 mm wide.
MARGINS_MM = (28, 37, 26)
RED = (204, 0, 0)


@dataclass
class Block:
    kind: str  # issuer, number, title, addressee, sign, row, para
    text: str = ""
    cells: list[str] = field(default_factory=list)


class _BlockReader(HTMLParser):
    """Read the notice body into blocks; <br> inside a block becomes a newline."""

    KINDS = {
        "notice-issuer": "issuer",
        "notice-number": "number",
        "notice-title": "title",
        "notice-addressee": "addressee",
        "notice-sign": "sign",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.current: Block | None = None

    def _flush(self) -> None:
        if self.current is not None:
            block, self.current = self.current, None
            if block.kind == "row":
                block.text = "：".join(c.strip() for c in block.cells if c.strip())
            block.text = "\n".join(line.strip() for line in block.text.split("\n")).strip()
            if block.text:
                self.blocks.append(block)

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in {"p", "h1", "h2", "h3", "tr", "li"}:
            self._flush()
            kind = next((self.KINDS[c] for c in classes if c in self.KINDS), None)
            self.current = Block(kind or ("title" if tag.startswith("h") else "para"))
            if tag == "tr":
                self.current.kind = "row"
        elif tag in {"th", "td"} and self.current is not None:
            self.current.cells.append("")
        elif tag == "br" and self.current is not None:
            self.current.text += "\n"

    def handle_endtag(self, tag):
        if tag in {"p", "h1", "h2", "h3", "tr", "li", "div", "table"}:
            self._flush()

    def handle_data(self, data):
        if self.current is None:
            if data.strip():
                self.current = Block("para")
            else:
                return
        if self.current.kind == "row" and self.current.cells:
            self.current.cells[-1] += data
        else:
            self.current.text += " ".join(data.split()) if "\n" in data else data


def blocks_of(body_html: str) -> list[Block]:
    reader = _BlockReader()
    reader.feed(body_html)
    reader.close()
    reader._flush()
    return reader.blocks


def notice_pdf(notice: ReplyNotice, body_html: str, *, created: dt.datetime | None = None) -> bytes:
    """The issued notice as an A4 PDF. ``body_html`` is the frozen body as the reader may see
    it (the applicant's online copy masks the name). ``created`` fixes the PDF's creation date
    (and so its file identifier): the archive package needs the same bytes every time.
    Raises kernel.pdf.PdfUnavailable."""
    organisation = notice.application.organisation
    pdf = new_document(title=notice.title, author=organisation.name)
    if created is not None:
        pdf.set_creation_date(created)
    pdf.set_margins(*MARGINS_MM)
    pdf.add_page()
    for block in blocks_of(body_html):
        _lay_out(pdf, block)
    if notice.delivered_on:
        pdf.ln(4)
        pdf.set_font(FONT, size=10)
        _lines(
            pdf,
            f"送达方式：{notice.delivery_method}；送达日期：{notice.delivered_on:%Y年%-m月%-d日}",
            indent=0,
            height=6,
        )
    return bytes(pdf.output())


def _lay_out(pdf, block: Block) -> None:
    if block.kind == "issuer":
        pdf.set_text_color(*RED)
        pdf.set_font(FONT, "B", size=TITLE_PT)
        _lines(pdf, block.text, align="C", height=12)
        pdf.set_draw_color(*RED)
        pdf.set_line_width(0.6)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.set_text_color(0, 0, 0)
        pdf.ln(4)
    elif block.kind == "number":
        pdf.set_font(FONT, size=BODY_PT)
        _lines(pdf, block.text, align="R")
    elif block.kind == "title":
        pdf.ln(6)
        pdf.set_font(FONT, "B", size=TITLE_PT)
        _lines(pdf, block.text, align="C", height=12)
        pdf.ln(4)
    elif block.kind == "sign":
        pdf.ln(8)
        pdf.set_font(FONT, size=BODY_PT)
        _lines(pdf, block.text, align="R")
    else:
        pdf.set_font(FONT, size=BODY_PT)
        indent = 0 if block.kind == "addressee" else 2
        _lines(pdf, block.text, indent=indent)


def _lines(pdf, text: str, *, align: str = "L", indent: int = 0, height: float = LINE_MM):
    """Each paragraph of ``text`` broken by the Chinese rules; ``indent`` in characters."""
    width = pdf.epw
    em = pdf.get_string_width("中")
    for paragraph in text.split("\n"):
        lines = break_lines(paragraph, width, pdf.get_string_width, first_width=width - indent * em)
        for n, line in enumerate(lines):
            offset = indent * em if n == 0 and align == "L" else 0
            pdf.set_x(pdf.l_margin + offset)
            # A hanging closing mark may pass the right edge by one character (悬挂).
            cell = max(width - offset, pdf.get_string_width(line))
            pdf.cell(cell, height, line, align=align, new_x="LMARGIN", new_y="NEXT")


def pdf_filename(notice: ReplyNotice) -> str:
    return f"{notice.title}（{notice.number}）.pdf"
