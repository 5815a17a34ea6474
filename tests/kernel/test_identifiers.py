import datetime as dt

import pytest

from kernel.identifiers import (
    IdNumberProblem,
    credit_code_check_char,
    id_number_check_char,
    id_number_problem,
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


TODAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize("number", ["11010519491231002X", " 11010519491231002x "])
def test_gb11643_example_id_number_is_valid(number):
    assert is_valid_id_number(number, today=TODAY)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("110105194912310021", IdNumberProblem.CHECK_CHAR),
        ("110105194902301234", IdNumberProblem.BIRTH_DATE),  # 30 February
        ("11010519491231002", IdNumberProblem.FORMAT),  # 17 digits
        ("1101051949123100X2", IdNumberProblem.FORMAT),  # X only at the end
        ("11010518991231002X", IdNumberProblem.BIRTH_DATE),  # born before 1900
    ],
)
def test_invalid_id_numbers_are_rejected_with_their_reason(number, problem):
    assert id_number_problem(number, today=TODAY) == problem
    assert not is_valid_id_number(number, today=TODAY)


def with_check_char(first17: str) -> str:
    return first17 + id_number_check_char(first17)


def test_an_id_number_born_after_today_is_invalid():
    tomorrow = with_check_char("110105" + "20261122" + "001")
    assert id_number_problem(tomorrow, today=TODAY) == IdNumberProblem.BIRTH_DATE
    assert is_valid_id_number(with_check_char("110105" + "20261121" + "001"), today=TODAY)


def test_without_a_today_the_future_is_left_unchecked_for_the_privacy_scan():
    assert is_valid_id_number(with_check_char("11010520300101001"), today=None)
