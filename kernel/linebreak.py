"""Line breaking for Chinese text under the kinsoku rules (禁则) of GB/T 15834 / GB/T 9704 practice.

Pure: text and a width function in, lines out. A line never starts with closing punctuation
(避头: ），。、：；！？”’》」』】 …) and never ends with opening punctuation (避尾: （“‘《「『【 …).
When the character that would start the next line is a single closing mark, it hangs at the
end of the line (悬挂, at most one mark past the width); otherwise characters are pulled down to
the next line (推出) until both rules hold. Runs of Latin letters and digits (numbers, URLs,
文号 digits) stay together unless a run alone is wider than a line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NO_LINE_START = frozenset(
    "，。、：；！？）》」』】〕〉］｝”’…—～·%％,.;:!?)]}>"  # closing and trailing marks
)
NO_LINE_END = frozenset("（《「『【〔〈［｛“‘([{<")
_TOKEN = re.compile(r"[A-Za-z0-9@#&_/\\\-+=.:%~]+|.", re.DOTALL)


def tokens_of(text: str) -> list[str]:
    """Break units: one CJK character or mark, or a whole Latin/digit run."""
    return _TOKEN.findall(text)


def _starts_bad(token: str) -> bool:
    return token[0] in NO_LINE_START


def _ends_bad(token: str) -> bool:
    return token[-1] in NO_LINE_END


def break_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
    *,
    first_width: float | None = None,
) -> list[str]:
    """Split ``text`` (one paragraph, no newlines) into lines no wider than ``width``.

    ``first_width`` is the width of the first line (a first-line indent makes it shorter).
    A line may pass the width by one hanging closing mark; when the rules cannot both hold
    (a run of marks longer than a line) the line is cut where it is full.
    """
    tokens: list[str] = []
    for token in tokens_of(text):
        if len(token) > 1 and measure(token) > width:
            tokens.extend(token)  # a run wider than a line breaks anywhere
        else:
            tokens.append(token)
    lines: list[str] = []
    i, n = 0, len(tokens)
    limit = first_width if first_width is not None else width
    while i < n:
        j, used = i, 0.0
        while j < n and used + measure(tokens[j]) <= limit:
            used += measure(tokens[j])
            j += 1
        if j == n:
            lines.append("".join(tokens[i:]))
            break
        if j == i and len(tokens[i]) > 1:
            tokens[i : i + 1] = list(tokens[i])  # a run wider than this line breaks anywhere
            n = len(tokens)
            continue
        j = max(j, i + 1)  # a character wider than the line still takes a line of its own
        end = _break_at(tokens, i, j)
        lines.append("".join(tokens[i:end]))
        i, limit = end, width
    return lines


def _ok(tokens: list[str], k: int) -> bool:
    return not _starts_bad(tokens[k]) and not _ends_bad(tokens[k - 1])


def _break_at(tokens: list[str], i: int, j: int) -> int:
    """Where to end the line that holds tokens[i:j] at most: j, j + 1 (hang) or earlier."""
    n = len(tokens)
    if _ok(tokens, j):
        return j
    # 悬挂: one closing mark may stand past the width if the line after it starts cleanly.
    hangs = len(tokens[j]) == 1 and _starts_bad(tokens[j]) and not _ends_bad(tokens[j - 1])
    if hangs and (j + 1 == n or _ok(tokens, j + 1)):
        return j + 1
    # 推出: pull characters down to the next line until both rules hold.
    for k in range(j - 1, i, -1):
        if _ok(tokens, k):
            return k
    return j
