"""Chinese text as tokens: normalisation and overlapping character bigrams (pure, no Django).

The one tokeniser of the portal. The full-text search of items (disclosures.search, design in
docs/search.md) stores these tokens in a tsvector; the repeated-request detection of 依申请公开
(requests_app.proactive, docs/proactive-conversion.md) compares applications with them. It
lives in the kernel because those two apps are siblings that do not import each other.

Text is normalised (NFKC, lower case, every kind of bracket unified to 〔〕, invisible
characters dropped) and cut into *runs* of word characters (``str.isalnum``: Chinese
characters, letters, digits); punctuation and spaces separate runs. Each run yields its
overlapping bigrams plus its last character as a unigram: "民发〔2021〕57号" →
民发 发 | 20 02 21 1 | 57 7号 号.
"""

from __future__ import annotations

import re
import unicodedata

OPENING = "[(【﹝［（〖〘"
CLOSING = "])】﹞］）〗〙"
BRACKETS = str.maketrans({**dict.fromkeys(OPENING, "〔"), **dict.fromkeys(CLOSING, "〕")})
SPACE_RE = re.compile(r"\s+")
# Control and format characters (NUL, zero-width spaces, BOM...) never belong in a query.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}


def normalise(text: str) -> str:
    """NFKC, lower case, brackets unified to 〔〕, invisible characters dropped."""
    text = unicodedata.normalize("NFKC", text or "").lower().translate(BRACKETS)
    # Fast path (C speed): apart from whitespace, only invisible characters are unprintable.
    if not SPACE_RE.sub("", text).isprintable() and any(
        unicodedata.category(ch) in _INVISIBLE and not ch.isspace() for ch in text
    ):
        text = "".join(
            ch for ch in text if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
        )
    return text


# Runs of word characters: in Python's re, \w is exactly ``str.isalnum()`` or "_".
_RUN_RE = re.compile(r"[^\W_]+")


def runs(normalised: str) -> list[str]:
    """The runs of word characters of already normalised text."""
    return _RUN_RE.findall(normalised)


def run_tokens(run: str) -> list[str]:
    """A run's overlapping bigrams plus its last character."""
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def tokens(text: str) -> list[str]:
    """Index tokens of ``text`` in order (with repeats): bigrams of each run + its last char."""
    out: list[str] = []
    for run in runs(normalise(text)):
        out.extend(run_tokens(run))
    return out


def bigrams(text: str) -> frozenset[str]:
    """The distinct two-character tokens of ``text`` (no run-end unigrams): what two texts
    share when they say the same thing in a similar way."""
    return frozenset(t for t in tokens(text) if len(t) == 2)
