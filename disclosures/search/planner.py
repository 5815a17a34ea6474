"""The search planner: bounded queries on the SearchEntry table.

A query is answered by a walk over the newest listed rows when it is common, by the GIN index
when it is rare, and ranked, paged and snippeted here. Moved unchanged from the former
``disclosures.search_index``; the table and the indexer are in ``disclosures.search.index``.
Design, measurements and limits: docs/search.md.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import math
import threading
import time
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, models, transaction
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Greatest, StrIndex, Substr
from django.utils import timezone
from django.utils.safestring import mark_safe

from disclosures.links import detail_prefix
from disclosures.models import Validity
from disclosures.search import text as text_search
from disclosures.search.index import SearchEntry, months_between

logger = logging.getLogger(__name__)

# Tunables (module constants so tests can monkeypatch them).
COUNT_CAP = 10_000  # index-path counts stop at COUNT_CAP + 1 rows: "约10,000条以上"
PAGE_SIZE = 20
MAX_PAGES = 50  # at most MAX_PAGES * PAGE_SIZE results are reachable
RANK_CANDIDATES = 200  # relevance ranks at most this many (newest) matches
WALK_ROWS = 3_000  # newest listed rows read by the walk that decides the plan
WALK_MIN_MATCHES = 20  # fewer matches in the walk: a rare query, answered by the GIN index
WALK_MAX_ROWS = 60_000  # deepest walk, for late pages in date order
SNIPPET_BEFORE = 30
SNIPPET_CHARS = 120
COMMON_LEXEME = 0.3  # rechecked words drop terms held by this share of items or more
MAX_TERMS_PER_WORD = 3  # rechecked words look up at most their 3 least common bigrams…
RARE_MAX_TERMS = 6  # …6 over the whole catalogue, where each extra candidate is a heap recheck
FREQUENCIES_SECONDS = 600.0
RARE_NUMBER = 0.001  # a number token held by fewer items than this share skips the walk
ESTIMATE_SECONDS = 300.0  # rows under a filter combination, for estimated totals  # lexeme statistics are re-read this often per process


# --------------------------------------------------------------------------- querying


class _TsMatch(Func):
    """``vector @@ '<literal>'::tsquery`` — the query literal is cast, never parsed."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = models.BooleanField()


class _TsQuery(Func):
    template = "(%(expressions)s)::tsquery"
    output_field = models.TextField()


class _TsRank(Func):
    function = "ts_rank"
    output_field = models.FloatField()


class _Unsorted(Func):
    """``published_at + interval '0'``: same order, but the planner cannot walk the date
    index hoping to find matches early (seconds for rare words); it sorts the matches."""

    template = "(%(expressions)s + interval '0 second')"
    output_field = models.DateTimeField()


@dataclass
class Filters:
    organisation_id: int | None = None
    column_id: int | None = None
    genre: str = ""
    year: int | None = None


@dataclass
class Hit:
    disclosure: HitItem
    title: str
    snippet: str
    exact: bool = False
    url: str = ""
    date: str = ""  # 发布日期, Beijing time, YYYY-MM-DD


@dataclass
class SearchResult:
    query: text_search.Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False  # the count stopped at COUNT_CAP: "约10,000条以上"
    total_estimated: bool = False  # estimated from the walk's sample: "约N条"
    page: int = 1
    num_pages: int = 0
    order: str = "relevance"
    ranked_subset: bool = False  # relevance ranked over the newest RANK_CANDIDATES only
    hits_html: str = ""  # the hits rendered once, kept with the result (portal.views.search)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def page_numbers(self) -> list[int]:
        """Links around the current page (at most 4 either side)."""
        return list(range(max(1, self.page - 4), min(self.num_pages, self.page + 4) + 1))

    @property
    def start_index(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1


def _filtered(qs, filters: Filters):
    if filters.organisation_id:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.column_id:
        qs = qs.filter(columns__contains=[filters.column_id])
    if filters.genre:
        qs = qs.filter(genre=filters.genre)
    if filters.year:
        qs = qs.filter(year=filters.year)
    return qs


_frequencies: tuple[float, dict[str, float]] = (float("-inf"), {})
_frequencies_lock = threading.Lock()


def lexeme_frequencies() -> dict[str, float]:
    """Share of entries holding each of the most common lexemes, from PostgreSQL's statistics
    of the vector column (``pg_stats.most_common_elems``, refreshed by ANALYZE/autovacuum),
    read at most every FREQUENCIES_SECONDS per process. Empty before the first ANALYZE: the
    query then keeps every term, which is only slower, never wrong."""
    global _frequencies
    read_at, frequencies = _frequencies
    if time.monotonic() - read_at < FREQUENCIES_SECONDS:
        return frequencies
    with _frequencies_lock:
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT most_common_elems::text::text[], most_common_elem_freqs "
                    "FROM pg_stats WHERE schemaname = current_schema() "
                    "AND tablename = %s AND attname = 'vector'",
                    [SearchEntry._meta.db_table],
                )
                row = cursor.fetchone()
        except DatabaseError:  # statistics not readable: search as if there were none
            logger.warning("could not read the search statistics", exc_info=True)
            row = None
        frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _frequencies = (time.monotonic(), frequencies)
    return frequencies


def _facet_query(filters: Filters, months=None) -> list[str]:
    quote = text_search._quote
    parts = []
    if filters.organisation_id:
        parts.append(quote(f"@o{filters.organisation_id}"))
    if filters.column_id:
        parts.append(quote(f"@c{filters.column_id}"))
    if filters.genre:
        parts.append(quote(f"@g{filters.genre}"))
    if filters.year:
        parts.append(quote(f"@y{filters.year}"))
    if months:
        parts.append("( " + " | ".join(quote(m) for m in months) + " )")
    return parts


def matching(
    query: text_search.Query,
    filters: Filters | None = None,
    *,
    now=None,
    since=None,
    before=None,
    max_terms: int | None = None,
):
    """SearchEntry rows whose text contains every word of ``query`` (exact substring), under
    the filters, published from ``since`` (if given) up to ``now`` (and before ``before``, if
    given). The filters and the months of that span go into the tsquery too (see
    ``facet_tokens``); the same conditions on the columns keep the answer exact whatever the
    planner does."""
    filters = filters or Filters()
    now = now or timezone.now()
    last = before - dt.timedelta(microseconds=1) if before is not None else now
    months = months_between(since, last) if since is not None else None
    terms = query.tsquery(lexeme_frequencies(), COMMON_LEXEME, max_terms or MAX_TERMS_PER_WORD)
    literal = " & ".join([terms, *_facet_query(filters, months)])
    qs = SearchEntry.objects.filter(published_at__lte=now)
    if since is not None:
        qs = qs.filter(published_at__gte=since)
    if before is not None:
        qs = qs.filter(published_at__lt=before)
    qs = qs.filter(vector_matches("vector", literal))
    for word in query.words:
        if word.needs_recheck:
            qs = qs.filter(text__contains=word.text)
    return _filtered(qs, filters)


def vector_matches(field: str, literal: str) -> Func:
    """``<field> @@ '<literal>'::tsquery`` for a tsvector column built from our own tokens
    (the search entry's ``vector``, an item's ``heading``)."""
    return _TsMatch(F(field), _TsQuery(Value(literal)))


def capped_count(qs) -> tuple[int, bool]:
    """Count up to COUNT_CAP (+1 to know there are more), with sequential scans disabled:
    for very common words the planner otherwise reads every tsvector."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        n = qs.values("pk")[: COUNT_CAP + 1].count()
    return (COUNT_CAP, True) if n > COUNT_CAP else (n, False)


def _snippet_expr(word: str):
    start = Greatest(StrIndex("text", Value(word)) - SNIPPET_BEFORE, Value(1))
    return Substr("text", start, SNIPPET_CHARS)


def search(
    query: text_search.Query,
    filters: Filters | None = None,
    order: str = "relevance",
    page: int = 1,
    *,
    now=None,
) -> SearchResult:
    """One page of results with work bounded whatever the size of the catalogue.

    First the *walk*: the newest ``WALK_ROWS`` listed rows (after the filters) are read through
    a date index and their normalised text is checked with ``strpos`` (the ground truth), in one
    query. A common query (≥ ``WALK_MIN_MATCHES`` matches there) is answered from that sample:
    newest first straight from it, relevance over its newest ``RANK_CANDIDATES`` matches, the
    total estimated as (share of matches in the walk) × (rows under the filters). A rare query
    goes to the GIN index, whose candidate set is then small: exact count (capped), full
    ranking. The research behind this (docs/search.md): any step that touches every match of a
    common word costs seconds at a million items; a rare word walked in date order does too.
    """
    order = order if order in {"relevance", "date"} else "relevance"
    result = SearchResult(query=query, order=order)
    if not query.ok:
        return result
    filters = filters or Filters()
    now = now or timezone.now()
    exact_ids = _exact_ids(query, filters, now)
    ids, total, kind = _answer(query, filters, now, exact_ids, order, page, result)
    result.total = max(total, len(exact_ids))
    result.total_is_estimate = kind == "capped"
    result.total_estimated = kind == "estimate"
    if result.total == 0:
        result.num_pages = 0
        return result
    _fill_hits(result, query, ids, set(exact_ids))
    return result


def _answer(query, filters, now, exact_ids, order, page, result):
    """The page's ids, the total and its kind (exact, capped, estimate), by the plan the
    query calls for (``search``)."""
    if _rare_number(query):  # rare wherever it is: straight to the GIN lookup, no walk
        return _answer_rare(query, filters, now, ([], None), exact_ids, order, page, result)
    matched, scanned, since = _walk(query, filters, now, WALK_ROWS)
    if since is None:  # the walk read every listed row: its matches are the whole answer
        return _answer_from_walk(query, matched, exact_ids, order, page, result)
    if len(matched) >= WALK_MIN_MATCHES:
        total = _estimate_total(filters, now, len(matched), scanned)
        if order == "date":
            ids = _walk_page(query, filters, now, matched, exact_ids, total, page, result)
        else:
            ids = _answer_from_walk(query, matched, exact_ids, order, page, result)[0]
        return ids, total, "estimate"
    return _answer_rare(query, filters, now, (matched, since), exact_ids, order, page, result)


def _rare_number(query: text_search.Query) -> bool:
    """Whether the query holds a 文号/索引号 number that ANALYZE did not find among the most
    common lexemes (``pg_stats.most_common_elems`` lists those above about one item in a
    thousand): its matches are few wherever they are, so the walk that tells a common query
    from a rare one is skipped. Before the first ANALYZE nothing is known: walk as usual."""
    frequencies = lexeme_frequencies()
    if not frequencies:
        return False
    numbers = [n for word in query.words for n in word.numbers]
    return any(frequencies.get(n, 0.0) < RARE_NUMBER for n in numbers)


def _exact_ids(query: text_search.Query, filters: Filters, now) -> list[int]:
    """Items whose 文号 or 索引号 is the query itself (they come first in both orders)."""
    if not query.number:
        return []
    return list(
        _filtered(SearchEntry.objects.filter(published_at__lte=now), filters)
        .filter(Q(document_number=query.number) | Q(index_number=query.number))
        .order_by("-published_at", "-disclosure_id")
        .values_list("pk", flat=True)[:PAGE_SIZE]
    )


def _walk(query: text_search.Query, filters: Filters, now, rows: int):
    """The matches among the newest ``rows`` listed rows under the filters (newest first), how
    many rows that window holds, and its oldest date (None when it holds every row). The
    window's oldest date comes from a date index (an index-only scan of ``rows`` entries); the
    matches from the GIN index restricted to the window's months (so its cost follows the
    window, not the catalogue), rechecked on the text."""
    base = _filtered(SearchEntry.objects.filter(published_at__lte=now), filters)
    dates = base.order_by("-published_at").values_list("published_at", flat=True)
    oldest = list(dates[rows - 1 : rows])
    if oldest:
        scanned, since = rows, oldest[0]
    else:
        scanned, since = base.count(), None  # fewer than ``rows`` rows: all of them
    matched = (
        matching(query, filters, now=now, since=since)
        .order_by("-published_at", "-disclosure_id")
        .values_list("pk", flat=True)
    )
    return list(matched), scanned, since


_row_estimates: dict[tuple, tuple[float, int]] = {}


def _estimate_total(filters: Filters, now, matched: int, scanned: int) -> int:
    """Share of matches in the walk × rows under the filters (the planner's estimate, which
    for these equality and range conditions comes from the table statistics; kept per
    process for ESTIMATE_SECONDS), to two significant figures: shown as “约N条”."""
    key = (filters.organisation_id, filters.column_id, filters.genre, filters.year)
    read_at, rows = _row_estimates.get(key, (float("-inf"), 0))
    if time.monotonic() - read_at >= ESTIMATE_SECONDS:
        rows = _estimated_rows(
            _filtered(SearchEntry.objects.filter(published_at__lte=now), filters)
        )
        if len(_row_estimates) >= 1024:
            _row_estimates.clear()
        _row_estimates[key] = (time.monotonic(), rows)
    estimate = max(matched, round(matched / scanned * max(rows, scanned)))
    digits = max(len(str(estimate)) - 2, 0)
    return int(round(estimate, -digits))


def _estimated_rows(qs) -> int:
    sql, params = qs.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _answer_from_walk(query, matched, exact_ids, order, page, result):
    """Pages over the walk's matches (exact items first); relevance ranks the newest
    RANK_CANDIDATES of them."""
    exact = set(exact_ids)
    rest = [pk for pk in matched if pk not in exact]
    if order == "relevance":
        candidates = rest[:RANK_CANDIDATES]
        result.ranked_subset = len(rest) > len(candidates)
        rest = _ranked(query, candidates)
    ordered = exact_ids + rest
    _paginate(result, len(ordered), page)
    start = (result.page - 1) * PAGE_SIZE
    return ordered[start : start + PAGE_SIZE], len(set(matched) | exact), "exact"


def _walk_page(query, filters, now, matched, exact_ids, total, page, result) -> list[int]:
    """Newest first beyond the walk's sample: walk deeper in proportion to the page asked for
    (at most WALK_MAX_ROWS rows); a page the walk cannot reach ends the list there."""
    _paginate(result, total, page)
    start = (result.page - 1) * PAGE_SIZE
    exact = set(exact_ids)
    ordered = exact_ids + [pk for pk in matched if pk not in exact]
    needed = start + PAGE_SIZE
    if len(ordered) < needed:
        rows = min(WALK_MAX_ROWS, math.ceil(WALK_ROWS * needed / len(matched) * 1.25))
        deeper = _walk(query, filters, now, rows)[0]
        ordered = exact_ids + [pk for pk in deeper if pk not in exact]
        if len(ordered) <= start:  # cannot reach this page: stop the list at the last full one
            result.num_pages = max(math.ceil(len(ordered) / PAGE_SIZE), 1)
            result.page = result.num_pages
            start = (result.page - 1) * PAGE_SIZE
    return ordered[start : start + PAGE_SIZE]


def _ranked(query: text_search.Query, ids: list[int]) -> list[int]:
    if len(ids) <= 1:
        return list(ids)
    rank = _TsRank(F("vector"), _TsQuery(Value(query.tsquery())))
    return list(
        SearchEntry.objects.filter(pk__in=ids)
        .annotate(rank=rank)
        .order_by("-rank", "-published_at", "-disclosure_id")
        .values_list("pk", flat=True)
    )


def _paginate(result: SearchResult, count: int, page: int) -> None:
    result.num_pages = max(min(math.ceil(count / PAGE_SIZE), MAX_PAGES), 1)
    result.page = min(max(page, 1), result.num_pages)


def _answer_rare(query, filters, now, walked, exact_ids, order, page, result):
    """A query with few matches among the newest rows: the newest matches a page needs from
    before the window (``_older_matches``); all matches are counted (capped) only when there
    may be more than were fetched."""
    matched, since = walked
    exact = set(exact_ids)
    wanted = RANK_CANDIDATES if order == "relevance" else min(page, MAX_PAGES) * PAGE_SIZE
    older, complete = _older_matches(query, filters, now, since, wanted - len(matched))
    matches = [pk for pk in matched + older if pk not in exact]
    if complete:
        total, kind = len(matches) + len(exact), "exact"
    else:
        total, capped = capped_count(matching(query, filters, now=now, max_terms=RARE_MAX_TERMS))
        kind = "capped" if capped else "exact"
    if order == "relevance":
        candidates = matches[:RANK_CANDIDATES]
        result.ranked_subset = len(candidates) < total - len(exact)
        ordered = exact_ids + _ranked(query, candidates)
        _paginate(result, len(ordered), page)
    else:
        ordered = exact_ids + matches
        _paginate(result, max(total, len(exact_ids)), page)
    start = (result.page - 1) * PAGE_SIZE
    return ordered[start : start + PAGE_SIZE], total, kind


def _older_matches(query, filters, now, before, wanted: int) -> tuple[list[int], bool]:
    """The newest ``wanted`` matches published before ``before`` (the walk's window), and
    whether they are all there are. One GIN lookup over the whole catalogue (its cost follows
    the rarest term of the query, which the walk showed to be rare lately) whose candidates
    are rechecked and sorted: ``ORDER BY published_at + interval '0'`` keeps PostgreSQL from
    walking the date index row by row hoping to meet the words early (seconds at a million
    rows for a word that is not there). No month lexemes here: over years, GIN would take the
    union of their posting lists as the part to scan (it scans from the smallest lists up),
    which is larger than the word's own."""
    if wanted <= 0:
        return [], False
    found = list(
        matching(query, filters, now=now, before=before, max_terms=RARE_MAX_TERMS)
        .order_by(_Unsorted(F("published_at")).desc(), "-disclosure_id")
        .values_list("pk", flat=True)[:wanted]
    )
    return found, len(found) < wanted


@dataclass(frozen=True)
class HitOrganisation:
    name: str
    slug: str


@dataclass(frozen=True)
class HitItem:
    """What a result shows of its item: plain values, no model instance to build per hit."""

    pk: int
    title: str
    document_number: str
    index_number: str
    validity: str
    status: str
    published_at: dt.datetime
    organisation: HitOrganisation

    @property
    def id(self) -> int:
        return self.pk

    def get_validity_display(self) -> str:
        return str(dict(Validity.choices).get(self.validity, self.validity))


_HIT_FIELDS = (
    "pk",
    "disclosure__title",
    "disclosure__document_number",
    "disclosure__index_number",
    "disclosure__validity",
    "disclosure__status",
    "disclosure__published_at",
    "disclosure__organisation__name",
    "disclosure__organisation__slug",
    "snippet",
)


def _fill_hits(result: SearchResult, query: text_search.Query, ids, exact: set) -> None:
    """One query for the page: items, organisations and snippets, in the order of ``ids``."""
    longest = max(query.texts, key=len)
    rows = {
        row[0]: row
        for row in SearchEntry.objects.filter(pk__in=ids)
        .annotate(snippet=_snippet_expr(longest))
        .values_list(*_HIT_FIELDS)
    }
    prefix = detail_prefix()  # item URLs without one reverse() per hit
    for pk in ids:
        row = rows.get(pk)
        if row is None:
            continue
        _, title, number, index, validity, status, published_at, org, slug, snippet = row
        item = HitItem(
            pk, title, number, index or "", validity, status, published_at,
            HitOrganisation(org, slug),
        )  # fmt: skip
        result.hits.append(
            Hit(
                disclosure=item,
                title=text_search.highlight(title, query.texts),
                # The parts of the text are joined by “…” after highlighting: “…” is one of
                # the characters NFKC expands, which would send every snippet down the
                # character-by-character path of ``highlight``.
                snippet=mark_safe(  # noqa: S308 - highlight() escaped the text
                    text_search.highlight(snippet or "", query.texts).replace("\n", " … ")
                ),
                exact=pk in exact,
                url=f"{prefix}{pk}/",
                date=timezone.localtime(published_at).strftime("%Y-%m-%d"),
            )
        )
