"""Counting a survey's answers (pure): counts and percentages per option, the rating average and
distribution, the number of respondents.

Conventions, as the results table states them (``PERCENT_NOTE``):
- A question's base is the respondents who answered *that* question (an optional question
  skipped by some has a smaller base); a percentage is count / base.
- A multiple-choice question's percentages are over respondents, not over ticks, so they may
  add up to more than 100%.
- Percentages are rounded half up to one decimal (12.25 → 12.3), each on its own, so a
  single-choice question's may add up to 99.9% or 100.1%.
- A rating's average is rounded half up to two decimals; no answer, no average (None).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SINGLE, MULTIPLE, RATING, TEXT = "single", "multiple", "rating", "text"
PERCENT_NOTE = (
    "百分比＝选择该项的人数÷回答该题的人数，四舍五入保留一位小数；"
    "多选题按人数计算，各项之和可能超过100%。"
)


@dataclass(frozen=True)
class QuestionSpec:
    id: int
    kind: str
    text: str
    options: tuple[tuple[int, str], ...] = ()  # (option id, text) in order
    rating_min: int = 1
    rating_max: int = 5


@dataclass(frozen=True)
class AnswerRow:
    """One stored answer: an option chosen, a rating given, or a text written."""

    response_id: int
    question_id: int
    option_id: int | None = None
    value: int | None = None
    text: bool = False


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    percent: Decimal | None  # None when nobody answered the question


@dataclass
class QuestionResult:
    spec: QuestionSpec
    answered: int = 0
    rows: list[Row] = field(default_factory=list)
    average: Decimal | None = None

    @property
    def skipped(self) -> int:
        return self._respondents - self.answered

    _respondents: int = 0


@dataclass
class Results:
    respondents: int
    questions: list[QuestionResult]


def percent(count: int, base: int) -> Decimal | None:
    """count / base in percent, rounded half up to one decimal; None for an empty base."""
    if base <= 0:
        return None
    return (Decimal(count) * 100 / Decimal(base)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def average(total: int, count: int) -> Decimal | None:
    if count <= 0:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def tally(
    questions: Sequence[QuestionSpec], answers: Iterable[AnswerRow], *, respondents: int
) -> Results:
    """The results of ``respondents`` responses from their answer rows.

    Rows of an unknown question, an option not of its question or a rating out of range are
    ignored (they cannot be stored through the form; the counts never include them).
    """
    by_id = {q.id: q for q in questions}
    answered: dict[int, set[int]] = {q.id: set() for q in questions}
    chosen: dict[int, dict[int, set[int]]] = {
        q.id: {option_id: set() for option_id, _ in q.options} for q in questions
    }
    ratings: dict[int, dict[int, set[int]]] = {
        q.id: {v: set() for v in range(q.rating_min, q.rating_max + 1)}
        for q in questions
        if q.kind == RATING
    }
    for row in answers:
        spec = by_id.get(row.question_id)
        if spec is None:
            continue
        if spec.kind in (SINGLE, MULTIPLE):
            bucket = chosen[spec.id].get(row.option_id) if row.option_id is not None else None
        elif spec.kind == RATING:
            bucket = ratings[spec.id].get(row.value) if row.value is not None else None
        else:
            bucket = set() if row.text else None
        if bucket is None:
            continue
        bucket.add(row.response_id)
        answered[spec.id].add(row.response_id)
    results = []
    for spec in questions:
        base = len(answered[spec.id])
        result = QuestionResult(spec=spec, answered=base, _respondents=respondents)
        if spec.kind in (SINGLE, MULTIPLE):
            result.rows = [
                Row(label, len(chosen[spec.id][oid]), percent(len(chosen[spec.id][oid]), base))
                for oid, label in spec.options
            ]
        elif spec.kind == RATING:
            counts = {v: len(ids) for v, ids in ratings[spec.id].items()}
            result.rows = [Row(str(v), n, percent(n, base)) for v, n in counts.items()]
            result.average = average(sum(v * n for v, n in counts.items()), base)
        results.append(result)
    return Results(respondents=respondents, questions=results)
