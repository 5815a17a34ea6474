"""Open data: the catalogue (or any filtered list) as streamed CSV and JSON.

Field names follow DCAT where one fits (dct:identifier, dct:title, …) and keep the Chinese
label beside them; docs/open-data.md documents the schema. Rows are read with a server-side
cursor in chunks, so a million items never sit in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator

from django.db.models import BigIntegerField, F, Func
from django.utils import timezone

from disclosures.models import Genre, Validity
from kernel import spreadsheet

# (key in the DCAT vocabulary where one fits, Chinese label)
FIELDS: tuple[tuple[str, str], ...] = (
    ("identifier", "索引号"),
    ("title", "标题"),
    ("publisher", "发布机构"),
    ("issued", "发布日期"),
    ("created", "成文日期"),
    ("documentNumber", "文号"),
    ("theme", "主题分类"),
    ("type", "文种"),
    ("validity", "有效性"),
    ("keyword", "关键词"),
    ("description", "内容概述"),
    ("landingPage", "网址"),
)
COLUMNS = (
    "id",
    "index_number",
    "title",
    "organisation__name",
    "issued_epoch",
    "written_on",
    "document_number",
    "topic__name",
    "genre",
    "validity",
    "keywords",
    "summary",
)
CHUNK = 2000
EPOCH_SECONDS = Func(
    F("published_at"),
    template="EXTRACT(EPOCH FROM %(expressions)s)::bigint",
    output_field=BigIntegerField(),
)
# Rows per piece handed to the server: one write per ~100 rows instead of one per row.
ROWS_PER_PIECE = 100
GENRES = dict(Genre.choices)
VALIDITY = dict(Validity.choices)


def rows(queryset, base_url: str) -> Iterator[tuple]:
    """One tuple per item, in FIELDS order, read in chunks from a server-side cursor."""
    tz = timezone.get_current_timezone()
    landing = f"{base_url}/xxgk/xx/"
    genres, validity_labels = GENRES, VALIDITY
    # Whole seconds since the epoch: formatting those in Python costs a fraction of parsing
    # the timestamp text the database would send.
    values = (
        queryset.order_by("-published_at", "-id")
        .annotate(issued_epoch=EPOCH_SECONDS)
        .values_list(*COLUMNS)
    )
    from_epoch = dt.datetime.fromtimestamp
    for (
        pk,
        index_number,
        title,
        publisher,
        published_at,
        written_on,
        number,
        topic,
        genre,
        validity,
        keywords,
        summary,
    ) in values.iterator(chunk_size=CHUNK):
        yield (
            index_number,
            title,
            publisher,
            from_epoch(published_at, tz).isoformat(timespec="seconds"),
            written_on.isoformat(),
            number,
            topic or "",
            genres.get(genre, genre),
            validity_labels.get(validity, validity),
            keywords,
            summary,
            f"{landing}{pk}/",
        )


def records(queryset, base_url: str) -> Iterator[dict]:
    """One dict per item, keyed by the FIELDS keys."""
    keys = [key for key, _label in FIELDS]
    for row in rows(queryset, base_url):
        yield dict(zip(keys, row, strict=True))


def _pieces(items: Iterable, size: int = ROWS_PER_PIECE) -> Iterator[list]:
    piece = []
    for item in items:
        piece.append(item)
        if len(piece) >= size:
            yield piece
            piece = []
    if piece:
        yield piece


def csv_stream(queryset, base_url: str) -> Iterator[str]:
    """UTF-8 CSV (BOM first, for Excel); the header carries both the key and the label."""
    buffer = io.StringIO()
    writer = spreadsheet.csv_writer(buffer)
    writer.writerow([f"{label}({key})" for key, label in FIELDS])
    yield "\ufeff" + buffer.getvalue()
    for piece in _pieces(rows(queryset, base_url)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(piece)
        yield buffer.getvalue()


def json_stream(queryset, base_url: str, meta: dict) -> Iterator[str]:
    """A JSON object with the schema and the items, written piece by piece."""
    head = {**meta, "fields": [{"key": k, "label": label} for k, label in FIELDS]}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    encode = json.JSONEncoder(ensure_ascii=False).encode
    first = True
    for piece in _pieces(records(queryset, base_url)):
        text = ",".join(encode(item) for item in piece)
        yield text if first else "," + text
        first = False
    yield "]}"
