"""The 查询密码 of a progress query (依申请公开 cases, 互动交流 letters): with sequential numbers
(申请编号, 查询码) it is the only secret of the query, so it must make guessing hopeless together
with the limits (ADR 0010 has the arithmetic). Generic (no domain), hence in the kernel.

A password the system sets (a case registered by staff or imported) is ``generate()``d: 12
characters from 31 that cannot be mistaken for each other when read out or copied, in groups of
four (31^12 ≈ 7.9×10^17, about 59 bits). One an applicant chooses online must pass
``check_chosen``: at least 8 characters, letters and digits both, not one of the 20,000 most
common passwords.
"""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L
GROUPS = 3
GROUP_LENGTH = 4
MIN_LENGTH = 8

LENGTH_MESSAGE = f"查询密码至少{MIN_LENGTH}位。"
MIX_MESSAGE = "查询密码须同时包含字母和数字。"
COMMON_MESSAGE = "该查询密码过于常见，容易被猜中，请换一个。"

_LETTER = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_common = CommonPasswordValidator()


def generate() -> str:
    """A random query password such as ``K7QM-3XPA-9RTD``."""
    return "-".join(
        "".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS)
    )


def check_chosen(password: str) -> None:
    """Raise ValidationError (in Chinese) when an applicant's own password is too easy to guess."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(LENGTH_MESSAGE, code="password_too_short")
    if not (_LETTER.search(password) and _DIGIT.search(password)):
        raise ValidationError(MIX_MESSAGE, code="password_not_mixed")
    if password.lower().strip() in _common.passwords:
        raise ValidationError(COMMON_MESSAGE, code="password_too_common")


class QueryPasswordMixin:
    """For a model with a ``query_password`` field holding the hash (applications, letters)."""

    query_password: str

    def set_query_password(self, raw: str) -> None:
        self.query_password = make_password(raw)

    def check_query_password(self, raw: str) -> bool:
        return bool(self.query_password) and check_password(raw, self.query_password)
