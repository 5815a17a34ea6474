"""Generated 查询密码: long and random enough that guessing within the limits is hopeless,
and safe in the password file a spreadsheet opens (issue #14, items 2 and 7)."""

from __future__ import annotations

import re

from kernel import query_passwords


def test_generated_passwords_are_twelve_unambiguous_characters_in_groups():
    passwords = {query_passwords.generate() for _ in range(500)}
    assert len(passwords) == 500
    for password in passwords:
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", password)
    # 31 symbols, 12 places: about 59 bits
    assert len(query_passwords.ALPHABET) ** 12 > 2**58


def test_generated_passwords_never_start_like_a_spreadsheet_formula():
    # The import's password file is opened in Excel; token_urlsafe could start with "-".
    for _ in range(2000):
        assert query_passwords.generate()[0] not in "=+-@"
