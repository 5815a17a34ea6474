"""Check characters of Chinese identifiers (pure functions, no Django).

* 统一社会信用代码: GB 32100-2015, 18 characters, the last a check character mod 31.
* 公民身份号码: GB 11643-1999, 18 characters, a real birth date not after today and an
  ISO 7064 MOD 11-2 check character (0-9 or X). This is the one ID-number rule of the portal:
  the public form, the staff forms and the importer all ask :func:`id_number_problem`.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_RE = re.compile(rf"^[{CREDIT_CODE_CHARSET}]{{18}}$")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters of a code."""
    total = sum(
        CREDIT_CODE_CHARSET.index(ch) * weight
        for ch, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    """True when ``code`` is 18 characters of the GB 32100 charset with a correct check char."""
    code = (code or "").strip().upper()
    if not _CREDIT_CODE_RE.match(code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def id_number_check_char(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of an ID number."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def id_number_birth_date(number: str) -> dt.date | None:
    """The birth date encoded in an 18-digit ID number, or None when it is not a real date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


class IdNumberProblem(enum.StrEnum):
    """Why a 居民身份证号码 is invalid; each caller words it for its readers."""

    FORMAT = "format"  # not 17 digits and a digit or X
    BIRTH_DATE = "birth_date"  # not a real date, before 1900, or after today
    CHECK_CHAR = "check_char"  # the GB 11643 check character does not match


def id_number_problem(number: str, *, today: dt.date | None) -> IdNumberProblem | None:
    """The one rule for an 18-character 居民身份证号码 (GB 11643-1999), or None when valid.

    Spaces around it and a lower-case x are accepted. The birth date (characters 7-14) must be
    a real date from 1900 on and, as nobody is born after the day the number is checked, not
    after ``today``. ``today=None`` leaves the future unchecked: only for scanning text for
    numbers that look like ID numbers (``kernel.privacy``), where flagging one more is safe.
    """
    number = (number or "").strip().upper()
    if not _ID_RE.match(number):
        return IdNumberProblem.FORMAT
    born = id_number_birth_date(number)
    if born is None or born.year < 1900 or (today is not None and born > today):
        return IdNumberProblem.BIRTH_DATE
    if id_number_check_char(number[:17]) != number[17]:
        return IdNumberProblem.CHECK_CHAR
    return None


def is_valid_id_number(number: str, *, today: dt.date | None) -> bool:
    """True for a valid 居民身份证号码 (see :func:`id_number_problem`)."""
    return id_number_problem(number, today=today) is None
