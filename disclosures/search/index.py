"""The search index: the SearchEntry table and the indexer that writes it.

One SearchEntry per *listed* item (published, not withdrawn; scheduled items are stored with
their future ``published_at`` and filtered with ``published_at <= now()``). ``vector`` holds the
bigram tokens of ``disclosures.search.text`` as a tsvector literal (cast, never parsed by a text
search configuration), ``text`` the normalised text for the LIKE recheck. The queries are in
``disclosures.search.planner``. Design, measurements and limits: docs/search.md.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast
from django.utils import timezone

from disclosures.richtext import html_to_text
from disclosures.search import text as text_search

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


def facet_tokens(
    organisation_id, year: int, genre: str, columns, published_at: dt.datetime
) -> list[str]:
    """Lexemes for the filters and the publication month, stored in the same tsvector as the
    text: "@o12" (organisation), "@y2021" (year), "@gnotice" (文种), "@c7" (each 栏目 and its
    parent), "@m202111" (UTC month of publication). ``@`` never occurs in a text token (tokens
    are runs of letters and digits), so they cannot collide. With them, the filters and the
    newest-rows window of a query are part of the GIN lookup itself, whose cost follows its
    rarest part, instead of conditions checked row by row on the table."""
    return [
        f"@o{organisation_id}",
        f"@y{year}",
        f"@g{genre}",
        *(f"@c{c}" for c in sorted(set(columns))),
        month_token(published_at),
    ]


def month_token(moment: dt.datetime) -> str:
    return "@m" + moment.astimezone(dt.UTC).strftime("%Y%m")


def months_between(first: dt.datetime, last: dt.datetime) -> list[str]:
    """Month tokens from ``first``'s month to ``last``'s, both included (UTC)."""
    first, last = first.astimezone(dt.UTC), last.astimezone(dt.UTC)
    year, month, tokens = first.year, first.month, []
    while (year, month) <= (last.year, last.month):
        tokens.append(f"@m{year:04d}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tokens


def vector_literal(title: str, rest: str, facets=()) -> str:
    """tsvector literal: title tokens with positions and weight A, other tokens without
    positions (weight D for ts_rank), the number tokens of 文号 and 索引号 (of both; see
    ``search.number_tokens``), then the facet tokens. Positions are not needed: contiguity is
    rechecked on the text."""
    title_tokens = dict.fromkeys(text_search.tokens(title))
    other = dict.fromkeys(t for t in text_search.tokens(rest) if t not in title_tokens)
    numbers = dict.fromkeys(
        text_search.number_tokens(text_search.normalise(rest))
        + text_search.number_tokens(text_search.normalise(title))
    )
    # Text tokens are runs of letters and digits: nothing to escape (facets are quoted).
    # Distinct title positions: ts_rank of an AND query ignores terms at the same position.
    title_part = [f"'{t}':{min(i + 1, 16383)}A" for i, t in enumerate(title_tokens)]
    number_part = [text_search._quote(n) for n in numbers]
    facet_part = [text_search._quote(f) for f in facets]
    return " ".join(title_part + [f"'{t}'" for t in other] + number_part + facet_part)


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
    year = timezone.localtime(disclosure.published_at).year
    columns = sorted(set(column_ids))
    facets = facet_tokens(
        disclosure.organisation_id, year, disclosure.genre, columns, disclosure.published_at
    )
    return {
        "organisation_id": disclosure.organisation_id,
        "published_at": disclosure.published_at,
        "year": year,
        "genre": disclosure.genre,
        "columns": columns,
        "document_number": text_search.compact(disclosure.document_number or "")[:100],
        "index_number": text_search.compact(disclosure.index_number or "")[:60],
        "text": text,
        "vector": Cast(Value(vector_literal(title, rest_text, facets)), SearchVectorField()),
    }


def _column_ids(disclosure) -> list[int]:
    pairs = disclosure.categories.values_list("pk", "parent_id")
    return [i for pair in pairs for i in pair if i is not None]


def _is_listed(disclosure) -> bool:
    return disclosure.status == "published" and disclosure.published_at is not None


def index_disclosure(disclosure) -> None:
    """Create, refresh or remove the entry of one item (a Disclosure or its pk)."""
    # The item model through the relation: this module is imported by disclosures.models.
    Disclosure = SearchEntry._meta.get_field("disclosure").related_model

    pk = getattr(disclosure, "pk", disclosure)
    item = Disclosure.objects.filter(pk=pk).first()
    if item is None or not _is_listed(item):
        remove_disclosure(pk)
        return
    texts = list(item.attachments.values_list("text", flat=True))
    values = entry_values(item, texts, _column_ids(item))
    SearchEntry.objects.update_or_create(disclosure_id=item.pk, defaults=values)


UPDATE_FIELDS = [
    "organisation",
    "published_at",
    "year",
    "genre",
    "columns",
    "document_number",
    "index_number",
    "text",
    "vector",
]


def index_many(pks: list[int]) -> int:
    """Create or refresh the entries of many items in one statement (the index rebuild, the
    catalogue import), written in the order of ``pks`` (the bulk rebuild gives publication
    order, so the table lies in date order); items not listed are skipped. Returns the entries
    written."""
    Disclosure = SearchEntry._meta.get_field("disclosure").related_model
    Attachment = Disclosure._meta.get_field("attachments").related_model
    items = Disclosure.objects.filter(pk__in=pks).prefetch_related("categories")
    texts: dict[int, list[str]] = {}
    rows = Attachment.objects.filter(disclosure_id__in=pks).order_by("sort_order", "id")
    for disclosure_id, text in rows.values_list("disclosure_id", "text"):
        texts.setdefault(disclosure_id, []).append(text)
    entries = []
    position = {pk: i for i, pk in enumerate(pks)}
    for item in sorted(items, key=lambda item: position[item.pk]):
        if not _is_listed(item):
            continue
        columns = [i for c in item.categories.all() for i in (c.pk, c.parent_id) if i is not None]
        values = entry_values(item, texts.get(item.pk, []), columns)
        entries.append(SearchEntry(disclosure_id=item.pk, **values))
    SearchEntry.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["disclosure"], update_fields=UPDATE_FIELDS
    )
    return len(entries)


def remove_disclosure(pk) -> None:
    SearchEntry.objects.filter(disclosure_id=getattr(pk, "pk", pk)).delete()


def schedule_index(disclosure) -> None:
    """Refresh the entry after the current transaction commits; a failure is logged only
    (``rebuild_search_index`` repairs the index)."""
    pk = disclosure.pk
    transaction.on_commit(lambda: index_disclosure(pk), robust=True)
