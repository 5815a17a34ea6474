"""Writing the new items of a catalogue import in batches: the rows the services would write.

The services (``create_draft``, ``add_attachment``, ``submit_disclosure``,
``publish_disclosure``, ``change_validity``) write one item at a time: about twenty statements
each, and the search entry written twice. A catalogue of 50,000 items would take an hour that
way. For items the import creates (not those it updates), this module writes the same rows in a
few statements per batch of ``BATCH`` items:

- the items, already in their final state (published with their original date, reviewer and
  索引号, or drafts when the privacy scan held them back);
- their columns, attachments (files stored one by one, rows in one statement; the text was
  extracted once, by :func:`disclosures.imports.services.inspect`);
- the same event rows in the same order as the services: 创建, 添加附件 (each), 提交审核, 审核发布
  (“导入，原发布日期 …”), and 有效性变更 when the old site marked the item invalid;
- the column listing and the search entries, in the import's transaction;
- the old addresses.

The rules the services check one item at a time were checked for the whole file before:
permission (``require_importer``), the file's rows (``disclosures.imports.rules``), the
attachments and the privacy scan (``inspect``). ``tests/disclosures/test_import_bulk.py``
imports one file both ways and compares every row written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.utils import timezone

from disclosures import listing, pagination, purging
from disclosures import services as disclosure_services
from disclosures.imports.models import LegacyAddress, legacy_path
from disclosures.imports.rules import Record
from disclosures.models import Attachment, Disclosure, DisclosureEvent, Validity
from disclosures.search import index as search_index
from disclosures.service_base import _display
from disclosures.workflow import Status
from kernel.tables import ImportFailed, RowError

BATCH = 500
Action = DisclosureEvent.Action
# Foreign keys are checked by the rules and the database; full_clean would query each one.
UNCHECKED = ["organisation", "topic", "interprets", "created_by", "reviewed_by", "categories"]


@dataclass
class HeldBack:
    line: int
    title: str
    findings: list[str]  # “正文：手机号码 138****0000”: masked, never the number itself


def original_moment(day: dt.date) -> dt.datetime:
    """The publication moment of an item whose old site gave only the day: its local midnight."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def imported_note(day: dt.date) -> str:
    return f"导入，原发布日期 {day.isoformat()}"


def item_values(record: Record) -> dict:
    """The editable fields of an item as the file gives them (before the services' cleaning)."""
    return {
        "title": record.title,
        "body": record.body,
        "summary": record.summary,
        "keywords": record.keywords,
        "topic_id": record.topic_id,
        "genre": record.genre,
        "document_number": record.document_number,
    }


@dataclass(frozen=True)
class Extracted:
    """An attachment checked and read by ``inspect``: written without a second pass."""

    kind: str
    sha256: str
    text: str


def batches(records: list[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def create_items(
    *,
    actor,
    records: list[Record],
    bundle,
    findings: dict[int, list[str]],
    extracted: dict[str, Extracted],
    lookups,
    calendar,
    report,
    progress: Callable[[], None] | None = None,
) -> None:
    """Create (and, unless held back, publish) the items of ``records``, batch by batch, in
    the caller's transaction. Raises ImportFailed naming the line of a row that fails."""
    taken = frozenset(r.index_number for r in records if r.index_number)
    for chunk in batches(records, BATCH):
        items = [_item(actor, r, findings.get(r.line), calendar) for r in chunk]
        _number(chunk, items, lookups, taken)
        try:
            Disclosure.objects.bulk_create(items)
        except IntegrityError as exc:
            raise ImportFailed(
                [
                    RowError(
                        chunk[0].line,
                        f"第{chunk[0].line}至{chunk[-1].line}行写入时与已有信息冲突"
                        "（可能有人同时导入或发布），请重新导入。",
                    )
                ]
            ) from exc
        through = Disclosure.categories.through
        through.objects.bulk_create(
            through(disclosure_id=item.pk, category_id=pk)
            for r, item in zip(chunk, items, strict=True)
            for pk in dict.fromkeys(r.column_ids)
        )
        attachments = _attachments(chunk, items, bundle, extracted)
        events = []
        for r, item in zip(chunk, items, strict=True):
            events += _events(actor, r, item, attachments.get(item.pk, []))
            report.items[r.line] = item.pk
            if r.line in findings:
                report.held_back.append(HeldBack(r.line, r.title, findings[r.line]))
            else:
                report.published += 1
        DisclosureEvent.objects.bulk_create(events)
        LegacyAddress.objects.bulk_create(
            LegacyAddress(url=r.source_url, path=legacy_path(r.source_url), disclosure_id=item.pk)
            for r, item in zip(chunk, items, strict=True)
            if r.source_url
        )
        published = [item.pk for item in items if item.status == Status.PUBLISHED]
        listing.refresh_listings(published)
        search_index.index_many(published)
        report.created += len(items)
        if progress:
            for _ in chunk:
                progress()
    # The HTTP cache in front forgets the lists the new items appear in, after the commit.
    if published := [r for r in records if r.line not in findings]:
        purging.purge_new_items(
            organisations={lookups.organisations[r.organisation_id].slug for r in published},
            category_ids={pk for r in published for pk in r.column_ids},
            genres={r.genre for r in published},
        )
    # Bulk writes send no signals: empty the list and item memos (after the commit elsewhere).
    pagination.lists.changed()
    pagination.items.changed()


def _item(actor, record: Record, findings, calendar) -> Disclosure:
    values = disclosure_services._clean_values(item_values(record))
    item = Disclosure(
        organisation_id=record.organisation_id,
        created_by=actor,
        external_id=record.external_id,
        written_on=record.written_on,
        **values,
    )
    try:
        item.clean_fields(exclude=UNCHECKED)
        item.clean()
    except ValidationError as exc:
        raise ImportFailed([RowError(record.line, "；".join(exc.messages))]) from exc
    if findings:
        return item  # a draft, listed as held back
    item.status = Status.PUBLISHED
    item.published_at = original_moment(record.published_on)
    item.reviewed_by = actor
    item.is_late = disclosure_services.is_published_late(
        record.written_on, record.published_on, calendar
    )
    if record.validity != Validity.VALID:
        item.validity = Validity(record.validity)
        item.validity_changed_on = record.validity_changed_on
        item.validity_note = (record.validity_note or "导入时原网站标注").strip()
    return item


def _number(records: list[Record], items: list[Disclosure], lookups, taken: frozenset) -> None:
    """Give each published item its 索引号: the old site's when kept, else the next ones of its
    organisation and year, in file order (as one publication after another would)."""
    wanted: dict[tuple[int, int], list[Disclosure]] = {}
    for record, item in zip(records, items, strict=True):
        if item.status != Status.PUBLISHED:
            continue
        if record.index_number:
            item.index_number = record.index_number
        else:
            published_on = timezone.localdate(item.published_at)
            wanted.setdefault((record.organisation_id, published_on.year), []).append(item)
    for (org_id, year), group in wanted.items():
        months = [timezone.localdate(item.published_at).month for item in group]
        numbers = disclosure_services.allocate_index_numbers(
            lookups.organisations[org_id], year, months, taken=taken
        )
        for item, number in zip(group, numbers, strict=True):
            item.index_number = number
    for item in items:
        item.refresh_heading()  # bulk_create skips save(), which keeps the heading


def _attachments(records, items, bundle, extracted) -> dict[int, list[Attachment]]:
    rows, by_item = [], {}
    for record, item in zip(records, items, strict=True):
        for order, name in enumerate(record.attachments):
            data = bundle.read(name)
            known = extracted.get(name)
            if known is None or known.sha256 != hashlib.sha256(data).hexdigest():
                raise ImportFailed(
                    [RowError(record.line, f"附件“{name}”在检查后发生变化。", "附件")]
                )
            stored = name.rsplit("/", 1)[-1].replace("\\", "_")[-200:] or "附件"
            attachment = Attachment(
                disclosure_id=item.pk,
                original_name=stored,
                kind=known.kind,
                size=len(data),
                sha256=known.sha256,
                text=known.text,
                sort_order=order,
            )
            attachment.file.save(stored, ContentFile(data), save=False)
            rows.append(attachment)
            by_item.setdefault(item.pk, []).append(attachment)
    Attachment.objects.bulk_create(rows)
    return by_item


def _events(actor, record: Record, item: Disclosure, attachments) -> list:
    """The events ``create_draft`` … ``change_validity`` write for this item, in order."""

    def event(action, **fields):
        return DisclosureEvent(disclosure_id=item.pk, actor=actor, action=action, **fields)

    events = [event(Action.CREATE, to_status=Status.DRAFT)]
    events += [
        event(Action.ATTACH, note=a.original_name, changes={"附件": ["", a.original_name]})
        for a in attachments
    ]
    if item.status != Status.PUBLISHED:
        return events
    events.append(event(Action.SUBMIT, from_status=Status.DRAFT, to_status=Status.SUBMITTED))
    events.append(
        event(
            Action.PUBLISH,
            from_status=Status.SUBMITTED,
            to_status=Status.PUBLISHED,
            note=imported_note(record.published_on),
            changes={
                "索引号": ["", item.index_number],
                "发布日期": ["", timezone.localtime(item.published_at).isoformat()],
            },
        )
    )
    if item.validity != Validity.VALID:
        events.append(
            event(
                Action.VALIDITY,
                note=item.validity_note,
                changes={
                    "有效性": [Validity.VALID.label, item.get_validity_display()],
                    "日期": ["", _display(item.validity_changed_on)],
                },
            )
        )
    return events
