"""From files and the database to what the pure rules need: the rows, the column map, the ZIP,
and a :class:`~disclosures.imports.rules.Context` of plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from catalog.models import Category, Organisation, TopicCategory
from disclosures.imports import rules
from disclosures.imports.bundle import Bundle
from disclosures.imports.columns import COLUMNS, HEADERS, MAP_COLUMNS, MAP_HEADERS
from disclosures.imports.models import LegacyAddress
from disclosures.models import Disclosure
from kernel import tables
from kernel.tables import ImportFailed, RowError


@dataclass
class Checked:
    """A file read and checked: the records to write, or the errors; the ZIP stays open."""

    records: list[rules.Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    bundle: Bundle | None = None
    rows: int = 0

    def close(self) -> None:
        if self.bundle is not None:
            self.bundle.close()


def org_info(org: Organisation) -> rules.OrgInfo:
    return rules.OrgInfo(org.pk, org.name, org.slug, org.credit_code, org.index_pattern)


def organisation_index() -> dict[str, rules.OrgInfo]:
    index = {}
    for org in Organisation.objects.all():
        info = org_info(org)
        for name in (org.slug, org.credit_code, org.short_name, org.name):
            if name:
                index[name] = info
    return index


def column_index() -> dict[str, int | None]:
    """Column name or slug → id; a name two columns share maps to None (use the slug)."""
    index: dict[str, int | None] = {}
    categories = Category.objects.filter(kind__in=["statutory", "rules", "guide"])
    for pk, name in categories.values_list("pk", "name"):
        index[name] = None if name in index and index[name] != pk else pk
    for pk, slug in categories.values_list("pk", "slug"):
        index[slug] = pk
    return index


def taken(organisation_ids) -> tuple[dict, dict]:
    """The 文号 and 索引号 already used, with who holds them (for the uniqueness rules)."""
    urls: dict[int, str] = {}
    for disclosure_id, url in LegacyAddress.objects.filter(
        disclosure__organisation_id__in=organisation_ids
    ).values_list("disclosure_id", "url"):
        urls.setdefault(disclosure_id, url)
    numbers: dict[tuple[int, str], tuple[rules.Holder, ...]] = {}
    index: dict[str, rules.Holder] = {}
    rows = Disclosure.objects.filter(
        ~Q(document_number="") | Q(index_number__isnull=False)
    ).values_list("pk", "organisation_id", "document_number", "index_number", "external_id")
    for pk, org_id, number, index_number, external_id in rows.iterator(chunk_size=5000):
        holder = rules.Holder(org_id, external_id, urls.get(pk, ""))
        if number and org_id in organisation_ids:
            numbers[(org_id, number)] = (*numbers.get((org_id, number), ()), holder)
        if index_number:
            index[index_number] = holder
    return numbers, index


def read_column_map(path: str | Path | None) -> dict[str, str]:
    if not path:
        return {}
    rows = tables.read_table(path, headers=MAP_HEADERS, columns=MAP_COLUMNS)
    mapping, errors = rules.parse_column_map(rows)
    if errors:
        raise ImportFailed([RowError(e.line, f"栏目对照表{e.message}") for e in errors])
    return mapping


def check_file(
    path: str | Path,
    *,
    today: dt.date,
    attachments: str | Path | None = None,
    column_map: str | Path | None = None,
    organisation: Organisation | None = None,
) -> Checked:
    """Read and check everything (the rows, the map, the ZIP's names); write nothing."""
    checked = Checked()
    try:
        mapping = read_column_map(column_map)
        rows = tables.read_table(path, headers=HEADERS, columns=COLUMNS, formulas_as_text=True)
        if attachments:
            checked.bundle = Bundle(attachments, max_file=settings.ATTACHMENT_MAX_BYTES)
    except ImportFailed as exc:
        checked.errors = exc.errors
        checked.close()
        return checked
    checked.rows = len(rows)
    if not rows:
        checked.errors = [RowError(2, "文件中没有数据行。")]
        return checked
    organisations = organisation_index()
    numbers, index = taken({o.id for o in organisations.values()})
    context = rules.Context(
        organisations=organisations,
        columns=column_index(),
        topics=dict(TopicCategory.objects.values_list("name", "pk")),
        today=today,
        column_map=mapping,
        attachments=checked.bundle.names() if checked.bundle else None,
        taken_numbers=numbers,
        taken_index=index,
        organisation=org_info(organisation) if organisation else None,
    )
    checked.records, checked.errors = rules.parse_rows(rows, context=context)
    return checked
