"""Database side of the full-text search: the SearchEntry table, indexing, and bounded queries.

One SearchEntry per *listed* item (published, not withdrawn; scheduled items are stored with
their future ``published_at`` and filtered with ``published_at <= now()``). ``vector`` holds the
bigram tokens of ``disclosures.search`` as a tsvector literal (cast, never parsed by a text
search configuration), ``text`` the normalised text for the LIKE recheck. Design, measurements
and limits: docs/search.md.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Cast, Greatest, StrIndex, Substr
from django.utils import timezone

from disclosures import search as text_search
from disclosures.richtext import html_to_text

logger = logging.getLogger(__name__)

# Tunables (module constants so tests can monkeypatch them).
COUNT_CAP = 10_000  # counts stop at COUNT_CAP + 1 rows: "约10,000条以上"
PAGE_SIZE = 20
MAX_PAGES = 50  # no OFFSET deeper than MAX_PAGES * PAGE_SIZE rows
DATE_SORT_THRESHOLD = 2_000  # below: bitmap scan + top-N sort; above: walk the date index
RANK_CANDIDATES = 2_000  # relevance ranks at most this many (newest) matches
SNIPPET_BEFORE = 30
SNIPPET_CHARS = 120
MAX_TEXT_CHARS = 200_000  # text indexed per item (title, numbers, body, attachments)


class SearchEntry(models.Model):
    disclosure = models.OneToOneField(
        "disclosures.Disclosure",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    organisation = models.ForeignKey(
        "catalog.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    published_at = models.DateTimeField()
    year = models.SmallIntegerField()
    genre = models.CharField(max_length=20)
    columns = ArrayField(models.IntegerField(), default=list)
    document_number = models.CharField(max_length=100, blank=True)
    index_number = models.CharField(max_length=60, blank=True)
    text = models.TextField()
    vector = SearchVectorField()

    class Meta:
        verbose_name = "全文检索条目"
        verbose_name_plural = "全文检索条目"
        indexes = [
            GinIndex(fields=["vector"], name="search_vector_gin"),
            GinIndex(fields=["columns"], name="search_columns_gin"),
            models.Index(fields=["published_at", "disclosure"], name="search_date_idx"),
            models.Index(fields=["organisation", "published_at"], name="search_org_date_idx"),
            models.Index(fields=["year", "published_at"], name="search_year_date_idx"),
            models.Index(fields=["genre", "published_at"], name="search_genre_date_idx"),
            models.Index(fields=["document_number"], name="search_docno_idx"),
            models.Index(fields=["index_number"], name="search_indexno_idx"),
        ]

    def __str__(self) -> str:
        return f"SearchEntry({self.disclosure_id})"


# --------------------------------------------------------------------------- writing


def vector_literal(title: str, rest: str) -> str:
    """tsvector literal: title tokens with positions and weight A, other tokens without
    positions (weight D for ts_rank). Positions are not needed: contiguity is rechecked by LIKE."""
    title_tokens = dict.fromkeys(text_search.tokens(title))
    other = dict.fromkeys(t for t in text_search.tokens(rest) if t not in title_tokens)
    quote = text_search._quote
    # Distinct title positions: ts_rank of an AND query ignores terms at the same position.
    title_part = [f"{quote(t)}:{min(i + 1, 16383)}A" for i, t in enumerate(title_tokens)]
    return " ".join(title_part + [quote(t) for t in other])


def entry_values(disclosure, attachment_texts, column_ids) -> dict:
    """Field values of a SearchEntry (works with historical models in migrations too)."""
    title = disclosure.title or ""
    rest = [
        disclosure.document_number or "",
        disclosure.index_number or "",
        disclosure.keywords or "",
        disclosure.summary or "",
        html_to_text(disclosure.body or ""),
        *[t for t in attachment_texts if t],
    ]
    rest_text = text_search.index_text(*rest)[:MAX_TEXT_CHARS]
    # Title last in ``text``: snippets start at the first match, preferably in the body.
    text = rest_text + "\n" + text_search.index_text(title)
    return {
        "organisation_id": disclosure.organisation_id,
        "published_at": disclosure.published_at,
        "year": timezone.localtime(disclosure.published_at).year,
        "genre": disclosure.genre,
        "columns": sorted(set(column_ids)),
        "document_number": text_search.compact(disclosure.document_number or "")[:100],
        "index_number": text_search.compact(disclosure.index_number or "")[:60],
        "text": text,
        "vector": Cast(Value(vector_literal(title, rest_text)), SearchVectorField()),
    }


def _column_ids(disclosure) -> list[int]:
    pairs = disclosure.categories.values_list("pk", "parent_id")
    return [i for pair in pairs for i in pair if i is not None]


def _is_listed(disclosure) -> bool:
    return disclosure.status == "published" and disclosure.published_at is not None


def index_disclosure(disclosure) -> None:
    """Create, refresh or remove the entry of one item (a Disclosure or its pk)."""
    from disclosures.models import Disclosure

    pk = getattr(disclosure, "pk", disclosure)
    item = Disclosure.objects.filter(pk=pk).first()
    if item is None or not _is_listed(item):
        remove_disclosure(pk)
        return
    texts = list(item.attachments.values_list("text", flat=True))
    values = entry_values(item, texts, _column_ids(item))
    SearchEntry.objects.update_or_create(disclosure_id=item.pk, defaults=values)


def remove_disclosure(pk) -> None:
    SearchEntry.objects.filter(disclosure_id=getattr(pk, "pk", pk)).delete()


def schedule_index(disclosure) -> None:
    """Refresh the entry after the current transaction commits; a failure is logged only
    (``rebuild_search_index`` repairs the index)."""
    pk = disclosure.pk
    transaction.on_commit(lambda: index_disclosure(pk), robust=True)


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
    disclosure: object
    title: str
    snippet: str
    exact: bool = False


@dataclass
class SearchResult:
    query: text_search.Query
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False
    page: int = 1
    num_pages: int = 0
    order: str = "relevance"
    ranked_subset: bool = False  # relevance ranked over the newest RANK_CANDIDATES only

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


def matching(query: text_search.Query, filters: Filters | None = None, *, now=None):
    """SearchEntry rows whose text contains every word of ``query`` (exact substring)."""
    literal = query.tsquery()
    qs = SearchEntry.objects.filter(published_at__lte=now or timezone.now())
    qs = qs.filter(_TsMatch(F("vector"), _TsQuery(Value(literal))))
    for word in query.words:
        if word.needs_recheck:
            qs = qs.filter(text__contains=word.text)
    return _filtered(qs, filters or Filters())


def capped_count(qs) -> tuple[int, bool]:
    """Count up to COUNT_CAP (+1 to know there are more), with sequential scans disabled:
    for very common words the planner otherwise reads every tsvector."""
    with transaction.atomic():
        from django.db import connection

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
    """One page of results. Work per call is bounded: a capped count, an exact-number lookup
    and one page query (ranked over at most RANK_CANDIDATES rows, OFFSET ≤ MAX_PAGES pages)."""
    order = order if order in {"relevance", "date"} else "relevance"
    result = SearchResult(query=query, order=order)
    if not query.ok:
        return result
    filters = filters or Filters()
    now = now or timezone.now()
    base = matching(query, filters, now=now)
    total, estimate = capped_count(base)
    result.total, result.total_is_estimate = total, estimate
    if total == 0:
        return result

    exact_ids: list[int] = []
    if query.number:
        exact_ids = list(
            _filtered(SearchEntry.objects.filter(published_at__lte=now), filters)
            .filter(Q(document_number=query.number) | Q(index_number=query.number))
            .order_by("-published_at")
            .values_list("pk", flat=True)[:PAGE_SIZE]
        )
    n_pages = min(math.ceil(total / PAGE_SIZE), MAX_PAGES)
    rest = base.exclude(pk__in=exact_ids) if exact_ids else base
    if order == "relevance" and total > RANK_CANDIDATES:
        newest = rest.order_by("-published_at", "-disclosure_id").values("pk")[:RANK_CANDIDATES]
        rest = SearchEntry.objects.filter(pk__in=newest)
        result.ranked_subset = True
        n_pages = min(n_pages, math.ceil((RANK_CANDIDATES + len(exact_ids)) / PAGE_SIZE))
    result.num_pages = max(n_pages, 1)
    result.page = page = min(max(page, 1), result.num_pages)

    if order == "relevance":
        rank = _TsRank(F("vector"), _TsQuery(Value(query.tsquery())))
        rest = rest.annotate(rank=rank).order_by("-rank", "-published_at", "-disclosure_id")
    elif total > DATE_SORT_THRESHOLD:
        rest = rest.order_by("-published_at", "-disclosure_id")
    else:
        rest = rest.order_by(_Unsorted(F("published_at")).desc(), "-disclosure_id")

    start = (page - 1) * PAGE_SIZE
    exact_on_page = exact_ids[start : start + PAGE_SIZE]
    rest_start = max(start - len(exact_ids), 0)
    rest_n = PAGE_SIZE - len(exact_on_page)
    longest = max(query.texts, key=len)
    select = ("disclosure", "disclosure__organisation")
    only = [
        "disclosure__id",
        "disclosure__title",
        "disclosure__document_number",
        "disclosure__published_at",
        "disclosure__index_number",
        "disclosure__validity",
        "disclosure__status",
        "disclosure__organisation__name",
        "disclosure__organisation__slug",
    ]
    rows = []
    if exact_on_page:
        exact_rows = {
            e.pk: e
            for e in SearchEntry.objects.filter(pk__in=exact_on_page)
            .select_related(*select)
            .only(*only)
            .annotate(snippet=_snippet_expr(longest))
        }
        rows += [(exact_rows[pk], True) for pk in exact_on_page if pk in exact_rows]
    if rest_n > 0:
        page_rows = (
            rest.select_related(*select)
            .only(*only)
            .annotate(snippet=_snippet_expr(longest))[rest_start : rest_start + rest_n]
        )
        rows += [(e, False) for e in page_rows]
    for entry, exact in rows:
        snippet = entry.snippet or ""
        result.hits.append(
            Hit(
                disclosure=entry.disclosure,
                title=text_search.highlight(entry.disclosure.title, query.texts),
                snippet=text_search.highlight(snippet.replace("\n", " … "), query.texts),
                exact=exact,
            )
        )
    return result
