"""From a cell to a value: text, dates, times, choices by value or label, Table B outcomes by
any name a ledger uses, and the ID-number and credit-code checks with their messages.

A function here returns the value or raises ValueError with the second half of a message
("格式不正确，…") that validation puts after the column's header.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from kernel.identifiers import CREDIT_CODE_CHARSET, IdNumberProblem, credit_code_check_char
from kernel.tables import DATE_RE, cell_text, is_blank, parse_date  # noqa: F401 - shared
from requests_app.models import ApplicantType, Channel, DeliveryMethod, IdType, Pause, ProvisionForm
from requests_app.outcomes import GROUPS, OUTCOMES, Outcome, outcome_label

TZ = ZoneInfo("Asia/Shanghai")


def normalise_quotes(text: str) -> str:
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
                index[normalise_quotes(re.sub(r"\s+", "", name))] = outcome
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
            key = normalise_quotes(re.sub(r"\s+", "", name))
            assert index.get(key, outcome) == outcome, f"ambiguous outcome name {name}"
            index[key] = outcome
    return index


OUTCOME_NAMES = _outcome_index()


def parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=TZ)
    text = cell_text(value)
    match = re.match(r"^(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$", text)
    if not match:
        raise ValueError("格式不正确，应为“2025-03-05 14:30”")
    day = parse_date(match.group(1))
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
