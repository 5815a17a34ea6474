"""The public item page (/xxgk/xx/<pk>/) and its QR code.

An item page costs what its page shell costs, even the first time anyone opens it:

* the item, its columns, 办事指南, attachments, public interpretations and the public policy it
  explains are read in one query, compiled by the ORM once per process from the public gate
  (``Disclosure.objects.visible()`` / ``listed()``) and run with this request's id and time;
* what the page shows of the item (the 当前位置 trail and the whole ``<article>`` but the
  字号/打印 tools, which carry the request's own address) is rendered once and kept with its
  data in ``pagination.items``, a per-process memo that every change to an item empties;
* the page template then adds only what depends on the request: the site chrome (base.html),
  the canonical address and the page tools.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from functools import cache, lru_cache
from types import SimpleNamespace
from typing import Any

import segno
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_urlconf, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from catalog import sitecache
from catalog.models import Organisation
from disclosures.models import Attachment, Disclosure, ServiceGuide, Validity
from disclosures.pagination import cached
from disclosures.pagination import items as item_memo
from disclosures.workflow import Status

VALIDITY_LABELS = dict(Validity.choices)
QR_SECONDS = 7 * 24 * 3600  # a QR code only changes with the page's address
# Where the per-request page tools go in the memoised article. The text before it (title, 文号,
# summary, source) is escaped, so the first occurrence is always this slot.
PAGE_TOOLS_SLOT = "<!--page-tools-->"


class CompiledQuery:
    """A queryset's SQL, compiled by the ORM once, run with new values for its marked
    parameters: compiling the item query costs several times what running it does.

    ``make_queryset`` is called once with a marker value for each keyword; every parameter
    equal to a marker is replaced by the caller's value on each run. Raises at once when a
    marker does not reach the SQL (say, the queryset rounds a time to a date).
    """

    def __init__(self, make_queryset: Callable[..., Any], **markers: Any) -> None:
        queryset = make_queryset(**markers)
        compiler = queryset.query.get_compiler(queryset.db)
        self.using = queryset.db
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.names = [alias for _expression, _sql, alias in compiler.select]
        if len(set(self.names)) != len(self.names) or not all(self.names):
            raise ValueError(f"every selected column needs its own name: {self.names}")
        self.slots = {
            name: [i for i, p in enumerate(self.params) if type(p) is type(marker) and p == marker]
            for name, marker in markers.items()
        }
        missing = [name for name, slots in self.slots.items() if not slots]
        if missing:
            raise ValueError(f"markers not found in the compiled query: {missing}")

    def fetchone(self, **values: Any) -> dict | None:
        params = list(self.params)
        for name, value in values.items():
            for i in self.slots[name]:
                params[i] = value
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        return None if row is None else dict(zip(self.names, row, strict=True))


ITEM_FIELDS = (
    "id",
    "organisation_id",
    "title",
    "body",
    "summary",
    "keywords",
    "topic_id",
    "document_number",
    "written_on",
    "index_number",
    "status",
    "published_at",
    "validity",
    "validity_changed_on",
    "validity_note",
    "withdrawn_at",
    "withdrawn_reason",
    "content_updated_at",
)


def _item_queryset(*, pk: int, now: dt.datetime):
    """The visible item ``pk`` with everything its page shows, as one row."""
    listed = Disclosure.objects.listed(now=now).order_by()
    through = Disclosure.categories.through
    return (
        Disclosure.objects.visible(now=now)
        .filter(pk=pk)
        .order_by()
        .annotate(
            guide_id=Subquery(
                ServiceGuide.objects.filter(disclosure=OuterRef("pk")).order_by().values("pk")
            ),
            category_ids=ArraySubquery(
                through.objects.filter(disclosure=OuterRef("pk")).order_by().values("category_id")
            ),
            attachment_rows=ArraySubquery(
                Attachment.objects.filter(disclosure=OuterRef("pk"))
                .order_by("sort_order", "id")
                .values(row=JSONObject(id="id", name="original_name", kind="kind", size="size"))
            ),
            # Only public interpretations, and the policy explained only once it is public.
            interpretation_rows=ArraySubquery(
                listed.filter(interprets=OuterRef("pk"))
                .order_by("-published_at", "-id")
                .values(row=JSONObject(id="id", title="title"))
            ),
            interprets_title=Subquery(listed.filter(pk=OuterRef("interprets_id")).values("title")),
            # 意见征集 whose final policy this is: read through the reverse relation that
            # interaction's consultations declare (this app imports nothing of theirs).
            consultation_id=Subquery(
                Disclosure.objects.filter(pk=OuterRef("pk"), consultations__isnull=False)
                .order_by("consultations__id")
                .values("consultations__id")[:1]
            ),
        )
        .values_list(
            *ITEM_FIELDS,
            "interprets_id",
            "guide_id",
            "category_ids",
            "attachment_rows",
            "interpretation_rows",
            "interprets_title",
            "consultation_id",
        )
    )


@cache
def _item_query() -> CompiledQuery:
    # Marker values no real item has: an id below zero, a time before the portal existed.
    return CompiledQuery(
        _item_queryset,
        pk=-7_319_405,
        now=dt.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=dt.UTC),
    )


def _json_rows(values: list) -> list[dict]:
    # Django reads jsonb as text (JSONField decodes it itself); arrays of it arrive as strings.
    return [json.loads(v) if isinstance(v, str) else v for v in values or ()]


def _date(value: dt.date | None, fmt: str = "{0:04d}-{1:02d}-{2:02d}") -> str:
    """A date (or an aware time, in the portal's time zone) like the ``|date`` filter."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return fmt.format(value.year, value.month, value.day)


def _minute(value: dt.datetime | None) -> str:
    """``|date:"Y-m-d H:i"`` of an aware time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{_date(local)} {local.hour:02d}:{local.minute:02d}"


def _chinese_date(value: dt.date | None) -> str:
    """``|date:"Y年n月j日"``."""
    return _date(value, "{0:04d}年{1}月{2}日")


def _attachment(row: dict) -> dict:
    # The model's own display rules, applied to the row's values.
    shown = SimpleNamespace(kind=row["kind"], size=row["size"])
    return {
        "url": reverse("disclosures:attachment", args=[row["id"]]),
        "name": row["name"],
        "kind": Attachment.kind_label.fget(shown),
        "size": Attachment.size_display.fget(shown),
    }


def _breadcrumb(column) -> str:
    """The 当前位置 trail of the items whose first column is ``column``: rendered once per
    column in the site memo, which a change to any column empties."""

    def build() -> str:
        name, url = (column.name, column.get_absolute_url()) if column else ("", "")
        trail = render_to_string(
            "disclosures/_disclosure_breadcrumb.html", {"name": name, "url": url}
        )
        return mark_safe(trail)  # noqa: S308 - our own rendered template

    return sitecache.memo(("item-breadcrumb", column.pk if column else None, get_urlconf()), build)


def _organisation(organisation_id: int):
    organisation = sitecache.organisations_by_id().get(organisation_id)
    return organisation or Organisation.objects.get(pk=organisation_id)


def _withdrawn_page(row: dict, organisation) -> dict:
    return {
        "withdrawn": True,
        "title": row["title"],
        "index_number": row["index_number"],
        "organisation_name": organisation.name,
        "organisation_url": organisation.get_absolute_url(),
        "published_on": _date(row["published_at"]),
        "withdrawn_on": _chinese_date(row["withdrawn_at"]),
        "withdrawn_reason": row["withdrawn_reason"],
    }


def _item_page_data(pk: int) -> dict | None:
    """What the page of item ``pk`` shows, partly rendered (None: not public)."""
    row = _item_query().fetchone(pk=pk, now=timezone.now())
    if row is None:
        return None
    organisation = _organisation(row["organisation_id"])
    if row["status"] == Status.WITHDRAWN:
        return _withdrawn_page(row, organisation)
    tree = sitecache.column_tree()
    columns = sorted(
        (tree.by_id[i] for i in row["category_ids"] if i in tree.by_id),
        key=lambda c: (c.sort_order, c.pk),
    )
    column = columns[0] if columns else None
    url = reverse("disclosures:detail", args=[pk])
    validity = row["validity"]
    item = {
        "url": url,
        "title": row["title"],
        "index_number": row["index_number"],
        "topic": sitecache.topic_labels().get(row["topic_id"], "") if row["topic_id"] else "",
        "organisation_name": organisation.name,
        "columns": "、".join(c.name for c in columns),
        "written_on": _date(row["written_on"]),
        "published_on": _date(row["published_at"]),
        "published_at": _minute(row["published_at"]),
        "updated_at": _minute(row["content_updated_at"]),
        "document_number": row["document_number"],
        "validity": validity,
        "validity_label": VALIDITY_LABELS.get(validity, validity),
        "validity_changed_on": _chinese_date(row["validity_changed_on"]),
        "validity_note": row["validity_note"],
        # The model's own rule for splitting keywords; None: no 关键词 row at all.
        "keywords": "、".join(
            Disclosure.keyword_list.fget(SimpleNamespace(keywords=row["keywords"]))
        )
        if row["keywords"]
        else None,
        "summary": row["summary"],
        "body": row["body"],  # sanitised when saved (disclosures.richtext), shown as HTML
        "guide_url": reverse("disclosures_guide", args=[row["guide_id"]])
        if row["guide_id"]
        else "",
        "attachments": [_attachment(a) for a in _json_rows(row["attachment_rows"])],
        "interprets": {
            "url": reverse("disclosures:detail", args=[row["interprets_id"]]),
            "title": row["interprets_title"],
        }
        if row["interprets_title"] is not None
        else None,
        "interpretations": [
            {"url": reverse("disclosures:detail", args=[i["id"]]), "title": i["title"]}
            for i in _json_rows(row["interpretation_rows"])
        ],
        "consultation_url": reverse(
            "interaction:consultation-detail", args=[row["consultation_id"]]
        )
        if row["consultation_id"]
        else "",
    }
    article = render_to_string(
        "disclosures/_disclosure_article.html",
        {"item": item, "page_tools": mark_safe(PAGE_TOOLS_SLOT)},  # noqa: S308 - a constant
    )
    before, slot, after = article.partition(PAGE_TOOLS_SLOT)
    if not slot:
        raise ImproperlyConfigured("_disclosure_article.html must show {{ page_tools }}")
    return {
        "withdrawn": False,
        "url": url,
        "title": row["title"],
        "column_name": column.name if column else "",
        "published_at": item["published_at"],
        "organisation_name": organisation.name,
        # Rendered from the item and site-wide values only: the same for every visitor.
        "breadcrumb": _breadcrumb(column),
        "article_start": mark_safe(before),  # noqa: S308 - our own rendered template
        "article_end": mark_safe(after),  # noqa: S308 - our own rendered template
    }


def item_page(pk: int) -> dict | None:
    """The memoised page data of item ``pk`` (kept until any item changes)."""
    return cached(("item", pk), lambda: _item_page_data(pk), memo=item_memo)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = item_page(pk)
    if page is None:
        raise Http404("信息不存在")
    if page["withdrawn"]:
        return render(request, "disclosures/withdrawn.html", {"item": page}, status=410)
    return render(
        request,
        "disclosures/disclosure_detail.html",
        {"item": page, "canonical_url": request.build_absolute_uri(page["url"])},
    )


@lru_cache(maxsize=1024)
def qr_svg(url: str) -> bytes:
    """The page's QR code as an SVG document (deterministic: once per URL and process)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        scale=3,
        omitsize=True,  # a viewBox instead, so the <img> box sets the size
        dark="#1f2328",
        title="扫一扫在手机上查看当前页面",
    )
    return buffer.getvalue()


@require_GET
def detail_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The item page's QR code, served apart from the page: making it costs more than the
    rest of the page, and the browser keeps it (the page itself never computes it)."""
    page = item_page(pk)
    if page is None or page["withdrawn"]:
        raise Http404("信息不存在")
    url = request.build_absolute_uri(page["url"])
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = f"public, max-age={QR_SECONDS}"
    return response
