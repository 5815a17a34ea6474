"""Reply notices (告知书) as PDF documents with the CJK font embedded."""

from __future__ import annotations

from catalog.pdf import FONT, new_document
from requests_app.models import ReplyNotice


def notice_pdf(notice: ReplyNotice, body_html: str) -> bytes:
    """The issued notice as an A4 PDF. ``body_html`` is the frozen body as the reader may see
    it (the applicant's online copy masks the name). Raises catalog.pdf.PdfUnavailable."""
    from fpdf import FontFace

    organisation = notice.application.organisation
    pdf = new_document(title=notice.title, author=organisation.name)
    pdf.add_page()
    pdf.set_font(FONT, size=12)
    pdf.write_html(
        body_html,
        font_family=FONT,
        tag_styles={
            "h2": FontFace(family=FONT, emphasis="BOLD", color="#000000", size_pt=18),
        },
    )
    if notice.delivered_on:
        pdf.ln(4)
        pdf.set_font(FONT, size=9)
        pdf.multi_cell(
            0,
            6,
            f"送达方式：{notice.delivery_method}；送达日期：{notice.delivered_on:%Y年%m月%d日}",
        )
    return bytes(pdf.output())


def pdf_filename(notice: ReplyNotice) -> str:
    return f"{notice.title}（{notice.number}）.pdf"
