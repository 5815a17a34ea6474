"""文号 (document numbers): official form is 机关代字〔年份〕序号号, e.g. 民发〔2021〕57号."""

from __future__ import annotations

import re

# Brackets people type instead of the tortoise-shell 〔〕 (U+3014/U+3015).
_OPENING = "[［(（﹝【"
_CLOSING = "]］)）﹞】"
_YEAR_IN_BRACKETS = re.compile(rf"[{re.escape(_OPENING)}]\s*(\d{{4}})\s*[{re.escape(_CLOSING)}]")


def normalise_document_number(value: str) -> str:
    """Return the 文号 with its year in 〔〕 and no stray spaces; other text is kept as typed."""
    value = re.sub(r"\s+", "", value or "")
    return _YEAR_IN_BRACKETS.sub(r"〔\1〕", value)
