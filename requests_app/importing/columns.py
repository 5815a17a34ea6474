"""The columns of an import file: header (and accepted aliases), key, and the checks a cell
gets before its value is read. Documented for users in docs/import-applications.md."""

from __future__ import annotations

from kernel.tables import Column, headers_of
from requests_app.models import Application

COLUMNS: tuple[Column, ...] = (
    Column("申请编号", "number"),
    Column("受理机关", "organisation"),
    Column("申请方式", "channel", required=True),
    Column("收到申请日期", "received_on", required=True),
    Column("提交时间", "submitted_at"),
    Column("申请人类型", "applicant_type", required=True),
    Column("姓名/名称", "name", required=True, max_length=100, aliases=("姓名或名称", "姓名")),
    Column("证件类型", "id_type"),
    Column("证件号码", "id_number", required=True, aliases=("证件号码/统一社会信用代码",)),
    Column("法定代表人/负责人", "legal_representative", max_length=50),
    Column("联系人", "contact_name", max_length=50),
    Column("联系电话", "phone", required=True, max_length=30),
    Column("通信地址", "address", required=True, max_length=200),
    Column("邮政编码", "postcode"),
    Column("电子邮箱", "email"),
    Column("工作单位", "work_unit", max_length=100),
    Column(
        "所需信息", "description", required=True, max_length=2000, aliases=("所需信息的内容描述",)
    ),
    Column("所需信息的名称", "info_title", max_length=200),
    Column("文号", "info_document_number", max_length=100),
    Column("索引号", "info_index_number", max_length=60),
    Column("提供形式", "provision_form"),
    Column("获取方式", "delivery_method"),
    Column("经办人", "handler"),
    Column("告知补正日期", "correction_requested_on"),
    Column("补正事项", "correction_items"),
    Column("补正期限", "correction_due_on"),
    Column("收到补正日期", "corrected_received_on"),
    Column("征求意见类型", "consultation_kind"),
    Column("征求意见对象", "consultation_party", max_length=100),
    Column("征求意见日期", "consultation_sent_on"),
    Column("征求意见结束日期", "consultation_ended_on"),
    Column("收费金额", "fee_amount"),
    Column("收费通知送达日期", "fee_notified_on"),
    Column("缴费日期", "fee_paid_on"),
    Column("是否延期", "extended"),
    Column("延长工作日数", "extension_working_days"),
    Column("延期批准人", "extension_approver", max_length=50),
    Column("延期理由", "extension_reason", max_length=300),
    Column("延期日期", "extended_on"),
    Column("办理结果", "outcome"),
    Column("办结日期", "closed_on"),
    Column("理由和依据", "reasons"),
    Column("提供方式", "provided", max_length=300),
)

HEADERS = headers_of(COLUMNS)

# The applicant's fields that are taken as text; the others are choices or checked numbers.
APPLICANT_TEXT_KEYS = tuple(
    key
    for key in Application.APPLICANT_FIELDS
    if key not in {"applicant_type", "id_type", "id_number", "provision_form", "delivery_method"}
)
