"""Whether the texts of an annual report are finished: no drafting marker left, no empty section.

Pure: section texts in, problems out. The drafts written by services.draft_texts carry markers
such as “[请补充……]” and “[请根据……]” where only the agency knows what to write; a report that
still holds one, or whose 一、五 or 六 section is empty, cannot be locked or published
(条例 Art. 50 lists what the report must contain).
"""

from __future__ import annotations

import re

from reports.annual.tables import Problem

# Section fields and their official headings; all three are required.
TEXT_SECTIONS: tuple[tuple[str, str], ...] = (
    ("section_overview", "一、总体情况"),
    ("section_problems", "五、存在的主要问题及改进情况"),
    ("section_other", "六、其他需要报告的事项"),
)

# “[请…]” in ASCII, full-width or lenticular brackets: every marker draft_texts writes, and the
# same kind written by hand.
DRAFTING_MARKER = re.compile(r"[\[［【]\s*请[^\]］】]*[\]］】]")


def drafting_markers(text: str) -> list[str]:
    return DRAFTING_MARKER.findall(text or "")


def text_problems(texts: dict[str, str]) -> list[Problem]:
    """One problem per empty required section and per drafting marker still in the text."""
    problems: list[Problem] = []
    for key, heading in TEXT_SECTIONS:
        text = (texts.get(key) or "").strip()
        if not text:
            problems.append(Problem(f"“{heading}”尚未填写。", (("text", key, ""),)))
            continue
        for marker in drafting_markers(text):
            problems.append(Problem(f"“{heading}”尚有待补充的内容：{marker}", (("text", key, ""),)))
    return problems
