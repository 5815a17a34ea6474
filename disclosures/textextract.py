"""Extract the plain text of an attachment for the pre-publication privacy scan and search.

Pure module (no Django). Input is untrusted: every failure yields "" instead of an exception,
archives are checked for decompression bombs before anything is inflated, XML with a DOCTYPE
is refused (Office and OFD parts never carry one, so one is a sign of an entity attack), and
nothing read from the file is ever logged: attachments carry personal data.

"" therefore means "no text could be read" as much as "there is no text" (a scanned image
PDF, an encrypted PDF, a DOC/XLS, a damaged file): callers running the privacy scan should
treat it as "not scanned", not as "clean".
"""

from __future__ import annotations

import contextlib
import logging
import re
import zipfile
from collections.abc import Callable
from typing import BinaryIO
from xml.parsers import expat

from openpyxl import load_workbook
from pypdf import PdfReader

from kernel.filetypes import FileKind

logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
MAX_MEMBER_SIZE = 50 * 1024 * 1024  # refuse a single archive member larger than this
MAX_TOTAL_SIZE = 200 * 1024 * 1024  # refuse archives whose relevant members add up to more

_SAFE_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


class _Refused(Exception):
    """The file is unsafe or too large to inflate."""


class _Enough(Exception):
    """MAX_CHARS have been collected; stop parsing."""


def extract_text(fileobj: BinaryIO, kind: FileKind) -> str:
    """Return up to MAX_CHARS of the file's text, or "" when it cannot be read safely."""
    extractor = _EXTRACTORS.get(kind)
    if extractor is None:
        return ""
    fileobj.seek(0)
    try:
        text = extractor(fileobj)
    except Exception as exc:
        # Only the exception's class: its message may quote the file's content.
        logger.info("text extraction from a %s attachment failed: %s", kind, type(exc).__name__)
        return ""
    finally:
        with contextlib.suppress(Exception):
            fileobj.seek(0)
    return text[:MAX_CHARS]


class _Collector:
    """Accumulates text pieces and stops the parse once MAX_CHARS are reached."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0

    def add(self, piece: str) -> None:
        if not piece:
            return
        self.pieces.append(piece)
        self.length += len(piece)
        if self.length > MAX_CHARS:
            raise _Enough

    def strip_trailing(self, char: str) -> None:
        while self.pieces and self.pieces[-1] == char:
            self.length -= len(self.pieces.pop())

    def text(self) -> str:
        return "".join(self.pieces)


# --- PDF --------------------------------------------------------------------------------------


def _extract_pdf(fileobj: BinaryIO) -> str:
    # pypdf caps each decoded stream (pypdf.filters limits, 75 MB) against Flate bombs.
    reader = PdfReader(fileobj)
    if reader.is_encrypted:
        reader.decrypt("")  # owner-password-only PDFs open with an empty user password
    collector = _Collector()
    try:
        for page in reader.pages:
            collector.add(page.extract_text() or "")
            collector.add("\n")
    except _Enough:
        pass
    return collector.text()


# --- ZIP-based formats ------------------------------------------------------------------------


def _checked_members(archive: zipfile.ZipFile, names: list[str]) -> list[zipfile.ZipInfo]:
    """ZipInfos for ``names``, refusing bombs before anything is inflated.

    ZipExtFile never returns more than the declared size (it truncates and then fails the CRC),
    so checking declared sizes bounds the memory and time spent. Only stored and deflated
    members are read: deflate output is produced in bounded chunks, bzip2/LZMA output is not.
    """
    members = [archive.getinfo(name) for name in names]
    total = 0
    for info in members:
        if info.file_size > MAX_MEMBER_SIZE or info.compress_type not in _SAFE_COMPRESSION:
            raise _Refused
        total += info.file_size
    if total > MAX_TOTAL_SIZE:
        raise _Refused
    return members


def _parse_xml(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
) -> None:
    """Stream one XML member through expat, passing local element names to the handlers."""

    def refuse(*_args: object) -> None:
        raise _Refused

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda name, attrs: start(name.rpartition(" ")[2], attrs)
    parser.EndElementHandler = lambda name: end(name.rpartition(" ")[2])
    parser.CharacterDataHandler = text
    with archive.open(info) as member:
        parser.ParseFile(member)


# DOCX: the body first, then the other parts that are printed or travel with the file.
_DOCX_EXTRA_PARTS = ("header", "footer", "footnotes", "endnotes", "comments")
_DOCX_EXTRA_PART = re.compile(r"^word/(?P<part>[a-z]+?)\d*\.xml$")
_DOCX_TEXT = frozenset({"t", "delText"})  # deleted revisions are still in the file


def _docx_parts(names: list[str]) -> list[str]:
    extras = []
    for name in names:
        match = _DOCX_EXTRA_PART.match(name)
        if match and match["part"] in _DOCX_EXTRA_PARTS:
            extras.append((_DOCX_EXTRA_PARTS.index(match["part"]), _natural_key(name), name))
    return ["word/document.xml", *(name for _order, _key, name in sorted(extras))]


def _extract_docx(fileobj: BinaryIO) -> str:
    collector = _Collector()
    with zipfile.ZipFile(fileobj) as archive:
        members = _checked_members(archive, _docx_parts(archive.namelist()))
        try:
            for info in members:
                part = _DocxPart(collector)
                _parse_xml(archive, info, part.start, part.end, part.text)
                collector.add("\n")
        except _Enough:
            pass
    return collector.text()


class _DocxPart:
    """WordprocessingML to text: runs joined, paragraphs as lines, table cells tab-separated."""

    def __init__(self, collector: _Collector) -> None:
        self.collector = collector
        self.stack: list[str] = []
        self.fallback_depth = 0
        self.cell_depth = 0

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        self.stack.append(name)
        if name == "Fallback":  # mc:Fallback repeats the mc:Choice content (e.g. text boxes)
            self.fallback_depth += 1
        elif name == "tc":
            self.cell_depth += 1
        elif self.fallback_depth == 0 and len(self.stack) > 1 and self.stack[-2] == "r":
            if name == "tab":
                self.collector.add("\t")
            elif name in ("br", "cr"):
                self.collector.add("\n")
            elif name == "noBreakHyphen":
                self.collector.add("-")

    def end(self, name: str) -> None:
        self.stack.pop()
        if name == "Fallback":
            self.fallback_depth -= 1
        elif name == "tc":
            self.cell_depth -= 1
            if self.fallback_depth == 0:
                self.collector.strip_trailing(" ")
                self.collector.add("\t")
        elif self.fallback_depth:
            return
        elif name == "p":
            # Inside a table a paragraph ends a line of the cell, not a line of the page.
            self.collector.add(" " if self.cell_depth else "\n")
        elif name == "tr":
            self.collector.strip_trailing("\t")
            self.collector.add("\n")

    def text(self, data: str) -> None:
        if self.fallback_depth == 0 and self.stack and self.stack[-1] in _DOCX_TEXT:
            self.collector.add(data)


def _extract_xlsx(fileobj: BinaryIO) -> str:
    with zipfile.ZipFile(fileobj) as archive:
        # openpyxl inflates parts on its own: vet every member first.
        _checked_members(archive, archive.namelist())
    fileobj.seek(0)
    collector = _Collector()
    workbook = load_workbook(fileobj, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            collector.add(f"{sheet.title}\n")
            for row in sheet.iter_rows(values_only=True):
                cells = [_cell_text(value) for value in row]
                line = "\t".join(cell for cell in cells if cell)
                if line:
                    collector.add(line + "\n")
    except _Enough:
        pass
    finally:
        workbook.close()
    return collector.text()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    # Long numbers typed into Excel come back as floats (1.3812345678E10): show the digits.
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value).strip()


# OFD (GB/T 33190): text lives in ofd:TextCode elements of each page's Content.xml.
_OFD_PAGE = re.compile(r"^Doc_(\d+)/Pages/Page_(\d+)/Content\.xml$")
_SAME_LINE_TOLERANCE = 0.5  # millimetres


def _extract_ofd(fileobj: BinaryIO) -> str:
    collector = _Collector()
    with zipfile.ZipFile(fileobj) as archive:
        pages = sorted(
            (name for name in archive.namelist() if _OFD_PAGE.match(name)), key=_natural_key
        )
        members = _checked_members(archive, pages)
        try:
            for info in members:
                page = _OfdPage(collector)
                _parse_xml(archive, info, page.start, page.end, page.text)
                collector.add("\n")
        except _Enough:
            pass
    return collector.text()


class _OfdPage:
    """Join TextCodes on one baseline; a new line starts when the baseline moves.

    Best effort: a TextCode's baseline is its TextObject's Boundary y plus its own Y. Text
    objects sharing a baseline are separated by a tab (they are usually table cells).
    """

    def __init__(self, collector: _Collector) -> None:
        self.collector = collector
        self.object_count = 0
        self.object_y = 0.0
        self.last_y: float | None = None
        self.last_object = -1
        self.in_code = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "TextObject":
            self.object_count += 1
            self.object_y = _number(attrs.get("Boundary", "").split()[1:2])
        elif name == "TextCode":
            baseline = self.object_y + _number([attrs.get("Y", "0")])
            if self.last_y is not None:
                if abs(baseline - self.last_y) > _SAME_LINE_TOLERANCE:
                    self.collector.add("\n")
                elif self.object_count != self.last_object:
                    self.collector.add("\t")
            self.last_y = baseline
            self.last_object = self.object_count
            self.in_code = True

    def end(self, name: str) -> None:
        if name == "TextCode":
            self.in_code = False

    def text(self, data: str) -> None:
        if self.in_code:
            self.collector.add(data)


def _number(values: list[str]) -> float:
    try:
        return float(values[0])
    except (IndexError, ValueError):
        return 0.0


def _natural_key(name: str) -> list[int | str]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


_EXTRACTORS: dict[FileKind, Callable[[BinaryIO], str]] = {
    FileKind.PDF: _extract_pdf,
    FileKind.DOCX: _extract_docx,
    FileKind.XLSX: _extract_xlsx,
    FileKind.OFD: _extract_ofd,
}
