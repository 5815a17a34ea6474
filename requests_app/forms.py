"""Forms of the public 依申请公开 pages: the online application and the progress query.

The application is one form for both applicant types (条例 Art. 29). Both fieldsets are always in
the page so that the type switch works without JavaScript; ``clean()`` validates only the
fieldset of the chosen type and ignores whatever was typed into the other one.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone

from catalog import security_state
from catalog.public_forms import Gate, Limit
from kernel import query_passwords
from kernel.filetypes import KIND_EXTENSIONS, FileKind, sniff
from kernel.form_errors import ErrorSummaryMixin
from kernel.identifiers import IdNumberProblem, id_number_problem, is_valid_credit_code
from requests_app.models import (
    ApplicantType,
    Application,
    DeliveryMethod,
    IdType,
    ProvisionForm,
)

logger = logging.getLogger("requests_app.views")  # the name operators filter on

NATURAL = "natural"
ORGANISATION = "organisation"
APPLICANT_KIND_CHOICES = [(NATURAL, "自然人"), (ORGANISATION, "法人或其他组织")]
ORGANISATION_TYPE_CHOICES = [
    (value, label) for value, label in ApplicantType.choices if value != ApplicantType.NATURAL
]

NATURAL_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "phone",
    "address",
    "postcode",
    "email",
    "work_unit",
)
ORGANISATION_FIELDS = (
    "org_type",
    "org_name",
    "credit_code",
    "legal_representative",
    "contact_name",
    "org_phone",
    "org_address",
    "org_postcode",
    "org_email",
)
REQUIRED_MESSAGES = {
    NATURAL: {
        "name": "请填写姓名。",
        "id_type": "请选择证件类型。",
        "id_number": "请填写证件号码。",
        "phone": "请填写联系电话。",
        "address": "请填写通信地址。",
    },
    ORGANISATION: {
        "org_type": "请选择申请人类别（商业企业、科研机构、社会公益组织、法律服务机构或其他）。",
        "org_name": "请填写法人或其他组织的名称。",
        "credit_code": "请填写统一社会信用代码。",
        "legal_representative": "请填写法定代表人或负责人。",
        "contact_name": "请填写联系人姓名。",
        "org_phone": "请填写联系人电话。",
        "org_address": "请填写通信地址。",
    },
}
# Shown with a required marker although the field itself is optional: clean() requires it
# only for the chosen applicant type.
MARKED_REQUIRED = frozenset(REQUIRED_MESSAGES[NATURAL]) | frozenset(REQUIRED_MESSAGES[ORGANISATION])

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
POSTCODE_RE = re.compile(r"^\d{6}$")
ID_NUMBER_ERRORS = {
    IdNumberProblem.FORMAT: "居民身份证号码应为18位，前17位为数字，最后一位为数字或字母X。",
    IdNumberProblem.BIRTH_DATE: "居民身份证号码中的出生日期（第7至14位）不正确，请核对。",
    IdNumberProblem.CHECK_CHAR: "居民身份证号码的校验码（最后一位）不正确，请核对。",
}

PHONE_MESSAGE = "请填写有效的联系电话：11位手机号码，或者带区号的固定电话（如0570-8000101）。"
POSTCODE_MESSAGE = "邮政编码应为6位数字。"
EMAIL_MESSAGE = "请填写有效的电子邮箱地址，如 name@example.com。"
CREDIT_CODE_MESSAGE = (
    "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z），且最后一位校验码正确，请核对。"
)
RESELECT_FILE_MESSAGE = "申请尚未提交成功，浏览器不能保留已选择的文件，请重新选择文件。"

ID_PROOF_KINDS = frozenset({FileKind.JPEG, FileKind.PNG, FileKind.PDF})
ID_PROOF_DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# The anti-abuse policy of the two public forms (catalog.public_forms, ADR 0012). The scopes
# and the token salt are those the counters and tokens had before the gate: forms rendered
# before a deployment stay valid.
APPLY_GATE = Gate(
    name="apply-form",
    limit=Limit("submit", (5, 3600), setting="APPLICATION_SUBMIT_RATE"),
    honeypot="website",
    token_salt="requests_app.apply-form",  # noqa: S106 - a signing namespace, not a secret
    min_fill_seconds=3,
    min_fill_setting="APPLICATION_MIN_FILL_SECONDS",
)
QUERY_GATE = Gate(
    name="progress-query",
    limit=Limit("query", (20, 3600), setting="APPLICATION_QUERY_RATE"),
    one_time_token=False,
)
# Wrong query passwords per 申请编号, counted whoever asks: a guesser spread over many
# addresses meets the same wall (ADR 0010).
CASE_QUERY_LIMIT = Limit("case-query", (10, 86400), setting="APPLICATION_CASE_QUERY_RATE")


def case_subject(number: str) -> str:
    """The keyed hash of a 申请编号, as the per-case limit counts it."""
    return security_state.subject_hash("case", number.strip().upper())


def id_proof_max_bytes() -> int:
    return int(getattr(settings, "APPLICATION_ID_PROOF_MAX_BYTES", ID_PROOF_DEFAULT_MAX_BYTES))


# --------------------------------------------------------------------------- value checks


def _compact(value: str) -> str:
    """Full-width digits and letters to half-width (Chinese IMEs type them), no spaces."""
    return "".join(unicodedata.normalize("NFKC", value or "").split())


def id_number_error(number: str) -> str | None:
    """Why ``number`` is not a valid 居民身份证号码 (kernel.identifiers), or None."""
    problem = id_number_problem(number, today=timezone.localdate())
    return ID_NUMBER_ERRORS[problem] if problem else None


def _phone(value: str) -> str:
    value = _compact(value).replace("—", "-").replace("－", "-")
    if value and not (MOBILE_RE.match(value) or LANDLINE_RE.match(value)):
        raise forms.ValidationError(PHONE_MESSAGE, code="invalid_phone")
    return value


def _postcode(value: str) -> str:
    value = _compact(value)
    if value and not POSTCODE_RE.match(value):
        raise forms.ValidationError(POSTCODE_MESSAGE, code="invalid_postcode")
    return value


def _text(max_length: int, label: str, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        error_messages={"max_length": f"{label}不能超过{max_length}个字。"},
        **kwargs,
    )


def _email(label: str) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=False,
        max_length=254,
        error_messages={"invalid": EMAIL_MESSAGE, "max_length": EMAIL_MESSAGE},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _choice(label: str, choices, message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


def _short(label: str, max_length: int, autocomplete: str, inputmode: str = "text"):
    return _text(
        max_length,
        label,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, "inputmode": inputmode}),
    )


# --------------------------------------------------------------------------- application


class ApplicationForm(ErrorSummaryMixin, forms.Form):
    """The online 政府信息公开申请表; ``applicant_data()`` feeds services.submit_application."""

    applicant_kind = _choice(
        "申请人类型",
        APPLICANT_KIND_CHOICES,
        "请选择申请人类型。",
        widget=forms.RadioSelect,
        initial=NATURAL,
    )

    # 自然人
    name = _text(100, "姓名", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    id_type = _choice(
        "证件类型",
        [("", "请选择"), *IdType.choices],
        "请选择证件类型。",
        required=False,
        initial=IdType.RESIDENT_ID,
    )
    id_number = _text(40, "证件号码", widget=forms.TextInput(attrs={"autocomplete": "off"}))
    phone = _short("联系电话", 30, "tel", "tel")
    address = _text(
        200, "通信地址", widget=forms.TextInput(attrs={"autocomplete": "street-address"})
    )
    postcode = _short("邮政编码", 6, "postal-code", "numeric")
    email = _email("电子邮箱")
    work_unit = _text(100, "工作单位", widget=forms.TextInput(attrs={"autocomplete": "off"}))

    # 法人或其他组织
    org_type = _choice(
        "申请人类别",
        ORGANISATION_TYPE_CHOICES,
        REQUIRED_MESSAGES[ORGANISATION]["org_type"],
        required=False,
        widget=forms.RadioSelect,
    )
    org_name = _text(100, "名称", widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    credit_code = _short("统一社会信用代码", 18, "off")
    legal_representative = _text(50, "法定代表人或负责人")
    contact_name = _text(50, "联系人姓名", widget=forms.TextInput(attrs={"autocomplete": "name"}))
    org_phone = _short("联系人电话", 30, "tel", "tel")
    org_address = _text(
        200, "通信地址", widget=forms.TextInput(attrs={"autocomplete": "street-address"})
    )
    org_postcode = _short("邮政编码", 6, "postal-code", "numeric")
    org_email = _email("电子邮箱")

    # 所需信息
    description = forms.CharField(
        label="所需信息的内容描述",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "请填写所需信息的内容描述。",
            "max_length": "内容描述不能超过2000个字；涉及多项信息的，请分别提出申请。",
        },
        help_text="请写明所需政府信息的名称、文号，或者便于本机关查询的其他特征性描述。"
        "一份申请请只对应一项政府信息，并避免使用“等”“所有”“相关”等模糊表述。",
    )
    info_title = _text(200, "所需信息的名称")
    info_document_number = _text(
        100, "文号", widget=forms.TextInput(attrs={"placeholder": "如：示民发〔2025〕12号"})
    )
    info_index_number = _text(60, "索引号")
    # 条例 Art. 44: an applicant may suggest making the information proactive.
    suggest_proactive = forms.BooleanField(
        label="建议将该信息主动公开",
        required=False,
        help_text="依据《政府信息公开条例》第四十四条，申请人可以建议行政机关将该信息纳入"
        "主动公开的范围。是否勾选不影响本申请的办理。",
    )
    provision_form = _choice(
        "提供形式",
        ProvisionForm.choices,
        "请选择提供形式。",
        widget=forms.RadioSelect,
        initial=ProvisionForm.ELECTRONIC,
    )
    delivery_method = _choice(
        "获取方式",
        DeliveryMethod.choices,
        "请选择获取方式。",
        widget=forms.RadioSelect,
        initial=DeliveryMethod.ONLINE,
    )

    id_proof = forms.FileField(
        label="身份证明材料",
        error_messages={
            "required": "请上传身份证明材料的照片或扫描件。",
            "empty": "所选文件是空文件，请重新选择文件。",
            "invalid": "文件上传不完整，请重新选择文件。",
            "missing": "文件上传不完整，请重新选择文件。",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    password = forms.CharField(
        label="查询密码",
        max_length=64,
        strip=False,
        validators=[query_passwords.check_chosen],
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        error_messages={
            "required": "请设置查询密码。",
            "max_length": "查询密码不能超过64位。",
        },
        help_text=(
            "至少8位，须同时包含字母和数字，不要使用常见密码。"
            "凭申请编号和查询密码查询办理进度、查看答复文书，请妥善保管。"
        ),
    )
    password2 = forms.CharField(
        label="确认查询密码",
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        error_messages={"required": "请再次输入查询密码。", "max_length": "查询密码不能超过64位。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        max_mb = id_proof_max_bytes() // (1024 * 1024)
        self.fields["id_proof"].help_text = (
            "自然人请上传身份证件，法人或其他组织请上传营业执照等登记证书的照片或扫描件；"
            f"支持 JPG、PNG 图片或 PDF 文件，不超过{max_mb}MB。"
        )
        for name in MARKED_REQUIRED:
            # A radio group states it in its legend; aria-required is not valid on a radio.
            if not isinstance(self.fields[name].widget, forms.RadioSelect):
                self.fields[name].widget.attrs["aria-required"] = "true"

    # Field-level checks of the applicant fields; clean() discards the other type's errors.

    def clean_id_number(self) -> str:
        return _compact(self.cleaned_data["id_number"]).upper()

    def clean_credit_code(self) -> str:
        value = _compact(self.cleaned_data["credit_code"]).upper()
        if value and not is_valid_credit_code(value):
            raise forms.ValidationError(CREDIT_CODE_MESSAGE, code="invalid_credit_code")
        return value

    def clean_phone(self) -> str:
        return _phone(self.cleaned_data["phone"])

    def clean_org_phone(self) -> str:
        return _phone(self.cleaned_data["org_phone"])

    def clean_postcode(self) -> str:
        return _postcode(self.cleaned_data["postcode"])

    def clean_org_postcode(self) -> str:
        return _postcode(self.cleaned_data["org_postcode"])

    def clean_description(self) -> str:
        return self.cleaned_data["description"].strip()

    def clean_id_proof(self):
        upload = self.cleaned_data["id_proof"]
        limit = id_proof_max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件不能超过{limit // (1024 * 1024)}MB，请压缩后重新选择文件。", code="too_big"
            )
        kind = sniff(upload)
        if kind not in ID_PROOF_KINDS:
            raise forms.ValidationError(
                "只能上传 JPG、PNG 格式的图片或 PDF 文件，请重新选择文件。", code="file_type"
            )
        # Store under the type the content proves; the original name may carry personal data.
        upload.name = f"id-proof{KIND_EXTENSIONS[kind][0]}"
        return upload

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_kind")
        if kind in (NATURAL, ORGANISATION):
            ignored = ORGANISATION_FIELDS if kind == NATURAL else NATURAL_FIELDS
            for name in ignored:
                self.errors.pop(name, None)
                cleaned[name] = ""
            for name, message in REQUIRED_MESSAGES[kind].items():
                if not cleaned.get(name) and not self.has_error(name):
                    self.add_error(name, forms.ValidationError(message, code="required"))
            if kind == NATURAL:
                self._check_id_number(cleaned)
            email_field = "email" if kind == NATURAL else "org_email"
            if (
                cleaned.get("delivery_method") == DeliveryMethod.EMAIL
                and not cleaned.get(email_field)
                and not self.has_error(email_field)
            ):
                self.add_error(email_field, "选择以电子邮件方式获取信息的，请填写电子邮箱。")

        password, password2 = cleaned.get("password"), cleaned.get("password2")
        if password and password2 is not None and password != password2:
            self.add_error("password2", "两次输入的查询密码不一致，请重新输入。")
        if self.has_error("password") or self.has_error("password2"):
            # A rejected password is typed again, never echoed back.
            self.fields["password"].widget.render_value = False
            self.fields["password2"].widget.render_value = False

        if self.errors and not self.has_error("id_proof") and self.files.get("id_proof"):
            self.add_error("id_proof", RESELECT_FILE_MESSAGE)
        return cleaned

    def _check_id_number(self, cleaned: dict) -> None:
        number = cleaned.get("id_number")
        if cleaned.get("id_type") == IdType.RESIDENT_ID and number:
            error = id_number_error(number)
            if error:
                self.add_error("id_number", forms.ValidationError(error, code="invalid_id"))

    def reject(self, message: str) -> None:
        """Refuse a submission for a reason outside the fields; the chosen file must be re-picked."""
        self.add_error(None, message)
        if self.files.get("id_proof") and not self.has_error("id_proof"):
            self.add_error("id_proof", RESELECT_FILE_MESSAGE)

    def add_service_errors(self, exc: Exception) -> None:
        """A rule of the service or the model refused the application: say which, keep the input."""
        if not isinstance(exc, ValidationError):
            self.reject(str(exc))
            return
        parts = []
        for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else []:
            try:
                label = str(Application._meta.get_field(field).verbose_name)
            except FieldDoesNotExist:
                label = ""
            parts.append(f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        # Field names only: the values may be personal data.
        logger.warning(
            "online application refused by model validation: %s",
            sorted(getattr(exc, "error_dict", {})),
        )
        self.reject("申请未能提交：" + ("；".join(parts) or "；".join(exc.messages)))

    def applicant_data(self) -> dict:
        """Application.APPLICANT_FIELDS, filled in from the chosen applicant type's fields."""
        c = self.cleaned_data
        info = {
            "description": c["description"],
            "info_title": c["info_title"].strip(),
            "info_document_number": c["info_document_number"].strip(),
            "info_index_number": c["info_index_number"].strip(),
            "provision_form": c["provision_form"],
            "delivery_method": c["delivery_method"],
        }
        if c["applicant_kind"] == NATURAL:
            return {
                "applicant_type": ApplicantType.NATURAL,
                "name": c["name"].strip(),
                "id_type": c["id_type"],
                "id_number": c["id_number"],
                "legal_representative": "",
                "contact_name": "",
                "phone": c["phone"],
                "address": c["address"].strip(),
                "postcode": c["postcode"],
                "email": c["email"],
                "work_unit": c["work_unit"].strip(),
                **info,
            }
        return {
            "applicant_type": c["org_type"],
            "name": c["org_name"].strip(),
            "id_type": "",
            "id_number": c["credit_code"],
            "legal_representative": c["legal_representative"].strip(),
            "contact_name": c["contact_name"].strip(),
            "phone": c["org_phone"],
            "address": c["org_address"].strip(),
            "postcode": c["org_postcode"],
            "email": c["org_email"],
            "work_unit": "",
            **info,
        }


# --------------------------------------------------------------------------- progress query


class ProgressQueryForm(forms.Form):
    number = forms.CharField(
        label="申请编号",
        max_length=40,
        error_messages={"required": "请填写申请编号。", "max_length": "申请编号不正确。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="见申请回执，如 MZJ-YSQ-2026-00001。",
    )
    password = forms.CharField(
        label="查询密码",
        max_length=64,
        strip=False,
        error_messages={"required": "请填写查询密码。", "max_length": "查询密码不正确。"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_number(self) -> str:
        return _compact(self.cleaned_data["number"]).upper()
