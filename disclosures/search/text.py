"""Pure text side of the full-text search: normalisation, tokens, query parsing, highlighting.

No database access here; ``disclosures.search.index`` stores the tokens and ``disclosures.search.planner`` queries them.
See docs/search.md for the design (CJK bigrams in a tsvector('simple') + LIKE recheck).

Tokens. The text is normalised (NFKC, lower case, every kind of bracket unified to 〔〕) and
cut into *runs* of word characters (``str.isalnum``: Chinese characters, letters, digits);
everything else (punctuation, spaces) separates runs. Each run yields its overlapping
character bigrams plus its last character as a unigram, e.g. "民发〔2021〕57号" →
民发 发 | 20 02 21 1 | 57 7号 号. So every substring of two or more word characters is an AND of
bigrams, and a single character at the edge of a query word is found by a prefix query
``'X':*`` (it is either followed by a word character, giving a bigram starting with X, or ends
its run, giving the unigram X).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The tokeniser itself is shared with the repeated-request detection of 依申请公开 (kernel).
from kernel.cjk_tokens import BRACKETS as _BRACKETS
from kernel.cjk_tokens import SPACE_RE as _SPACE_RE
from kernel.cjk_tokens import normalise, tokens
from kernel.cjk_tokens import runs as _runs

MAX_QUERY_CHARS = 100
MAX_WORDS = 10
MIN_QUERY_CHARS = 2

# The number of a 文号 (“〔2021〕57”) or of a 索引号 (“/2021-00001”): its year in its fixed
# brackets or separators, then up to 8 digits. Digit pairs are in nearly every item, so a query
# for one number would otherwise leave thousands of candidates to recheck at a million items
# (every “2021” and “00001” of any organisation). Each number is indexed as its head and every
# prefix of its digits (“〔2021〕5”, “〔2021〕57”): a text containing a query that holds a number
# also holds that number's token, whatever digits follow it in the text. The SQL of migration
# 0009 applies the same pattern (PostgreSQL's regular expressions read it alike).
NUMBER_PATTERN = "(〔[0-9]{4}〕|/[0-9]{4}-)([0-9]{1,8})"
_NUMBER_RE = re.compile(NUMBER_PATTERN)


def number_tokens(normalised: str) -> list[str]:
    """Index tokens of the 文号/索引号 numbers in ``normalised`` text (with repeats)."""
    out: list[str] = []
    for match in _NUMBER_RE.finditer(normalised):
        head, digits = match.groups()
        out.extend(head + digits[:k] for k in range(1, len(digits) + 1))
    return out


def _query_numbers(word: str) -> tuple[str, ...]:
    """The number tokens a text containing the query word ``word`` must hold."""
    return tuple(dict.fromkeys(head + digits for head, digits in _NUMBER_RE.findall(word)))


def index_text(*parts: str) -> str:
    """The normalised text stored for the LIKE recheck: parts joined by newlines."""
    return "\n".join(_SPACE_RE.sub(" ", normalise(p)).strip() for p in parts if p)


def compact(text: str) -> str:
    """Normalised form without any whitespace: how 文号 and 索引号 are compared."""
    return _SPACE_RE.sub("", normalise(text))


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Word:
    text: str  # normalised
    terms: tuple[str, ...]  # bigrams (exact lexemes) of the word's runs of 2+ characters
    prefixes: tuple[str, ...]  # single characters of 1-character runs: 'X':*
    numbers: tuple[str, ...] = ()  # number tokens of a 文号/索引号 in the word (number_tokens)

    @property
    def needs_recheck(self) -> bool:
        """A word that is exactly one bigram is matched exactly by the index; others are not."""
        return not (len(self.terms) == 1 and not self.prefixes and len(self.text) == 2)


@dataclass(frozen=True)
class Query:
    raw: str = ""
    words: tuple[Word, ...] = ()
    error: str = ""  # a polite message when the query cannot be searched
    number: str = ""  # compact form, compared with 文号/索引号 for the exact-item-first rule
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return bool(self.words) and not self.error

    @property
    def texts(self) -> list[str]:
        return [w.text for w in self.words]

    def tsquery(
        self,
        frequencies: dict[str, float] | None = None,
        common: float = 1.0,
        max_terms: int | None = None,
    ) -> str:
        """A tsquery literal (cast with ``::tsquery``, never parsed): AND of all terms.

        With ``frequencies`` (share of items holding a lexeme, from the table statistics),
        terms of a rechecked word held by at least ``common`` of the items are left out while
        the word keeps a rarer one: they select almost nothing, yet GIN must read their
        posting lists (the digit pairs of a 文号, e.g. ``20``, are in nearly every item). The
        recheck on the text keeps the answer exact. A word whose terms are all common keeps
        its least common one; at most ``max_terms`` (the least common) are kept per word, since
        every further term is one more posting list to step through for each candidate; prefix
        terms (``'X':*``, which read every lexeme starting with X) are kept only when a word has
        nothing else.
        """
        parts = []
        for word in self.words:
            # A number is rare and exact: always kept, first, whatever the frequencies.
            parts += [_quote(n) for n in word.numbers]
            terms = [_quote(t) for t in word.terms]
            prefixes = [_quote(p) + ":*" for p in word.prefixes]
            if frequencies and word.needs_recheck and word.terms:
                share = {t: frequencies.get(t, 0.0) for t in word.terms}
                kept = [t for t in word.terms if share[t] < common]
                kept = sorted(kept or word.terms, key=share.__getitem__)[: max_terms or None]
                kept = kept or [min(word.terms, key=share.__getitem__)]
                terms, prefixes = [_quote(t) for t in kept], []
            parts += terms + prefixes
        return " & ".join(dict.fromkeys(parts))


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _word(text: str) -> Word | None:
    runs = _runs(text)
    if not runs:
        return None
    # Punctuation at the edges of a word ("低保，", "《条例》") is dropped, inside it is kept.
    start = next(i for i, ch in enumerate(text) if ch.isalnum())
    end = len(text) - next(i for i, ch in enumerate(reversed(text)) if ch.isalnum())
    text = text[start:end]
    terms, prefixes = [], []
    for run in runs:
        if len(run) == 1:
            prefixes.append(run)
        else:
            terms += [run[i : i + 2] for i in range(len(run) - 1)]
    return Word(
        text, tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(prefixes)), _query_numbers(text)
    )


def parse_query(q: str | None) -> Query:
    """Validate and parse the search box input. Never raises; errors are polite messages."""
    raw = (q or "").strip()
    if not raw:
        return Query()
    if len(raw) > MAX_QUERY_CHARS:
        return Query(
            raw[:MAX_QUERY_CHARS], error=f"搜索词过长，请控制在{MAX_QUERY_CHARS}个字以内。"
        )
    normalised = normalise(raw)
    words, seen = [], set()
    for piece in normalised.split():
        word = _word(piece)
        if word and word.text not in seen:
            seen.add(word.text)
            words.append(word)
    if not words:
        return Query(raw, error="请输入汉字、字母或数字作为关键词，标点符号无法检索。")
    if len(words) > MAX_WORDS:
        return Query(raw, error=f"关键词过多，请最多输入{MAX_WORDS}个词，以空格分隔。")
    if all(sum(len(r) for r in _runs(w.text)) < MIN_QUERY_CHARS for w in words):
        return Query(raw, error="请至少输入两个字。")
    number = compact(raw)
    return Query(raw, tuple(words), number=number if any(c.isdigit() for c in number) else "")


def heading_vector(*parts: str) -> str:
    """tsvector literal of the distinct tokens of ``parts`` (an item's title, 文号 and 索引号),
    without positions: what the catalogue's “标题或文号” filter looks up (``containing_query``)
    before checking the fields themselves."""
    seen = dict.fromkeys(t for part in parts if part for t in tokens(part))
    return " ".join(_quote(t) for t in seen)


def containing_query(text: str | None) -> Query | None:
    """The index terms every text containing ``text`` holds (a superset test, not a search):
    for the catalogue's “标题或文号” filter (``heading_vector``), whose matches are then
    checked on the fields.
    Single characters count too ('X':* holds every run in which X occurs); None when ``text``
    has no letter or digit, or more than MAX_QUERY_CHARS characters (no narrowing possible)."""
    raw = (text or "").strip()
    if not raw or len(raw) > MAX_QUERY_CHARS:
        return None
    # The heading holds no number tokens (``heading_vector``): bigrams and prefixes only.
    words = [replace(w, numbers=()) for w in (_word(p) for p in normalise(raw).split()) if w]
    if not words:
        return None
    # Fewer words AND fewer terms: still a superset, and every term is a posting list to read.
    return Query(raw, tuple(words[:MAX_WORDS]))


# --------------------------------------------------------------------------- highlighting


@functools.lru_cache(maxsize=4096)
def _normalised_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).lower().translate(_BRACKETS)


class _CharTable(dict[int, str]):
    """``str.translate`` table of every character's own normalised form, filled as characters
    are met (a few thousand distinct ones in Chinese text); remembers the characters whose
    form is not exactly one character long (ligatures, ㈱ → (株), ...)."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        value = _normalised_char(chr(code))
        if len(value) != 1:
            self.irregular.add(chr(code))
        self[code] = value
        return value


_CHAR_TABLE = _CharTable()


def _normalised_with_map(text: str) -> tuple[str, range | list[int]]:
    """Normalise character by character, remembering each output char's source index."""
    lowered = text.lower()
    if len(lowered) == len(text) and unicodedata.is_normalized("NFKC", text):
        return lowered.translate(_BRACKETS), range(len(text))  # one to one (plain text)
    # Full-width punctuation (，：（）) is not NFKC-normal, so most Chinese text comes here:
    # one C-level translate, one to one unless a character expands or vanishes.
    norm = text.translate(_CHAR_TABLE)
    if _CHAR_TABLE.irregular.isdisjoint(text):
        return norm, range(len(text))
    out, where = [], []
    for i, ch in enumerate(text):
        n = _normalised_char(ch)
        out.append(n)
        where.extend([i] * len(n))
    return "".join(out), where


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """Escape ``text`` and wrap every occurrence of the (normalised) terms in <mark>.

    Work is per occurrence, not per character: occurrences are found in the normalised text,
    mapped back to spans of the original, merged, and the text is cut at the span edges."""
    text = text or ""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return escape(text)
    norm, where = _normalised_with_map(text)
    spans = []
    for term in terms:
        start = norm.find(term)
        while start != -1:
            end = start + len(term)
            spans.append((where[start], where[end - 1] + 1))
            start = norm.find(term, end)
    if not spans:
        return escape(text)
    spans.sort()
    merged = [list(spans[0])]
    for begin, end in spans[1:]:
        if begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    parts, position = [], 0
    for begin, end in merged:
        parts.append(escape(text[position:begin]))
        parts.append(f"<mark>{escape(text[begin:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every chunk is escaped above
