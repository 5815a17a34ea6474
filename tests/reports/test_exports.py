"""The downloads of a published report: XLSX, CSV, JSON and PDF, through the test client."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import ContentStream

from kernel.pdf import find_pdf_font
from reports.annual import exports
from reports.annual import services as report_services
from reports.annual.tables import (
    ROW_KEYS,
    TABLE_B_COLUMNS,
    TABLE_B_NOTE,
    TABLE_B_ROWS,
    TABLE_C_GROUPS,
    TABLE_C_RESULTS,
)
from tests.factories import OrganisationFactory
from tests.reports import EXPECTED_B, YEAR, cases_2025, corrected, published, supervisor

pytestmark = pytest.mark.django_db

TITLE = "示例县民政局2025年政府信息公开工作年度报告"
JSON_KEYS = {
    "title",
    "organisation",
    "year",
    "scope",
    "version",
    "change_note",
    "form",
    "published_at",
    "first_published_on",
    "legal_deadline",
    "published_late",
    "sections",
    "table_a",
    "table_b",
    "table_c",
    "proactive",
    "fees",
    "other_items",
}


@pytest.fixture
def org(db):
    return OrganisationFactory(name="示例县民政局", slug="mzj")


@pytest.fixture
def boss(org):
    return supervisor(org)


@pytest.fixture
def report(org, boss):
    cases_2025(org, boss)
    return published(org, boss)


def download(client, report, fmt):
    response = client.get(reverse("reports:download", args=[report.pk, fmt]))
    assert response.status_code == 200, response.content[:500]
    return response


def expected(row: str, col: str) -> int:
    return EXPECTED_B.get(row, {}).get(col, 0)


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("csv", "text/csv; charset=utf-8"),
        ("json", "application/json; charset=utf-8"),
    ],
)
def test_downloads_carry_the_chinese_title_as_file_name(client, report, fmt, content_type):
    response = download(client, report, fmt)
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="annual-report-{YEAR}-{report.pk}.{fmt}"')
    assert disposition.endswith(f"filename*=UTF-8''{quote(f'{TITLE}.{fmt}')}")


def test_a_correction_is_named_as_such(client, report, boss):
    _, new = corrected(report, boss)
    disposition = download(client, new, "csv")["Content-Disposition"]
    assert disposition.endswith(quote(f"{TITLE}（第2版）.csv"))


def test_unknown_format_is_not_found(client, report):
    assert client.get(f"/xxgk/nb/{report.pk}.docx").status_code == 404


# --------------------------------------------------------------------------- XLSX


def test_xlsx_has_the_official_layout_numbers_and_merged_cells(client, report):
    book = load_workbook(io.BytesIO(download(client, report, "xlsx").content))
    assert book.sheetnames == list(exports.SHEET_NAMES)
    sheet_a, sheet_b, sheet_c = (book[name] for name in exports.SHEET_NAMES)

    # Table B: title row, three header rows, then the 25 rows from row 5, numbers from column D.
    assert sheet_b["A1"].value == f"{TITLE}　三、收到和处理政府信息公开申请情况"
    assert sheet_b["A2"].value == TABLE_B_NOTE
    assert sheet_b["D2"].value == "申请人情况"
    assert sheet_b["E3"].value == "法人或其他组织"
    assert sheet_b["A7"].value == "三、本年度办理结果"
    assert sheet_b["B9"].value == "（三）不予公开"
    for i, row in enumerate(TABLE_B_ROWS):
        label_col = "A" if not row.group else "B" if row.group == "三" else "C"
        assert sheet_b[f"{label_col}{5 + i}"].value == row.label
        for j, (col, _) in enumerate(TABLE_B_COLUMNS):
            value = sheet_b.cell(5 + i, 4 + j).value
            assert isinstance(value, int)
            assert value == expected(row.key, col), (row.key, col)
    merged_b = {str(r) for r in sheet_b.merged_cells.ranges}
    assert {
        "A1:J1",
        "A2:C4",
        "D2:J2",
        "D3:D4",
        "E3:I3",
        "J3:J4",
        "A5:C5",
        "A6:C6",
        "A7:A28",
        "B7:C7",
        "B8:C8",
        "B9:B16",
        "B17:B19",
        "B20:B24",
        "B25:B27",
        "B28:C28",
        "A29:C29",
    } == merged_b
    assert sheet_b.column_dimensions["C"].width > sheet_b.column_dimensions["D"].width >= 8

    # Table A: four blocks, each a caption row across the four columns.
    merged_a = {str(r) for r in sheet_a.merged_cells.ranges}
    assert {"A2:D2", "A6:D6", "B7:D7", "B8:D8", "A9:D9", "A13:D13", "B15:D15"} <= merged_a
    assert [sheet_a[f"A{r}"].value for r in (2, 3, 4, 5, 13, 14, 15)] == [
        "第二十条第（一）项",
        "信息内容",
        "规章",
        "行政规范性文件",
        "第二十条第（八）项",
        "信息内容",
        "行政事业性收费",
    ]
    assert sheet_a["B3"].value == "本年制发件数"
    assert sheet_a["B14"].value == "本年收费金额（单位：万元）"
    assert sheet_a["B15"].value == 0

    # Table C: one row of fifteen numbers under two header rows of groups.
    assert sheet_c["A2"].value == "行政复议"
    assert sheet_c["F2"].value == "行政诉讼"
    assert {"A2:E3", "F2:O2", "F3:J3", "K3:O3"} <= {str(r) for r in sheet_c.merged_cells.ranges}
    assert [sheet_c.cell(5, c).value for c in range(1, 6)] == [1, 0, 0, 0, 1]
    assert [sheet_c.cell(4, c).value for c in range(1, 6)] == [
        label for _, label in TABLE_C_RESULTS
    ]


# --------------------------------------------------------------------------- CSV


def test_csv_has_one_row_per_cell_with_a_byte_order_mark(client, report):
    body = download(client, report, "csv").content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert list(rows[0]) == list(exports.CSV_HEADER)
    table_b = [r for r in rows if r["table"] == "B"]
    assert len(table_b) == 25 * 7
    assert [r["row_key"] for r in table_b[::7]] == list(ROW_KEYS)
    by_cell = {(r["row_key"], r["column_key"]): r for r in table_b}
    assert by_cell["new", "natural"]["value"] == "5"
    assert by_cell["new", "natural"]["row_label"] == "一、本年新收政府信息公开申请数量"
    assert by_cell["new", "natural"]["column_label"] == "自然人"
    assert by_cell["withhold_third_party", "commercial"]["value"] == "1"
    assert len([r for r in rows if r["table"] == "A"]) == 10
    assert len([r for r in rows if r["table"] == "C"]) == 15


# --------------------------------------------------------------------------- JSON


def test_json_has_the_documented_keys_and_the_figures(client, report):
    data = json.loads(download(client, report, "json").content)
    assert set(data) == JSON_KEYS
    assert data["title"] == TITLE
    assert data["organisation"] == {
        "name": "示例县民政局",
        "slug": "mzj",
        "credit_code": report.organisation.credit_code,
    }
    assert (data["year"], data["version"], data["scope"]) == (2025, 1, "department")
    assert dt.datetime.fromisoformat(data["published_at"]).utcoffset() == dt.timedelta(hours=8)
    assert set(data["sections"]) == {"overview", "problems", "other"}
    assert data["sections"]["overview"].startswith("2025年，示例县民政局")
    assert list(data["table_b"]) == list(ROW_KEYS)
    for row in ROW_KEYS:
        assert list(data["table_b"][row]) == [key for key, _ in TABLE_B_COLUMNS]
        for col, _ in TABLE_B_COLUMNS:
            assert data["table_b"][row][col] == expected(row, col)
    assert list(data["table_c"]) == [key for key, _ in TABLE_C_GROUPS]
    assert data["table_c"]["review"] == {
        "maintained": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert data["table_a"]["fee_amount_wan"] == "0.0000"
    assert data["table_a"]["licensing_decisions"] == 0
    assert data["proactive"] == {
        "total": 2,
        "by_column": [["工作动态", 1], ["通知公告", 1]],
        "by_genre": data["proactive"]["by_genre"],
        "converted": 0,
    }
    assert set(data["fees"]) == {"notices", "billed_yuan", "collected_yuan"}
    assert set(data["other_items"]) == {"npc_suggestions", "cppcc_proposals"}


# --------------------------------------------------------------------------- PDF


def pdf_text(reader: PdfReader) -> str:
    """The text drawn on every page, decoded through each font's /ToUnicode map.

    pypdf's extract_text() reads an embedded /Encoding CMap (how fpdf2 writes CID-keyed CFF
    fonts such as Noto CJK) as one byte per character, so it garbles them; poppler, pdf.js and
    Acrobat use the maps below, and so does this helper. White space is left out.
    """
    chunks = []
    for page in reader.pages:
        maps = {}
        for name, font in page["/Resources"]["/Font"].items():
            cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
            maps[name] = {
                int(code, 16): chr(int(uni, 16))
                for code, uni in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})>", cmap)
            }
        current: dict[int, str] = {}
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = maps[operands[0]]
            elif operator in (b"Tj", b"TJ"):
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                for s in strings:
                    if isinstance(s, int | float):
                        continue
                    data = getattr(s, "original_bytes", None) or bytes(s)
                    chunks.extend(
                        current.get(int.from_bytes(data[i : i + 2]), "")
                        for i in range(0, len(data), 2)
                    )
    return "".join("".join(chunks).split())


def test_pdf_embeds_a_cjk_font_and_carries_the_text_and_figures(client, report):
    if find_pdf_font() is None:
        pytest.skip("no CJK font installed (Debian: apt-get install fonts-noto-cjk)")
    body = download(client, report, "pdf").content
    assert body.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(body))
    text = pdf_text(reader)
    assert TITLE in text
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
        "第二十条第（一）项",
        "三、本年度办理结果",
        "全年主动公开政府信息2条，其中工作动态1条、通知公告1条。",
    ):
        assert heading in text
    assert "一、本年新收政府信息公开申请数量5100006" in text
    embedded = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                embedded.append(bool({"/FontFile2", "/FontFile3"} & set(descriptor)))
    assert embedded
    assert all(embedded)


def test_pdf_without_a_cjk_font_answers_a_chinese_503_page(client, report, settings):
    settings.REPORT_PDF_FONT = ["/nonexistent/font.ttc"]
    response = client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert response.status_code == 503
    html = response.content.decode()
    assert "<h1>PDF暂不可用</h1>" in html
    assert f'href="/xxgk/nb/{report.pk}.xlsx"' in html


def test_draft_reports_have_no_downloads(client, org, boss):
    draft = report_services.create_report(actor=boss, organisation=org, year=YEAR)
    assert client.get(reverse("reports:download", args=[draft.pk, "json"])).status_code == 404
