"""The proactively disclosed items of an archive year: metadata with the 目录 fields under their
Chinese names, the body as HTML, the attachments, the event history and the page captures.

An item belongs to year Y when it was published in Y, withdrawn in Y, or has any event in Y
(an edit, a change of validity, an approved revision): everything the public could have read
that year. Scheduled items published after the year are not in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from catalog.models import Organisation
from disclosures.models import Disclosure, DisclosureEvent
from disclosures.revisions.models import DisclosureRevision
from disclosures.workflow import Status
from reports.archive.layout import Content, FileRef, canonical_json, hash_stream, safe_name
from reports.archive.warc import Capture, WarcStream

Progress = Callable[[str], None]


@dataclass
class Section:
    """Files for the payload (path under data/ → bytes) and a note per file for the manifest."""

    files: dict[str, Content] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def add(self, path: str, content: Content, note: str) -> None:
        self.files[path] = content
        self.notes[path] = note


def stored_file(field_file) -> FileRef:
    """A stored file as a package entry: hashed now in chunks, copied when the ZIP is written."""
    storage, name = field_file.storage, field_file.name
    with storage.open(name, "rb") as handle:
        digest, size = hash_stream(handle)
    return FileRef(opener=lambda: storage.open(name, "rb"), sha256=digest, size=size)


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 January of ``year`` and of the next year, 00:00 in the portal's time zone."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def items_of_year(organisation: Organisation, year: int):
    start, end = year_bounds(year)
    touched = DisclosureEvent.objects.filter(
        created_at__gte=start, created_at__lt=end, disclosure__organisation=organisation
    ).values("disclosure_id")
    return (
        Disclosure.objects.filter(
            organisation=organisation,
            status__in=[Status.PUBLISHED, Status.WITHDRAWN],
            published_at__lt=end,
        )
        .filter(
            Q(published_at__gte=start)
            | Q(withdrawn_at__gte=start, withdrawn_at__lt=end)
            | Q(pk__in=touched)
        )
        .select_related("organisation", "topic", "interprets")
        .prefetch_related("categories", "attachments")
        .order_by("published_at", "pk")
    )


def folder_of(item: Disclosure) -> str:
    return f"data/items/{safe_name(item.index_number or '', fallback=f'item-{item.pk}')}"


def _local(moment: dt.datetime | None) -> str:
    """ISO 8601 in the portal's time zone (Beijing time, +08:00)."""
    return timezone.localtime(moment).isoformat() if moment else ""


def page_date(item: Disclosure) -> dt.datetime:
    """The date a capture of the item's page stands for: its last public change."""
    moments = [m for m in (item.published_at, item.content_updated_at, item.withdrawn_at) if m]
    return max(moments)


def metadata(item: Disclosure, *, url: str, attachments: list[dict]) -> dict:
    """The 目录 fields (GB/T and the portal's catalogue, docs/archive.md) under their names."""
    return {
        "索引号": item.index_number or "",
        "标题": item.title,
        "发布机构": item.organisation.name,
        "主题分类": item.topic.name if item.topic else "",
        "栏目": sorted(c.name for c in item.categories.all()),
        "文种/体裁": item.get_genre_display(),
        "文号": item.document_number,
        "成文日期": item.written_on.isoformat(),
        "发布日期": _local(item.published_at),
        "更新于": _local(item.content_updated_at),
        "有效性": item.get_validity_display(),
        "失效/废止日期": item.validity_changed_on.isoformat() if item.validity_changed_on else "",
        "失效/废止说明": item.validity_note,
        "关键词": item.keyword_list,
        "内容概述": item.summary,
        "状态": "已撤回" if item.is_withdrawn else "已发布",
        "撤回时间": _local(item.withdrawn_at),
        "撤回原因": item.withdrawn_reason,
        "解读的文件": (item.interprets.index_number or "") if item.interprets else "",
        "超期发布": item.is_late,
        "网页地址": url,
        "附件": attachments,
    }


def history(item: Disclosure) -> dict:
    events = DisclosureEvent.objects.filter(disclosure=item).select_related("actor")
    revisions = (
        DisclosureRevision.objects.filter(disclosure=item)
        .exclude(state="pending")
        .select_related("decided_by")
        .order_by("created_at", "pk")
    )
    return {
        "操作记录": [
            {
                "时间": _local(e.created_at),
                "操作": e.get_action_display(),
                "原状态": e.from_label,
                "新状态": e.to_label,
                "操作人": e.actor.get_username() if e.actor else "",
                "说明": e.note,
                "变更内容": e.changes,
            }
            for e in events.order_by("created_at", "pk")
        ],
        "修改稿": [
            {
                "提交时间": _local(r.created_at),
                "状态": r.get_state_display(),
                "变更内容": r.changes,
                "审核人": r.decided_by.get_username() if r.decided_by else "",
                "审核时间": _local(r.decided_at),
                "审核意见": r.decision_note,
            }
            for r in revisions
        ],
    }


def site_host() -> str:
    """The portal's own host name for page addresses in captures (the first of ALLOWED_HOSTS
    that names one host)."""
    for host in settings.ALLOWED_HOSTS:
        if host and not host.startswith(".") and "*" not in host:
            return host
    return "localhost"


def capture(client: Client, host: str, item: Disclosure) -> Capture:
    """The item's public page as a visitor receives it, rendered in-process (no network)."""
    path = item.get_absolute_url()
    response = client.get(path, HTTP_HOST=host, secure=True)
    return Capture(
        url=f"https://{host}{path}",
        status=response.status_code,
        reason=response.reason_phrase,
        headers=tuple(response.headers.items()),
        body=response.content,
        captured=page_date(item),
    )


def collect_items(
    organisation: Organisation, year: int, *, warc: WarcStream, progress: Progress
) -> Section:
    """The year's items into ``section``, and each item's page into ``warc`` as it is read."""
    section = Section()
    host = site_host()
    client = Client(raise_request_exception=False)
    items = list(items_of_year(organisation, year))
    catalogue = []
    for n, item in enumerate(items, start=1):
        folder = folder_of(item)
        attachments = []
        for order, attachment in enumerate(item.attachments.all(), start=1):
            name = f"{order:03d}-{safe_name(attachment.original_name, fallback='file')}"
            ref = stored_file(attachment.file)
            if ref.sha256 != attachment.sha256:
                progress(f"注意：附件“{attachment.original_name}”的校验值与上传时记录的不一致")
            section.add(f"{folder}/attachments/{name}", ref, f"附件：{attachment.original_name}")
            attachments.append(
                {"文件名": attachment.original_name, "路径": f"attachments/{name}",
                 "SHA-256": ref.sha256, "大小": ref.size}
            )  # fmt: skip
        page = capture(client, host, item)
        warc.add(page)
        meta = metadata(item, url=page.url, attachments=attachments)
        section.add(f"{folder}/metadata.json", canonical_json(meta), f"目录信息：{item.title}")
        section.add(f"{folder}/body.html", body_html(item), f"正文：{item.title}")
        section.add(f"{folder}/events.json", canonical_json(history(item)), "操作记录和修改稿")
        catalogue.append({"目录": folder.removeprefix("data/"), **meta})
        if n % 50 == 0 or n == len(items):
            progress(f"主动公开信息：{n}/{len(items)}")
    section.add("data/items/catalogue.json", canonical_json(catalogue), "本年度归档信息目录")
    section.count = len(items)
    return section


def body_html(item: Disclosure) -> bytes:
    """The sanitised body as a small standalone HTML document."""
    from django.utils.html import escape

    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(item.title)}</title>\n</head>\n<body>\n"
        f"<h1>{escape(item.title)}</h1>\n{item.body}\n</body>\n</html>\n"
    ).encode()
