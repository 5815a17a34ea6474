"""Splitting a draft into its articles (条) by the “第X条” at the start of a line (pure).

Article numbers are written in Chinese numerals (第一条 … 第十条, 第二十一条, 第一百零五条,
也作〇/零、两) or in Arabic digits (第3条). Chapter and section headings (第一章, 第二节) end the
article before them and are not part of any article. Text before the first article (the title,
a preamble) belongs to none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = r"[零〇一二两三四五六七八九十百千]+|[0-9０-９]+"
_ARTICLE = re.compile(rf"^\s*第\s*({_NUMERAL})\s*条[\s　]*(.*)$")
_HEADING = re.compile(rf"^\s*第\s*({_NUMERAL})\s*[章节编]")


def chinese_number(text: str) -> int:
    """The value of a Chinese (or Arabic) numeral up to 9999; ValueError when it is none."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"not a numeral: {text}")
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a numeral: {text}")
    return total + (digit or 0)


_CN = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """The usual way of writing ``n`` (1..9999) in an article number: 十一, 二十, 一百零五."""
    if not 0 < n < 10000:
        raise ValueError(n)
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                parts.append("零")
            zero = False
            parts.append(("" if (unit == "十" and n < 20) else _CN[d]) + unit)
        elif parts:
            zero = True
    return "".join(parts)


def article_label(n: int) -> str:
    return f"第{chinese_numeral(n)}条"


@dataclass(frozen=True)
class Article:
    number: int
    text: str

    @property
    def label(self) -> str:
        return article_label(self.number)


def split_articles(text: str) -> list[Article]:
    """The articles of ``text`` in order; lines that continue an article join it."""
    articles: list[Article] = []
    number: int | None = None
    lines: list[str] = []

    def flush() -> None:
        if number is not None:
            articles.append(Article(number, "\n".join(line for line in lines if line).strip()))

    for raw in (text or "").splitlines():
        line = raw.strip()
        match = _ARTICLE.match(line)
        if match:
            flush()
            number, lines = chinese_number(match.group(1)), [match.group(2).strip()]
        elif _HEADING.match(line):
            flush()
            number, lines = None, []
        elif number is not None:
            lines.append(line)
    flush()
    return articles
