"""The public 标准目录 of an organisation as a table: rows grouped by 领域, each with its newest
items and the date it was last fulfilled. A fixed number of queries however many rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation
from disclosures.directory.models import DirectoryRow
from disclosures.models import ColumnListing, Disclosure

LATEST = 3


@dataclass(frozen=True)
class Latest:
    title: str
    url: str
    published_on: dt.date
    published_at: dt.datetime


@dataclass
class TableRow:
    row: DirectoryRow
    latest: list[Latest] = field(default_factory=list)

    @property
    def last_updated(self) -> dt.date | None:
        return self.latest[0].published_on if self.latest else None


@dataclass
class DomainGroup:
    domain: str
    rows: list[TableRow]


def _column_latest(organisation_id: int, column_ids: set[int]) -> dict[int, list[Latest]]:
    """The LATEST newest listed items of the organisation under each column (one query)."""
    if not column_ids:
        return {}
    ranked = (
        ColumnListing.objects.filter(
            column_id__in=column_ids,
            organisation_id=organisation_id,
            published_at__lte=timezone.now(),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("column_id")],
                order_by=[F("published_at").desc(), F("disclosure_id").desc()],
            )
        )
        .filter(rank__lte=LATEST)
        .values_list("column_id", "disclosure_id", "disclosure__title", "published_at")
    )
    result: dict[int, list[Latest]] = {}
    for column_id, pk, title, published_at in ranked:
        result.setdefault(column_id, []).append(_latest(pk, title, published_at))
    return result


def _latest(pk: int, title: str, published_at: dt.datetime) -> Latest:
    url = reverse("disclosures:detail", args=[pk])
    return Latest(title, url, timezone.localtime(published_at).date(), published_at)


def directory_table(organisation: Organisation) -> list[DomainGroup]:
    """The organisation's rows by 领域, in table order, with their latest items (4 queries)."""
    items = Disclosure.objects.listed().only("id", "title", "published_at")
    rows = list(
        DirectoryRow.objects.filter(organisation=organisation)
        .in_table_order()
        .prefetch_related("columns", Prefetch("items", queryset=items, to_attr="listed_items"))
    )
    column_ids = {c.pk for row in rows for c in row.columns.all()}
    by_column = _column_latest(organisation.pk, column_ids)
    groups: list[DomainGroup] = []
    for row in rows:
        found: dict[str, Latest] = {}
        for column in row.columns.all():
            for entry in by_column.get(column.pk, ()):
                found[entry.url] = entry
        for item in row.listed_items:
            entry = _latest(item.pk, item.title, item.published_at)
            found[entry.url] = entry
        latest = sorted(found.values(), key=lambda e: e.published_at, reverse=True)
        table_row = TableRow(row, latest[:LATEST])
        if not groups or groups[-1].domain != row.domain:
            groups.append(DomainGroup(row.domain, []))
        groups[-1].rows.append(table_row)
    return groups


HEADER = [
    "领域",
    "公开事项（一级）",
    "公开事项（二级）",
    "公开内容（要素）",
    "公开依据",
    "公开时限",
    "公开主体",
    "公开渠道和载体",
    "公开对象",
    "公开方式",
    "公开层级",
    "五公开",
    "最近更新",
]


def spreadsheet_rows(groups: list[DomainGroup]) -> list[list[object]]:
    """The table as plain cells (the XLSX download), one line per row."""
    lines = []
    for group in groups:
        for entry in group.rows:
            row = entry.row
            lines.append(
                [
                    group.domain,
                    row.item_level1,
                    row.item_level2,
                    row.content,
                    row.basis,
                    row.time_limit,
                    row.subject,
                    "、".join(row.channel_labels()),
                    row.get_audience_display(),
                    row.get_mode_display(),
                    "、".join(row.level_labels()),
                    row.get_five_open_display(),
                    entry.last_updated.isoformat() if entry.last_updated else "",
                ]
            )
    return lines
