"""The 依申请公开 case files of an archive year: every case closed in the year, with its record,
its event trail and its reply notices as PDF.

Two editions. The restricted one (for the archive office) keeps the applicant's personal data
as recorded, with the proof of identity. The normal one keeps what the annual report and an
auditor need and nothing that identifies a person: a natural person's name masked (张*三), no
ID number, telephone, address, e-mail or work unit, and the same values masked wherever a note
or a notice repeats them (then every ID number, telephone and bank card number left in free
text by kernel.privacy.redact).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from catalog.models import Organisation
from kernel import privacy
from kernel.pdf import PdfUnavailable, find_pdf_font
from reports.archive.items import Section, stored_file
from reports.archive.layout import canonical_json, safe_name
from requests_app import documents
from requests_app.events import label_of
from requests_app.models import Application, ApplicationEvent, ReplyNotice

Progress = Callable[[str], None]
PDF_CACHE_SECONDS = 30 * 24 * 3600
PERSONAL_FIELDS = (
    "name",
    "id_number",
    "legal_representative",
    "contact_name",
    "phone",
    "address",
    "email",
    "work_unit",
)


def cases_of_year(organisation: Organisation, year: int):
    return (
        Application.objects.filter(organisation=organisation, closed_on__year=year, status="closed")
        .select_related("organisation")
        .order_by("closed_on", "number", "pk")
    )


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


class Scrubber:
    """Replaces one case's personal values wherever they appear in a text."""

    def __init__(self, application: Application):
        masks = {
            application.name: application.masked_name,
            application.id_number: application.masked_id_number,
            application.phone: privacy.mask_phone(application.phone),
        }
        for name in ("legal_representative", "contact_name"):
            value = getattr(application, name)
            masks[value] = privacy.mask_name(value)
        for name in ("address", "email", "work_unit"):
            masks[getattr(application, name)] = "（已遮盖）"
        if application.is_organisation:
            masks.pop(application.name, None)  # an organisation's name is not personal data
        # Longest first, so a name inside an address is not masked before the address is.
        self.masks = sorted(
            ((k, v) for k, v in masks.items() if k and len(k) > 1), key=lambda kv: -len(kv[0])
        )

    def text(self, value: str) -> str:
        for original, masked in self.masks:
            value = value.replace(original, masked).replace(escape(original), escape(masked))
        return privacy.redact(value)


def applicant(application: Application, *, restricted: bool) -> dict:
    """The applicant as recorded (restricted) or as the annual report needs it: the type and
    the masked name."""
    party = {"applicant_type": application.get_applicant_type_display()}
    if not restricted:
        return party | {"name": application.masked_name}
    return party | {
        "id_type": application.get_id_type_display(),
        **{name: getattr(application, name) for name in (*PERSONAL_FIELDS, "postcode")},
    }


APPLICANT_LABELS = {
    "applicant_type": "申请人类型",
    "id_type": "证件类型",
    "name": "姓名/名称",
    "id_number": "证件号码/统一社会信用代码",
    "legal_representative": "法定代表人/负责人",
    "contact_name": "联系人",
    "phone": "联系电话",
    "address": "通信地址",
    "postcode": "邮政编码",
    "email": "电子邮箱",
    "work_unit": "工作单位",
}


def case_record(application: Application, *, restricted: bool, scrub: Scrubber) -> dict:
    keep = (lambda text: text) if restricted else scrub.text
    party = applicant(application, restricted=restricted)
    return {
        "申请编号": application.number,
        "申请方式": application.get_channel_display(),
        "收到申请日期": application.received_on.isoformat(),
        "申请人": {APPLICANT_LABELS[k]: v for k, v in party.items()},
        "所需信息的内容描述": keep(application.description),
        "所需信息的名称": keep(application.info_title),
        "文号": application.info_document_number,
        "索引号": application.info_index_number,
        "获取信息的方式": application.get_provision_form_display(),
        "答复期限": application.due_on.isoformat() if application.due_on else "",
        "延长答复期限（工作日）": application.extension_working_days,
        "办理结果": application.outcome_label,
        "理由和依据": keep(application.outcome_reasons),
        "信息处理费（元）": application.fee_amount,
        "办结日期": application.closed_on.isoformat() if application.closed_on else "",
    }


def case_events(application: Application, *, restricted: bool, scrub: Scrubber) -> list:
    keep = (lambda text: text) if restricted else scrub.text
    rows = []
    events = ApplicationEvent.objects.filter(application=application).select_related("actor")
    for event in events.order_by("created_at", "pk"):
        data = event.data
        if not restricted:
            data = _scrub_data(data, scrub)
        rows.append(
            {
                "时间": _local(event.created_at),
                "操作": label_of(event.action),
                "原状态": event.from_status,
                "新状态": event.to_status,
                "操作人": event.actor.get_username() if event.actor else "",
                "说明": keep(event.note),
                "数据": data,
            }
        )
    return rows


def _scrub_data(value, scrub: Scrubber):
    if isinstance(value, str):
        return scrub.text(value)
    if isinstance(value, dict):
        return {k: _scrub_data(v, scrub) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub_data(v, scrub) for v in value]
    return value


def notice_pdf(notice: ReplyNotice, body: str) -> bytes:
    """The notice as issued, with the PDF's creation date the date it was issued (so the same
    notice always gives the same bytes)."""
    issued = dt.datetime.combine(notice.issued_on, dt.time(0, 0), tzinfo=dt.UTC)
    return documents.notice_pdf(notice, body, created=issued)


def cached_notice_pdf(notice: ReplyNotice, body: str) -> bytes:
    """``notice_pdf`` kept in the cache by what it is made of: a CJK PDF costs seconds of font
    subsetting, and a second run of the same year renders no notice again."""
    recipe = "|".join(
        [notice.number, notice.title, notice.issued_on.isoformat(), str(notice.delivered_on),
         notice.delivery_method, body, str(find_pdf_font())]
    )  # fmt: skip
    key = f"archive:notice-pdf:{hashlib.sha256(recipe.encode()).hexdigest()}"
    content = cache.get(key)
    if content is None:
        content = notice_pdf(notice, body)
        cache.set(key, content, timeout=PDF_CACHE_SECONDS)
    return content


def collect_cases(
    organisation: Organisation, year: int, *, restricted: bool, progress: Progress
) -> tuple[Section, list[Application]]:
    section = Section()
    cases = list(cases_of_year(organisation, year))
    for n, application in enumerate(cases, start=1):
        folder = f"data/cases/{safe_name(application.number, fallback=f'case-{application.pk}')}"
        scrub = Scrubber(application)
        record = case_record(application, restricted=restricted, scrub=scrub)
        section.add(f"{folder}/case.json", canonical_json(record), "申请登记和办理结果")
        events = case_events(application, restricted=restricted, scrub=scrub)
        section.add(f"{folder}/events.json", canonical_json(events), "办理过程记录")
        notices = ReplyNotice.objects.filter(application=application).order_by("issued_on", "pk")
        for notice in notices.select_related("application__organisation"):
            body = notice.body if restricted else scrub.text(notice.body)
            stem = f"{folder}/notices/{safe_name(notice.number, fallback=f'notice-{notice.pk}')}"
            section.add(f"{stem}.html", body.encode("utf-8"), f"{notice.title}（正文）")
            try:
                section.add(
                    f"{stem}.pdf", cached_notice_pdf(notice, body), f"{notice.title}（PDF）"
                )
            except PdfUnavailable:
                progress(f"未找到中文字体，{notice.number} 仅保存正文（HTML）")
        if restricted and application.id_proof:
            suffix = safe_name(application.id_proof.name.rsplit(".", 1)[-1], fallback="bin")
            proof = stored_file(application.id_proof)
            section.add(f"{folder}/id-proof.{suffix}", proof, "身份证明（个人信息）")
        if n % 20 == 0 or n == len(cases):
            progress(f"依申请公开案卷：{n}/{len(cases)}")
    section.count = len(cases)
    return section, cases
