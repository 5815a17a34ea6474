import io
import logging
import zipfile

import pytest

from disclosures import textextract
from disclosures.textextract import MAX_CHARS, extract_text
from kernel.filetypes import FileKind
from tests.disclosures import samples

ID_NUMBER = "11010519491231002X"


def extract(content: bytes, kind: FileKind) -> str:
    return extract_text(io.BytesIO(content), kind)


def docx_with_body(body: str) -> bytes:
    """A DOCX whose document.xml body is ``body`` (raw WordprocessingML)."""
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}</w:body></w:document>"
    )
    return samples.make_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": document})


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_text_of_every_page_is_extracted():
    content = samples.make_pdf(f"Applicant ID {ID_NUMBER}\nPhone 13812345678", "Page (2) of 2")
    text = extract(content, FileKind.PDF)
    assert ID_NUMBER in text
    assert "13812345678" in text
    assert "Page (2) of 2" in text
    assert text.index(ID_NUMBER) < text.index("Page (2)")


def test_pdf_chinese_text_is_extracted():
    text = extract(samples.make_pdf(f"申请人：张三\n身份证号码：{ID_NUMBER}"), FileKind.PDF)
    assert "申请人：张三" in text
    assert ID_NUMBER in text


# --- DOCX -------------------------------------------------------------------------------------


def test_docx_paragraphs_become_lines():
    content = samples.make_docx(["关于公布2026年低保对象的公示", f"身份证号码：{ID_NUMBER}"])
    lines = extract(content, FileKind.DOCX).splitlines()
    assert lines[:2] == ["关于公布2026年低保对象的公示", f"身份证号码：{ID_NUMBER}"]


def test_docx_table_cells_are_separated_by_tabs_and_rows_by_lines():
    content = samples.make_docx(
        ["花名册"], table=[["姓名", "身份证号码", "金额"], ["张三", ID_NUMBER, "800"]]
    )
    lines = extract(content, FileKind.DOCX).splitlines()
    assert lines[1:3] == ["姓名\t身份证号码\t金额", f"张三\t{ID_NUMBER}\t800"]


def test_docx_tabs_and_line_breaks_inside_a_paragraph_are_kept():
    text = extract(samples.make_docx(["姓名\t张三\n电话\t13812345678"]), FileKind.DOCX)
    assert text.startswith("姓名\t张三\n电话\t13812345678\n")


def test_docx_headers_and_footers_follow_the_body():
    content = samples.make_docx(["正文"], header="页眉 联系人 13812345678", footer="第 1 页")
    text = extract(content, FileKind.DOCX)
    assert text.index("正文") < text.index("页眉 联系人 13812345678") < text.index("第 1 页")


def test_docx_text_split_across_runs_is_joined():
    body = "<w:p><w:r><w:t>1101051949</w:t></w:r><w:r><w:t>1231002X</w:t></w:r></w:p>"
    assert extract(docx_with_body(body), FileKind.DOCX) == f"{ID_NUMBER}\n\n"


def test_docx_deleted_revisions_are_extracted_because_they_are_still_in_the_file():
    body = f"<w:p><w:del><w:r><w:delText>{ID_NUMBER}</w:delText></w:r></w:del></w:p>"
    assert ID_NUMBER in extract(docx_with_body(body), FileKind.DOCX)


def test_docx_fallback_copies_of_text_boxes_are_not_repeated():
    box = "<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>"
    body = (
        "<w:p><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'>{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    assert extract(docx_with_body(body), FileKind.DOCX).count("文本框") == 1


def test_docx_tab_stop_definitions_are_not_text():
    body = (
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>正文</w:t></w:r></w:p>"
    )
    assert extract(docx_with_body(body), FileKind.DOCX) == "正文\n\n"


# --- XLSX -------------------------------------------------------------------------------------


def test_xlsx_every_sheet_and_non_empty_cell_is_extracted():
    content = samples.make_xlsx(
        [["姓名", "身份证号码", None, "金额"], ["张三", ID_NUMBER, None, 800.5], [None, None]],
        title="低保对象",
        more_sheets={"汇总": [["合计", 800.5]]},
    )
    assert extract(content, FileKind.XLSX) == (
        f"低保对象\n姓名\t身份证号码\t金额\n张三\t{ID_NUMBER}\t800.5\n汇总\n合计\t800.5\n"
    )


def test_xlsx_numbers_stored_as_floats_show_their_digits():
    content = samples.make_xlsx([[13812345678.0, 6222021234567890.0, 3.0]])
    assert extract(content, FileKind.XLSX).splitlines()[1] == "13812345678\t6222021234567890\t3"


# --- OFD --------------------------------------------------------------------------------------


def test_ofd_text_codes_of_every_page_are_extracted_in_order():
    content = samples.make_ofd(f"申请人：张三\n身份证号码：{ID_NUMBER}", "第二页 13812345678")
    lines = extract(content, FileKind.OFD).splitlines()
    assert lines == ["申请人：张三", f"身份证号码：{ID_NUMBER}", "第二页 13812345678"]


def test_ofd_pages_are_read_in_numeric_order():
    pages = [f"第{n}页" for n in range(12)]
    lines = extract(samples.make_ofd(*pages), FileKind.OFD).splitlines()
    assert lines == pages


def test_ofd_text_codes_on_one_baseline_are_one_line():
    ns = "http://www.ofdspec.org/2016"
    page = (
        f'<ofd:Page xmlns:ofd="{ns}"><ofd:Content><ofd:Layer ID="1">'
        '<ofd:TextObject ID="2" Boundary="20 30 100 5" Font="1" Size="3">'
        '<ofd:TextCode X="0" Y="4">1101051949</ofd:TextCode>'
        '<ofd:TextCode X="30" Y="4">1231002X</ofd:TextCode></ofd:TextObject>'
        '<ofd:TextObject ID="3" Boundary="130 30 40 5" Font="1" Size="3">'
        '<ofd:TextCode X="0" Y="4">张三</ofd:TextCode></ofd:TextObject>'
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    content = samples.make_zip({"OFD.xml": "<ofd:OFD/>", "Doc_0/Pages/Page_0/Content.xml": page})
    assert extract(content, FileKind.OFD) == f"{ID_NUMBER}\t张三\n"


# --- what is not extracted --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.make_ole2(["WordDocument"]), FileKind.DOC),
        (samples.make_ole2(["Workbook"]), FileKind.XLS),
        (samples.make_png(), FileKind.PNG),
        (samples.make_jpeg(), FileKind.JPEG),
    ],
)
def test_kinds_without_an_extractor_give_empty_text(content, kind):
    assert extract(content, kind) == ""


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        pytest.param(b"", FileKind.PDF, id="empty-pdf"),
        pytest.param(b"%PDF-1.7\n garbage", FileKind.PDF, id="garbage-pdf"),
        pytest.param(samples.make_pdf("x")[:60], FileKind.PDF, id="truncated-pdf"),
        pytest.param(b"PK\x03\x04 not a zip", FileKind.DOCX, id="corrupt-docx"),
        pytest.param(samples.make_zip({"a.txt": "x"}), FileKind.DOCX, id="docx-without-body"),
        pytest.param(
            samples.make_zip({"word/document.xml": "<w:document><w:p>"}),
            FileKind.DOCX,
            id="docx-unclosed-xml",
        ),
        pytest.param(b"not a workbook", FileKind.XLSX, id="corrupt-xlsx"),
        pytest.param(samples.make_docx(["x"]), FileKind.XLSX, id="docx-passed-as-xlsx"),
        pytest.param(b"PK\x05\x06" + b"\0" * 18, FileKind.OFD, id="empty-zip-as-ofd"),
        pytest.param(
            samples.make_zip({"Doc_0/Pages/Page_0/Content.xml": "<Page><TextCode>"}),
            FileKind.OFD,
            id="ofd-unclosed-xml",
        ),
    ],
)
def test_malformed_files_give_empty_text_without_raising(content, kind):
    assert extract(content, kind) == ""


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE w [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>',  # billion laughs
        '<!DOCTYPE w SYSTEM "http://example.invalid/w.dtd">',  # external DTD
    ],
)
def test_xml_with_a_doctype_is_refused(doctype):
    document = (
        f'<?xml version="1.0"?>\n{doctype}'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"
    )
    content = samples.make_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": document})
    assert extract(content, FileKind.DOCX) == ""


def test_member_larger_than_the_limit_is_refused_before_inflating(monkeypatch):
    monkeypatch.setattr(textextract, "MAX_MEMBER_SIZE", 10_000)
    small = samples.make_docx(["x" * 100])
    large = samples.make_docx(["x" * 20_000])
    assert extract(small, FileKind.DOCX).startswith("x" * 100)
    assert extract(large, FileKind.DOCX) == ""
    assert extract(samples.make_xlsx([["x" * 20_000]]), FileKind.XLSX) == ""


def test_members_adding_up_past_the_total_limit_are_refused(monkeypatch):
    monkeypatch.setattr(textextract, "MAX_TOTAL_SIZE", 30_000)
    pages = ["页" * 3_000] * 4  # each page's Content.xml is about 9 kB (UTF-8)
    assert extract(samples.make_ofd(*pages[:2]), FileKind.OFD)
    assert extract(samples.make_ofd(*pages), FileKind.OFD) == ""


def test_a_real_zip_bomb_member_is_refused_by_its_declared_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (51 * 1024 * 1024))  # ~50 kB compressed
    assert len(buffer.getvalue()) < 200_000
    assert extract(buffer.getvalue(), FileKind.DOCX) == ""


def test_members_with_compression_methods_that_inflate_unboundedly_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>",
        )
    assert extract(buffer.getvalue(), FileKind.DOCX) == ""


def test_failures_are_logged_without_the_file_text(caplog):
    broken = samples.make_zip(
        {"word/document.xml": f"<w:document><w:t>{ID_NUMBER} 13812345678</w:t><w:p>"}
    )
    with caplog.at_level(logging.DEBUG):
        assert extract(broken, FileKind.DOCX) == ""
    assert caplog.records
    assert all(
        "1949" not in record.getMessage() and "138123" not in record.getMessage()
        for record in caplog.records
    )


# --- limits and file position -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.make_docx(["一" * 150_000, "二" * 150_000]), FileKind.DOCX),
        (samples.make_xlsx([["三" * 30_000]] * 8), FileKind.XLSX),
        (samples.make_ofd(*["四" * 30_000] * 8), FileKind.OFD),
        (samples.make_pdf(*["five " * 8_000] * 6), FileKind.PDF),
    ],
)
def test_text_is_truncated_at_max_chars(content, kind):
    assert len(extract(content, kind)) == MAX_CHARS


def test_extraction_reads_from_the_start_and_rewinds():
    upload = io.BytesIO(samples.make_docx(["正文"]))
    upload.seek(25)
    assert extract_text(upload, FileKind.DOCX).startswith("正文")
    assert upload.tell() == 0
