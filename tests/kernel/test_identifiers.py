import datetime as dt

import pytest

from kernel.identifiers import (
    credit_code_check_char,
    is_valid_credit_code,
    is_valid_id_number,
)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example printed in GB 32100 explanations
        "91110000600037341L",
    ],
)
def test_published_credit_codes_are_valid(code):
    assert is_valid_credit_code(code)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # 17 characters
        "91350100M000100I43",  # I is not in the charset
        "",
        "911350100M000100Y43",
    ],
)
def test_malformed_credit_codes_are_rejected(code):
    assert not is_valid_credit_code(code)


def test_any_single_character_change_breaks_the_check():
    code = "91350100M000100Y43"
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for pos in range(18):
        for ch in charset:
            if ch != code[pos]:
                mutated = code[:pos] + ch + code[pos + 1 :]
                assert not is_valid_credit_code(mutated), mutated


def test_credit_code_lowercase_is_accepted_after_normalising():
    assert is_valid_credit_code("91350100m000100y43")


def test_check_char_is_zero_when_remainder_is_zero():
    # Find a prefix whose weighted sum is a multiple of 31: its check char must be "0".
    base = "1100000000000000"
    for ch in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if credit_code_check_char(base + ch) == "0":
            assert is_valid_credit_code(base + ch + "0")
            break
    else:  # pragma: no cover
        pytest.fail("no prefix with check character 0 found")


@pytest.mark.parametrize("number", ["11010519491231002X", "110105194912310029"[:-1] + "X"])
def test_gb11643_example_id_number_is_valid(number):
    assert is_valid_id_number(number)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "wrong check digit"),
        ("110105194902301234", "30 February"),
        ("11010519491231002", "17 digits"),
        ("11010518991231002X", "born before 1900"),
    ],
)
def test_invalid_id_numbers_are_rejected(number, reason):
    assert not is_valid_id_number(number), reason


def test_id_number_born_in_the_future_is_rejected():
    # 2030-01-01 with a correct check digit
    from kernel.identifiers import id_number_check_char

    first17 = "11010520300101001"
    number = first17 + id_number_check_char(first17)
    assert is_valid_id_number(number)
    assert not is_valid_id_number(number, today=dt.date(2026, 11, 21))
