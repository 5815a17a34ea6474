"""De-identification of 公示 rosters (disclosures.rosters.reading): reading, classifying, masking."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from disclosures.rosters import reading as rosters
from disclosures.rosters.models import Roster, RosterState
from disclosures.rosters.reading import ColumnAction, ColumnClass
from tests.disclosures.roster_samples import (
    MASKED_NAMES,
    PEOPLE,
    raw_values,
    roster_csv,
    roster_rows,
    roster_xlsx,
)


def serialised(preview: rosters.Preview) -> str:
    return json.dumps(preview.to_dict(), ensure_ascii=False)


def assert_no_personal_data(preview: rosters.Preview) -> None:
    text = serialised(preview)
    for value in raw_values():
        assert value not in text, value
    # nor any part of an ID number long enough to identify someone
    for _name, id_no, mobile, card, *_ in PEOPLE:
        assert id_no[6:14] not in text  # the birth date
        assert mobile[-8:] not in text
        assert card[4:-4] not in text


def plan(preview: rosters.Preview) -> dict[str, tuple[ColumnClass, ColumnAction]]:
    return {c.label: (c.column_class, c.action) for c in preview.columns}


def test_realistic_csv_is_deidentified():
    preview = rosters.read_roster(roster_csv(), "低保名单.csv")

    assert preview.ok, preview.errors
    assert plan(preview) == {
        "序号": (ColumnClass.OTHER, ColumnAction.KEEP),
        "户主姓名": (ColumnClass.NAME, ColumnAction.MASK),
        "身份证号码": (ColumnClass.ID_NUMBER, ColumnAction.DROP),
        "联系电话": (ColumnClass.PHONE, ColumnAction.DROP),
        "银行卡号": (ColumnClass.BANK_CARD, ColumnAction.DROP),
        "家庭住址": (ColumnClass.ADDRESS, ColumnAction.MASK),
        "保障人数": (ColumnClass.HOUSEHOLD, ColumnAction.KEEP),
        "月保障金额（元）": (ColumnClass.AMOUNT, ColumnAction.KEEP),
        "患病情况": (ColumnClass.HEALTH, ColumnAction.DROP),
        "备注": (ColumnClass.ID_NUMBER, ColumnAction.DROP),
    }
    assert preview.published_columns == [
        "序号",
        "户主姓名",
        "家庭住址",
        "保障人数",
        "月保障金额（元）",
    ]
    assert preview.rows == [
        ["1", "张*三", "城关镇幸福社区", "3", "1050"],
        ["2", "欧阳*", "城关镇", "1", "350"],
        ["3", "李*", "东山乡桃源村", "2", "700"],
        ["4", "司马*明", "西溪街道", "4", "1400"],
    ]
    assert_no_personal_data(preview)


@pytest.mark.parametrize("header", ["备注", "编号", "户号", ""])
def test_disguised_id_column_is_dropped_whatever_its_header(header):
    rows = [[r[0], r[1], r[6], r[9]] for r in roster_rows(disguised_header=header)]
    csv_bytes = "\n".join(",".join(r) for r in rows).encode()

    preview = rosters.read_roster(csv_bytes, "x.csv")

    disguised = preview.columns[-1]
    assert disguised.column_class == ColumnClass.ID_NUMBER
    assert disguised.action == ColumnAction.DROP
    assert "身份证号码" in disguised.reason
    assert any("不得公示" in w for w in preview.warnings)
    assert_no_personal_data(preview)


def test_phone_and_bank_columns_under_harmless_headers_are_dropped():
    lines = ["姓名,联系人,账户信息,保障人数"]
    lines += [f"{p[0]},{p[2]},{p[3]},{p[5]}" for p in PEOPLE]
    preview = rosters.read_roster("\n".join(lines).encode(), "x.csv")
    assert plan(preview)["联系人"] == (ColumnClass.PHONE, ColumnAction.DROP)
    assert plan(preview)["账户信息"] == (ColumnClass.BANK_CARD, ColumnAction.DROP)
    assert_no_personal_data(preview)


def test_id_shaped_numbers_with_wrong_check_digit_are_dropped_too():
    lines = ["姓名,证号,保障人数", "张三,330102196503042150,1", "李四,330102197201024581,2"]
    preview = rosters.read_roster("\n".join(lines).encode(), "x.csv")
    assert plan(preview)["证号"][1] == ColumnAction.DROP
    assert "330102196503042150" not in serialised(preview)


def test_stray_personal_number_in_a_kept_column_is_masked():
    lines = ["姓名,说明,保障人数", "张三,已核实,1", "李四,联系人电话13812345678,2", "王五,无,3"]
    preview = rosters.read_roster("\n".join(lines).encode(), "x.csv")
    assert plan(preview)["说明"] == (ColumnClass.OTHER, ColumnAction.KEEP)
    assert preview.rows[1] == ["李*", "联系人电话138****5678", "2"]
    assert any("第3行" in w and "已遮盖" in w for w in preview.warnings)
    assert "13812345678" not in serialised(preview)


def test_gbk_csv_is_read():
    preview = rosters.read_roster(roster_csv(encoding="gbk"), "gbk.csv")
    assert preview.ok
    assert [r[1] for r in preview.rows] == MASKED_NAMES
    assert_no_personal_data(preview)


def test_utf8_bom_csv_is_read_and_header_has_no_bom():
    data = roster_csv(encoding="utf-8-sig", title=False)
    assert data.startswith(b"\xef\xbb\xbf")
    preview = rosters.read_roster(data, "bom.csv")
    assert preview.columns[0].label == "序号"
    assert [r[1] for r in preview.rows] == MASKED_NAMES


def test_tab_separated_roster_is_read():
    data = "\n".join("\t".join(r) for r in roster_rows()).encode()
    preview = rosters.read_roster(data, "x.csv")
    assert [r[1] for r in preview.rows] == MASKED_NAMES


def test_broken_encoding_is_refused_with_a_clear_message():
    data = "姓名,保障人数\n张三,1\n".encode() + b"\xff\xfe\x80\x81" + "李四,2\n".encode("gbk")
    preview = rosters.read_roster(data, "broken.csv")
    assert preview.errors == [rosters.ENCODING_ERROR]
    assert preview.rows == []


def test_utf16_file_is_refused():
    preview = rosters.read_roster("姓名,保障人数\n张三,1\n".encode("utf-16"), "x.csv")
    assert preview.errors == [rosters.ENCODING_ERROR]


def test_xlsx_with_merged_title_and_two_row_header():
    preview = rosters.read_roster(roster_xlsx(), "名单.xlsx")

    assert preview.ok, preview.errors
    assert plan(preview) == {
        "序号": (ColumnClass.OTHER, ColumnAction.KEEP),
        "户主信息/姓名": (ColumnClass.NAME, ColumnAction.MASK),
        "户主信息/身份证号码": (ColumnClass.ID_NUMBER, ColumnAction.DROP),
        "家庭住址": (ColumnClass.ADDRESS, ColumnAction.MASK),
        "保障情况/保障人数": (ColumnClass.HOUSEHOLD, ColumnAction.KEEP),
        "保障情况/月保障金额（元）": (ColumnClass.AMOUNT, ColumnAction.KEEP),
        "编号": (ColumnClass.ID_NUMBER, ColumnAction.DROP),
        "联系电话": (ColumnClass.PHONE, ColumnAction.DROP),
    }
    assert preview.rows[0] == ["1", "张*三", "城关镇幸福社区", "3", "1050"]
    assert [r[1] for r in preview.rows] == MASKED_NAMES  # the empty row is skipped
    assert any("只有一个单元格" in w for w in preview.warnings)  # 制表人 footer
    assert_no_personal_data(preview)


def test_xlsx_with_a_single_header_row():
    preview = rosters.read_roster(roster_xlsx(merged_header=False), "名单.xlsx")
    assert preview.published_columns == ["序号", "姓名", "家庭住址", "保障人数", "月保障金额（元）"]
    assert_no_personal_data(preview)


def test_corrupt_xlsx_and_old_xls_are_refused():
    assert rosters.read_roster(b"PK\x03\x04garbage", "x.xlsx").errors == [rosters.XLSX_ERROR]
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert rosters.read_roster(ole2, "x.xls").errors == [rosters.XLS_ERROR]


def test_empty_roster_and_roster_without_header():
    assert rosters.read_roster("姓名,保障人数\n,\n\n".encode(), "x.csv").errors == [
        rosters.EMPTY_ERROR
    ]
    assert rosters.read_roster(b"", "x.csv").errors == ["名单为空：文件中没有任何内容。"]
    only_numbers = b"1,2,3\n4,5,6\n"
    assert rosters.read_roster(only_numbers, "x.csv").errors == [rosters.NO_HEADER_ERROR]


def test_too_many_rows_and_too_large_file():
    lines = ["姓名,保障人数"] + [f"张三{i % 10},1" for i in range(rosters.MAX_ROWS + 1)]
    assert rosters.read_roster("\n".join(lines).encode(), "x.csv").errors == [
        rosters.TOO_MANY_ROWS_ERROR
    ]
    huge = b"a" * (rosters.MAX_BYTES + 1)
    assert rosters.read_roster(huge, "x.csv").errors == [rosters.TOO_LARGE_ERROR]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("城关镇幸福社区3组12号", "城关镇幸福社区"),
        ("城关镇人民路88号", "城关镇"),
        ("东山乡桃源村5组", "东山乡桃源村"),
        ("西溪街道文一路12号3幢", "西溪街道"),
        ("测试县 城关镇 幸福社区", "测试县城关镇幸福社区"),
        ("人民路88号", ""),
        ("88号院幸福社区", ""),
    ],
)
def test_address_truncation(address, expected):
    assert rosters.truncate_address(address) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("张三", "张*"),
        ("张小三", "张*三"),
        ("欧阳明", "欧阳*"),
        ("司马光明", "司马*明"),
        ("诸葛 亮", "诸葛*"),
        ("张三、李小四", "张*、李*四"),
        ("", ""),
    ],
)
def test_names_are_masked_including_compound_surnames(cell, expected):
    assert rosters.mask_names(cell) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("患病情况", ColumnClass.HEALTH),
        ("残疾类别", ColumnClass.HEALTH),
        ("诊断结果", ColumnClass.HEALTH),
        ("致贫原因", ColumnClass.HEALTH),
        ("出生年月", ColumnClass.BIRTH_DATE),
        ("婚姻状况", ColumnClass.SENSITIVE),
        ("开户行", ColumnClass.BANK_CARD),
        ("户主身份证号", ColumnClass.ID_NUMBER),
        ("保障对象类别", ColumnClass.CATEGORY),
        ("家庭人口", ColumnClass.HOUSEHOLD),
        ("所在村（社区）", ColumnClass.AREA),
        ("救助金额", ColumnClass.AMOUNT),
        ("优抚对象姓名", ColumnClass.NAME),
        ("备注", ColumnClass.OTHER),
    ],
)
def test_header_classification(header, expected):
    assert rosters.classify_column(header, ["x"]).column_class == expected


def test_birth_dates_under_a_harmless_header_are_dropped():
    plan_ = rosters.classify_column("日期", ["1965-03-04", "1958-07-11", "1972-01-02"])
    assert plan_.action == ColumnAction.DROP
    recent = rosters.classify_column("批准日期", ["2026-11-01", "2026-11-02"])
    assert recent.action == ColumnAction.KEEP


def test_preview_round_trips_through_the_session_format():
    preview = rosters.read_roster(roster_csv(), "x.csv")
    again = rosters.Preview.from_dict(json.loads(serialised(preview)))
    assert again.columns == preview.columns
    assert again.rows == preview.rows
    assert again.warnings == preview.warnings


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (dt.date(2026, 11, 1), RosterState.NOT_STARTED),
        (dt.date(2026, 11, 2), RosterState.ONGOING),
        (dt.date(2026, 11, 8), RosterState.ONGOING),
        (dt.date(2026, 11, 9), RosterState.ENDED),
    ],
)
def test_roster_period_states(today, state):
    roster = Roster(period_start=dt.date(2026, 11, 2), period_end=dt.date(2026, 11, 8))
    assert roster.state(today) == state
    assert roster.state_label(today) in {"未开始", "公示中", "公示期满"}


def test_staff_mapping_can_only_make_a_roster_stricter():
    preview = rosters.Preview(
        columns=[
            rosters.ColumnPlan("姓名", ColumnClass.NAME, ColumnAction.MASK),
            rosters.ColumnPlan("身份证号", ColumnClass.ID_NUMBER, ColumnAction.DROP),
            rosters.ColumnPlan("户主", ColumnClass.OTHER, ColumnAction.KEEP),
            rosters.ColumnPlan("金额", ColumnClass.AMOUNT, ColumnAction.KEEP),
        ],
        rows=[["张*三", "李小明", "300"], ["欧阳*", "王五", "500"]],
    )
    result = rosters.remap(
        preview,
        {
            "户主": rosters.REMAP_MASK_NAME,
            "金额": rosters.REMAP_DROP,
            "身份证号": rosters.REMAP_KEEP,
        },
    )
    assert result.published_columns == ["姓名", "户主"]
    assert result.rows == [["张*三", "李*明"], ["欧阳*", "王*"]]
    # the dropped ID column stays dropped whatever is asked
    assert [c.action for c in result.columns][1] == ColumnAction.DROP
