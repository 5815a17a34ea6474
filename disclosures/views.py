"""Public pages of proactively disclosed items (主动公开).

Lists cost the same whatever the size of the catalogue: their rows, counts and page anchors
come from ``pagination.cached`` (emptied whenever an item changes), organisations and columns
from the site memo (catalog.sitecache), and the templates get plain pre-formatted rows. A
column's list, previews and feed are read from the column listing (disclosures.listing): one
index range per column instead of a walk over the whole catalogue.
"""

from __future__ import annotations

from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from catalog import sitecache
from catalog.models import Category, Organisation
from disclosures import listing, opendata
from disclosures.filters import DisclosureFilter
from disclosures.item_page import detail, detail_qr  # noqa: F401 - URLconf names
from disclosures.links import detail_prefix
from disclosures.models import Attachment, ColumnListing, Disclosure
from disclosures.pagination import CappedPaginator, cached
from disclosures.rows import latest_rows, list_rows
from disclosures.workflow import Status
from kernel import downloads

PAGE_SIZE = 20
TEXT_ROW_CAP = 1_000  # lists filtered by 标题或文号 count (and browse) at most this many rows
TEXT_LABEL = str(DisclosureFilter.base_filters["q"].label)
COLUMN_PREVIEW = 6


def _raw_filters(request: HttpRequest) -> tuple:
    """The filter parameters as sent (``page`` aside): the key of a list's memo entries."""
    return tuple(
        (name, tuple(request.GET.getlist(name)))
        for name in DisclosureFilter.base_filters
        if name in request.GET
    )


def _page_items(object_list):
    """A page's items: listing rows become their items, through the public gate."""
    if object_list.model is ColumnListing:
        return listing.disclosures(object_list)
    return object_list


def _filtered_list(
    request: HttpRequest, template: str, context: dict, key, column_id: int | None = None
):
    """A filtered, paginated list: the column ``column_id``'s (with its sub-columns), or the
    catalogue's. A column list, and the catalogue filtered by a column, are read from the
    column listing. On a memo hit no form is built and no query is compiled: the form's HTML,
    the count and page anchors and the page's rows are all kept per filter."""
    list_key = (key, _raw_filters(request))
    hide = context.get("hide_filter")

    def make_filterset():
        # Only ``page`` (or nothing the filters know) sent: an unbound form, nothing to
        # validate, on every page of a list browsed in turn.
        data = request.GET if list_key[1] else None
        return DisclosureFilter(data, queryset=Disclosure.objects.listed())

    filterset = SimpleLazyObject(make_filterset)

    def form_state() -> dict:
        return {"fields": filterset.fields_html(hide=hide), "ignored": filterset.ignored}

    def make_queryset():
        if column_id is not None:
            return listing.column_list(column_id, filterset)
        column = listing.valid_filters(filterset).get("column")
        if column is not None:
            return listing.column_list(column.pk, filterset, skip=["column"])
        return filterset.qs.order_by("-published_at", "-id")

    # A list asked with malformed filter values (``?year=x1`` … ``?year=x600``) is built fresh
    # and kept nowhere: only parameter sets that make sense take places in the memo.
    state = cached(("filter-form", list_key, hide), form_state, keep=lambda s: not s["ignored"])
    keep = not state["ignored"]
    queryset = SimpleLazyObject(make_queryset)
    paginator = CappedPaginator(queryset, PAGE_SIZE, memo_key=list_key if keep else None)
    if request.GET.get("q", "").strip() and TEXT_LABEL not in state["ignored"]:
        # Text held by many titles is counted by checking rows newest first: 50 pages of it
        # are plenty to browse, and the filters narrow it further.
        paginator.row_cap = TEXT_ROW_CAP
    raw_page = request.GET.get("page", "1")
    page = paginator.get_page(raw_page)
    invalid_page = not raw_page.isdigit() or int(raw_page) != page.number
    rows = cached(
        ("rows", list_key, page.number),
        lambda: list_rows(_page_items(page.object_list), start=page.start_index()),
        keep=lambda _: keep,
    )
    # The rows' HTML is a function of the rows alone: rendered once with them.
    rows_html = cached(
        ("rows-html", list_key, page.number),
        lambda: render_to_string(
            "includes/_disclosure_rows.html", {"rows": rows, "show_org": True}
        ),
        keep=lambda _: keep,
    )
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page_obj=page,
        rows=rows,
        rows_html=rows_html,
        filter_fields=state["fields"],
        ignored=state["ignored"],
        invalid_page=invalid_page and "page" in request.GET,
        filter_query=query.urlencode(),
        hidden_filters=[(k, v) for k, values in query.lists() for v in values],
    )
    return render(request, template, context)


@require_GET
def column(request: HttpRequest, slug: str) -> HttpResponse:
    tree = sitecache.column_tree()
    category = tree.by_slug.get(slug)
    if category is None:
        raise Http404("栏目不存在")
    return _filtered_list(
        request,
        "disclosures/column.html",
        {
            "category": category,
            "children": tree.children.get(category.pk, []),
            "hide_filter": "column",
        },
        key=("column", category.pk),
        column_id=category.pk,
    )


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """The whole 目录 with every filter: organisation, column, topic, genre, year, validity."""
    return _filtered_list(request, "disclosures/catalogue.html", {}, key=("all",))


# Each column's newest items: one bounded range of the column listing per column (LATERAL …
# LIMIT), in one query. The items are checked against the public gate inside the range, so a
# column shows its newest six listed items even if the listing were ever ahead of an item.
PREVIEW_SQL = """
SELECT cols.col, p.id, p.title, p.published_at
FROM (VALUES {values}) AS cols(col)
CROSS JOIN LATERAL (
    SELECT d.id, d.title, d.published_at
    FROM disclosures_columnlisting l
    JOIN disclosures_disclosure d ON d.id = l.disclosure_id
    WHERE l.column_id = cols.col AND l.published_at <= %s {organisation}
      AND d.status = %s AND d.published_at <= %s
    ORDER BY l.published_at DESC, l.disclosure_id DESC
    LIMIT %s
) p
ORDER BY cols.col, p.published_at DESC, p.id DESC
"""


def _preview_rows(columns: list, organisation_id: int | None) -> dict[int, list[dict]]:
    """Each column's newest listed items (its sub-columns' included: the listing has them)."""
    by_column: dict[int, list[dict]] = {c.pk: [] for c in columns}
    if not columns:
        return by_column
    values = ", ".join(["(%s::bigint)"] * len(columns))
    now = timezone.now()
    params: list = [column.pk for column in columns]
    params.append(now)
    if organisation_id is not None:
        params.append(organisation_id)
    params += [Status.PUBLISHED, now, COLUMN_PREVIEW]
    sql = PREVIEW_SQL.format(
        values=values,
        organisation="AND l.organisation_id = %s" if organisation_id is not None else "",
    )
    prefix = detail_prefix()
    tz = timezone.get_current_timezone()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for col, pk, title, published_at in cursor.fetchall():
            by_column[col].append(
                {
                    "url": f"{prefix}{pk}/",
                    "title": title,
                    "date": published_at.astimezone(tz).strftime("%Y-%m-%d"),
                }
            )
    return by_column


def _column_previews(root: Category, organisation: Organisation | None = None):
    """The HTML of each sub-column of ``root`` with its newest items (sub-columns included)."""
    tree = sitecache.column_tree()
    columns = tree.children.get(root.pk, [])
    if organisation is not None:
        enabled = sitecache.memo(
            ("organisation-columns", organisation.pk),
            lambda: set(organisation.columns.values_list("pk", flat=True)),
        )
        if enabled:
            columns = [c for c in columns if c.pk in enabled]
    org_id = organisation.pk if organisation is not None else None

    def build() -> str:
        rows = _preview_rows(columns, org_id)
        previews = [(c, rows.get(c.pk, [])) for c in columns]
        if organisation is None:
            return render_to_string("disclosures/_statutory_previews.html", {"previews": previews})
        return render_to_string(
            "disclosures/_organisation_previews.html",
            {"previews": previews, "organisation": organisation},
        )

    return cached(("previews", root.pk, org_id), build)


def _statutory_root() -> Category:
    root = sitecache.column_tree().by_slug.get("fdzdgk")
    if root is None:
        raise Http404("栏目不存在")
    return root


@require_GET
def statutory_index(request: HttpRequest) -> HttpResponse:
    root = _statutory_root()
    return render(
        request,
        "disclosures/statutory_index.html",
        {"root": root, "previews_html": _column_previews(root)},
    )


@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    return column(request, "zd")


@require_GET
def interpretations(request: HttpRequest) -> HttpResponse:
    return column(request, "zcjd")


@require_GET
def service_guides(request: HttpRequest) -> HttpResponse:
    return column(request, "bszn")


@require_GET
def organisation_home(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = sitecache.organisation_by_slug(slug)
    if organisation is None:
        raise Http404("机构不存在")
    root = _statutory_root()
    return render(
        request,
        "disclosures/organisation_home.html",
        {
            "organisation": organisation,
            "latest": latest_rows(organisation.pk),
            "previews_html": _column_previews(root, organisation),
        },
    )


@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    item = get_object_or_404(
        Attachment.objects.select_related("disclosure"),
        pk=pk,
        disclosure__in=Disclosure.objects.listed(),
    )
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("附件文件不存在") from exc
    return downloads.file_download(handle, filename=item.original_name)


@require_GET
def catalogue_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """The catalogue, filtered like /xxgk/ml/, as streamed CSV or JSON (open data)."""
    filterset = DisclosureFilter(request.GET or None, queryset=Disclosure.objects.listed())
    base_url = request.build_absolute_uri("/").rstrip("/")
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        response = StreamingHttpResponse(
            opendata.csv_stream(filterset.qs, base_url), content_type="text/csv; charset=utf-8"
        )
    else:
        meta = {
            "title": "政府信息公开目录",
            "source": base_url + "/xxgk/ml/",
            "generated": timezone.now().isoformat(timespec="seconds"),
            "filters": {k: v for k, v in request.GET.items() if k != "page"},
            "ignoredFilters": filterset.ignored,
        }
        response = StreamingHttpResponse(
            opendata.json_stream(filterset.qs, base_url, meta),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"政府信息公开目录-{stamp}.{fmt}"
    )
    return response
