"""The full export (docs/export.md): everything the portal holds, in open formats that its own
importers read back, so an agency can leave, or move, with all of it.

Written into one directory:

* ``organisations.json`` — every organisation (Django's JSON serialisation: fields by name);
* ``catalogue.csv`` + ``attachments.zip`` — every published or withdrawn item in the
  ``import_catalogue`` format (docs/import-catalogue.md), the attachments in the ZIP under
  ``items/<id>/<attachment id>/<file name>``, named so in the 附件 column;
* ``unpublished.json`` — drafts and items awaiting review, with all their fields;
* ``applications.csv`` — every 依申请公开 case in the ``import_applications`` format;
* ``annual-reports.json`` — every annual report, its figures and texts;
* ``events.jsonl`` — every event (items, cases, reports), one JSON object per line;
* ``manifest.json`` — each file's size and SHA-256, and the counts.

The export holds applicants' personal data: keep it as the case files themselves are kept.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from catalog.models import Organisation
from disclosures.imports.columns import TEMPLATE_HEADER
from disclosures.imports.models import LegacyAddress
from disclosures.models import Disclosure, DisclosureEvent
from disclosures.workflow import Status
from kernel import spreadsheet
from kernel.checksums import sha256_of
from reports.annual.models import AnnualReport, ReportEvent
from reports.exports.applications import application_rows
from requests_app.models import Application, ApplicationEvent

FILES = (
    "organisations.json",
    "catalogue.csv",
    "attachments.zip",
    "unpublished.json",
    "applications.csv",
    "annual-reports.json",
    "events.jsonl",
)


def _day(value) -> str:
    return timezone.localdate(value).isoformat() if value else ""


def attachment_entry(attachment) -> str:
    return f"items/{attachment.disclosure_id}/{attachment.pk}/{attachment.original_name}"


def catalogue_row(item: Disclosure, urls: dict[int, str]) -> list:
    """One item as a row of the import_catalogue file."""
    values = {
        "标题": item.title,
        "机构": item.organisation.slug,
        "栏目": "；".join(c.slug for c in item.categories.all()),
        "主题分类": item.topic.name if item.topic else "",
        "文种": item.get_genre_display(),
        "文号": item.document_number,
        "索引号": item.index_number or "",
        "成文日期": item.written_on.isoformat(),
        "发布日期": _day(item.published_at),
        "有效性": item.get_validity_display(),
        "失效/废止日期": item.validity_changed_on.isoformat() if item.validity_changed_on else "",
        "失效/废止说明": item.validity_note,
        "关键词": item.keywords,
        "内容概述": item.summary,
        "正文": item.body,
        "附件": "；".join(attachment_entry(a) for a in item.attachments.all()),
        "原网址": urls.get(item.pk, ""),
        "外部编号": item.external_id or f"sunshine-{item.pk}",
    }
    return [values[h] for h in TEMPLATE_HEADER]


def _event(record: str, e, changes) -> dict:
    return {
        "record": record,
        "id": e.disclosure_id if record == "disclosure" else e.application_id,
        "action": e.action,
        "from": e.from_status,
        "to": e.to_status,
        "note": e.note,
        "changes": changes,
        "actor": e.actor.username if e.actor else "",
        "at": e.created_at,
    }


def _events() -> Iterator[dict]:
    for e in DisclosureEvent.objects.select_related("actor").order_by("pk").iterator(2000):
        yield _event("disclosure", e, e.changes)
    for e in ApplicationEvent.objects.select_related("actor").order_by("pk").iterator(2000):
        yield _event("application", e, e.data)
    for e in ReportEvent.objects.order_by("pk").iterator(2000):
        yield {"record": "annual_report", **serializers.serialize("python", [e])[0]["fields"]}


def export_all(directory: str | Path, *, progress=None) -> dict:
    """Write the full export into ``directory`` (created if needed); return the manifest."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    public = Disclosure.objects.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
    items = (
        public.select_related("organisation", "topic")
        .prefetch_related("categories", "attachments")
        .order_by("published_at", "pk")
    )
    urls = dict(LegacyAddress.objects.values_list("disclosure_id", "url"))
    counts = {"organisations": Organisation.objects.count(), "items": 0, "attachments": 0}

    (out / "organisations.json").write_text(
        serializers.serialize("json", Organisation.objects.order_by("pk"), indent=1),
        encoding="utf-8",
    )
    with (
        (out / "catalogue.csv").open("w", encoding="utf-8-sig", newline="") as csv_file,
        zipfile.ZipFile(out / "attachments.zip", "w", zipfile.ZIP_STORED) as archive,
    ):
        writer = spreadsheet.csv_writer(csv_file)
        writer.writerow(TEMPLATE_HEADER)
        for item in items.iterator(chunk_size=500):
            writer.writerow(catalogue_row(item, urls))
            for attachment in item.attachments.all():
                with attachment.file.open("rb") as source:
                    archive.writestr(attachment_entry(attachment), source.read())
                counts["attachments"] += 1
            counts["items"] += 1
            if progress:
                progress()
    others = Disclosure.objects.exclude(pk__in=public.values("pk")).order_by("pk")
    counts["unpublished"] = others.count()
    (out / "unpublished.json").write_text(
        serializers.serialize("json", others, indent=1), encoding="utf-8"
    )
    with (out / "applications.csv").open("w", encoding="utf-8-sig", newline="") as csv_file:
        writer = spreadsheet.csv_writer(csv_file)
        rows = application_rows(Application.objects.order_by("received_on", "pk"))
        writer.writerow(next(rows))
        counts["applications"] = 0
        for row in rows:
            writer.writerow(row)
            counts["applications"] += 1
    reports = AnnualReport.objects.order_by("organisation_id", "year", "pk")
    counts["annual_reports"] = reports.count()
    (out / "annual-reports.json").write_text(
        serializers.serialize("json", reports, indent=1), encoding="utf-8"
    )
    counts["events"] = 0
    with (out / "events.jsonl").open("w", encoding="utf-8") as lines:
        for event in _events():
            lines.write(json.dumps(event, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n")
            counts["events"] += 1
    manifest = {
        "format": "sunshine-export/1",
        "created_at": timezone.now().isoformat(),
        "counts": counts,
        "files": {
            name: {"bytes": (out / name).stat().st_size, "sha256": sha256_of(out / name)}
            for name in FILES
        },
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def verify_export(directory: str | Path) -> list[str]:
    """The files whose checksum no longer matches the manifest (empty: the export is whole)."""
    out = Path(directory)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return [
        name
        for name, entry in manifest["files"].items()
        if not (out / name).is_file() or sha256_of(out / name) != entry["sha256"]
    ]
