"""Pre-publication personal-data scan (去标识化 guard) and masking helpers.

Pure module (no Django). Before a disclosure is published, its title, body and attachments'
text are scanned for the identifiers that published lists have leaked most often (domain notes
§3.3): 居民身份证号码, mobile numbers and bank card numbers. The scan errs on the side of
ordinary government text not being flagged: each number must stand alone (not inside a longer
run of digits or letters, not the fraction of a decimal) and pass its own validity check.

Findings never carry the raw value: ``masked`` and ``context`` are safe to show in the editor
UI and to log.

Offsets: full-width digits, letters and separators (０-９, Ｘ, －, ideographic space) are
normalised one character for one character before matching, so ``Finding.offset`` is an index
into the ``text`` the caller passed in, whatever its width.
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from kernel.identifiers import is_valid_credit_code, is_valid_id_number

CONTEXT_CHARS = 12


class FindingKind(enum.StrEnum):
    ID_NUMBER = "id_number"
    ID_NUMBER_15 = "id_number_15"
    MOBILE = "mobile"
    BANK_CARD = "bank_card"


FINDING_LABELS: dict[FindingKind, str] = {
    FindingKind.ID_NUMBER: "居民身份证号码",
    FindingKind.ID_NUMBER_15: "15位身份证号码",
    FindingKind.MOBILE: "手机号码",
    FindingKind.BANK_CARD: "银行卡号",
}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: FindingKind
    location: str  # e.g. "标题", "正文", "附件《申请表.docx》", chosen by the caller
    masked: str  # the matched value, masked; never the raw value
    context: str  # the surrounding text with every personal number in it masked
    offset: int  # index of the match in the scanned text

    @property
    def label(self) -> str:
        return FINDING_LABELS[self.kind]


# --- normalisation ----------------------------------------------------------------------------

# Full-width ASCII variants (U+FF01-U+FF5E) and the ideographic space each NFKC-normalise to
# exactly one ASCII character, so translating them keeps every offset. NFKC is not applied to
# the whole text: it changes lengths elsewhere (e.g. "㈠" becomes "(一)").
_FULL_WIDTH = {
    code: unicodedata.normalize("NFKC", chr(code)) for code in (*range(0xFF01, 0xFF5F), 0x3000)
}


def _normalise(text: str) -> str:
    return text.translate(_FULL_WIDTH)


# --- detection --------------------------------------------------------------------------------

# A number stands alone: no digit or Latin letter touches it (a letter joins it to a code such
# as an index number), and it is not the fraction or integer part of a decimal amount.
# Patterns use [0-9], never \d, which would also match other scripts' digits.
_START = r"(?<![0-9A-Za-z])(?<![0-9]\.)"
_END = r"(?![0-9A-Za-z])(?!\.[0-9])"

_ID_18 = re.compile(_START + r"[0-9]{17}[0-9Xx]" + _END)
_ID_15 = re.compile(_START + r"[0-9]{15}" + _END)
# +86 / 0086 is allowed in front; only the 11 digits are reported. Separators must be
# consistent: 13812345678, 138 1234 5678, 138-1234-5678.
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:\+|00)86[ -]?)?(?<![0-9]\.)"
    r"(?P<number>1[3-9][0-9](?P<sep>[ -]?)[0-9]{4}(?P=sep)[0-9]{4})" + _END
)
# 16-19 digits, optionally in groups of four separated by one space or hyphen. The first
# digit is an ISO/IEC 7812 major industry identifier used by cards issued in China
# (3 JCB/Amex, 4 Visa, 5 Mastercard, 6 UnionPay, 9 domestic legacy cards such as 9558);
# it keeps date-based serial numbers (2026...) out.
_BANK_CARD = re.compile(
    _START + r"[3-69][0-9]{3}(?P<sep>[ -]?)[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{4}"
    r"(?P<tail>(?P=sep)[0-9]{1,3})?" + _END
)

# First two digits of the 行政区划代码 (GB/T 2260) of every province-level division.
_PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65", "71", "81", "82",
    }
)  # fmt: skip

# Ambiguous overlaps are resolved in this order (an 18-digit valid ID that is also Luhn-valid
# is an ID number).
_PRIORITY = {
    FindingKind.ID_NUMBER: 0,
    FindingKind.ID_NUMBER_15: 1,
    FindingKind.BANK_CARD: 2,
    FindingKind.MOBILE: 3,
}


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    kind: FindingKind
    digits: str  # separators removed; stays private to this module


def scan_text(text: str, *, location: str) -> list[Finding]:
    """Personal numbers in ``text``, in text order, each reported with its value masked.

    * 18-digit 居民身份证号码 only with a real birth date and a right GB 11643 check character:
      an 18-digit number with a wrong check character is more likely a reference number (it is
      still reported as a bank card when it is Luhn-valid, see below).
    * 15-digit legacy 身份证号码 (issued before 1999): a province code, then a real 19YYMMDD
      birth date in digits 7-12. 15-digit runs are not bank cards (cards have 16-19 digits).
    * Mobile numbers: 11 digits 1[3-9]..., plain or grouped 3-4-4, with or without +86.
    * Bank cards: 16-19 digits, Luhn-valid, not a 统一社会信用代码 (an all-digit one could
      pass Luhn by chance) and not already an ID number.
    """
    normalised = _normalise(text)
    matches = _resolve_overlaps(_candidates(normalised))
    if not matches:
        return []
    redacted = _redact(text, normalised, matches)
    findings = []
    for match in matches:
        context = redacted[max(0, match.start - CONTEXT_CHARS) : match.end + CONTEXT_CHARS]
        findings.append(
            Finding(
                kind=match.kind,
                location=location,
                masked=_MASKERS[match.kind](match.digits),
                context=" ".join(context.split()),
                offset=match.start,
            )
        )
    return findings


def redact(text: str) -> str:
    """``text`` with every personal number found masked in place (the editors' masking tool)."""
    normalised = _normalise(text)
    matches = _resolve_overlaps(_candidates(normalised))
    return _redact(text, normalised, matches) if matches else text


def scan_sources(sources: Iterable[tuple[str, str]]) -> list[Finding]:
    """Scan several ``(location, text)`` pairs; findings keep the order of the sources."""
    return [finding for location, text in sources for finding in scan_text(text, location=location)]


def _candidates(text: str) -> list[_Match]:
    found: list[_Match] = []
    for m in _ID_18.finditer(text):
        number = m.group().upper()
        # No clock here: a number with a future birth date is still reported (the safe side).
        if is_valid_id_number(number, today=None):
            found.append(_Match(m.start(), m.end(), FindingKind.ID_NUMBER, number))
    for m in _ID_15.finditer(text):
        if _is_legacy_id_number(m.group()):
            found.append(_Match(m.start(), m.end(), FindingKind.ID_NUMBER_15, m.group()))
    for m in _MOBILE.finditer(text):
        digits = _digits(m.group("number"))
        found.append(_Match(m.start("number"), m.end("number"), FindingKind.MOBILE, digits))
    for m in _BANK_CARD.finditer(text):
        card = _bank_card(m)
        if card is not None:
            found.append(card)
    return found


def _bank_card(m: re.Match[str]) -> _Match | None:
    digits = _digits(m.group())
    if _is_bank_card(digits):
        return _Match(m.start(), m.end(), FindingKind.BANK_CARD, digits)
    if m.group("sep") and m.group("tail"):
        # "6222 0212 3456 7890 12" may be a 16-digit card followed by another number.
        end = m.start("tail")
        digits = _digits(m.string[m.start() : end])
        if _is_bank_card(digits):
            return _Match(m.start(), end, FindingKind.BANK_CARD, digits)
    return None


def _is_bank_card(digits: str) -> bool:
    if len(digits) == 18 and is_valid_credit_code(digits):
        return False
    return luhn_valid(digits)


def _resolve_overlaps(candidates: list[_Match]) -> list[_Match]:
    """Keep one match per stretch of text: the higher-priority kind, then the longer one."""
    ranked = sorted(candidates, key=lambda m: (_PRIORITY[m.kind], m.start - m.end, m.start))
    kept: list[_Match] = []  # non-overlapping, sorted by start (hence also by end)
    starts: list[int] = []
    for match in ranked:
        index = bisect.bisect_left(starts, match.end)
        if index and kept[index - 1].end > match.start:
            continue
        kept.insert(index, match)
        starts.insert(index, match.start)
    return kept


def _is_legacy_id_number(number: str) -> bool:
    if number[:2] not in _PROVINCE_CODES:
        return False
    try:
        dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return True


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isascii() and (ch.isdigit() or ch in "Xx")).upper()


# --- redaction of the context -----------------------------------------------------------------

_LONG_DIGIT_RUN = re.compile(r"[0-9]{11,}")


def _redact(original: str, normalised: str, matches: list[_Match]) -> str:
    """``original`` with each match masked in place (same length), for context snippets.

    Other runs of 11 or more digits (an ID with a wrong check digit, an account number) are
    masked entirely: the context must be safe to show even when a neighbour is not a finding.
    """
    chars = list(original)
    taken = [False] * len(chars)
    for match in matches:
        keep_start, keep_end = _KEEP[match.kind]
        positions = [i for i in range(match.start, match.end) if normalised[i].isalnum()]
        for n, i in enumerate(positions):
            if keep_start <= n < len(positions) - keep_end:
                chars[i] = "*"
            taken[i] = True
    for run in _LONG_DIGIT_RUN.finditer(normalised):
        if not any(taken[run.start() : run.end()]):  # "+8613812345678" is already a finding
            chars[run.start() : run.end()] = ["*"] * (run.end() - run.start())
    return "".join(chars)


# --- masking ----------------------------------------------------------------------------------

# The one rule for identity document numbers (domain notes §3.4: the Yong'an government
# notice keeps the first 2 and the last 3, 35*************123; keeping the 6-digit region code
# and 4 digits, as tech blogs do, tells a reader the county and more of the number).
ID_KEEP_START = 2
ID_KEEP_END = 3

# (characters kept at the start, characters kept at the end)
_KEEP = {
    FindingKind.ID_NUMBER: (ID_KEEP_START, ID_KEEP_END),
    FindingKind.ID_NUMBER_15: (ID_KEEP_START, ID_KEEP_END),
    FindingKind.MOBILE: (3, 4),
    FindingKind.BANK_CARD: (4, 4),
}

COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人",
        "夏侯", "诸葛", "尉迟", "公羊", "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶",
        "太叔", "申屠", "公孙", "慕容", "仲孙", "钟离", "长孙", "宇文", "司徒", "鲜于",
        "司空", "闾丘", "子车", "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良",
        "漆雕", "乐正", "宰父", "谷梁", "拓跋", "夹谷", "轩辕", "令狐", "段干", "百里",
        "呼延", "东郭", "南门", "羊舌", "微生", "梁丘", "左丘", "东门", "西门", "第五",
    }
)  # fmt: skip


def luhn_valid(number: str) -> bool:
    """True when ``number`` (spaces and hyphens ignored) passes the Luhn (mod 10) check."""
    digits = number.replace(" ", "").replace("-", "")
    if len(digits) < 2 or not (digits.isascii() and digits.isdigit()):
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def mask_name(name: str) -> str:
    """Keep the surname and, for given names of two or more characters, the last character.

    张三 -> 张*, 张小三 -> 张*三, 欧阳明 -> 欧阳*, 欧阳小明 -> 欧阳*明; one star per hidden
    character. Whitespace anywhere is dropped (lists pad names: "张　三"). A single character
    cannot be split into surname and given name and becomes "*"; "" stays "".
    """
    name = "".join(name.split())
    if len(name) <= 1:
        return "*" * len(name)
    surname_length = 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1
    given = name[surname_length:]
    if len(given) == 1:
        return name[:surname_length] + "*"
    return name[:surname_length] + "*" * (len(given) - 1) + given[-1]


def mask_id_number(number: str) -> str:
    """The one masking rule for identity document numbers: keep the first 2 and the last 3
    characters (35*************123), whatever the document (18- or 15-digit 身份证, passport,
    统一社会信用代码); 5 characters or fewer are masked whole.

    Separators and full-width characters are normalised first.
    """
    value = "".join(_normalise(number).split()).replace("-", "").upper()
    return _mask_middle(value, ID_KEEP_START, ID_KEEP_END)


def mask_phone(number: str) -> str:
    """Keep the first 3 and last 4 digits (138****1234); a +86/0086 prefix is dropped."""
    digits = _digits(_normalise(number))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    return _mask_middle(digits, 3, 4)


def mask_bank_card(number: str) -> str:
    """Keep the first 4 and last 4 digits (6222***********0128)."""
    return _mask_middle(_digits(_normalise(number)), 4, 4)


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


_MASKERS = {
    FindingKind.ID_NUMBER: mask_id_number,
    FindingKind.ID_NUMBER_15: mask_id_number,
    FindingKind.MOBILE: mask_phone,
    FindingKind.BANK_CARD: mask_bank_card,
}
