"""The counting rules of interaction.surveys.tally, exhaustively (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from interaction.surveys.tally import (
    MULTIPLE,
    RATING,
    SINGLE,
    TEXT,
    AnswerRow,
    QuestionSpec,
    average,
    percent,
    tally,
)

SINGLE_Q = QuestionSpec(1, SINGLE, "是否满意", options=((11, "满意"), (12, "一般"), (13, "不满意")))
MULTI_Q = QuestionSpec(
    2, MULTIPLE, "关注哪些事项", options=((21, "养老"), (22, "医保"), (23, "救助"))
)
RATING_Q = QuestionSpec(3, RATING, "总体评价", rating_min=1, rating_max=5)
TEXT_Q = QuestionSpec(4, TEXT, "意见建议")
ALL = [SINGLE_Q, MULTI_Q, RATING_Q, TEXT_Q]


@pytest.mark.parametrize(
    ("count", "base", "expected"),
    [
        (0, 1, Decimal("0.0")),
        (1, 1, Decimal("100.0")),
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (49, 400, Decimal("12.3")),  # 12.25 rounds half up, not to even
        (1, 6, Decimal("16.7")),
        (5, 4, Decimal("125.0")),  # never happens for one option, but the arithmetic holds
        (0, 0, None),
        (3, 0, None),
    ],
)
def test_percent_rounds_half_up_to_one_decimal_and_has_no_value_without_a_base(
    count, base, expected
):
    assert percent(count, base) == expected


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        (0, 0, None),
        (5, 1, Decimal("5.00")),
        (10, 3, Decimal("3.33")),
        (11, 8, Decimal("1.38")),
        (9, 8, Decimal("1.13")),
        (7, 2, Decimal("3.50")),
    ],
)
def test_average_rounds_half_up_to_two_decimals(total, count, expected):
    assert average(total, count) == expected


def test_zero_responses_give_zero_counts_and_no_percentages():
    results = tally(ALL, [], respondents=0)
    assert results.respondents == 0
    for result in results.questions:
        assert result.answered == 0
        assert all(row.count == 0 and row.percent is None for row in result.rows)
        assert result.average is None
    assert [row.label for row in results.questions[0].rows] == ["满意", "一般", "不满意"]
    assert [row.label for row in results.questions[2].rows] == ["1", "2", "3", "4", "5"]
    assert results.questions[3].rows == []


def test_single_choice_percentages_are_over_those_who_answered_the_question():
    rows = [AnswerRow(r, 1, option_id=11) for r in (1, 2, 3)] + [AnswerRow(4, 1, option_id=13)]
    results = tally([SINGLE_Q], rows, respondents=5)  # respondent 5 skipped the question
    result = results.questions[0]
    assert result.answered == 4
    assert result.skipped == 1
    assert [(r.label, r.count, r.percent) for r in result.rows] == [
        ("满意", 3, Decimal("75.0")),
        ("一般", 0, Decimal("0.0")),
        ("不满意", 1, Decimal("25.0")),
    ]


def test_multiple_choice_percentages_are_over_respondents_and_may_exceed_100_in_sum():
    rows = [
        AnswerRow(1, 2, option_id=21),
        AnswerRow(1, 2, option_id=22),
        AnswerRow(2, 2, option_id=21),
        AnswerRow(2, 2, option_id=22),
        AnswerRow(2, 2, option_id=23),
        AnswerRow(3, 2, option_id=21),
    ]
    result = tally([MULTI_Q], rows, respondents=3).questions[0]
    assert result.answered == 3
    assert [(r.count, r.percent) for r in result.rows] == [
        (3, Decimal("100.0")),
        (2, Decimal("66.7")),
        (1, Decimal("33.3")),
    ]
    assert sum(r.percent for r in result.rows) > 100


def test_rating_gives_distribution_and_average():
    values = {1: 5, 2: 4, 3: 4, 4: 3, 5: 1}
    rows = [AnswerRow(r, 3, value=v) for r, v in values.items()]
    result = tally([RATING_Q], rows, respondents=6).questions[0]
    assert result.answered == 5
    assert [r.count for r in result.rows] == [1, 0, 1, 2, 1]
    assert result.average == Decimal("3.40")
    assert [r.percent for r in result.rows] == [
        Decimal("20.0"),
        Decimal("0.0"),
        Decimal("20.0"),
        Decimal("40.0"),
        Decimal("20.0"),
    ]


def test_text_answers_count_as_answered_without_rows():
    rows = [AnswerRow(1, 4, text=True), AnswerRow(2, 4, text=True)]
    result = tally([TEXT_Q], rows, respondents=4).questions[0]
    assert result.answered == 2
    assert result.skipped == 2
    assert result.rows == []


def test_optional_questions_have_their_own_base():
    rows = [
        AnswerRow(1, 1, option_id=11),
        AnswerRow(2, 1, option_id=12),
        AnswerRow(1, 3, value=5),
    ]
    results = tally([SINGLE_Q, RATING_Q], rows, respondents=2)
    assert results.questions[0].answered == 2
    assert results.questions[1].answered == 1
    assert results.questions[1].rows[4].percent == Decimal("100.0")


@pytest.mark.parametrize(
    "stray",
    [
        AnswerRow(1, 99, option_id=11),  # unknown question
        AnswerRow(1, 1, option_id=21),  # an option of another question
        AnswerRow(1, 1),  # a choice without option
        AnswerRow(1, 3, value=6),  # rating out of range
        AnswerRow(1, 3, value=0),
        AnswerRow(1, 3),  # rating without value
        AnswerRow(1, 4),  # a text row not marked as text
    ],
)
def test_rows_that_cannot_belong_are_not_counted(stray):
    results = tally(ALL, [stray], respondents=1)
    assert all(q.answered == 0 for q in results.questions)
    assert all(r.count == 0 for q in results.questions for r in q.rows)


def test_a_single_choice_percentages_may_sum_to_99_9_because_each_is_rounded():
    rows = [AnswerRow(r, 1, option_id=(11, 12, 13)[r % 3]) for r in range(3)]
    result = tally([SINGLE_Q], rows, respondents=3).questions[0]
    assert sum(r.percent for r in result.rows) == Decimal("99.9")


def test_the_same_option_twice_in_one_response_counts_once():
    rows = [AnswerRow(1, 2, option_id=21), AnswerRow(1, 2, option_id=21)]
    result = tally([MULTI_Q], rows, respondents=1).questions[0]
    assert result.rows[0].count == 1
