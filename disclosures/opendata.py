"""Open data: the catalogue (or any filtered list) as streamed CSV and JSON.

Field names follow DCAT where one fits (dct:identifier, dct:title, …) and keep the Chinese
label beside them; docs/open-data.md documents the schema. Rows are read with a server-side
cursor in chunks, so a million items never sit in memory.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone

from disclosures.models import Genre, Validity

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
    "published_at",
    "written_on",
    "document_number",
    "topic__name",
    "genre",
    "validity",
    "keywords",
    "summary",
)
CHUNK = 2000
GENRES = dict(Genre.choices)
VALIDITY = dict(Validity.choices)


def records(queryset, base_url: str) -> Iterator[dict]:
    """One dict per item, in FIELDS order, read in chunks from a server-side cursor."""
    rows = queryset.order_by("-published_at", "-id").values_list(*COLUMNS)
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
    ) in rows.iterator(chunk_size=CHUNK):
        yield {
            "identifier": index_number,
            "title": title,
            "publisher": publisher,
            "issued": timezone.localtime(published_at).isoformat(timespec="seconds"),
            "created": written_on.isoformat(),
            "documentNumber": number,
            "theme": topic or "",
            "type": GENRES.get(genre, genre),
            "validity": VALIDITY.get(validity, validity),
            "keyword": keywords,
            "description": summary,
            "landingPage": f"{base_url}/xxgk/xx/{pk}/",
        }


def csv_stream(items: Iterable[dict]) -> Iterator[str]:
    """UTF-8 CSV (BOM first, for Excel); the header carries both the key and the label."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f"{label}({key})" for key, label in FIELDS])
    yield "\ufeff" + buffer.getvalue()
    for item in items:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([item[key] for key, _ in FIELDS])
        yield buffer.getvalue()


def json_stream(items: Iterable[dict], meta: dict) -> Iterator[str]:
    """A JSON object with the schema and the items, written piece by piece."""
    head = {**meta, "fields": [{"key": k, "label": label} for k, label in FIELDS]}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    first = True
    for item in items:
        yield ("" if first else ",") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "]}"
