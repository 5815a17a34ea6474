"""Builders of small but real attachment files for tests (PDF, DOCX, XLSX, OFD, images, ...).

Each returns the file's bytes; wrap them in ``io.BytesIO`` or Django's ``SimpleUploadedFile``.
"""

from __future__ import annotations

import io
import itertools
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

# --- PDF --------------------------------------------------------------------------------------


def make_pdf(text: str, *more_pages: str) -> bytes:
    """A PDF with one page per argument, each line of the text on its own line.

    Latin-1 text is set in the standard Helvetica font. Other text (Chinese) uses the Adobe
    CJK font STSong-Light with the UniGB-UTF16-H CMap, which readers supply themselves, so no
    font file needs embedding and text extraction still works.
    """
    pages = (text, *more_pages)
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H"
            b" /DescendantFonts [5 0 R] >>"
        ),
        5: (
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
            b" /FontDescriptor 6 0 R /DW 1000 >>"
        ),
        6: (
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6"
            b" /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120"
            b" /CapHeight 880 /StemV 93 >>"
        ),
    }
    kids = []
    for number, page_text in enumerate(pages):
        page_id, content_id = 7 + 2 * number, 8 + 2 * number
        kids.append(f"{page_id} 0 R".encode())
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >>"
            b" /Contents " + f"{content_id} 0 R".encode() + b" >>"
        )
        stream = _pdf_content(page_text)
        objects[content_id] = (
            f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream"
        )
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + f"] /Count {len(pages)} >>".encode()

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for object_id in sorted(objects):
        offsets[object_id] = len(out)
        out += f"{object_id} 0 obj\n".encode() + objects[object_id] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for object_id in range(1, size):
        out += f"{offsets[object_id]:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _pdf_content(text: str) -> bytes:
    commands = ["BT", "14 TL", "72 770 Td"]
    for line in text.split("\n"):
        try:
            encoded = line.encode("latin-1")
        except UnicodeEncodeError:
            commands += ["/F2 12 Tf", f"<{line.encode('utf-16-be').hex()}> Tj T*"]
        else:
            literal = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            commands += ["/F1 12 Tf", f"({literal.decode('latin-1')}) Tj T*"]
    commands.append("ET")
    return "\n".join(commands).encode("latin-1")


# --- Office Open XML --------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Types xmlns="{_PACKAGE}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_WORD_MAIN}"/>'
    "{overrides}</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def _docx_paragraph(text: str) -> str:
    # Each line of the paragraph is one run; "\t" becomes a w:tab.
    runs = []
    for number, line in enumerate(text.split("\n")):
        parts = []
        if number:
            parts.append("<w:br/>")
        for chunk_number, chunk in enumerate(line.split("\t")):
            if chunk_number:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
        runs.append("<w:r>" + "".join(parts) + "</w:r>")
    return "<w:p>" + "".join(runs) + "</w:p>"


def _docx_part(root: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:{root} xmlns:w="{_W}" xmlns:r="{_R}">{body}</w:{root}>'
    )


def make_docx(
    paragraphs: Iterable[str],
    *,
    table: Sequence[Sequence[str]] = (),
    header: str | None = None,
    footer: str | None = None,
) -> bytes:
    """A minimal Word document: paragraphs, then an optional table, header and footer."""
    body = "".join(_docx_paragraph(text) for text in paragraphs)
    if table:
        rows = "".join(
            "<w:tr>" + "".join(f"<w:tc>{_docx_paragraph(cell)}</w:tc>" for cell in row) + "</w:tr>"
            for row in table
        )
        body += f"<w:tbl>{rows}</w:tbl>"
    members: dict[str, bytes] = {}
    overrides = []
    relationships = []
    section = ""
    for kind, text in (("header", header), ("footer", footer)):
        if text is None:
            continue
        members[f"word/{kind}1.xml"] = _docx_part(kind[0] + "dr", _docx_paragraph(text)).encode()
        overrides.append(
            f'<Override PartName="/word/{kind}1.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"/>\n'
        )
        relationships.append(f'<Relationship Id="{kind}" Type="{_R}/{kind}" Target="{kind}1.xml"/>')
        section += f'<w:{kind}Reference w:type="default" r:id="{kind}"/>'
    body += f"<w:sectPr>{section}</w:sectPr>"
    members["word/document.xml"] = _docx_part("document", f"<w:body>{body}</w:body>").encode()
    if relationships:
        members["word/_rels/document.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PACKAGE}/relationships">'
            + "".join(relationships)
            + "</Relationships>"
        ).encode()
    return make_zip(
        {
            "[Content_Types].xml": _DOCX_CONTENT_TYPES.format(overrides="".join(overrides)),
            "_rels/.rels": _ROOT_RELS,
            **members,
        }
    )


def make_xlsx(
    rows: Iterable[Sequence[object]],
    *,
    title: str = "Sheet1",
    more_sheets: Mapping[str, Iterable[Sequence[object]]] | None = None,
) -> bytes:
    """A workbook written by openpyxl: ``rows`` on the first sheet, then ``more_sheets``."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for sheet_title, sheet_rows in (more_sheets or {}).items():
        extra = workbook.create_sheet(sheet_title)
        for row in sheet_rows:
            extra.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- OFD (GB/T 33190) -------------------------------------------------------------------------

_OFD_NS = "http://www.ofdspec.org/2016"


def make_ofd(text: str, *more_pages: str) -> bytes:
    """An OFD package with one page per argument; each line is a TextObject 5 mm below the last."""
    pages = (text, *more_pages)
    members: dict[str, str] = {
        "OFD.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{_OFD_NS}"'
            ' Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>'
            "0c8a9e1b2f3d4c5b6a7980f1e2d3c4b5</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        ),
        "Doc_0/Document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{_OFD_NS}">'
            "<ofd:CommonData><ofd:MaxUnitID>1000</ofd:MaxUnitID><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>"
            + "".join(
                f'<ofd:Page ID="{10 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                for n in range(len(pages))
            )
            + "</ofd:Pages></ofd:Document>"
        ),
        "Doc_0/PublicRes.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{_OFD_NS}"'
            ' BaseLoc="Res"><ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/>'
            "</ofd:Fonts></ofd:Res>"
        ),
    }
    object_id = 100
    for number, page_text in enumerate(pages):
        objects = []
        for line_number, line in enumerate(page_text.split("\n")):
            object_id += 1
            top = 20 + 5 * line_number
            objects.append(
                f'<ofd:TextObject ID="{object_id}" Boundary="20 {top} 170 5" Font="2" Size="3.5">'
                f'<ofd:TextCode X="0" Y="4">{escape(line)}</ofd:TextCode></ofd:TextObject>'
            )
        members[f"Doc_0/Pages/Page_{number}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{_OFD_NS}">'
            f'<ofd:Content><ofd:Layer ID="{object_id + 1000}">'
            + "".join(objects)
            + "</ofd:Layer></ofd:Content></ofd:Page>"
        )
    return make_zip(members)


# --- images -----------------------------------------------------------------------------------


def make_png() -> bytes:
    """A valid 1x1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\xff")  # filter byte 0, one white pixel
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def make_gif() -> bytes:
    """A valid 1x1 GIF89a."""
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
        b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )


def make_jpeg() -> bytes:
    """A valid baseline 8x8 mid-grey greyscale JPEG (one block, DC difference 0, then EOB)."""

    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload

    one_symbol_table = bytes([1] + [0] * 15) + b"\x00"  # one code of length 1 for symbol 0
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xDB, b"\x00" + b"\x01" * 64)
        + segment(0xC0, b"\x08\x00\x08\x00\x08\x01\x01\x11\x00")
        + segment(0xC4, b"\x00" + one_symbol_table)  # DC table 0
        + segment(0xC4, b"\x10" + one_symbol_table)  # AC table 0
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x3f"  # DC category 0 ("0"), EOB ("0"), padded with ones
        + b"\xff\xd9"
    )


def make_webp() -> bytes:
    """A WebP RIFF container header (enough for content sniffing, not a decodable image)."""
    payload = b"WEBPVP8L" + struct.pack("<I", 5) + b"\x2f\x00\x00\x00\x00\x00"
    return b"RIFF" + struct.pack("<I", len(payload)) + payload


# --- other containers -------------------------------------------------------------------------


def make_zip(members: Mapping[str, bytes | str]) -> bytes:
    """A deflated ZIP archive of ``members`` (str values are UTF-8 encoded)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data.encode() if isinstance(data, str) else data)
    return buffer.getvalue()


def make_ole2(stream_names: Sequence[str], *, storages: Mapping[str, Sequence[str]] = {}) -> bytes:
    """An OLE2 compound file (MS-CFB v3) whose root holds empty streams ``stream_names``.

    ``storages`` maps a sub-storage name to the names of the empty streams inside it (e.g. an
    embedded object's "Workbook" inside a Word document's "ObjectPool").
    """
    sector_size = 512
    free, end_of_chain, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

    names = ["Root Entry"]
    types = [5]
    children: list[list[int]] = [[]]

    def add(name: str, kind: int, parent: int) -> int:
        names.append(name)
        types.append(kind)
        children.append([])
        children[parent].append(len(names) - 1)
        return len(names) - 1

    for name in stream_names:
        add(name, 2, 0)
    for storage, inner_names in storages.items():
        storage_index = add(storage, 1, 0)
        for name in inner_names:
            add(name, 2, storage_index)

    # Children hang off their parent as a chain of right siblings (a valid, if unbalanced,
    # red-black tree with every node black).
    right_sibling = [no_stream] * len(names)
    for siblings in children:
        for left, right in itertools.pairwise(siblings):
            right_sibling[left] = right

    def entry(index: int) -> bytes:
        encoded = (names[index] + "\0").encode("utf-16-le")
        child = children[index][0] if children[index] else no_stream
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), types[index], 1)
            + struct.pack("<III", no_stream, right_sibling[index], child)
            + b"\0" * 36  # CLSID, state bits, creation and modification times
            + struct.pack("<IQ", end_of_chain, 0)  # starting sector, size
        )

    unused = (b"\0" * 66 + struct.pack("<III", no_stream, no_stream, no_stream)).ljust(128, b"\0")
    directory = b"".join(entry(i) for i in range(len(names)))
    directory += unused * (-len(directory) // 128 % (sector_size // 128))
    directory_sectors = len(directory) // sector_size

    # Sector 0 is the FAT; sectors 1..n hold the directory as one chain.
    fat = [fat_sector, *range(2, directory_sectors + 1), end_of_chain]
    fat += [free] * (sector_size // 4 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16  # CLSID
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)  # versions, byte order, sector shifts
        + b"\0" * 6
        # directory sectors (v3: 0), FAT sectors, first directory sector, transaction,
        # mini stream cutoff, first mini FAT sector, mini FAT sectors, first DIFAT, DIFAT sectors
        + struct.pack("<9I", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
        + struct.pack("<109I", 0, *[free] * 108)
    )
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory


def make_exe() -> bytes:
    """The start of a Windows PE executable, with "%PDF-" planted in its first kilobyte."""
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\0" * 56 + b"This program cannot be run. %PDF-1.7"


def make_html() -> bytes:
    return (
        b"<!DOCTYPE html>\n<html><head><title>%PDF-1.4</title></head>"
        b"<body><script>alert(1)</script></body></html>"
    )
