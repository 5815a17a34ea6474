"""Realistic 公示 rosters for tests: valid ID numbers, mobiles and bank cards, CSV and XLSX."""

from __future__ import annotations

import io

from kernel.privacy import luhn_valid

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number(region: str, birth: str, seq: str) -> str:
    """A GB 11643 ID number with the right check character (region 6, birth 8, seq 3 digits)."""
    body = f"{region}{birth}{seq}"
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def bank_card(prefix: str) -> str:
    """A Luhn-valid card number: ``prefix`` (18 digits) plus the check digit."""
    for digit in "0123456789":
        if luhn_valid(prefix + digit):
            return prefix + digit
    raise AssertionError("unreachable")


PEOPLE = [
    # name, ID, mobile, bank card, address, household size, monthly amount, illness
    (
        "张小三",
        id_number("330102", "19650304", "215"),
        "13812345678",
        bank_card("622202120000123456"),
        "城关镇幸福社区3组12号",
        "3",
        "1050",
        "尿毒症",
    ),
    (
        "欧阳明",
        id_number("330102", "19580711", "031"),
        "13987654321",
        bank_card("622848001234567890"),
        "城关镇人民路88号",
        "1",
        "350",
        "二级肢体残疾",
    ),
    (
        "李四",
        id_number("330102", "19720102", "458"),
        "15011112222",
        bank_card("621700000011112222"),
        "东山乡桃源村5组",
        "2",
        "700",
        "",
    ),
    (
        "司马光明",
        id_number("330102", "19800925", "117"),
        "18600001111",
        bank_card("955880000000123456"),
        "西溪街道",
        "4",
        "1400",
        "白血病",
    ),
]

MASKED_NAMES = ["张*三", "欧阳*", "李*", "司马*明"]


def raw_values() -> list[str]:
    """Every personal value in ``PEOPLE`` that must never be published."""
    values = []
    for name, id_no, mobile, card, address, _size, _amount, illness in PEOPLE:
        values += [name, id_no, mobile, card]
        if any(ch.isdigit() for ch in address):  # "西溪街道" alone may be published
            values.append(address)
        if illness:
            values.append(illness)
    return values


def roster_rows(*, disguised_header: str = "备注") -> list[list[str]]:
    """Header plus one row per person; the ID numbers repeat under a harmless header."""
    header = [
        "序号",
        "户主姓名",
        "身份证号码",
        "联系电话",
        "银行卡号",
        "家庭住址",
        "保障人数",
        "月保障金额（元）",
        "患病情况",
        disguised_header,
    ]
    rows = [header]
    for n, (name, id_no, mobile, card, address, size, amount, illness) in enumerate(PEOPLE, 1):
        rows.append([str(n), name, id_no, mobile, card, address, size, amount, illness, id_no])
    return rows


def roster_csv(
    *, encoding: str = "utf-8-sig", title: bool = True, blank_rows: bool = True
) -> bytes:
    lines = []
    if title:
        lines.append("城关镇2026年11月城乡低保对象公示名单" + "," * 9)
    for i, row in enumerate(roster_rows()):
        lines.append(",".join(row))
        if blank_rows and i == 2:
            lines.append("," * 9)
            lines.append("")
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def roster_xlsx(*, merged_header: bool = True) -> bytes:
    """A first sheet with a merged title row and a two-row header with merged cells."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "低保名单"
    sheet.append(["城关镇2026年11月城乡低保对象公示名单"])
    sheet.merge_cells("A1:H1")
    if merged_header:
        # Row 2: 序号 | 户主信息 (over 姓名/身份证号码) | 家庭住址 | 保障情况 (over 人数/金额) | 编号
        sheet.append(["序号", "户主信息", None, "家庭住址", "保障情况", None, "编号", "联系电话"])
        sheet.append([None, "姓名", "身份证号码", None, "保障人数", "月保障金额（元）", None, None])
        sheet.merge_cells("A2:A3")
        sheet.merge_cells("B2:C2")
        sheet.merge_cells("D2:D3")
        sheet.merge_cells("E2:F2")
        sheet.merge_cells("G2:G3")
        sheet.merge_cells("H2:H3")
    else:
        sheet.append(
            [
                "序号",
                "姓名",
                "身份证号码",
                "家庭住址",
                "保障人数",
                "月保障金额（元）",
                "编号",
                "联系电话",
            ]
        )
    for n, (name, id_no, mobile, _card, address, size, amount, _ill) in enumerate(PEOPLE, 1):
        sheet.append([n, name, id_no, address, int(size), float(amount), id_no, int(mobile)])
        if n == 2:
            sheet.append([None] * 8)  # an empty row in the middle
    sheet.append(["制表人：民政办　审核人：分管领导"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
