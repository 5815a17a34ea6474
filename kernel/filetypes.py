"""Identify an uploaded attachment's type from its content, never from its name.

Pure module (no Django). An upload's extension and the browser's Content-Type are chosen by
the client; only the bytes decide what the portal stores and how it serves them. Anything not
positively recognised (executables, HTML, plain text, archives of other content, empty or
corrupt files) is ``None``, so callers can refuse it.
"""

from __future__ import annotations

import enum
import struct
import zipfile
from typing import BinaryIO

HEAD_SIZE = 1024  # PDF readers accept the "%PDF-" header anywhere in the first 1024 bytes
OLE_SCAN_SIZE = 64 * 1024  # fallback scan window for damaged compound files


class FileKind(enum.StrEnum):
    PDF = "pdf"
    OFD = "ofd"
    DOC = "doc"
    DOCX = "docx"
    XLS = "xls"
    XLSX = "xlsx"
    JPEG = "jpeg"
    PNG = "png"
    GIF = "gif"
    WEBP = "webp"


KIND_LABELS: dict[FileKind, str] = {
    FileKind.PDF: "PDF 文档",
    FileKind.OFD: "OFD 版式文档",
    FileKind.DOC: "Word 文档",
    FileKind.DOCX: "Word 文档",
    FileKind.XLS: "Excel 表格",
    FileKind.XLSX: "Excel 表格",
    FileKind.JPEG: "图片",
    FileKind.PNG: "图片",
    FileKind.GIF: "图片",
    FileKind.WEBP: "图片",
}

KIND_EXTENSIONS: dict[FileKind, tuple[str, ...]] = {
    FileKind.PDF: (".pdf",),
    FileKind.OFD: (".ofd",),
    FileKind.DOC: (".doc",),
    FileKind.DOCX: (".docx",),
    FileKind.XLS: (".xls",),
    FileKind.XLSX: (".xlsx",),
    FileKind.JPEG: (".jpg", ".jpeg"),
    FileKind.PNG: (".png",),
    FileKind.GIF: (".gif",),
    FileKind.WEBP: (".webp",),
}

KIND_MIME: dict[FileKind, str] = {
    FileKind.PDF: "application/pdf",
    # GB/T 33190 registers no media type; "application/ofd" is what OFD readers and the
    # national platforms use.
    FileKind.OFD: "application/ofd",
    FileKind.DOC: "application/msword",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLS: "application/vnd.ms-excel",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.GIF: "image/gif",
    FileKind.WEBP: "image/webp",
}

_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_GIF_MAGICS = (b"GIF87a", b"GIF89a")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"
# Executables and scripts are refused even when a "%PDF-" appears in their first kilobyte
# (PDF polyglots); markup is refused so an HTML page is never served as a document.
_REFUSED_PREFIXES = (
    b"MZ",  # DOS/Windows PE
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O fat binary / Java class
    b"#!",
    b"<",
)

_WORD_STREAMS = frozenset({"WordDocument"})
_EXCEL_STREAMS = frozenset({"Workbook", "Book"})  # BIFF8 and BIFF5


def size_display(size: int) -> str:
    """A file size as a reader sees it: whole KB below one MB (at least 1 KB), else MB."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def sniff(fileobj: BinaryIO) -> FileKind | None:
    """Return the kind the content proves, or None; the file position is left at 0."""
    fileobj.seek(0)
    try:
        head = fileobj.read(HEAD_SIZE)
        return _sniff(fileobj, head)
    finally:
        fileobj.seek(0)


def _sniff(fileobj: BinaryIO, head: bytes) -> FileKind | None:
    if head.startswith(_PNG_MAGIC):
        return FileKind.PNG
    if head.startswith(_JPEG_MAGIC):
        return FileKind.JPEG
    if head.startswith(_GIF_MAGICS):
        return FileKind.GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.WEBP
    if head.startswith(_OLE_MAGIC):
        return _sniff_compound_file(fileobj)
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(fileobj)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_REFUSED_PREFIXES):
        return None
    if _PDF_MAGIC in head:
        return FileKind.PDF
    return None


def _sniff_zip(fileobj: BinaryIO) -> FileKind | None:
    """DOCX, XLSX or OFD by the names of the archive's members; nothing is decompressed."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
    except Exception:  # crafted archives raise BadZipFile, but also ValueError, OSError, ...
        return None
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return FileKind.DOCX
        if "xl/workbook.xml" in names:
            return FileKind.XLSX
    if "OFD.xml" in names:  # GB/T 33190: the entry file sits at the package root
        return FileKind.OFD
    return None


def _sniff_compound_file(fileobj: BinaryIO) -> FileKind | None:
    """DOC or XLS by the streams at the root of an OLE2 compound file (MS-CFB)."""
    try:
        names = _compound_root_stream_names(fileobj)
    except (ValueError, struct.error, OSError):
        names = _scan_for_stream_names(fileobj)
    if names & _WORD_STREAMS:
        return FileKind.DOC
    if names & _EXCEL_STREAMS:
        return FileKind.XLS
    return None


# --- MS-CFB reader: only as much as needed to list the root storage's streams ---------------

_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_MAX_REGULAR_SECTOR = 0xFFFFFFFA
_NOSTREAM = 0xFFFFFFFF
_MAX_DIRECTORY_SECTORS = 256
_MAX_DIFAT_SECTORS = 1024
_STREAM = 2
_ROOT = 5


class _CompoundFile:
    def __init__(self, fileobj: BinaryIO) -> None:
        fileobj.seek(0)
        header = fileobj.read(512)
        if len(header) < 512:
            raise ValueError("truncated header")
        shift = struct.unpack_from("<H", header, 0x1E)[0]
        if shift not in (9, 12):
            raise ValueError("bad sector size")
        self.fileobj = fileobj
        self.sector_size = 1 << shift
        self.first_directory_sector = struct.unpack_from("<I", header, 0x30)[0]
        self.next_difat_sector, self.difat_sector_count = struct.unpack_from("<II", header, 0x44)
        self.fat_sectors: list[int] = list(struct.unpack_from("<109I", header, 0x4C))
        self.difat_exhausted = False
        self.difat_read = 0

    def read_sector(self, sector: int) -> bytes:
        if sector > _MAX_REGULAR_SECTOR:
            raise ValueError("not a regular sector")
        self.fileobj.seek((sector + 1) * self.sector_size)
        data = self.fileobj.read(self.sector_size)
        if len(data) != self.sector_size:
            raise ValueError("sector beyond end of file")
        return data

    def fat_sector_for(self, index: int) -> int:
        # The header lists the first 109 FAT sectors; the rest are listed in DIFAT sectors.
        while index >= len(self.fat_sectors) and not self.difat_exhausted:
            if self.next_difat_sector > _MAX_REGULAR_SECTOR or self.difat_read >= min(
                self.difat_sector_count, _MAX_DIFAT_SECTORS
            ):
                self.difat_exhausted = True
                break
            data = self.read_sector(self.next_difat_sector)
            count = self.sector_size // 4
            entries = struct.unpack(f"<{count}I", data)
            self.fat_sectors.extend(entries[:-1])
            self.next_difat_sector = entries[-1]
            self.difat_read += 1
        if index >= len(self.fat_sectors) or self.fat_sectors[index] > _MAX_REGULAR_SECTOR:
            raise ValueError("FAT sector missing")
        return self.fat_sectors[index]

    def next_sector(self, sector: int) -> int:
        per_sector = self.sector_size // 4
        fat = self.read_sector(self.fat_sector_for(sector // per_sector))
        return struct.unpack_from("<I", fat, (sector % per_sector) * 4)[0]

    def directory(self) -> bytes:
        chunks = []
        sector = self.first_directory_sector
        seen = set()
        while sector != _ENDOFCHAIN:
            if sector in seen or len(seen) >= _MAX_DIRECTORY_SECTORS:
                raise ValueError("directory chain loops or is too long")
            seen.add(sector)
            chunks.append(self.read_sector(sector))
            sector = self.next_sector(sector)
        return b"".join(chunks)


def _compound_root_stream_names(fileobj: BinaryIO) -> set[str]:
    directory = _CompoundFile(fileobj).directory()
    entry_count = len(directory) // 128

    def entry(index: int) -> tuple[str, int, int, int, int]:
        if index >= entry_count:
            raise ValueError("directory entry out of range")
        raw = directory[index * 128 : (index + 1) * 128]
        name_length = struct.unpack_from("<H", raw, 0x40)[0]
        if name_length > 64 or name_length % 2:
            raise ValueError("bad directory entry name")
        name = raw[: max(name_length - 2, 0)].decode("utf-16-le", errors="replace")
        left, right, child = struct.unpack_from("<III", raw, 0x44)
        return name, raw[0x42], left, right, child

    _name, kind, _left, _right, child = entry(0)
    if kind != _ROOT:
        raise ValueError("first directory entry is not the root")
    # The root's children form a tree linked through left/right siblings.
    names: set[str] = set()
    pending = [child]
    visited: set[int] = set()
    while pending:
        index = pending.pop()
        if index == _NOSTREAM:
            continue
        if index in visited:
            raise ValueError("directory tree loops")
        visited.add(index)
        name, kind, left, right, _child = entry(index)
        if kind == _STREAM:
            names.add(name)
        pending.extend((left, right))
    return names


def _scan_for_stream_names(fileobj: BinaryIO) -> set[str]:
    """Fallback for damaged directories: look for the UTF-16LE names near the start."""
    fileobj.seek(0)
    window = fileobj.read(OLE_SCAN_SIZE)
    return {
        name
        for name in _WORD_STREAMS | _EXCEL_STREAMS
        if (name + "\0").encode("utf-16-le") in window
    }
