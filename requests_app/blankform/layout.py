"""The blank 政府信息公开申请表 for applications by letter or fax, as rows of a ruled table.

The labels and choices are read from the online form (requests_app.forms.ApplicationForm) and
the model's choices, so the paper form asks for exactly what the online one does.
"""

from __future__ import annotations

from dataclasses import dataclass

from requests_app.forms import APPLICANT_KIND_CHOICES, ORGANISATION_TYPE_CHOICES, ApplicationForm
from requests_app.models import DeliveryMethod, IdType, ProvisionForm

TITLE = "政府信息公开申请表"
BOX = "□"


@dataclass(frozen=True)
class Row:
    """One table row inside a section: one or two (label, blank or choices) pairs."""

    cells: tuple[tuple[str, str], ...]
    tall: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


def _label(name: str) -> str:
    return str(ApplicationForm.base_fields[name].label)


def _boxes(choices) -> str:
    return "　".join(f"{BOX}{label}" for _value, label in choices)


def sections() -> tuple[Section, ...]:
    natural, organisation = (label for _value, label in APPLICANT_KIND_CHOICES)
    return (
        Section(
            f"申请人信息（{natural}）",
            (
                Row(((_label("name"), ""), (_label("work_unit"), ""))),
                Row(((_label("id_type"), _boxes(IdType.choices)),)),
                Row(((_label("id_number"), ""), (_label("phone"), ""))),
                Row(((_label("address"), ""), (_label("postcode"), ""))),
                Row(((_label("email"), ""),)),
            ),
        ),
        Section(
            f"申请人信息（{organisation}）",
            (
                Row(((_label("org_type"), _boxes(ORGANISATION_TYPE_CHOICES)),)),
                Row(((_label("org_name"), ""), (_label("credit_code"), ""))),
                Row(((_label("legal_representative"), ""), (_label("contact_name"), ""))),
                Row(((_label("org_phone"), ""), (_label("org_email"), ""))),
                Row(((_label("org_address"), ""), (_label("org_postcode"), ""))),
            ),
        ),
        Section(
            "所需信息情况",
            (
                Row(((_label("description"), ""),), tall=True),
                Row(((_label("info_title"), ""),)),
                Row(((_label("info_document_number"), ""), (_label("info_index_number"), ""))),
                Row(((_label("suggest_proactive"), _boxes([("yes", "是"), ("no", "否")])),)),
                Row(((_label("provision_form"), _boxes(ProvisionForm.choices)),)),
                Row(((_label("delivery_method"), _boxes(DeliveryMethod.choices)),)),
            ),
        ),
        Section(
            "申请人签名",
            (Row((("申请人签名或者盖章", ""), ("申请日期", "　　年　　月　　日"))),),
        ),
    )


NOTES = (
    f"请按申请人类型填写“{APPLICANT_KIND_CHOICES[0][1]}”或“{APPLICANT_KIND_CHOICES[1][1]}”一栏，"
    f"并附{_label('id_proof')}（身份证件或者营业执照等的复印件）。",
    "一份申请表只对应一项政府信息；需要多项政府信息的，请分别填写。",
    "请写明所需政府信息的名称、文号，或者便于行政机关查询的其他特征性描述，"
    "避免使用“等”“所有”“相关”等模糊表述。申请人无需说明所需信息的用途。",
    "信访、投诉、举报、咨询、建议等事项，请通过相应渠道提出，不作为政府信息公开申请处理。",
    "以挂号信邮寄的，以行政机关签收之日为收到申请之日；以平信邮寄的，以政府信息公开工作机构"
    "与申请人确认之日为收到申请之日；以传真提交的，以双方确认之日为收到申请之日。",
    "选择“网上获取（在本平台下载）”的，受理机关登记后告知申请编号和查询密码，"
    "申请人可凭其在本平台查询办理进度、查看和下载答复文书及提供的政府信息。",
)
