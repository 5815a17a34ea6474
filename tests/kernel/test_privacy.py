import io

import pytest

from disclosures.textextract import extract_text
from kernel.filetypes import sniff
from kernel.identifiers import credit_code_check_char, id_number_check_char
from kernel.privacy import (
    FINDING_LABELS,
    Finding,
    FindingKind,
    luhn_valid,
    mask_bank_card,
    mask_id_number,
    mask_name,
    mask_phone,
    scan_sources,
    scan_text,
)
from tests.disclosures import samples


def valid_id(first17: str) -> str:
    return first17 + id_number_check_char(first17)


def wrong_check(first17: str) -> str:
    """``first17`` with a wrong check character that also fails Luhn (so it is no bank card)."""
    for char in "0123456789X":
        candidate = first17 + char
        if char != id_number_check_char(first17) and not reference_luhn(candidate):
            return candidate
    raise AssertionError("unreachable: only one in ten candidates passes Luhn")


def reference_luhn(number: str) -> bool:
    """Independent Luhn implementation (sum of digits of doubled alternate digits)."""
    if not number.isdigit():
        return False
    total = 0
    for index, char in enumerate(number[::-1]):
        doubled = int(char) * (2 if index % 2 else 1)
        total += doubled // 10 + doubled % 10
    return total % 10 == 0


def luhn_complete(partial: str) -> str:
    return next(partial + d for d in "0123456789" if reference_luhn(partial + d))


def kinds(text: str) -> list[FindingKind]:
    return [finding.kind for finding in scan_text(text, location="正文")]


ID_BEIJING = valid_id("11010519491231002")  # 1949-12-31, check character X
ID_ZHEJIANG = valid_id("33112719900307351")  # 丽水, 1990-03-07
ID_LEGACY = "110105491231002"  # 15 digits: 1949-12-31
CARD_19 = luhn_complete("622202123456789012")
CARD_16 = luhn_complete("436742123456789")


# --- 居民身份证号码 ------------------------------------------------------------------------------


def test_sample_numbers_are_what_the_tests_assume():
    assert ID_BEIJING == "11010519491231002X"
    assert len(CARD_19) == 19
    assert reference_luhn(CARD_16)


@pytest.mark.parametrize(
    "text",
    [
        f"申请人张三，身份证号码{ID_BEIJING}，现住",
        f"身份证号：{ID_ZHEJIANG}",
        f"{ID_ZHEJIANG}",
        f"(证件号{ID_BEIJING.lower()})",
        f"张三_{ID_ZHEJIANG}.jpg",
        f"张三 {ID_ZHEJIANG}\n李四",
    ],
)
def test_valid_id_numbers_are_found(text):
    assert kinds(text) == [FindingKind.ID_NUMBER]


def test_id_number_finding_carries_location_offset_and_masked_value():
    text = f"身份证号码：{ID_ZHEJIANG}。"
    [finding] = scan_text(text, location="标题")
    assert finding == Finding(
        kind=FindingKind.ID_NUMBER,
        location="标题",
        masked=ID_ZHEJIANG[:2] + "*" * 13 + ID_ZHEJIANG[-3:],
        context=f"身份证号码：33*************{ID_ZHEJIANG[-3:]}。",
        offset=6,
    )
    assert text[finding.offset : finding.offset + 18] == ID_ZHEJIANG


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"身份证号码{wrong_check('11010519491231002')}", id="wrong-check-digit"),
        pytest.param(f"编号{valid_id('11010519491331002')}", id="month-13"),
        pytest.param(f"编号{valid_id('11010518991231002')}", id="born-before-1900"),
        pytest.param(f"编号{ID_BEIJING}1", id="inside-a-longer-run"),
        pytest.param(f"编号9{ID_ZHEJIANG}", id="digit-before"),
        pytest.param(f"编号A{ID_ZHEJIANG}", id="letter-before"),
        pytest.param(f"编号{ID_ZHEJIANG}B", id="letter-after"),
        pytest.param(f"金额0.{ID_ZHEJIANG}", id="decimal-fraction"),
    ],
)
def test_numbers_that_are_not_valid_standalone_id_numbers_are_not_found(text):
    assert kinds(text) == []


def test_legacy_15_digit_id_numbers_are_found():
    [finding] = scan_text(f"原身份证号{ID_LEGACY}。", location="正文")
    assert finding.kind is FindingKind.ID_NUMBER_15
    assert finding.masked == "11**********002"


@pytest.mark.parametrize(
    "number",
    [
        "110105491331002",  # month 13
        "110105490230002",  # 30 February
        "990105491231002",  # no province 99
        "000105491231002",
    ],
)
def test_15_digit_numbers_without_a_real_birth_date_and_province_are_not_found(number):
    assert kinds(f"注册号{number}") == []


def test_full_width_digits_are_found_and_offsets_point_into_the_original_text():
    full_width = ID_BEIJING.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    text = f"申请人：张三　身份证号：{full_width}　电话：１３８１２３４５６７８"
    id_finding, mobile_finding = scan_text(text, location="正文")
    assert id_finding.kind is FindingKind.ID_NUMBER
    assert id_finding.masked == "11*************02X"
    assert text[id_finding.offset : id_finding.offset + 18] == full_width
    assert mobile_finding.kind is FindingKind.MOBILE
    assert mobile_finding.masked == "138****5678"
    assert text[mobile_finding.offset] == "１"
    # The context keeps the original characters and masks the digits in place.
    assert "身份证号：１１*************０２Ｘ" in id_finding.context


# --- mobile numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "联系电话13812345678",
        "联系电话：138 1234 5678。",
        "联系电话：138-1234-5678",
        "手机（19912345678）",
        "+86 13812345678",
        "+8613812345678",
        "+86-138-1234-5678",
        "0086 13812345678",
        "86 13812345678",
        "tel:15012345678",
    ],
)
def test_mobile_numbers_are_found_in_common_formats(text):
    findings = scan_text(text, location="正文")
    assert [f.kind for f in findings] == [FindingKind.MOBILE]
    assert findings[0].masked[:3] in {"138", "199", "150"}
    assert findings[0].masked[3:7] == "****"


def test_country_code_is_not_part_of_the_mobile_finding():
    [finding] = scan_text("+86 13812345678", location="正文")
    assert finding.offset == 4
    assert finding.masked == "138****5678"


@pytest.mark.parametrize(
    "text",
    [
        "号码12812345678",  # 12x is not a mobile prefix
        "号码1381234567",  # 10 digits
        "号码138123456789",  # 12 digits
        "号码8613812345678",  # 86 without + or 00 is a longer run
        "号码138-1234 5678",  # inconsistent separators
        "号码138 12345678",
        "预算13812345678.00元",  # an amount in yuan, not a phone
        "比例0.13812345678",
    ],
)
def test_digit_runs_that_are_not_standalone_mobiles_are_not_found(text):
    assert kinds(text) == []


# --- bank cards -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"卡号{CARD_19}",
        f"卡号：{CARD_16}",
        f"卡号 {CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]}",
        f"卡号 {CARD_16[:4]}-{CARD_16[4:8]}-{CARD_16[8:12]}-{CARD_16[12:]}",
        "测试卡4111111111111111",
        "测试卡5555 5555 5555 4444",
    ],
)
def test_luhn_valid_card_numbers_are_found(text):
    assert kinds(text) == [FindingKind.BANK_CARD]


def test_bank_card_is_masked_keeping_first_and_last_four():
    spaced = f"{CARD_19[:4]} {CARD_19[4:8]} {CARD_19[8:12]} {CARD_19[12:16]} {CARD_19[16:]}"
    [finding] = scan_text(f"收款账号：{spaced}，户名张三", location="正文")
    assert finding.masked == CARD_19[:4] + "*" * 11 + CARD_19[-4:]
    assert CARD_19[4:8] not in finding.context
    assert finding.context.startswith("收款账号：" + CARD_19[:4] + " **** ****")


def test_grouped_16_digit_card_followed_by_another_number_is_found():
    grouped = f"{CARD_16[:4]} {CARD_16[4:8]} {CARD_16[8:12]} {CARD_16[12:]}"
    text = f"卡号 {grouped} 12 张"
    findings = scan_text(text, location="正文")
    assert [f.kind for f in findings] == [FindingKind.BANK_CARD]
    assert findings[0].masked == CARD_16[:4] + "********" + CARD_16[-4:]


@pytest.mark.parametrize(
    "number",
    [
        pytest.param(CARD_19[:-1] + str((int(CARD_19[-1]) + 1) % 10), id="luhn-invalid"),
        pytest.param("2026112100000000018", id="date-based-serial"),
        pytest.param(luhn_complete("1234567890123456"), id="not-a-card-industry"),
        pytest.param(luhn_complete("62220212345678901234"), id="21-digits"),
        pytest.param(luhn_complete("62220212345678"), id="15-digits"),
    ],
)
def test_numbers_that_are_not_card_numbers_are_not_found(number):
    assert kinds(f"编号{number}") == []


def test_all_digit_credit_code_that_happens_to_pass_luhn_is_not_a_card():
    for serial in range(10_000):
        prefix = f"31330000{serial:09d}"
        code = prefix + credit_code_check_char(prefix)
        if code.isdigit() and reference_luhn(code):
            break
    assert luhn_valid(code)
    assert kinds(f"统一社会信用代码{code}") == []


def test_valid_id_number_that_is_also_luhn_valid_is_reported_once_as_an_id():
    for serial in range(1000):
        number = valid_id(f"33112719900307{serial:03d}")
        if reference_luhn(number):
            break
    assert luhn_valid(number)
    assert kinds(f"身份证{number}") == [FindingKind.ID_NUMBER]


def test_18_digit_number_with_a_wrong_id_check_but_valid_luhn_is_a_bank_card():
    first17 = "62220219900307351"
    number = next(
        first17 + char
        for char in "0123456789"
        if char != id_number_check_char(first17) and reference_luhn(first17 + char)
    )
    assert kinds(f"账号{number}") == [FindingKind.BANK_CARD]


# --- ordinary government text -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "根据《最低生活保障审核确认办法》（民发〔2021〕57号）",
        "2026年11月21日",
        "发放金额合计12,345.67元，其中2026年1月至6月1,234,567.89元",
        "索引号：11331099000200002X/2026-00001",
        "索引号：014416330/2018-04736",
        "咨询电话：0570-8000101，传真：0570-8000102",
        "服务热线：400-800-1234、12345",
        "邮编324000，统一社会信用代码11331099000200002X",
        "第2026112100001号",
        "2026-11-21 08:30:00",
    ],
)
def test_ordinary_government_text_has_no_findings(text):
    assert kinds(text) == []


# --- findings are safe to show ------------------------------------------------------------------


def test_findings_never_contain_raw_values():
    mobile = "13812345678"
    text = f"张三，{ID_BEIJING}，{mobile}，{CARD_19}，原证号{ID_LEGACY}"
    findings = scan_text(text, location="正文")
    assert [f.kind for f in findings] == [
        FindingKind.ID_NUMBER,
        FindingKind.MOBILE,
        FindingKind.BANK_CARD,
        FindingKind.ID_NUMBER_15,
    ]
    for raw in (ID_BEIJING, mobile, CARD_19, ID_LEGACY):
        for finding in findings:
            assert raw not in repr(finding)
            assert raw[4:11] not in finding.masked + finding.context


def test_context_masks_neighbouring_long_numbers_that_are_not_findings():
    near_miss = wrong_check("33112719900307351")
    [finding] = scan_text(f"{near_miss}，电话13812345678，", location="正文")
    assert finding.kind is FindingKind.MOBILE
    assert finding.context == "*********，电话138****5678，"


def test_context_is_at_most_twelve_characters_either_side_on_one_line():
    text = "甲" * 30 + "\n电话\t13812345678\n" + "乙" * 30
    [finding] = scan_text(text, location="正文")
    assert finding.context == "甲甲甲甲甲甲甲甲 电话 138****5678 乙乙乙乙乙乙乙乙乙乙乙"


def test_findings_are_in_text_order():
    text = f"{CARD_16} 13812345678 {ID_ZHEJIANG} 13912345678"
    findings = scan_text(text, location="正文")
    assert [f.kind for f in findings] == [
        FindingKind.BANK_CARD,
        FindingKind.MOBILE,
        FindingKind.ID_NUMBER,
        FindingKind.MOBILE,
    ]
    assert [f.offset for f in findings] == sorted(f.offset for f in findings)


def test_scan_sources_keeps_source_order_and_locations():
    findings = scan_sources(
        [
            ("标题", "关于张三的公示"),
            ("正文", f"电话13812345678，{ID_BEIJING}"),
            ("摘要", "13912345678"),
        ]
    )
    assert [(f.location, f.kind) for f in findings] == [
        ("正文", FindingKind.MOBILE),
        ("正文", FindingKind.ID_NUMBER),
        ("摘要", FindingKind.MOBILE),
    ]
    assert findings[2].offset == 0


def test_every_finding_kind_has_a_label():
    assert set(FINDING_LABELS) == set(FindingKind)
    assert FINDING_LABELS[FindingKind.ID_NUMBER] == "居民身份证号码"


def test_empty_text_has_no_findings():
    assert scan_text("", location="正文") == []


# --- attachments end to end ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (samples.make_docx(["申请人：张三", f"身份证号码：{ID_ZHEJIANG}"]), "申请表.docx"),
        (samples.make_pdf(f"申请人：张三\n身份证号码：{ID_ZHEJIANG}"), "申请表.pdf"),
        (samples.make_xlsx([["姓名", "身份证号码"], ["张三", ID_ZHEJIANG]]), "名单.xlsx"),
        (samples.make_ofd(f"申请人：张三\n身份证号码：{ID_ZHEJIANG}"), "申请表.ofd"),
    ],
)
def test_id_number_in_an_attachment_is_found(content, name):
    upload = io.BytesIO(content)
    text = extract_text(upload, sniff(upload))
    [finding] = scan_text(text, location=f"附件《{name}》")
    assert finding.kind is FindingKind.ID_NUMBER
    assert finding.location == f"附件《{name}》"
    assert finding.masked == ID_ZHEJIANG[:2] + "*" * 13 + ID_ZHEJIANG[-3:]


def test_docx_table_of_recipients_is_fully_scanned():
    table = [["姓名", "身份证号码", "联系电话"]] + [
        [f"张{n}", valid_id(f"33112719900307{n:03d}"), f"1381234{n:04d}"] for n in range(1, 6)
    ]
    upload = io.BytesIO(samples.make_docx(["低保对象名单"], table=table))
    text = extract_text(upload, sniff(upload))
    findings = scan_text(text, location="附件《名单.docx》")
    assert [f.kind for f in findings] == [FindingKind.ID_NUMBER, FindingKind.MOBILE] * 5


# --- luhn -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("79927398713", True),  # the textbook example
        ("79927398710", False),
        ("4111111111111111", True),
        ("4111 1111 1111 1111", True),
        ("4111-1111-1111-1111", True),
        ("4111111111111112", False),
        (CARD_19, True),
        ("", False),
        ("0", False),
        ("00", True),
        ("4111a11111111111", False),
        ("４１１１１１１１１１１１１１１１", False),  # full-width: normalise before calling
    ],
)
def test_luhn_check(number, valid):
    assert luhn_valid(number) is valid


# --- masking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张小三", "张*三"),
        ("王小小明", "王**明"),
        ("欧阳小明", "欧阳*明"),
        ("欧阳明", "欧阳*"),
        ("司马相如", "司马*如"),
        ("诸葛亮", "诸葛*"),
        ("欧阳", "欧*"),  # too short for a compound surname plus a given name
        ("东方", "东*"),
        (" 张三 ", "张*"),
        ("张　三", "张*"),  # lists pad two-character names with an ideographic space
        ("买买提·艾力", "买****力"),
        ("张", "*"),
        ("", ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("350101199001011234", "35*************234"),  # the domain notes' example form
        ("11010519491231002x", "11*************02X"),
        (" 110101 19900101 1234 ", "11*************234"),
        ("１１０１０１１９９００１０１１２３４", "11*************234"),
        ("110105491231002", "11**********002"),  # 15-digit legacy number
        ("E12345678", "E1****678"),  # passport
        ("123456", "12*456"),
        ("12345", "*****"),
    ],
)
def test_mask_id_number_keeps_the_first_2_and_the_last_3(number, masked):
    assert mask_id_number(number) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("13812341234", "138****1234"),
        ("138 1234 5678", "138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("008613812345678", "138****5678"),
        ("0570-8000101", "057****0101"),
        ("1234567", "*******"),
    ],
)
def test_mask_phone(number, masked):
    assert mask_phone(number) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("6222021234567890128", "6222***********0128"),
        ("6222 0212 3456 7890 128", "6222***********0128"),
        ("4111-1111-1111-1111", "4111********1111"),
        ("1234567", "*******"),
    ],
)
def test_mask_bank_card(number, masked):
    assert mask_bank_card(number) == masked
