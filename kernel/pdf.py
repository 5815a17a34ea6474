"""PDF documents with an embedded CJK font (fpdf2), shared by reports and reply notices.

The font comes from settings.REPORT_PDF_FONT (a path or a list of paths; the first file that
exists wins). Debian's fonts-noto-cjk ships OpenType collections (.ttc) with CFF outlines;
fpdf2 embeds a subset of the Simplified Chinese face.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings

DEFAULT_PDF_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
FONT = "cjk"

# fontTools logs every subsetting step at INFO; keep the application log readable.
logging.getLogger("fontTools").setLevel(logging.WARNING)


class PdfUnavailable(Exception):
    """No CJK font to embed: the PDF cannot be made on this server."""


def find_pdf_font() -> str | None:
    configured = getattr(settings, "REPORT_PDF_FONT", None) or DEFAULT_PDF_FONTS
    candidates = [configured] if isinstance(configured, str | Path) else list(configured)
    for candidate in candidates:
        if Path(candidate).is_file():
            return str(candidate)
    return None


def collection_index(path: str) -> int:
    """In a .ttc collection, the face for Simplified Chinese (named “… SC”), else the first."""
    if not path.lower().endswith(".ttc"):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    try:
        for i, font in enumerate(collection.fonts):
            name = font["name"].getDebugName(1) or ""
            if name.endswith(" SC") or "GB" in name:
                return i
    finally:
        collection.close()
    return 0


def new_document(*, title: str, author: str):
    """An A4 fpdf2 document with the CJK font (regular and bold) registered as ``FONT``,
    and page numbers (第N页 共M页) in the footer. Raises PdfUnavailable without a font."""
    path = find_pdf_font()
    if path is None:
        raise PdfUnavailable
    from fpdf import FPDF

    class Document(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, size=8)
            self.cell(0, 6, f"第{self.page_no()}页 共{{nb}}页", align="C")

    pdf = Document(format="A4", unit="mm")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_lang("zh-CN")
    index = collection_index(path)
    pdf.add_font(FONT, fname=path, collection_font_number=index)
    bold = path.replace("-Regular.", "-Bold.")
    pdf.add_font(
        FONT, "B", fname=bold if Path(bold).is_file() else path, collection_font_number=index
    )
    return pdf
