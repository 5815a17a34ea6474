"""Writing a checked catalogue import: all or nothing, through the disclosures services.

:func:`import_catalogue` takes the records of :func:`disclosures.imports.loading.check_file`.
Before anything is written, every attachment is checked by content and size
(``disclosures.services.check_upload``) and every item is scanned for personal data; an
attachment error stops the whole import. Then, in one transaction, each record either
creates an item (``create_draft`` and ``add_attachment``) and publishes it with its original
date and an event “导入，原发布日期 …” (``publish_disclosure``), or, found again by its
原网址 or 外部编号, updates the item already imported. Items with personal data stay drafts,
and are listed. The 索引号 counters continue after the largest 索引号 kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from catalog.models import CalendarDay, Category, Counter, Organisation, TopicCategory
from disclosures import services as disclosure_services
from disclosures.imports import bulk
from disclosures.imports.bulk import (
    HeldBack,
    imported_note,
    item_values,
    original_moment,
)
from disclosures.imports.bundle import Bundle
from disclosures.imports.models import LegacyAddress
from disclosures.imports.rules import Record
from disclosures.models import Disclosure, Validity
from disclosures.richtext import html_to_text
from disclosures.service_base import DisclosureError, _display, _lock, require
from disclosures.textextract import extract_text
from disclosures.workflow import Status
from kernel import memo, privacy, uploads
from kernel.tables import ImportFailed, RowError

UPDATABLE = ("title", "body", "summary", "keywords", "topic_id", "genre", "document_number")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    published: int = 0
    held_back: list[HeldBack] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    items: dict[int, int] = field(default_factory=dict)  # line → disclosure id
    dry_run: bool = False

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def require_importer(actor, organisation_ids) -> None:
    """The importer is a 主管 (``import_disclosure``) of every organisation in the file."""
    require(actor, set(organisation_ids), "disclosures.import_disclosure")
    require(actor, set(organisation_ids), "disclosures.publish_disclosure")


def _scan(record: Record, texts: list[tuple[str, str]]) -> list[str]:
    sources = [
        ("标题", record.title),
        ("关键词", record.keywords),
        ("内容概述", record.summary),
        ("正文", html_to_text(record.body)),
        *texts,
    ]
    return [f"{f.location}：{f.label} {f.masked}" for f in privacy.scan_sources(sources)]


def inspect(
    records: list[Record], bundle: Bundle | None, *, progress=None
) -> tuple[dict, list, dict[str, bulk.Extracted]]:
    """Check every attachment by content and size and scan every item for personal data.

    Returns ({line: findings}, errors, {attachment name: what was read}); writes nothing.
    """
    findings: dict[int, list[str]] = {}
    errors: list[RowError] = []
    extracted: dict[str, bulk.Extracted] = {}
    for record in records:
        texts = []
        for name in record.attachments:
            assert bundle is not None  # the rules refuse attachments without a ZIP
            if name not in extracted:
                try:
                    data = bundle.read(name)
                    upload = SimpleUploadedFile(name, data)
                    kind = uploads.check_upload(
                        upload, max_bytes=bundle.max_file
                    )  # same check as the admin's
                except (uploads.UploadRejected, ValueError) as exc:
                    errors.append(RowError(record.line, str(exc), "附件"))
                    continue
                extracted[name] = bulk.Extracted(
                    kind.value, hashlib.sha256(data).hexdigest(), extract_text(upload, kind)
                )
            texts.append((f"附件《{name}》", extracted[name].text))
        found = _scan(record, texts)
        if found:
            findings[record.line] = found
        if progress:
            progress()
    return findings, errors, extracted


def find_existing(records: list[Record]) -> dict[int, Disclosure]:
    """The items imported before that records name by 原网址 or 外部编号: {line: item}."""
    urls = [r.source_url for r in records if r.source_url]
    by_url = {
        address.url: address.disclosure
        for address in LegacyAddress.objects.filter(url__in=urls).select_related("disclosure")
    }
    ids = {r.external_id for r in records if r.external_id}
    by_id = {
        (d.organisation_id, d.external_id): d
        for d in Disclosure.objects.filter(
            external_id__in=ids, organisation_id__in={r.organisation_id for r in records}
        )
    }
    found = {}
    for r in records:
        item = by_url.get(r.source_url) if r.source_url else None
        if item is None and r.external_id:
            item = by_id.get((r.organisation_id, r.external_id))
        if item is not None:
            found[r.line] = item
    return found


def _add_attachments(actor, disclosure: Disclosure, record: Record, bundle) -> None:
    if not record.attachments:
        return
    have = set(disclosure.attachments.values_list("sha256", flat=True))
    for order, name in enumerate(record.attachments):
        data = bundle.read(name)
        upload = SimpleUploadedFile(name.rsplit("/", 1)[-1], data)
        if hashlib.sha256(data).hexdigest() in have:
            continue
        disclosure_services.add_attachment(
            actor=actor, disclosure=disclosure, upload=upload, sort_order=order
        )


def _update(actor, disclosure: Disclosure, record: Record, categories) -> bool:
    """Bring an item imported before up to the file's values; True when something changed."""
    disclosure = _lock(disclosure)
    changes = {}
    for key, new in item_values(record).items():
        old = getattr(disclosure, key)
        if old != new:
            label = Disclosure._meta.get_field(key.removesuffix("_id")).verbose_name
            changes[str(label)] = [_display(old), _display(new)]
            setattr(disclosure, key, new)
    if disclosure.written_on != record.written_on:
        changes["成文日期"] = [_display(disclosure.written_on), _display(record.written_on)]
        disclosure.written_on = record.written_on
    if set(disclosure.categories.values_list("pk", flat=True)) != {c.pk for c in categories}:
        changes["栏目"] = ["", "、".join(c.name for c in categories)]
        disclosure.categories.set(categories)
    if not changes:
        return False
    disclosure_services.save_edit(
        actor=actor, disclosure=disclosure, changes=changes, note="导入更新"
    )
    return True


def _write(
    actor, record: Record, existing, bundle, findings, report: ImportReport, lookups, calendar
):
    """One record through the services: update the item imported before, or (``batch=False``,
    the reference the batch path is tested against) create and publish it."""
    categories = [lookups.categories[pk] for pk in record.column_ids]
    disclosure = existing
    if disclosure is None:
        values = item_values(record)
        values["topic"] = lookups.topics.get(values.pop("topic_id"))
        disclosure = disclosure_services.create_draft(
            actor=actor,
            organisation=lookups.organisations[record.organisation_id],
            written_on=record.written_on,
            categories=categories,
            external_id=record.external_id,
            **values,
        )
        report.created += 1
    elif _update(actor, disclosure, record, categories):
        report.updated += 1
    else:
        report.unchanged += 1
    report.items[record.line] = disclosure.pk
    if record.source_url:
        LegacyAddress.objects.get_or_create(
            url=record.source_url, defaults={"disclosure": disclosure}
        )
    if disclosure.status in (Status.DRAFT,):
        _add_attachments(actor, disclosure, record, bundle)
    if findings:
        report.held_back.append(HeldBack(record.line, record.title, findings))
        return
    if disclosure.status != Status.DRAFT:
        return
    disclosure_services.submit_disclosure(actor=actor, disclosure=disclosure)
    disclosure_services.publish_disclosure(
        actor=actor,
        disclosure=disclosure,
        publish_at=original_moment(record.published_on),
        imported_note=imported_note(record.published_on),
        index_number=record.index_number,
        calendar=calendar,
    )
    report.published += 1
    if record.validity != Validity.VALID:
        disclosure_services.change_validity(
            actor=actor,
            disclosure=disclosure,
            validity=record.validity,
            changed_on=record.validity_changed_on,
            note=record.validity_note or "导入时原网站标注",
        )


@dataclass
class Lookups:
    """The rows the records name, read once for the whole import."""

    categories: dict
    organisations: dict
    topics: dict

    @classmethod
    def of(cls, records: list[Record]) -> Lookups:
        return cls(
            categories=Category.objects.in_bulk({c for r in records for c in r.column_ids}),
            organisations=Organisation.objects.in_bulk({r.organisation_id for r in records}),
            topics=TopicCategory.objects.in_bulk({r.topic_id for r in records if r.topic_id}),
        )


def continue_counters(records: list[Record]) -> None:
    """Each organisation's 索引号 counter for a year goes past the largest number imported."""
    largest: dict[tuple[int, int], int] = {}
    for r in records:
        if r.index_seq is not None and r.index_year is not None:
            key = (r.organisation_id, r.index_year)
            largest[key] = max(largest.get(key, 0), r.index_seq)
    for (org_id, year), seq in largest.items():
        Counter.objects.bulk_create(
            [
                Counter(
                    organisation_id=org_id,
                    name=disclosure_services.INDEX_COUNTER,
                    year=year,
                )
            ],
            ignore_conflicts=True,
        )
        counter = Counter.objects.select_for_update().get(
            organisation_id=org_id, name=disclosure_services.INDEX_COUNTER, year=year
        )
        if counter.last_value < seq:
            counter.last_value = seq
            counter.save(update_fields=["last_value"])


def import_catalogue(
    *,
    actor,
    records: list[Record],
    bundle: Bundle | None = None,
    dry_run: bool = False,
    progress: Callable[[], None] | None = None,
    batch: bool = True,
) -> ImportReport:
    """Write the records (or, ``dry_run``, only check attachments and scan): all or nothing.

    Items imported before are updated through the services one by one; new items are written
    in batches (:mod:`disclosures.imports.bulk`), or, ``batch=False``, through the services
    one by one too. Raises ImportFailed with the errors by line; then nothing is written.
    """
    require_importer(actor, {r.organisation_id for r in records})
    report = ImportReport(dry_run=dry_run)
    report.warnings = [RowError(r.line, w) for r in records for w in r.warnings]
    findings, errors, extracted = inspect(
        records, bundle, progress=None if not dry_run else progress
    )
    if errors:
        raise ImportFailed(errors)
    if dry_run:
        report.held_back = [
            HeldBack(r.line, r.title, findings[r.line]) for r in records if r.line in findings
        ]
        return report
    lookups = Lookups.of(records)
    calendar = CalendarDay.objects.work_calendar()
    with memo.coalesced_changes(), transaction.atomic():
        continue_counters(records)  # before any number is generated
        existing = find_existing(records)
        fresh = []
        for record in records:
            if batch and record.line not in existing:
                fresh.append(record)
                continue
            try:
                _write(
                    actor,
                    record,
                    existing.get(record.line),
                    bundle,
                    findings.get(record.line),
                    report,
                    lookups,
                    calendar,
                )
            except (DisclosureError, ValidationError) as exc:
                message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                errors.append(RowError(record.line, message))
                raise ImportFailed(errors) from exc
            if progress:
                progress()
        bulk.create_items(
            actor=actor,
            records=fresh,
            bundle=bundle,
            findings=findings,
            extracted=extracted,
            lookups=lookups,
            calendar=calendar,
            report=report,
            progress=progress,
        )
    return report
