"""Import of 依申请公开 cases from a spreadsheet (CSV or XLSX): the 台账 of earlier years.

Three stages:

* :func:`read_table` reads the file into ``(line, {header: value})`` rows. ``line`` is the row's
  line in the file as a person sees it in Excel (the header is line 1), so errors can say
  "第5行：…". CSV may be UTF-8 with or without BOM, or GB18030 (Excel's default "CSV" on a
  Chinese Windows).
* :func:`parse_rows` is pure: rows, the organisations by name and today's date in, validated
  :class:`Record` s or :class:`RowError` s out. No ORM, no clock.
* :func:`import_records` writes every record through :mod:`requests_app.services` (so each case
  has its number, clock, events and notices), all or nothing in one transaction. A rule a
  service enforces (补正 within 7 working days, extension not after the due date, …) becomes a
  row error too, and then nothing is written.

The columns are documented for users in docs/import-applications.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from kernel import query_passwords
from kernel.identifiers import (
    CREDIT_CODE_CHARSET,
    IdNumberProblem,
    credit_code_check_char,
    id_number_problem,
)
from requests_app import delivery, services
from requests_app.models import (
    ApplicantType,
    Application,
    Channel,
    DeliveryMethod,
    IdType,
    Pause,
    ProvisionForm,
)
from requests_app.outcomes import GROUPS, OUTCOMES, Outcome, outcome_label

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    max_length: int | None = None
    aliases: tuple[str, ...] = ()


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

APPLICANT_TEXT_KEYS = (
    "name",
    "legal_representative",
    "contact_name",
    "phone",
    "address",
    "postcode",
    "email",
    "work_unit",
    "description",
    "info_title",
    "info_document_number",
    "info_index_number",
)

NUMBER_RE = re.compile(r"^(?P<prefix>[A-Z0-9][A-Z0-9-]*)-YSQ-(?P<year>\d{4})-(?P<seq>\d{5})$")
MAX_EXTENSION = 20


class ImportFailed(Exception):
    """The file cannot be imported; ``errors`` say why, by line."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"第{self.line}行：{self.message}"


@dataclass(frozen=True)
class Correction:
    requested_on: dt.date
    items: str
    due_on: dt.date
    received_on: dt.date | None


@dataclass(frozen=True)
class Consultation:
    kind: str
    party: str
    sent_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True)
class Fee:
    amount: int
    notified_on: dt.date
    paid_on: dt.date | None


@dataclass(frozen=True)
class Extension:
    working_days: int
    approver: str
    reason: str
    on: dt.date | None  # None: on the due date as it stands then (the last allowed day)


@dataclass
class Record:
    """One validated row, ready for the services."""

    line: int
    organisation: Any
    channel: str
    received_on: dt.date
    submitted_at: dt.datetime
    data: dict
    number: str = ""
    handler: str = ""
    correction: Correction | None = None
    consultation: Consultation | None = None
    fee: Fee | None = None
    extension: Extension | None = None
    outcome: str = ""
    closed_on: dt.date | None = None
    reasons: str = ""
    provided: str = ""
    email: str = field(default="", repr=False)


# --------------------------------------------------------------------------- reading


def read_table(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """Rows of the first sheet (XLSX) or of the CSV, keyed by normalised header.

    Raises ImportFailed for a file that cannot be read or whose header row is wrong.
    """
    path = Path(path)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        table = _read_xlsx(path)
    elif path.suffix.lower() == ".csv":
        table = _read_csv(path)
    else:
        raise ImportFailed([RowError(1, "只支持 .csv 和 .xlsx 文件。")])
    if not table:
        raise ImportFailed([RowError(1, "文件是空的，第1行应为表头。")])
    (header_line, header), *body = table
    keys, errors = _header_keys(header, header_line)
    if errors:
        raise ImportFailed(errors)
    rows = []
    for line, cells in body:
        if all(_is_blank(c) for c in cells):
            continue
        cells = list(cells) + [None] * (len(keys) - len(cells))
        extra = [c for c in cells[len(keys) :] if not _is_blank(c)]
        if extra:
            raise ImportFailed([RowError(line, "本行的单元格多于表头的列数。")])
        rows.append((line, {k: c for k, c in zip(keys, cells, strict=False) if k}))
    return rows


def _read_csv(path: Path) -> list[tuple[int, list]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise ImportFailed([RowError(1, "无法识别文件编码，请另存为“CSV UTF-8”格式。")])
    reader = csv.reader(text.splitlines(keepends=True))
    table = []
    start = 1
    for cells in reader:
        table.append((start, cells))
        start = reader.line_num + 1
    return table


def _read_xlsx(path: Path) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any unreadable workbook is one user-facing error
        raise ImportFailed([RowError(1, f"无法读取Excel文件：{exc}")]) from exc
    try:
        sheet = workbook.worksheets[0]
        return [(n, list(cells)) for n, cells in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        workbook.close()


def _norm_header(value: Any) -> str:
    text = _text(value)
    return re.sub(r"\s+", "", text).replace("（必填）", "").replace("*", "")


HEADERS = {c.header: c for c in COLUMNS} | {a: c for c in COLUMNS for a in c.aliases}


def _header_keys(header: list, line: int) -> tuple[list[str], list[RowError]]:
    keys, errors, seen = [], [], set()
    for cell in header:
        name = _norm_header(cell)
        if not name:
            keys.append("")
            continue
        column = HEADERS.get(name)
        if column is None:
            errors.append(RowError(line, f"无法识别的列“{name}”，请使用说明文档中的列名。"))
            keys.append("")
        elif column.key in seen:
            errors.append(RowError(line, f"列“{column.header}”重复。"))
            keys.append("")
        else:
            seen.add(column.key)
            keys.append(column.key)
    for column in COLUMNS:
        if column.required and column.key not in seen:
            errors.append(RowError(line, f"缺少必填列“{column.header}”。"))
    return keys, errors


# --------------------------------------------------------------------------- values


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets store digits typed into a number cell as floats
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\ufeff", "").strip()


def _quotes(text: str) -> str:
    return text.replace("\u201c", '"').replace("\u201d", '"').replace("＂", '"')


def _choices(*pairs: tuple[str, str], extra: Mapping[str, str] | None = None) -> dict[str, str]:
    index = {}
    for value, label in pairs:
        index[value] = value
        index[label] = value
        index[label.split("（")[0]] = value
    index.update(extra or {})
    return index


CHANNELS = _choices(
    *Channel.choices,
    extra={"网上": Channel.ONLINE, "当面": Channel.IN_PERSON, "邮寄": Channel.REGISTERED_MAIL},
)
APPLICANT_TYPES = _choices(*ApplicantType.choices)
ID_TYPES = _choices(*IdType.choices, extra={"身份证": IdType.RESIDENT_ID})
PROVISION_FORMS = _choices(*ProvisionForm.choices)
DELIVERY_METHODS = _choices(*DeliveryMethod.choices)
CONSULTATION_KINDS = _choices(
    (Pause.Kind.THIRD_PARTY.value, Pause.Kind.THIRD_PARTY.label),
    (Pause.Kind.OTHER_AGENCY.value, Pause.Kind.OTHER_AGENCY.label),
    extra={"第三方": Pause.Kind.THIRD_PARTY, "其他机关": Pause.Kind.OTHER_AGENCY},
)
YES = {"是", "Y", "y", "yes", "true", "1", "已延期"}
NO = {"", "否", "N", "n", "no", "false", "0", "未延期"}


def _outcome_index() -> dict[str, Outcome]:
    """Every way a spreadsheet may name a Table B row: key, row label, "group › label", or the
    label without its "1." / "（一）" prefix. Quotes are normalised (“ ” and " match)."""
    index: dict[str, Outcome] = {}
    for outcome, info in OUTCOMES.items():
        if info.variant:  # shares its row with another outcome: only its own names
            names = {outcome.value, f"{info.label}（{info.variant}）", outcome_label(outcome)}
            for name in names:
                index[_quotes(re.sub(r"\s+", "", name))] = outcome
            continue
        names = {
            outcome.value,
            info.label,
            f"{GROUPS[info.group]} › {info.label}",
            f"{GROUPS[info.group]}{info.label}",
            re.sub(r"^(\d+\.|（[一二三四五六七]）)", "", info.label),
        }
        if outcome == Outcome.PARTIAL:
            names.add("部分公开")
        for name in names:
            key = _quotes(re.sub(r"\s+", "", name))
            assert index.get(key, outcome) == outcome, f"ambiguous outcome name {name}"
            index[key] = outcome
    return index


OUTCOME_NAMES = _outcome_index()

DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    match = DATE_RE.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise ValueError("格式不正确，应为“2025-03-05”或“2025年3月5日”")


def _datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=TZ)
    text = _text(value)
    match = re.match(r"^(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$", text)
    if not match:
        raise ValueError("格式不正确，应为“2025-03-05 14:30”")
    day = _date(match.group(1))
    hour, minute, second = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
    try:
        return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=TZ)
    except ValueError as exc:
        raise ValueError("格式不正确，应为“2025-03-05 14:30”") from exc


ID_NUMBER_PROBLEMS = {
    IdNumberProblem.FORMAT: "证件号码应为18位，前17位为数字，最后一位为数字或X",
    IdNumberProblem.BIRTH_DATE: "证件号码中的出生日期不正确",
    IdNumberProblem.CHECK_CHAR: "证件号码校验位不正确",
}


def credit_code_problem(code: str) -> str | None:
    """Why a 统一社会信用代码 is invalid (GB 32100), or None."""
    if not re.fullmatch(rf"[{CREDIT_CODE_CHARSET}]{{18}}", code):
        return "统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）"
    if credit_code_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确"
    return None


# --------------------------------------------------------------------------- parsing


class _Row:
    """One row's cells with helpers that collect errors instead of raising."""

    def __init__(self, line: int, cells: Mapping[str, Any]):
        self.line = line
        self.cells = cells
        self.errors: list[RowError] = []

    def error(self, message: str) -> None:
        self.errors.append(RowError(self.line, message))

    def text(self, key: str) -> str:
        return _text(self.cells.get(key))

    def given(self, key: str) -> bool:
        return not _is_blank(self.cells.get(key))

    def header(self, key: str) -> str:
        return next(c.header for c in COLUMNS if c.key == key)

    def choice(self, key: str, index: Mapping[str, str], default: str = "") -> str:
        text = re.sub(r"\s+", "", self.text(key))
        if not text:
            return default
        value = index.get(_quotes(text))
        if value is None:
            self.error(f"{self.header(key)}“{text}”无法识别")
            return default
        return value

    def date(self, key: str) -> dt.date | None:
        if not self.given(key):
            return None
        try:
            return _date(self.cells[key])
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
        row = _Row(line, cells)
        record = _parse(row, organisations=organisations, today=today, default=organisation)
        if record is not None and record.number:
            if record.number in numbers:
                row.error(f"申请编号{record.number}与第{numbers[record.number]}行重复")
            numbers.setdefault(record.number, line)
        errors.extend(row.errors)
        if record is not None and not row.errors:
            records.append(record)
    return records, errors


def _parse(row: _Row, *, organisations, today, default) -> Record | None:
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
            submitted_at = _datetime(row.cells["submitted_at"])
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


def _applicant(row: _Row, today: dt.date) -> dict:
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
    row: _Row, day: dt.date | None, earliest: dt.date | None, what: str, than: str
) -> None:
    if day and earliest and day < earliest:
        row.error(f"{what}不能早于{than}")


def _not_future(row: _Row, day: dt.date | None, today: dt.date, what: str) -> None:
    if day and day > today:
        row.error(f"{what}不能晚于今天")


def _correction(row: _Row, received_on, today) -> Correction | None:
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


def _consultation(row: _Row, received_on, today) -> Consultation | None:
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


def _fee(row: _Row, received_on, today) -> Fee | None:
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


def _extension(row: _Row, received_on, today) -> Extension | None:
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


def _outcome(row: _Row, record: Record, today: dt.date) -> None:
    text = _quotes(re.sub(r"\s+", "", row.text("outcome")))
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


# --------------------------------------------------------------------------- writing


def organisation_index(organisations: Iterable[Any]) -> dict[str, Any]:
    """What a 受理机关 cell may say: the slug (any case), the full name or the short name."""
    index: dict[str, Any] = {}
    for org in organisations:
        for name in (org.slug, org.slug.lower(), org.name, org.short_name):
            if name:
                index.setdefault(name, org)
    return index


@dataclass(frozen=True)
class Imported:
    line: int
    number: str
    query_password: str
    status: str


def import_records(records: list[Record], *, actor, dry_run: bool = False) -> list[Imported]:
    """Write the records through the services in one transaction: all of them, or none.

    Raises ImportFailed with every row that a service refused. With ``dry_run`` everything runs
    (so the services' own rules are checked too) and is then rolled back.
    """
    with transaction.atomic():
        imported, errors = [], []
        for record in records:
            try:
                # Historical cases: their applicants get no mail for the notices re-issued here.
                with transaction.atomic(), delivery.suppressed():
                    imported.append(_write(record, actor))
            except _RowFailed as exc:
                errors.append(RowError(record.line, exc.message))
        if errors:
            raise ImportFailed(errors)
        if dry_run:
            transaction.set_rollback(True)
    return imported


class _RowFailed(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _write(record: Record, actor) -> Imported:
    password = query_passwords.generate()
    try:
        application = services.submit_application(
            organisation=record.organisation,
            data=record.data,
            query_password=password,
            channel=record.channel,
            received_on=record.received_on,
            submitted_at=record.submitted_at,
            actor=actor,
        )
        if record.number and application.number != record.number:
            raise _RowFailed(
                f"申请编号{record.number}与平台按顺序分配的编号{application.number}不一致"
                "（可留空由平台编号）"
            )
        if record.email:
            # Set after registration so that no confirmation mail goes to the applicant of a
            # case from the ledger (submit_application mails every applicant with an address).
            Application.objects.filter(pk=application.pk).update(email=record.email)
            application.email = record.email
        if record.handler:
            handler = (
                get_user_model().objects.filter(username=record.handler, is_active=True).first()
            )
            if handler is None:
                raise _RowFailed(f"经办人“{record.handler}”不存在或已停用")
            application = services.assign(actor=actor, application=application, handler=handler)
        application = _history(record, application, actor)
    except services.CaseError as exc:
        raise _RowFailed(str(exc)) from exc
    except ValidationError as exc:
        raise _RowFailed(_validation_message(exc)) from exc
    except ValueError as exc:  # deadlines.DeadlineError: a clock that cannot exist
        raise _RowFailed(f"日期相互矛盾：{exc}") from exc
    return Imported(record.line, application.number, password, application.status)


def _history(record: Record, application, actor):
    act = {"actor": actor}
    correction = record.correction
    if correction is not None:
        application = services.request_correction(
            **act,
            application=application,
            items=correction.items,
            correction_due_on=correction.due_on,
            on=correction.requested_on,
        )
        if correction.received_on:
            application = services.receive_correction(
                **act, application=application, received_on=correction.received_on
            )
    # Consultation, fee and extension in the order they happened; an extension without a date
    # comes last, on the due date as it then stands (the last day an extension is allowed).
    steps = []
    if record.consultation is not None:
        steps.append((record.consultation.sent_on, "consultation"))
    if record.fee is not None:
        steps.append((record.fee.notified_on, "fee"))
    if record.extension is not None:
        steps.append((record.extension.on or dt.date.max, "extension"))
    for _, kind in sorted(steps, key=lambda s: s[0]):
        if kind == "consultation":
            c = record.consultation
            application = services.start_consultation(
                **act, application=application, kind=c.kind, party=c.party, sent_on=c.sent_on
            )
            if c.ended_on:
                application = services.end_consultation(
                    **act, application=application, ended_on=c.ended_on
                )
        elif kind == "fee":
            application = services.issue_fee_notice(
                **act,
                application=application,
                amount=record.fee.amount,
                basis="国办函〔2020〕109号",
                notice_received_on=record.fee.notified_on,
            )
            if record.fee.paid_on:
                application = services.record_payment(
                    **act, application=application, paid_on=record.fee.paid_on
                )
        else:
            application = _extend(record, application, actor)
    return _finish(record, application, actor)


def _extend(record: Record, application, actor):
    extension = record.extension
    on = extension.on
    if on is None:
        if application.due_on is None:
            raise _RowFailed("计时中止期间不能延期，请填写延期日期")
        on = min(application.due_on, record.closed_on or timezone.localdate())
    return services.extend(
        actor=actor,
        application=application,
        working_days=extension.working_days,
        approver=extension.approver,
        reason=extension.reason,
        on=on,
    )


def _finish(record: Record, application, actor):
    if not record.outcome:
        return application
    act = {"actor": actor, "application": application}
    if record.outcome == Outcome.OTHER_NO_CORRECTION:
        return services.correction_lapsed(**act, on=record.closed_on)
    if record.outcome == Outcome.OTHER_NO_FEE:
        return services.fee_lapsed(**act, on=record.closed_on)
    if record.outcome == Outcome.OTHER:
        return services.close_other(**act, reason=record.reasons, on=record.closed_on)
    return services.answer(
        **act,
        outcome=record.outcome,
        reasons=record.reasons,
        provided=record.provided,
        answered_on=record.closed_on,
    )


def _validation_message(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return "；".join(exc.messages)
    parts = []
    for name, errors in exc.error_dict.items():
        try:
            label = Application._meta.get_field(name).verbose_name
        except Exception:  # a non-field key
            label = name
        parts.append(f"{label}：{'；'.join(m for e in errors for m in e.messages)}")
    return "；".join(parts)
