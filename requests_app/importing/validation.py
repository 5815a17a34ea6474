"""Validating rows into records, pure: rows, the organisations by name and today's date in,
:class:`Record` s or :class:`RowError` s out. No ORM, no clock.

Each row is checked on its own (required cells, lengths, formats, choices, ID numbers) and then
as a case history: dates in order and not in the future, a 补正, 征求意见, 收费 or 延期 complete
when begun, and an outcome that the history allows. The services check their own rules again
when the records are written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kernel.identifiers import id_number_problem
from requests_app.importing.columns import APPLICANT_TEXT_KEYS, COLUMNS
from requests_app.importing.errors import RowError
from requests_app.importing.records import Consultation, Correction, Extension, Fee, Record
from requests_app.importing.values import (
    APPLICANT_TYPES,
    CHANNELS,
    CONSULTATION_KINDS,
    DELIVERY_METHODS,
    ID_NUMBER_PROBLEMS,
    ID_TYPES,
    NO,
    OUTCOME_NAMES,
    PROVISION_FORMS,
    TZ,
    YES,
    cell_text,
    credit_code_problem,
    is_blank,
    normalise_quotes,
    parse_date,
    parse_datetime,
)
from requests_app.models import ApplicantType, DeliveryMethod, IdType, Pause, ProvisionForm
from requests_app.outcomes import OUTCOMES, Outcome

NUMBER_RE = re.compile(r"^(?P<prefix>[A-Z0-9][A-Z0-9-]*)-YSQ-(?P<year>\d{4})-(?P<seq>\d{5})$")
MAX_EXTENSION = 20


def organisation_index(organisations: Iterable[Any]) -> dict[str, Any]:
    """What a 受理机关 cell may say: the slug (any case), the full name or the short name."""
    index: dict[str, Any] = {}
    for org in organisations:
        for name in (org.slug, org.slug.lower(), org.name, org.short_name):
            if name:
                index.setdefault(name, org)
    return index


class Row:
    """One row's cells with helpers that collect errors instead of raising."""

    def __init__(self, line: int, cells: Mapping[str, Any]):
        self.line = line
        self.cells = cells
        self.errors: list[RowError] = []

    def error(self, message: str) -> None:
        self.errors.append(RowError(self.line, message))

    def text(self, key: str) -> str:
        return cell_text(self.cells.get(key))

    def given(self, key: str) -> bool:
        return not is_blank(self.cells.get(key))

    def header(self, key: str) -> str:
        return next(c.header for c in COLUMNS if c.key == key)

    def choice(self, key: str, index: Mapping[str, str], default: str = "") -> str:
        text = re.sub(r"\s+", "", self.text(key))
        if not text:
            return default
        value = index.get(normalise_quotes(text))
        if value is None:
            self.error(f"{self.header(key)}“{text}”无法识别")
            return default
        return value

    def date(self, key: str) -> dt.date | None:
        if not self.given(key):
            return None
        try:
            return parse_date(self.cells[key])
        except ValueError as exc:
            self.error(f"{self.header(key)}{exc}")
            return None

    def integer(self, key: str) -> int | None:
        if not self.given(key):
            return None
        try:
            value = float(self.text(key).replace(",", "").replace("元", ""))
        except ValueError:
            value = -1.0
        if not value.is_integer() or value < 0:
            self.error(f"{self.header(key)}应为不小于0的整数")
            return None
        return int(value)


def parse_rows(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    *,
    organisations: Mapping[str, Any],
    today: dt.date,
    organisation: Any = None,
) -> tuple[list[Record], list[RowError]]:
    """Validate rows into records. Pure: ``organisations`` maps each slug, name and short name
    to its organisation object; ``organisation`` (``--organisation``) is the default and the
    only one allowed."""
    records: list[Record] = []
    errors: list[RowError] = []
    numbers: dict[str, int] = {}
    for line, cells in rows:
        row = Row(line, cells)
        record = _parse(row, organisations=organisations, today=today, default=organisation)
        if record is not None and record.number:
            if record.number in numbers:
                row.error(f"申请编号{record.number}与第{numbers[record.number]}行重复")
            numbers.setdefault(record.number, line)
        errors.extend(row.errors)
        if record is not None and not row.errors:
            records.append(record)
    return records, errors


def _parse(row: Row, *, organisations, today, default) -> Record | None:
    for column in COLUMNS:
        if column.required and not row.given(column.key):
            row.error(f"{column.header}不能为空")
        elif column.max_length and len(row.text(column.key)) > column.max_length:
            row.error(f"{column.header}不能超过{column.max_length}个字")

    org = default
    if row.given("organisation"):
        name = row.text("organisation")
        org = organisations.get(name) or organisations.get(name.lower())
        if org is None:
            row.error(f"受理机关“{name}”不存在")
        elif default is not None and org != default:
            row.error(f"受理机关“{name}”与 --organisation 指定的机关不一致")
    elif default is None:
        row.error("受理机关不能为空（或在命令中用 --organisation 指定）")

    channel = row.choice("channel", CHANNELS)
    received_on = row.date("received_on")
    if received_on and received_on > today:
        row.error("收到申请日期不能晚于今天")
    submitted_at = None
    if row.given("submitted_at"):
        try:
            submitted_at = parse_datetime(row.cells["submitted_at"])
        except ValueError as exc:
            row.error(f"提交时间{exc}")
    if submitted_at is None and received_on:
        # Time unknown: midnight of the receipt day (demo cases never use midnight).
        submitted_at = dt.datetime.combine(received_on, dt.time(0, 0), tzinfo=TZ)

    data = _applicant(row, today)
    number = row.text("number").upper()
    if number:
        match = NUMBER_RE.match(number)
        if match is None:
            row.error("申请编号格式应为“MZJ-YSQ-2026-00001”")
        elif org is not None and match["prefix"] != org.slug.upper():
            row.error(f"申请编号应以受理机关的网址标识“{org.slug.upper()}”开头")
        elif received_on and int(match["year"]) != received_on.year:
            row.error("申请编号中的年份应与收到申请日期的年份一致")

    record = Record(
        line=row.line,
        organisation=org,
        channel=channel,
        received_on=received_on,
        submitted_at=submitted_at,
        data=data,
        number=number,
        handler=row.text("handler"),
        email=data.pop("email", ""),
    )
    record.correction = _correction(row, received_on, today)
    record.consultation = _consultation(row, received_on, today)
    record.fee = _fee(row, received_on, today)
    record.extension = _extension(row, received_on, today)
    _outcome(row, record, today)
    return None if row.errors else record


def _applicant(row: Row, today: dt.date) -> dict:
    data = {key: row.text(key) for key in APPLICANT_TEXT_KEYS}
    kind = row.choice("applicant_type", APPLICANT_TYPES)
    data["applicant_type"] = kind
    number = re.sub(r"\s+", "", row.text("id_number")).upper()
    data["id_number"] = number
    id_type = ""
    if kind == ApplicantType.NATURAL:
        id_type = row.choice("id_type", ID_TYPES)
        if not row.given("id_type"):
            row.error("自然人申请须填写证件类型")
        elif id_type == IdType.RESIDENT_ID and number:
            problem = id_number_problem(number, today=today)
            if problem:
                row.error(ID_NUMBER_PROBLEMS[problem])
    elif kind:
        if row.text("id_type") not in {"", "统一社会信用代码"}:
            row.error("法人或其他组织的证件类型应留空或填写“统一社会信用代码”")
        if number:
            problem = credit_code_problem(number)
            if problem:
                row.error(problem)
    data["id_type"] = id_type
    if data["postcode"] and not re.fullmatch(r"\d{6}", data["postcode"]):
        row.error("邮政编码应为6位数字")
    if data["email"]:
        try:
            validate_email(data["email"])
        except ValidationError:
            row.error("电子邮箱格式不正确")
    data["provision_form"] = row.choice(
        "provision_form", PROVISION_FORMS, default=ProvisionForm.ELECTRONIC
    )
    data["delivery_method"] = row.choice(
        "delivery_method", DELIVERY_METHODS, default=DeliveryMethod.ONLINE
    )
    return data


def _not_before(
    row: Row, day: dt.date | None, earliest: dt.date | None, what: str, than: str
) -> None:
    if day and earliest and day < earliest:
        row.error(f"{what}不能早于{than}")


def _not_future(row: Row, day: dt.date | None, today: dt.date, what: str) -> None:
    if day and day > today:
        row.error(f"{what}不能晚于今天")


def _correction(row: Row, received_on, today) -> Correction | None:
    keys = (
        "correction_requested_on",
        "correction_items",
        "correction_due_on",
        "corrected_received_on",
    )
    if not any(row.given(k) for k in keys):
        return None
    requested = row.date("correction_requested_on")
    due = row.date("correction_due_on")
    received = row.date("corrected_received_on")
    items = row.text("correction_items")
    for key in keys[:3]:
        if not row.given(key):
            row.error(f"填写补正情况时，{row.header(key)}不能为空")
    _not_before(row, requested, received_on, "告知补正日期", "收到申请日期")
    _not_future(row, requested, today, "告知补正日期")
    if requested and due and due <= requested:
        row.error("补正期限应晚于告知补正日期")
    _not_before(row, received, requested, "收到补正日期", "告知补正日期")
    _not_future(row, received, today, "收到补正日期")
    if requested is None or due is None or not items:
        return None
    return Correction(requested, items, due, received)


def _consultation(row: Row, received_on, today) -> Consultation | None:
    keys = (
        "consultation_kind",
        "consultation_party",
        "consultation_sent_on",
        "consultation_ended_on",
    )
    if not any(row.given(k) for k in keys):
        return None
    kind = row.choice("consultation_kind", CONSULTATION_KINDS, default=Pause.Kind.THIRD_PARTY)
    sent = row.date("consultation_sent_on")
    ended = row.date("consultation_ended_on")
    party = row.text("consultation_party")
    for key in ("consultation_party", "consultation_sent_on"):
        if not row.given(key):
            row.error(f"填写征求意见情况时，{row.header(key)}不能为空")
    _not_before(row, sent, received_on, "征求意见日期", "收到申请日期")
    _not_future(row, sent, today, "征求意见日期")
    _not_before(row, ended, sent, "征求意见结束日期", "征求意见日期")
    _not_future(row, ended, today, "征求意见结束日期")
    if sent is None or not party:
        return None
    return Consultation(kind, party, sent, ended)


def _fee(row: Row, received_on, today) -> Fee | None:
    keys = ("fee_amount", "fee_notified_on", "fee_paid_on")
    if not any(row.given(k) for k in keys):
        return None
    amount = row.integer("fee_amount")
    notified = row.date("fee_notified_on")
    paid = row.date("fee_paid_on")
    for key in keys[:2]:
        if not row.given(key):
            row.error(f"填写收费情况时，{row.header(key)}不能为空")
    if amount == 0:
        row.error("收费金额应大于零")
    _not_before(row, notified, received_on, "收费通知送达日期", "收到申请日期")
    _not_future(row, notified, today, "收费通知送达日期")
    _not_before(row, paid, notified, "缴费日期", "收费通知送达日期")
    _not_future(row, paid, today, "缴费日期")
    if not amount or notified is None:
        return None
    return Fee(amount, notified, paid)


def _extension(row: Row, received_on, today) -> Extension | None:
    flag = row.text("extended")
    if flag in NO:
        for key in (
            "extension_working_days",
            "extension_approver",
            "extension_reason",
            "extended_on",
        ):
            if row.given(key):
                row.error(f"未延期的申请不应填写{row.header(key)}")
        return None
    if flag not in YES:
        row.error(f"是否延期“{flag}”无法识别，请填写“是”或“否”")
        return None
    days = row.integer("extension_working_days")
    if days is None and not row.given("extension_working_days"):
        days = MAX_EXTENSION
    if days is not None and not 1 <= days <= MAX_EXTENSION:
        row.error("延长工作日数应为1至20")
    approver, reason = row.text("extension_approver"), row.text("extension_reason")
    if not approver:
        row.error("延期的申请须填写延期批准人（政府信息公开工作机构负责人）")
    if not reason:
        row.error("延期的申请须填写延期理由")
    on = row.date("extended_on")
    _not_before(row, on, received_on, "延期日期", "收到申请日期")
    _not_future(row, on, today, "延期日期")
    if days is None or not approver or not reason:
        return None
    return Extension(days, approver, reason, on)


def _outcome(row: Row, record: Record, today: dt.date) -> None:
    text = normalise_quotes(re.sub(r"\s+", "", row.text("outcome")))
    closed_on = row.date("closed_on")
    record.reasons = row.text("reasons")
    record.provided = row.text("provided")
    if not text:
        if closed_on:
            row.error("填写了办结日期，但没有填写办理结果")
        return
    outcome = OUTCOME_NAMES.get(text)
    if outcome is None:
        row.error(f"办理结果“{row.text('outcome')}”不是年度报告表三的办理结果，请按说明文档填写")
        return
    record.outcome = outcome
    record.closed_on = closed_on
    info = OUTCOMES[outcome]
    if closed_on is None:
        row.error("已办结的申请须填写办结日期")
    _not_before(row, closed_on, record.received_on, "办结日期", "收到申请日期")
    _not_future(row, closed_on, today, "办结日期")
    if info.needs_reasons and not record.reasons:
        row.error(f"办理结果为“{info.label}”的，须填写理由和依据")
    if outcome in {Outcome.DISCLOSE, Outcome.PARTIAL} and not record.provided:
        row.error("予以公开或部分公开的，须填写提供方式")
    correction, fee, consultation = record.correction, record.fee, record.consultation
    waiting_correction = correction is not None and correction.received_on is None
    waiting_fee = fee is not None and fee.paid_on is None
    if outcome == Outcome.OTHER_NO_CORRECTION:
        if not waiting_correction:
            row.error("逾期未补正办结的，须填写告知补正情况，且不填写收到补正日期")
        elif closed_on and closed_on <= correction.due_on:
            row.error("逾期未补正办结的，办结日期应晚于补正期限")
    elif outcome == Outcome.OTHER_NO_FEE:
        if not waiting_fee:
            row.error("逾期未缴费办结的，须填写收费情况，且不填写缴费日期")
    elif outcome == Outcome.UNABLE_UNCLEAR and (
        correction is None or correction.received_on is None
    ):
        row.error("“补正后申请内容仍不明确”的，须填写告知补正和收到补正的日期")
    elif outcome != Outcome.OTHER:
        if waiting_correction:
            row.error("已告知补正但未收到补正的申请，只能以逾期未补正或其他原因办结")
        if waiting_fee:
            row.error("已发出收费通知但未缴费的申请，只能以逾期未缴费或其他原因办结")
        if consultation is not None and consultation.ended_on is None:
            row.error("征求意见尚未结束的申请不能答复，请填写征求意见结束日期")
