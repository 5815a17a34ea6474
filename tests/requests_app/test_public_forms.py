"""The online application form: every field's rules, with good and bad values."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kernel.identifiers import credit_code_check_char, id_number_check_char
from requests_app.forms import APPLY_GATE, ApplicationForm, ProgressQueryForm
from requests_app.services import APPLICANT_FIELDS

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def id_number(first17: str = "33010219900307123") -> str:
    return first17 + id_number_check_char(first17)


def credit_code(first17: str = "91330100MA2H3B4C5") -> str:
    return first17 + credit_code_check_char(first17)


VALID_ID = id_number()
VALID_CODE = credit_code()


def wrong_check_char(value: str, alphabet: str) -> str:
    return value[:-1] + next(ch for ch in alphabet if ch != value[-1])


def natural(**overrides) -> dict:
    data = {
        "applicant_kind": "natural",
        "name": "张小三",
        "id_type": "resident_id",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "address": "示例县人民路8号",
        "postcode": "",
        "email": "",
        "work_unit": "",
        "description": "2025年示例县城乡低保资金发放情况的统计表",
        "info_title": "",
        "info_document_number": "",
        "info_index_number": "",
        "provision_form": "electronic",
        "delivery_method": "online",
        "password": "chaxun123",
        "password2": "chaxun123",
    }
    data.update(overrides)
    return data


def organisation(**overrides) -> dict:
    data = natural(
        applicant_kind="organisation",
        name="",
        id_type="",
        id_number="",
        phone="",
        address="",
        org_type="legal_service",
        org_name="示例律师事务所",
        credit_code=VALID_CODE,
        legal_representative="李四",
        contact_name="王五",
        org_phone="0570-8000101",
        org_address="示例县府前街1号",
        org_postcode="",
        org_email="",
    )
    data.update(overrides)
    return data


def upload(content: bytes = PNG, name: str = "scan.png") -> dict:
    return {"id_proof": SimpleUploadedFile(name, content)}


def bound(data: dict, files: dict | None = None) -> ApplicationForm:
    return ApplicationForm(data, upload() if files is None else files)


# --------------------------------------------------------------------------- identity


@pytest.mark.parametrize(
    ("number", "ok"),
    [
        (VALID_ID, True),
        (VALID_ID.lower(), True),
        (f" {VALID_ID[:6]} {VALID_ID[6:]} ", True),
        (id_number("11010519491231002"), True),
        (wrong_check_char(VALID_ID, "0123456789X"), False),
        (id_number("33010219901332123"), False),  # 13th month
        (id_number("33010219900230123"), False),  # 30 February
        (id_number("33010218891231123"), False),  # before 1900
        (id_number(f"330102{timezone.localdate().year + 1}0101123"), False),  # born in the future
        (VALID_ID[:17], False),
        (VALID_ID + "1", False),
        ("33010219900307123A", False),
    ],
)
def test_resident_id_number_needs_real_birth_date_and_check_digit(number, ok):
    form = bound(natural(id_number=number))
    assert form.is_valid() is ok, form.errors
    if not ok:
        assert "居民身份证号码" in form.errors["id_number"][0]


def test_wrong_check_digit_and_wrong_birth_date_are_told_apart():
    bad_check = bound(natural(id_number=wrong_check_char(VALID_ID, "0123456789X")))
    bad_date = bound(natural(id_number=id_number("33010219901332123")))
    assert not bad_check.is_valid()
    assert not bad_date.is_valid()
    assert "校验码" in bad_check.errors["id_number"][0]
    assert "出生日期" in bad_date.errors["id_number"][0]


@pytest.mark.parametrize(
    ("id_type", "number"),
    [("passport", "E12345678"), ("hk_macao_permit", "H1234567801"), ("other", "123")],
)
def test_other_identity_documents_are_not_checked_as_resident_ids(id_type, number):
    form = bound(natural(id_type=id_type, id_number=number))
    assert form.is_valid(), form.errors
    assert form.applicant_data()["id_number"] == number


def test_id_number_is_stored_upper_case_and_without_spaces():
    form = bound(natural(id_number=f"{VALID_ID[:9]} {VALID_ID[9:].lower()}"))
    assert form.is_valid(), form.errors
    assert form.applicant_data()["id_number"] == VALID_ID


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        (VALID_CODE, True),
        (VALID_CODE.lower(), True),
        (credit_code("12330100002000020"), True),
        (wrong_check_char(VALID_CODE, "0123456789ABCDEFGHJKLMNPQRTUWXY"), False),
        (VALID_CODE[:17], False),
        ("91330100MA2H3B4COI", False),  # I and O are not in the charset
        ("", False),
    ],
)
def test_organisation_needs_a_credit_code_with_correct_check_character(code, ok):
    form = bound(organisation(credit_code=code))
    assert form.is_valid() is ok, form.errors
    if not ok:
        assert "统一社会信用代码" in form.errors["credit_code"][0]


# --------------------------------------------------------------------------- contact


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("13912345678", True),
        ("19912345678", True),
        ("139 1234 5678", True),
        ("１３９１２３４５６７８", True),  # full-width digits from a Chinese IME
        ("0570-8000101", True),
        ("05708000101", True),
        ("010-12345678", True),
        ("0570-8000101-123", True),
        ("12912345678", False),  # no mobile prefix 12
        ("1391234567", False),
        ("139123456789", False),
        ("8000101", False),  # landline without area code
        ("0570-800010", False),
        ("+86 13912345678", False),
        ("电话", False),
        ("", False),
    ],
)
def test_phone_must_be_a_mainland_mobile_or_landline_with_area_code(phone, ok):
    form = bound(natural(phone=phone))
    assert form.is_valid() is ok, form.errors
    form = bound(organisation(org_phone=phone))
    assert form.is_valid() is ok, form.errors


def test_phone_is_stored_in_half_width_digits():
    form = bound(natural(phone="０５７０－８０００１０１"))
    assert form.is_valid(), form.errors
    assert form.applicant_data()["phone"] == "0570-8000101"


@pytest.mark.parametrize(
    ("postcode", "ok"),
    [
        ("324000", True),
        ("", True),
        ("３２４０００", True),
        ("32400", False),
        ("3240000", False),
        ("32400a", False),
    ],
)
def test_postcode_is_optional_but_six_digits(postcode, ok):
    assert bound(natural(postcode=postcode)).is_valid() is ok
    assert bound(organisation(org_postcode=postcode)).is_valid() is ok


@pytest.mark.parametrize(
    ("email", "ok"),
    [("zhang@example.com", True), ("", True), ("zhang@", False), ("zhang.example.com", False)],
)
def test_email_is_optional_but_must_be_an_address(email, ok):
    form = bound(natural(email=email))
    assert form.is_valid() is ok
    if not ok:
        assert form.errors["email"] == ["请填写有效的电子邮箱地址，如 name@example.com。"]
    assert bound(organisation(org_email=email)).is_valid() is ok


def test_delivery_by_email_needs_an_email_address():
    form = bound(natural(delivery_method="email"))
    assert not form.is_valid()
    assert "电子邮箱" in form.errors["email"][0]
    assert bound(natural(delivery_method="email", email="zhang@example.com")).is_valid()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "请填写姓名。"),
        ("id_type", "请选择证件类型。"),
        ("id_number", "请填写证件号码。"),
        ("phone", "请填写联系电话。"),
        ("address", "请填写通信地址。"),
    ],
)
def test_natural_person_fields_are_required(field, message):
    form = bound(natural(**{field: ""}))
    assert not form.is_valid()
    assert form.errors[field] == [message]


@pytest.mark.parametrize(
    "field",
    ["org_name", "credit_code", "legal_representative", "contact_name", "org_phone", "org_address"],
)
def test_organisation_fields_are_required(field):
    form = bound(organisation(**{field: ""}))
    assert not form.is_valid()
    assert form.errors[field][0].startswith("请填写")


@pytest.mark.parametrize("value", ["", "natural", "government"])
def test_organisation_sub_type_is_required_for_organisations(value):
    form = bound(organisation(org_type=value))
    assert not form.is_valid()
    assert "申请人类别" in form.errors["org_type"][0]


@pytest.mark.parametrize(
    ("org_type", "stored"),
    [
        ("commercial", "commercial"),
        ("research", "research"),
        ("public_welfare", "public_welfare"),
        ("legal_service", "legal_service"),
        ("other_org", "other_org"),
    ],
)
def test_organisation_sub_type_becomes_the_applicant_type(org_type, stored):
    form = bound(organisation(org_type=org_type))
    assert form.is_valid(), form.errors
    data = form.applicant_data()
    assert data["applicant_type"] == stored
    assert data["name"] == "示例律师事务所"
    assert data["id_type"] == ""
    assert data["id_number"] == VALID_CODE
    assert data["phone"] == "0570-8000101"
    assert data["contact_name"] == "王五"


@pytest.mark.parametrize("kind", ["", "both", "commercial"])
def test_applicant_type_must_be_chosen(kind):
    form = bound(natural(applicant_kind=kind))
    assert not form.is_valid()
    assert form.errors["applicant_kind"] == ["请选择申请人类型。"]


def test_organisation_fields_are_ignored_for_a_natural_person():
    data = natural(
        org_type="bogus",
        org_name="x" * 500,
        credit_code="WRONG",
        org_phone="123",
        org_postcode="1",
        org_email="not-an-email",
    )
    form = bound(data)
    assert form.is_valid(), form.errors
    applicant = form.applicant_data()
    assert applicant["applicant_type"] == "natural"
    assert applicant["legal_representative"] == applicant["contact_name"] == ""
    assert "WRONG" not in applicant.values()


def test_natural_person_fields_are_ignored_for_an_organisation():
    data = organisation(
        name="张小三",
        id_type="bogus",
        id_number="123",
        phone="1",
        postcode="x",
        email="nope",
        work_unit="示例公司",
    )
    form = bound(data)
    assert form.is_valid(), form.errors
    applicant = form.applicant_data()
    assert applicant["name"] == "示例律师事务所"
    assert applicant["work_unit"] == ""
    assert applicant["id_number"] == VALID_CODE


def test_applicant_data_has_exactly_the_service_fields():
    for data in (natural(), organisation()):
        form = bound(data)
        assert form.is_valid(), form.errors
        assert set(form.applicant_data()) == set(APPLICANT_FIELDS)


# --------------------------------------------------------------------------- information


@pytest.mark.parametrize("description", ["", "   \n "])
def test_description_of_the_information_is_required(description):
    form = bound(natural(description=description))
    assert not form.is_valid()
    assert form.errors["description"] == ["请填写所需信息的内容描述。"]


def test_name_document_number_and_index_number_are_optional_helpers():
    form = bound(
        natural(
            info_title="示例县低保审批名单",
            info_document_number="示民发〔2025〕3号",
            info_index_number="113310990000200020/2025-00003",
        )
    )
    assert form.is_valid(), form.errors
    assert form.applicant_data()["info_document_number"] == "示民发〔2025〕3号"


@pytest.mark.parametrize(
    ("field", "value"),
    [("provision_form", "cdrom"), ("delivery_method", "fax"), ("provision_form", "")],
)
def test_provision_form_and_delivery_method_come_from_the_lists(field, value):
    form = bound(natural(**{field: value}))
    assert not form.is_valid()
    assert field in form.errors


def test_form_has_no_purpose_or_fee_waiver_field():
    form = ApplicationForm()
    labels = [str(field.label) for field in form.fields.values()]
    assert not [label for label in labels if "用途" in label or "减免" in label or "费" in label]
    assert not {"purpose", "usage", "fee_waiver", "fee_reduction"} & set(form.fields)


# --------------------------------------------------------------------------- query password


@pytest.mark.parametrize(
    ("password", "password2", "error_field", "message"),
    [
        ("chaxun123", "chaxun124", "password2", "两次输入的查询密码不一致，请重新输入。"),
        ("abc1234", "abc1234", "password", "查询密码至少8位。"),
        ("12345678", "12345678", "password", "查询密码须同时包含字母和数字。"),
        ("chaxunmima", "chaxunmima", "password", "查询密码须同时包含字母和数字。"),
        ("abc12345", "abc12345", "password", "该查询密码过于常见，容易被猜中，请换一个。"),
        ("", "", "password", "请设置查询密码。"),
        ("chaxun123", "", "password2", "请再次输入查询密码。"),
    ],
)
def test_query_password_is_entered_twice_and_is_hard_to_guess(
    password, password2, error_field, message
):
    form = bound(natural(password=password, password2=password2))
    assert not form.is_valid()
    assert form.errors[error_field] == [message]


def test_rejected_password_is_not_echoed_back_but_a_good_one_is_kept():
    mismatch = bound(natural(password2="other-password"))
    assert not mismatch.is_valid()
    assert "chaxun123" not in str(mismatch["password"])
    elsewhere = bound(natural(phone="123"))
    assert not elsewhere.is_valid()
    assert 'value="chaxun123"' in str(elsewhere["password"])


def test_eight_characters_of_letters_and_digits_are_enough():
    assert bound(natural(password="qz7k2m9w", password2="qz7k2m9w")).is_valid()


# --------------------------------------------------------------------------- ID proof


@pytest.mark.parametrize(
    ("content", "name", "stored_as"),
    [
        (PNG, "scan.png", "id-proof.png"),
        (JPEG, "照片.jpg", "id-proof.jpg"),
        (PDF, "id.pdf", "id-proof.pdf"),
        (PNG, "scan.pdf", "id-proof.png"),
    ],
)
def test_id_proof_is_accepted_by_content_and_renamed_to_its_type(content, name, stored_as):
    form = bound(natural(), upload(content, name))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_proof"].name == stored_as


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60 + b"%PDF-1.4", "id.pdf"),  # a Windows program
        (b"<html><script>alert(1)</script></html>", "id.png"),
        (b"GIF89a" + b"\x00" * 20, "id.gif"),  # an image, but not an accepted type
        (b"just some text", "id.jpg"),
    ],
)
def test_id_proof_of_another_type_is_refused(content, name):
    form = bound(natural(), upload(content, name))
    assert not form.is_valid()
    assert form.errors["id_proof"] == ["只能上传 JPG、PNG 格式的图片或 PDF 文件，请重新选择文件。"]


def test_id_proof_is_required():
    form = bound(natural(), {})
    assert not form.is_valid()
    assert form.errors["id_proof"] == ["请上传身份证明材料的照片或扫描件。"]


def test_id_proof_over_the_size_limit_is_refused(settings):
    settings.APPLICATION_ID_PROOF_MAX_BYTES = 1024 * 1024
    form = bound(natural(), upload(PNG + b"\x00" * (1024 * 1024)))
    assert not form.is_valid()
    assert "不能超过1MB" in form.errors["id_proof"][0]


def test_good_file_must_be_chosen_again_when_another_field_fails():
    form = bound(natural(phone="123"))
    assert not form.is_valid()
    assert "请重新选择文件" in form.errors["id_proof"][0]


# --------------------------------------------------------------------------- token and query


def test_form_token_round_trips_and_forgeries_are_refused():
    token = APPLY_GATE.read_token(APPLY_GATE.issue_token(issued_at=1000.0))
    assert token is not None
    assert token.issued_at == 1000.0
    assert APPLY_GATE.read_token(APPLY_GATE.issue_token() + "x") is None
    assert APPLY_GATE.read_token("") is None
    assert APPLY_GATE.read_token(None) is None


def test_two_form_tokens_never_share_a_nonce():
    assert (
        APPLY_GATE.read_token(APPLY_GATE.issue_token()).nonce
        != APPLY_GATE.read_token(APPLY_GATE.issue_token()).nonce
    )


def test_progress_query_normalises_the_number():
    form = ProgressQueryForm({"number": " ｍｚｊ-ysq-2026-00001 ", "password": "x"})
    assert form.is_valid()
    assert form.cleaned_data["number"] == "MZJ-YSQ-2026-00001"


@pytest.mark.parametrize("missing", ["number", "password"])
def test_progress_query_needs_number_and_password(missing):
    data = {"number": "MZJ-YSQ-2026-00001", "password": "secret"}
    data[missing] = ""
    assert not ProgressQueryForm(data).is_valid()
