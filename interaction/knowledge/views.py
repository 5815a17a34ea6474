"""政策问答 public pages (/hdjl/zswd/): the list with search and topic filter, and each entry.

Every page starts from ``KnowledgeEntry.objects.published()``; an unpublished entry answers 404.
The search uses the site's text rules (disclosures.search.text): the same normalisation, the
same messages for an unusable query, the same highlighting; every word must occur in the
question or the answer. The knowledge base is small (hundreds of entries), so the match runs
over the published entries' texts rather than a separate index.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from disclosures.models import Disclosure
from disclosures.search import text
from interaction.models import KnowledgeEntry

PER_PAGE = 20


def _matching_ids(entries, query: text.Query) -> list[int]:
    words = query.texts
    return [
        pk
        for pk, question, answer in entries.values_list("pk", "question", "answer")
        if all(w in text.normalise(f"{question}\n{answer}") for w in words)
    ]


@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    entries = KnowledgeEntry.objects.published().select_related("organisation")
    topics = sorted(set(entries.exclude(topic="").values_list("topic", flat=True)))
    topic = request.GET.get("topic", "").strip()
    ignored = []
    if topic and topic not in topics:
        ignored.append("主题")
        topic = ""
    if topic:
        entries = entries.filter(topic=topic)
    query = text.parse_query(request.GET.get("q"))
    if query.ok:
        entries = entries.filter(pk__in=_matching_ids(entries, query))
    entries = entries.order_by("-published_at", "-pk")
    paginator = Paginator(entries, PER_PAGE)
    page_number = request.GET.get("page", "1")
    invalid_page = not page_number.isdigit() or not 1 <= int(page_number) <= paginator.num_pages
    page_obj = paginator.get_page(page_number)
    terms = query.texts if query.ok else []
    rows = [
        (entry, text.highlight(entry.question, terms), text.highlight(entry.answer[:120], terms))
        for entry in page_obj
    ]
    filters = {k: v for k, v in (("q", query.raw), ("topic", topic)) if v}
    context = {
        "rows": rows,
        "page_obj": page_obj,
        "topics": topics,
        "topic": topic,
        "q": query.raw,
        "query_error": query.error,
        "ignored": ignored,
        "invalid_page": invalid_page and page_number != "1",
        "filter_query": urlencode(filters),
        "hidden_filters": list(filters.items()),
    }
    return render(request, "interaction/knowledge/entry_list.html", context)


@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        KnowledgeEntry.objects.published().select_related("organisation"), pk=pk
    )
    policies = (
        Disclosure.objects.visible()
        .filter(faq_entries=entry)
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    )
    return render(
        request,
        "interaction/knowledge/entry_detail.html",
        {"entry": entry, "policies": policies},
    )
