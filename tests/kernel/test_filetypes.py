import io
import struct
import zipfile

import pytest

from kernel import filetypes
from kernel.filetypes import KIND_EXTENSIONS, KIND_LABELS, KIND_MIME, FileKind, sniff
from tests.disclosures import samples


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.make_pdf("Hello 2026"), FileKind.PDF),
        (samples.make_docx(["通知正文"]), FileKind.DOCX),
        (samples.make_xlsx([["姓名", "金额"], ["张*", 800]]), FileKind.XLSX),
        (samples.make_ofd("关于公布低保对象的公示"), FileKind.OFD),
        (samples.make_ole2(["WordDocument", "1Table", "\x05SummaryInformation"]), FileKind.DOC),
        (samples.make_ole2(["Workbook", "\x05SummaryInformation"]), FileKind.XLS),
        (samples.make_ole2(["Book"]), FileKind.XLS),  # Excel 5/95 (BIFF5)
        (samples.make_png(), FileKind.PNG),
        (samples.make_jpeg(), FileKind.JPEG),
        (samples.make_gif(), FileKind.GIF),
        (samples.make_webp(), FileKind.WEBP),
    ],
)
def test_supported_files_are_recognised_by_content(content, kind):
    assert sniff(io.BytesIO(content)) is kind


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(samples.make_exe(), id="windows-executable-with-pdf-marker"),
        pytest.param(b"\x7fELF\x02\x01\x01\x00 %PDF-1.4", id="elf-executable"),
        pytest.param(b"#!/bin/sh\n# %PDF-1.4\nrm -rf /\n", id="shell-script"),
        pytest.param(samples.make_html(), id="html"),
        pytest.param(b"\xef\xbb\xbf  <html><body>%PDF-1.4</body></html>", id="html-after-bom"),
        pytest.param("申请人：张三\n身份证号：略\n".encode(), id="plain-text"),
        pytest.param(samples.make_zip({"a.txt": "x", "b/c.bin": b"\0" * 10}), id="zip-of-files"),
        pytest.param(samples.make_zip({"word/document.xml": "<w/>"}), id="docx-without-types"),
        pytest.param(samples.make_zip({"Doc_0/OFD.xml": "<x/>"}), id="ofd-entry-not-at-root"),
        pytest.param(samples.make_docx(["x"])[:200], id="truncated-zip"),
        pytest.param(b"PK\x03\x04" + b"\xff" * 500, id="corrupt-zip"),
        pytest.param(samples.make_ole2(["PowerPoint Document"]), id="powerpoint"),
        pytest.param(samples.make_ole2([]), id="empty-compound-file"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, id="truncated-ole2"),
        pytest.param(b"RIFF\x24\x00\x00\x00WAVEfmt ", id="wav"),
        pytest.param(b"x" * 1024 + b"%PDF-1.7\n", id="pdf-marker-after-first-kilobyte"),
    ],
)
def test_anything_else_is_not_recognised(content):
    assert sniff(io.BytesIO(content)) is None


def test_extension_is_irrelevant_only_bytes_count():
    # An executable uploaded as "公告.pdf" is still an executable.
    upload = io.BytesIO(samples.make_exe())
    upload.name = "公告.pdf"
    assert sniff(upload) is None


def test_pdf_header_may_follow_a_short_preamble():
    assert sniff(io.BytesIO(b"\r\n" * 100 + samples.make_pdf("x"))) is FileKind.PDF


def test_word_document_embedding_a_workbook_is_a_doc():
    content = samples.make_ole2(
        ["WordDocument", "1Table"], storages={"ObjectPool": ["Workbook", "\x01Ole"]}
    )
    assert sniff(io.BytesIO(content)) is FileKind.DOC


def test_workbook_embedding_a_word_document_is_an_xls():
    content = samples.make_ole2(["Workbook"], storages={"MBD0001": ["WordDocument"]})
    assert sniff(io.BytesIO(content)) is FileKind.XLS


def test_compound_file_with_a_directory_spanning_several_sectors():
    names = [f"Stream{i}" for i in range(10)] + ["WordDocument"]
    assert sniff(io.BytesIO(samples.make_ole2(names))) is FileKind.DOC


def test_damaged_compound_file_falls_back_to_scanning_for_stream_names():
    header = bytearray(samples.make_ole2(["WordDocument"]))
    struct.pack_into("<H", header, 0x1E, 7)  # impossible sector size: the directory is unreadable
    assert sniff(io.BytesIO(bytes(header))) is FileKind.DOC


def test_compound_file_with_a_looping_directory_chain_is_not_recognised():
    content = bytearray(samples.make_ole2(["PowerPoint Document"]))
    struct.pack_into("<I", content, 512 + 4, 1)  # FAT: directory sector 1 points to itself
    assert sniff(io.BytesIO(bytes(content))) is None


def test_sniff_reads_from_the_start_and_rewinds():
    upload = io.BytesIO(samples.make_docx(["x"]))
    upload.seek(10)
    assert sniff(upload) is FileKind.DOCX
    assert upload.tell() == 0


def test_sniff_lists_zip_members_without_reading_them():
    # The member's data is corrupt (CRC mismatch): reading it would fail, listing it does not.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>ORIGINAL</w:document>")
    corrupt = buffer.getvalue().replace(b"ORIGINAL", b"TAMPERED")
    with zipfile.ZipFile(io.BytesIO(corrupt)) as archive, pytest.raises(zipfile.BadZipFile):
        archive.read("word/document.xml")
    assert sniff(io.BytesIO(corrupt)) is FileKind.DOCX


@pytest.mark.parametrize("kind", list(FileKind))
def test_every_kind_has_a_label_extensions_and_mime_type(kind):
    assert KIND_LABELS[kind]
    assert all(ext.startswith(".") and ext == ext.lower() for ext in KIND_EXTENSIONS[kind])
    assert "/" in KIND_MIME[kind]


def test_canonical_extensions_match_the_kind_values():
    assert KIND_EXTENSIONS[FileKind.JPEG] == (".jpg", ".jpeg")
    for kind in set(FileKind) - {FileKind.JPEG}:
        assert KIND_EXTENSIONS[kind] == (f".{kind}",)


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "1 KB"),
        (100, "1 KB"),
        (1536, "2 KB"),
        (1024 * 1024 - 1, "1024 KB"),
        (1024 * 1024, "1.0 MB"),
        (5 * 1024 * 1024 + 512 * 1024, "5.5 MB"),
    ],
)
def test_file_sizes_are_shown_in_kb_below_one_mb_and_in_mb_above(size, shown):
    assert filetypes.size_display(size) == shown
