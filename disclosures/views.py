"""Public pages of proactively disclosed information (主动公开)."""

from __future__ import annotations

import segno
from django.db.models import Case, F, Prefetch, Q, When, Window
from django.db.models.functions import RowNumber
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from catalog.models import Category, Organisation
from disclosures import opendata
from disclosures.filters import DisclosureFilter
from disclosures.models import Attachment, Disclosure
from disclosures.pagination import CappedPaginator

PAGE_SIZE = 20
COLUMN_PREVIEW = 6


def _paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE):
    paginator = CappedPaginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    page = paginator.get_page(raw)
    invalid_page = not raw.isdigit() or int(raw) != page.number
    return page, invalid_page


def _filtered_list(request: HttpRequest, base_queryset, template: str, context: dict):
    filterset = DisclosureFilter(request.GET or None, queryset=base_queryset.with_list_data())
    queryset = filterset.qs.order_by("-published_at", "-id")
    page, invalid_page = _paginate(request, queryset)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        filter=filterset,
        page_obj=page,
        start_index=page.start_index(),
        ignored=filterset.ignored,
        invalid_page=invalid_page and "page" in request.GET,
        filter_query=query.urlencode(),
        hidden_filters=[(k, v) for k, values in query.lists() for v in values],
    )
    return render(request, template, context)


@require_GET
def column(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category.objects.select_related("parent"), slug=slug)
    children = list(category.children.all())
    ids = [category.pk, *(c.pk for c in children)]
    return _filtered_list(
        request,
        Disclosure.objects.listed().in_columns(ids),
        "disclosures/column.html",
        {"category": category, "children": children},
    )


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """The whole 目录 with every filter: organisation, column, topic, genre, year, validity."""
    return _filtered_list(request, Disclosure.objects.listed(), "disclosures/catalogue.html", {})


def _column_previews(root: Category, organisation: Organisation | None = None):
    """Each sub-column of ``root`` with its newest items, in two queries whatever the size."""
    columns = list(root.children.order_by("sort_order", "id"))
    if organisation is not None:
        enabled = set(organisation.columns.values_list("pk", flat=True))
        if enabled:
            columns = [c for c in columns if c.pk in enabled]
    col_ids = [c.pk for c in columns]
    visible = Disclosure.objects.listed()
    if organisation is not None:
        visible = visible.filter(organisation=organisation)
    column_id = Case(
        When(category__parent_id=root.pk, then=F("category_id")),
        default=F("category__parent_id"),
    )
    ranked = (
        Disclosure.categories.through.objects.filter(disclosure__in=visible)
        .filter(Q(category_id__in=col_ids) | Q(category__parent_id__in=col_ids))
        .annotate(
            column_id=column_id,
            rank=Window(
                RowNumber(),
                partition_by=[column_id],
                order_by=[F("disclosure__published_at").desc(), F("disclosure_id").desc()],
            ),
        )
        .filter(rank__lte=COLUMN_PREVIEW)
        .select_related("disclosure")
        .order_by("column_id", "rank")
    )
    by_column: dict[int, list[Disclosure]] = {c.pk: [] for c in columns}
    for row in ranked:
        items = by_column.setdefault(row.column_id, [])
        if all(d.pk != row.disclosure_id for d in items):
            items.append(row.disclosure)
    return [(c, by_column.get(c.pk, [])) for c in columns]


@require_GET
def statutory_index(request: HttpRequest) -> HttpResponse:
    root = get_object_or_404(Category, slug="fdzdgk")
    return render(
        request,
        "disclosures/statutory_index.html",
        {"root": root, "previews": _column_previews(root)},
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
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    root = get_object_or_404(Category, slug="fdzdgk")
    latest = (
        Disclosure.objects.listed()
        .filter(organisation=organisation)
        .with_list_data()
        .order_by("-published_at", "-id")[:10]
    )
    return render(
        request,
        "disclosures/organisation_home.html",
        {
            "organisation": organisation,
            "latest": latest,
            "previews": _column_previews(root, organisation),
        },
    )


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = (
        Disclosure.objects.visible()
        .select_related("organisation", "topic__parent", "service_guide")
        .prefetch_related(
            Prefetch("categories", queryset=Category.objects.select_related("parent")),
            "attachments",
            Prefetch(
                "interpretations",
                queryset=Disclosure.objects.listed().only(
                    "id", "title", "interprets_id", "published_at"
                ),
            ),
        )
    )
    disclosure = get_object_or_404(queryset, pk=pk)
    if disclosure.is_withdrawn:
        return render(request, "disclosures/withdrawn.html", {"disclosure": disclosure}, status=410)
    canonical = request.build_absolute_uri(disclosure.get_absolute_url())
    qr_svg = segno.make(canonical, error="m").svg_inline(
        scale=3, dark="#1f2328", title="扫一扫在手机上查看当前页面"
    )
    # The policy an interpretation explains is shown only once it is public itself.
    interprets = None
    if disclosure.interprets_id:
        interprets = (
            Disclosure.objects.listed()
            .filter(pk=disclosure.interprets_id)
            .only("id", "title")
            .first()
        )
    return render(
        request,
        "disclosures/disclosure_detail.html",
        {
            "disclosure": disclosure,
            "canonical_url": canonical,
            "qr_svg": qr_svg,
            "interprets": interprets,
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
    return FileResponse(handle, as_attachment=True, filename=item.original_name)


@require_GET
def catalogue_export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """The catalogue, filtered like /xxgk/ml/, as streamed CSV or JSON (open data)."""
    filterset = DisclosureFilter(request.GET or None, queryset=Disclosure.objects.listed())
    base_url = request.build_absolute_uri("/").rstrip("/")
    items = opendata.records(filterset.qs, base_url)
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        response = StreamingHttpResponse(
            opendata.csv_stream(items), content_type="text/csv; charset=utf-8"
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
            opendata.json_stream(items, meta), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"政府信息公开目录-{stamp}.{fmt}"
    )
    return response
