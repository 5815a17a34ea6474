"""Synthetic catalogue items for load testing (the pure part of ``generate_catalogue``).

Titles and bodies reuse the demo catalogue's vocabulary (``portal.demo.items``); dates fall on
working days inside a ten-year window ending yesterday. Every item is generated from its own
``random.Random(f"gen-{seed}-{n}")``, so item ``n`` is the same whatever the batch size or the
number of items generated before it (this is what makes resuming a run deterministic).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from disclosures.models import Genre
from portal.demo.items import (
    GENRE_BY_COLUMN,
    MISC,
    MZJ_NEWS,
    MZJ_NOTICES,
    NEWS,
    NORMATIVE,
    NOTICES,
    QUARTERS,
    STATS,
    _body_html,
    _local,
    _paragraphs,
    _written_before,
)

YEARS = 10
NEWS_POOL = NEWS + MZJ_NEWS
NOTICE_POOL = NOTICES + MZJ_NOTICES
NORMATIVE_POOL = [pair for pairs in NORMATIVE.values() for pair in pairs]
MISC_POOL = [pattern for patterns in MISC.values() for pattern in patterns]


@dataclass(frozen=True)
class OrgInfo:
    """What the text templates need from an organisation (``_paragraphs`` reads name, phone)."""

    name: str
    short_name: str
    phone: str


@dataclass(frozen=True)
class ItemSpec:
    n: int
    title: str
    body: str
    summary: str
    keywords: str
    genre: str
    document_number: str
    written_on: dt.date
    published_at: dt.datetime


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The ten years ending yesterday (nothing generated is dated today or later)."""
    last = today - dt.timedelta(days=1)
    return last - dt.timedelta(days=365 * YEARS + YEARS // 4), last


def item_rng(seed: int, n: int) -> random.Random:
    return random.Random(f"gen-{seed}-{n}")


def placement_rng(seed: int, n: int) -> random.Random:
    """Chooses item ``n``'s organisation and column, independently of its text."""
    return random.Random(f"gen-{seed}-{n}-placement")


def publication_day(rng: random.Random, first: dt.date, last: dt.date, calendar) -> dt.date:
    span = (last - first).days
    for _ in range(30):
        day = first + dt.timedelta(days=rng.randint(0, span))
        if calendar.is_working_day(day):
            return day
    return last


def title_for(rng: random.Random, column_slug: str, org: OrgInfo, day: dt.date):
    """(title, genre, 文号) for an item filed under ``column_slug`` published on ``day``."""
    short = org.short_name or org.name
    q = QUARTERS[(day.month - 1) // 3]
    values = {
        "short": short,
        "name": org.name,
        "year": day.year,
        "q": q,
        "month": day.month,
        "n": rng.randint(1, 120),
    }
    genre = GENRE_BY_COLUMN.get(column_slug, Genre.NOTICE)
    document_number = ""
    if column_slug == "gfxwj":
        title, prefix = rng.choice(NORMATIVE_POOL)
        document_number = f"{prefix}〔{day.year}〕{rng.randint(1, 30)}号"
        # Revisions of the same 办法 in different years: keep titles apart.
        title = f"{title}（{day.year}年修订）" if rng.random() < 0.5 else title
    elif column_slug == "zcjd":
        title = f"《{rng.choice(NORMATIVE_POOL)[0]}》政策解读"
    elif column_slug in STATS:
        # Quarterly figures are published after the quarter they report on.
        quarter = (day.month - 1) // 3 - 1
        values.update(year=day.year - 1 if quarter < 0 else day.year, q=QUARTERS[quarter])
        title = STATS[column_slug]
    elif column_slug in MISC:
        title = rng.choice(MISC[column_slug])
    elif column_slug == "gzdt":
        title = rng.choice(NEWS_POOL)
    elif column_slug == "tzgg":
        title = rng.choice(NOTICE_POOL)
    else:
        roll = rng.random()
        pool = NEWS_POOL if roll < 0.5 else NOTICE_POOL if roll < 0.85 else MISC_POOL
        title = rng.choice(pool)
    title = title.format(**values)
    # The demo titles name 县民政局; synthetic organisations publish under their own name.
    return title.replace("县民政局", short), genre, document_number


def make_item(
    seed: int,
    n: int,
    *,
    org: OrgInfo,
    column_slug: str,
    column_name: str,
    first: dt.date,
    last: dt.date,
    calendar,
) -> ItemSpec:
    """Item ``n`` of run ``seed``: deterministic given its organisation and column."""
    rng = item_rng(seed, n)
    day = publication_day(rng, first, last, calendar)
    title, genre, document_number = title_for(rng, column_slug, org, day)
    paragraphs = _paragraphs(rng, title, org)
    written_on = _written_before(day, rng, calendar)
    return ItemSpec(
        n=n,
        title=title[:300],
        body=_body_html(paragraphs),
        summary=paragraphs[0][:120],
        keywords=" ".join(dict.fromkeys([column_name, org.short_name or org.name])),
        genre=str(genre),
        document_number=document_number,
        written_on=written_on,
        published_at=_local(day, rng),
    )
