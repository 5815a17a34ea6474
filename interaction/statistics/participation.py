"""公众参与 figures of one year, per organisation: 意见征集, 点题公开, 网上调查, 在线访谈 and
新闻发布会, for the public statistics page, its CSV and the website's yearly work report.

Each feature counts its own figures (``interaction.<feature>.figures.year_figures``, one
definition per figure, written down there); this module only lays them side by side in the
order and with the labels of the published table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.models import Organisation
from interaction.consultations import figures as consultations
from interaction.interviews import figures as interviews
from interaction.surveys import figures as surveys
from interaction.topics import figures as topics

# (key, column heading): the keys are those of the features' year_figures.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("consultations_held", "意见征集（次）"),
    ("opinions_received", "收到意见（条）"),
    ("opinions_adopted", "采纳意见（条）"),
    ("feedbacks_published", "公布采纳情况（次）"),
    ("suggestions_received", "点题公开建议（条）"),
    ("suggestions_answered", "答复建议（条）"),
    ("suggestions_published", "承诺公开或已公开（条）"),
    ("surveys_held", "网上调查（次）"),
    ("survey_responses", "收到答卷（份）"),
    ("interviews_held", "在线访谈（期）"),
    ("press_conferences_held", "新闻发布会（场）"),
    ("questions_received", "网民提问（条）"),
    ("questions_answered", "答复提问（条）"),
)
KEYS = tuple(key for key, _ in COLUMNS)
SOURCES = (consultations, topics, surveys, interviews)


@dataclass(frozen=True)
class Line:
    label: str
    organisation: Organisation | None
    values: tuple[int, ...]


def year_figures(*, organisation_ids: Iterable[int], year: int) -> dict[str, int]:
    """Every participation figure of the organisations together in ``year``."""
    ids = list(organisation_ids)
    result: dict[str, int] = {}
    for source in SOURCES:
        result |= source.year_figures(organisation_ids=ids, year=year)
    missing = set(KEYS) - set(result)
    if missing:  # a feature renamed a figure: fail loudly rather than print zeros
        raise KeyError(f"participation figures missing: {sorted(missing)}")
    return {key: result[key] for key in KEYS}


def year_lines(organisations: Iterable[Organisation], year: int) -> list[Line]:
    """One line per organisation, then the total of all of them (合计)."""
    organisations = list(organisations)
    lines = []
    for organisation in organisations:
        values = year_figures(organisation_ids=[organisation.pk], year=year)
        lines.append(Line(organisation.name, organisation, tuple(values[k] for k in KEYS)))
    totals = tuple(sum(line.values[i] for line in lines) for i in range(len(KEYS)))
    lines.append(Line("合计", None, totals))
    return lines


def headings() -> list[str]:
    return ["机构", *(label for _, label in COLUMNS)]
