"""Chinese line breaking (kernel.linebreak): 避头, 避尾, hanging marks, nothing lost."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kernel.linebreak import NO_LINE_END, NO_LINE_START, break_lines, tokens_of


def measure(text: str) -> float:
    """Full-width characters are 1 em wide, ASCII half an em (as in a CJK font)."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)


def fits(line: str, width: float) -> bool:
    """Within the width, or over it by exactly one hanging closing mark."""
    if measure(line) <= width:
        return True
    return line[-1] in NO_LINE_START and measure(line[:-1]) <= width


CJK = "政府信息公开申请本机关答复经审查不予提供予以告知书"
ASCII = "0123456789abcXYZ-./"
MARKS = "".join(sorted(NO_LINE_START | NO_LINE_END))
texts = st.text(alphabet=st.sampled_from(CJK + ASCII + MARKS), min_size=1, max_size=300)


def longest_mark_run(text: str) -> int:
    runs = re.findall(f"[{re.escape(MARKS)}]+", text)
    return max((measure(r) for r in runs), default=0)


@settings(max_examples=400, deadline=None)
@given(text=texts, width=st.integers(min_value=6, max_value=40), indent=st.integers(0, 2))
def test_lines_keep_the_text_and_the_width(text, width, indent):
    lines = break_lines(text, width, measure, first_width=width - indent)

    assert "".join(lines) == text
    assert all(lines)
    assert fits(lines[0], width - indent)
    assert all(fits(line, width) for line in lines[1:])


@settings(max_examples=400, deadline=None)
@given(text=texts, width=st.integers(min_value=8, max_value=40))
def test_no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(text, width):
    # The rules can hold only when no run of marks fills most of a line.
    assume(longest_mark_run(text) <= width / 3)
    assume(max((measure(t) for t in tokens_of(text)), default=0) <= width / 3)
    lines = break_lines(text, width, measure)

    assert all(line[0] not in NO_LINE_START for line in lines[1:])
    assert all(line[-1] not in NO_LINE_END for line in lines[:-1])


def test_a_closing_mark_hangs_at_the_end_of_a_full_line():
    assert break_lines("一二三四五。六七", 5, measure) == ["一二三四五。", "六七"]


def test_two_closing_marks_pull_the_last_character_down():
    assert break_lines("一二三四五）。六七", 5, measure) == ["一二三四", "五）。六七"]


def test_an_opening_mark_is_pulled_to_the_next_line():
    assert break_lines("一二三四（五六）", 5, measure) == ["一二三四", "（五六）"]


def test_an_opening_quote_at_the_end_of_the_first_line_moves_down():
    assert break_lines("您申请获取“城乡低保”的信息", 6, measure) == [
        "您申请获取",
        "“城乡低保”",
        "的信息",
    ]


def test_numbers_and_codes_are_not_split_when_they_fit():
    lines = break_lines("申请编号MZJ-YSQ-2026-00001已受理", 12, measure)

    assert "MZJ-YSQ-2026-00001" in lines[1]


def test_a_run_wider_than_a_line_is_split_anywhere():
    url = "https://example.gov.cn/xxgk/" + "a" * 40
    lines = break_lines(url, 10, measure)

    assert "".join(lines) == url
    assert all(measure(line) <= 10 for line in lines)


@pytest.mark.parametrize("text", ["", "。"])
def test_short_texts(text):
    assert break_lines(text, 10, measure) == ([text] if text else [])
