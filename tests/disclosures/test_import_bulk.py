"""The batch writer of a catalogue import writes exactly the rows the services would.

One file is imported twice into two organisations alike in everything but their codes: once
through the services item by item (``batch=False``, the reference) and once in batches. Every
row written (items, columns, attachments, events, search entries, listing rows, old addresses,
索引号 counters) is compared, with the organisation-specific parts (its id, its credit code in the
索引号) taken out.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from catalog import roles
from catalog.models import Counter
from disclosures.imports import bulk
from disclosures.imports.loading import check_file
from disclosures.imports.models import LegacyAddress
from disclosures.imports.services import import_catalogue
from disclosures.models import ColumnListing, Disclosure, DisclosureEvent
from disclosures.search.index import SearchEntry, index_disclosure
from disclosures.services import INDEX_COUNTER
from disclosures.workflow import Status
from tests.disclosures.factories import make_published, valid_id_number
from tests.disclosures.import_helpers import item, write_csv, write_zip
from tests.disclosures.samples import make_pdf
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db

ITEM_FIELDS = (
    "title", "body", "summary", "keywords", "topic_id", "genre", "document_number", "written_on",
    "index_number", "status", "published_at", "is_late", "validity",
    "validity_changed_on", "validity_note", "external_id", "withdrawn_reason",
    "privacy_override_reason", "content_updated_at",
)  # fmt: skip


def _rows(org) -> list[dict]:
    kept = org.format_index_number(year=2019, month=3, seq=41)
    return [
        item(
            机构=org.slug,
            索引号=kept,
            文号="明民〔2019〕12号",
            文种="通知",
            关键词="养老 检查",
            内容概述="检查安排",
            附件="检查表.pdf；名单说明.pdf",
            原网址=f"http://old.example/{org.slug}/art_1.html",
            外部编号="old-1",
        ),
        item(
            机构=org.slug,
            标题="市民政局召开2019年工作会议",
            正文="<p onclick='x()'>会议<script>bad()</script></p>",
            成文日期="2019-01-02",
            发布日期="2019-04-02",  # more than 20 working days: late
        ),
        item(机构=org.slug, 标题="含个人信息的通知", 正文=f"身份证号码{valid_id_number()}"),
        item(
            机构=org.slug,
            标题="已废止的办法",
            栏目="通知公告",
            有效性="废止",
            **{"失效/废止日期": "2020-01-01", "失效/废止说明": "被新办法替代"},
        ),
        item(机构=org.slug, 标题="2020年的动态", 成文日期="2020-02-01", 发布日期="2020-02-03"),
        item(机构=org.slug, 标题="2019年的第二条动态", 附件="检查表.pdf"),
    ]


def _import(tmp_path, org, *, batch: bool):
    chief = make_staff(role=roles.SUPERVISOR, organisations=[org], username=f"chief-{org.slug}")
    # An item whose 索引号 is the next one the counter would give (an edited pattern): skipped.
    clash = make_published(organisation=org).disclosure
    Disclosure.objects.filter(pk=clash.pk).update(
        index_number=org.format_index_number(year=2019, month=3, seq=42)
    )
    files = {"检查表.pdf": make_pdf("jian cha biao"), "名单说明.pdf": make_pdf("ming dan")}
    zip_path = write_zip(tmp_path / f"{org.slug}.zip", files)
    checked = check_file(
        write_csv(tmp_path / f"{org.slug}.csv", _rows(org)),
        today=timezone.localdate(),
        attachments=zip_path,
    )
    assert not checked.errors
    report = import_catalogue(
        actor=chief, records=checked.records, bundle=checked.bundle, batch=batch
    )
    checked.close()
    return report, org


def _plain(org, value):
    """A value with the organisation's own parts replaced by placeholders."""
    if isinstance(value, str):
        for code in (org.credit_code, org.credit_code.lower()):
            value = value.replace(code, "<code>")
        return value.replace(f"@o{org.pk}", "@o<org>").replace(f"/{org.slug}/", "/<slug>/")
    if isinstance(value, list | tuple):
        return [_plain(org, v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(org, v) for k, v in value.items()}
    return value


def _vector(d) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT vector::text FROM disclosures_searchentry WHERE disclosure_id = %s", [d.pk]
        )
        row = cursor.fetchone()
    return row and row[0]


def _snapshot(org, report) -> dict:
    items = {line: Disclosure.objects.get(pk=pk) for line, pk in report.items.items()}
    snapshot = {"report": (report.created, report.published, len(report.held_back))}
    for line, d in sorted(items.items()):
        entry = SearchEntry.objects.filter(disclosure=d).first()
        # Like the heading below, the vector holds the code's tokens: compared with what the
        # services' indexer writes for the item.
        vector = _vector(d)
        index_disclosure(d)
        search_kept = vector == _vector(d)
        # The heading holds the 索引号's tokens (the organisation's code): compared with what
        # save() computes from the item's own fields instead of across the organisations.
        stored = str(d.heading)
        d.save(update_fields=["heading"])
        d.refresh_from_db(fields=["heading"])
        snapshot[line] = _plain(
            org,
            {
                "item": {f: str(getattr(d, f)) for f in ITEM_FIELDS},
                "heading_kept": stored == str(d.heading),
                "reviewed": d.reviewed_by_id == d.created_by_id,
                "columns": sorted(d.categories.values_list("pk", flat=True)),
                "attachments": list(
                    d.attachments.values_list(
                        "original_name", "kind", "size", "sha256", "text", "sort_order"
                    )
                ),
                "events": [
                    [
                        e.action,
                        e.from_status,
                        e.to_status,
                        e.note,
                        e.changes,
                        e.actor_id == d.created_by_id,
                    ]
                    for e in DisclosureEvent.objects.filter(disclosure=d).order_by(
                        "created_at", "id"
                    )
                ],
                "search": entry
                and [
                    entry.year,
                    entry.genre,
                    entry.columns,
                    entry.index_number,
                    entry.text,
                ],
                "search_kept": search_kept,
                "listing": sorted(
                    ColumnListing.objects.filter(disclosure=d).values_list(
                        "column_id", "published_at", "genre"
                    )
                ),
                "legacy": list(
                    LegacyAddress.objects.filter(disclosure=d).values_list("path", "redirect")
                ),
            },
        )
    snapshot["counters"] = sorted(
        Counter.objects.filter(organisation=org, name=INDEX_COUNTER).values_list(
            "year", "last_value"
        )
    )
    return snapshot


def test_batches_write_what_the_services_write(tmp_path, django_capture_on_commit_callbacks):
    # The services write the search entry after the commit: run those callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        reference = _import(tmp_path, OrganisationFactory(slug="ref"), batch=False)
    with django_capture_on_commit_callbacks(execute=True):
        batched = _import(tmp_path, OrganisationFactory(slug="bat"), batch=True)
    reference, batched = _snapshot(*reversed(reference)), _snapshot(*reversed(batched))
    assert reference["report"] == (6, 5, 1)
    assert (2019, 45) in reference["counters"]  # 41 kept, 42 taken: 43, 44 and 45 given
    assert (2020, 1) in reference["counters"]
    for key in reference:
        for part in reference[key] if isinstance(reference[key], dict) else ():
            assert batched[key][part] == reference[key][part], (key, part)
        assert batched[key] == reference[key], key
    assert batched == reference


def test_batched_items_are_public_with_their_original_date(tmp_path, client):
    report, _org = _import(tmp_path, OrganisationFactory(slug="pub"), batch=True)
    published = Disclosure.objects.filter(pk__in=report.items.values(), status=Status.PUBLISHED)
    assert published.count() == 5
    held = Disclosure.objects.get(title="含个人信息的通知")
    assert held.status == Status.DRAFT
    assert not SearchEntry.objects.filter(disclosure=held).exists()
    late = published.get(title="市民政局召开2019年工作会议")
    assert timezone.localdate(late.published_at) == dt.date(2019, 4, 2)
    assert late.is_late
    page = client.get(late.get_absolute_url())
    assert page.status_code == 200
    assert "2019-04-02" in page.content.decode()
    assert client.get(held.get_absolute_url()).status_code == 404


def test_batches_split_a_long_file(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 2)
    report, _org = _import(tmp_path, OrganisationFactory(slug="small"), batch=True)
    assert report.created == 6
    numbers = list(
        Disclosure.objects.filter(pk__in=report.items.values(), index_number__isnull=False)
        .order_by("id")
        .values_list("index_number", flat=True)
    )
    assert len(numbers) == len(set(numbers)) == 5


def test_an_import_makes_the_http_cache_forget_the_lists_once_after_commit(
    tmp_path, bans, django_capture_on_commit_callbacks
):
    org = OrganisationFactory(slug="purged")
    with django_capture_on_commit_callbacks(execute=True):
        report, _org = _import(tmp_path, org, batch=True)
        assert bans.patterns == []  # nothing before the commit
    paths = bans.paths()
    # The lists of the columns the published rows name (工作动态, 通知公告 and their parent),
    # the organisation's pages, the home page and feeds; no page of a new item (none was cached).
    assert {"/", "/xxgk/lm/gzdt/", "/xxgk/lm/tzgg/", "/xxgk/lm/fdzdgk/"} <= paths
    assert {f"/xxgk/jg/{org.slug}/", f"/feeds/atom/jg/{org.slug}/", "/feeds/atom/"} <= paths
    assert not {f"/xxgk/xx/{pk}/" for pk in report.items.values()} & paths
